// The usage header (see header.hpp).
#include "eval/header.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "io/format.hpp"

namespace tarifc::rating {

namespace {

// How two tariffs' usage records differ ("" when they do not): the first
// difference, in words.
std::string usage_difference(const plan::Inputs& a, const plan::Inputs& b) {
    if (a.record_name != b.record_name)
        return fmt::format("the record is '{}' in one, '{}' in the other", a.record_name, b.record_name);
    const std::size_t n = std::min(a.usage_fields.size(), b.usage_fields.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto& x = a.usage_fields[i];
        const auto& y = b.usage_fields[i];
        if (x.name != y.name) return fmt::format("field {} is '{}' in one, '{}' in the other", i + 1, x.name, y.name);
        if (x.kind != y.kind || x.integer != y.integer || x.enum_values != y.enum_values)
            return fmt::format("field '{}' has another type", x.name);
        if (x.zone_offset_minutes != y.zone_offset_minutes) return fmt::format("field '{}' has another zone", x.name);
        if (x.unique_per_account != y.unique_per_account)
            return fmt::format("field '{}' is 'unique per account' in one only", x.name);
        if (x.optional != y.optional || x.default_value != y.default_value)
            return fmt::format("field '{}' has another default", x.name);
    }
    if (a.usage_fields.size() != b.usage_fields.size())
        return fmt::format("{} fields in one, {} in the other", a.usage_fields.size(), b.usage_fields.size());
    return {};
}

}  // namespace

bool read_usage_header(const EvalRequest& rq, const plan::Tariff*& usage_plan, std::vector<int>& column_of_field,
                       Diagnostic& error) {
    const auto& tariffs = *rq.tariffs;
    if (tariffs.empty()) throw std::logic_error("evaluate: no tariff to rate with");  // the driver checks first
    usage_plan = &tariffs.front();
    for (const auto& t : tariffs) {
        // At the second tariff's header, with a note at the first's: the
        // tariff files are at fault, not the usage file.
        if (std::string why = usage_difference(usage_plan->inputs, t.inputs); !why.empty()) {
            error = Diagnostic{};
            error.code = "E0905";
            error.range = t.range;
            error.message = fmt::format(
                "tariffs {} and {} declare different usage records ({}); one usage file cannot feed both",
                usage_plan->name, t.name, why);
            error.notes.push_back({usage_plan->range, fmt::format("tariff {} is here", usage_plan->name)});
            return false;
        }
    }

    std::string reason;
    const auto& fields = usage_plan->inputs.usage_fields;
    // The columns the file must have, then (in the E0803 message) the
    // optional ones it may leave out.
    std::string expected, optional;
    for (const auto& f : fields) {
        std::string& to = f.optional || f.default_value ? optional : expected;
        to += (to.empty() ? "" : ",") + f.name;
    }
    const std::string may_omit = optional.empty() ? "" : fmt::format("; it may leave out {}", optional);
    auto status = rq.usage->next(reason);
    const std::string& path = rq.usage->path();
    const auto line = static_cast<uint32_t>(std::min<uint64_t>(rq.usage->line(), UINT32_MAX));
    if (status == UsageReader::Status::End) {
        error = Diagnostic::error_at("E0801", {path}, fmt::format("usage file is empty; expected the header {}{}", expected,
                                                                 optional.empty() ? "" : "," + optional));
        return false;
    }
    if (status == UsageReader::Status::IoError) {
        error = Diagnostic::error_at("E0902", {path}, "cannot read the usage file: " + reason);
        return false;
    }
    if (status == UsageReader::Status::Malformed) {
        error = Diagnostic::error_at("E0802", {path, line}, fmt::format("bad header ({}); expected {}{}", reason, expected, may_omit));
        return false;
    }
    const auto& cols = rq.usage->fields();
    column_of_field.assign(fields.size(), -1);
    std::string got;
    for (const auto& c : cols) got += (got.empty() ? "" : ",") + visible(c);  // for a terminal
    bool ok = true;
    for (std::size_t c = 0; ok && c < cols.size(); ++c) {
        auto it = std::find_if(fields.begin(), fields.end(), [&](const plan::Field& f) { return f.name == cols[c]; });
        if (it == fields.end() || column_of_field[it - fields.begin()] >= 0) ok = false;
        else column_of_field[it - fields.begin()] = static_cast<int>(c);
    }
    for (std::size_t f = 0; ok && f < fields.size(); ++f)
        if (column_of_field[f] < 0 && !fields[f].optional && !fields[f].default_value) ok = false;
    if (!ok) {
        error = Diagnostic::error_at(
            "E0803", {path, line},
            fmt::format("usage file header is \"{}\"; the tariff expects the columns {} (in any order{})", got, expected,
                        may_omit));
        return false;
    }
    return true;
}

}  // namespace tarifc::rating
