// Fuzz target "fmt": `tarifc fmt` on one file. For any input that parses,
// the formatted text parses, formatting it again changes nothing, and
// `check` gives the same diagnostic codes for both; fmt's own guard (the
// same parse before and after, src/fmt/fmt.hpp) never trips (E0907).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.hpp"
#include "fmt/fmt.hpp"
#include "harness.hpp"
#include "syntax/load.hpp"

namespace {

std::vector<std::string> codes(const std::string& path) {
    using namespace tarifc;
    Workspace ws;
    Diagnostics diags;
    if (load_workspace({path}, ws, diags)) check_workspace(ws, diags);
    fuzz::require_no_internal_error(diags);
    std::vector<std::string> out;
    for (const auto& d : diags.all()) out.push_back(d.code);
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& c : v) s += c + " ";
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    static const std::string original = fuzz::scratch_dir() + "/original.tariff";
    static const std::string formatted = fuzz::scratch_dir() + "/formatted.tariff";
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::guarded([&] {
        SourceFile file("input.tariff", text);
        Diagnostics diags;
        auto out = format_tariff(file, diags);
        fuzz::require_no_internal_error(diags);
        if (!out) return;
        SourceFile again("formatted.tariff", *out);
        Diagnostics diags2;
        auto twice = format_tariff(again, diags2);
        fuzz::require_no_internal_error(diags2);
        if (!twice) fuzz::finding("fmt wrote a text that does not parse", *out);
        if (*twice != *out) fuzz::finding("formatting twice changes the text", *out + "\n---- then\n" + *twice);
        fuzz::write_file(original, text);
        fuzz::write_file(formatted, *out);
        const auto a = codes(original), b = codes(formatted);
        if (a != b) fuzz::finding("check reports other codes after fmt", joined(a) + "-> " + joined(b) + "\n" + *out);
    });
    return 0;
}
