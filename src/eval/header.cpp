// The usage header (see header.hpp).
#include "eval/header.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace tarifc::rating {

namespace {

bool same_usage(const plan::Inputs& a, const plan::Inputs& b) {
    if (a.usage_fields.size() != b.usage_fields.size() || a.record_name != b.record_name) return false;
    for (std::size_t i = 0; i < a.usage_fields.size(); ++i) {
        const auto& x = a.usage_fields[i];
        const auto& y = b.usage_fields[i];
        if (x.name != y.name || x.kind != y.kind || x.integer != y.integer || x.enum_values != y.enum_values ||
            x.zone_offset_minutes != y.zone_offset_minutes || x.unique_per_account != y.unique_per_account)
            return false;
    }
    return true;
}

}  // namespace

bool read_usage_header(const EvalRequest& rq, const plan::Tariff*& usage_plan, std::vector<int>& column_of_field,
                       Diagnostic& error) {
    const auto& tariffs = *rq.tariffs;
    if (tariffs.empty()) throw std::logic_error("evaluate: no tariff to rate with");  // the driver checks first
    usage_plan = &tariffs.front();
    for (const auto& t : tariffs) {
        if (!same_usage(t.inputs, usage_plan->inputs)) {
            error = Diagnostic::error_at(
                "E0905", {},
                fmt::format("tariffs {} and {} declare different usage records; one usage file cannot feed both",
                            usage_plan->name, t.name));
            return false;
        }
    }

    std::string reason;
    const auto& fields = usage_plan->inputs.usage_fields;
    std::string expected;
    for (const auto& f : fields) expected += (expected.empty() ? "" : ",") + f.name;
    auto status = rq.usage->next(reason);
    const std::string& path = rq.usage->path();
    const auto line = static_cast<uint32_t>(std::min<uint64_t>(rq.usage->line(), UINT32_MAX));
    if (status == UsageReader::Status::End) {
        error = Diagnostic::error_at("E0801", {path}, fmt::format("usage file is empty; expected the header {}", expected));
        return false;
    }
    if (status == UsageReader::Status::IoError) {
        error = Diagnostic::error_at("E0902", {path}, "cannot read the usage file: " + reason);
        return false;
    }
    if (status == UsageReader::Status::Malformed) {
        error = Diagnostic::error_at("E0802", {path, line}, fmt::format("bad header ({}); expected {}", reason, expected));
        return false;
    }
    const auto& cols = rq.usage->fields();
    column_of_field.assign(fields.size(), -1);
    std::string got;
    for (const auto& c : cols) got += (got.empty() ? "" : ",") + std::string(c);
    bool ok = cols.size() == fields.size();
    for (std::size_t c = 0; ok && c < cols.size(); ++c) {
        auto it = std::find_if(fields.begin(), fields.end(), [&](const plan::Field& f) { return f.name == cols[c]; });
        if (it == fields.end() || column_of_field[it - fields.begin()] >= 0) ok = false;
        else column_of_field[it - fields.begin()] = static_cast<int>(c);
    }
    if (!ok) {
        error = Diagnostic::error_at(
            "E0803", {path, line},
            fmt::format("usage file header is \"{}\"; the tariff expects the columns {} (in any order)", got, expected));
        return false;
    }
    return true;
}

}  // namespace tarifc::rating
