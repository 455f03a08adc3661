// Fuzz target "tariff_folder": a tariff folder of up to three files that
// may import each other, as `tarifc check FOLDER` runs it. The input is
// split at each line "%%%%" (see kSeparator) into the files common.tariff,
// a.tariff and sub/b.tariff (in that order; missing parts are no file), so
// imports between them ("common.tariff", "../a.tariff", "sub/b.tariff"),
// cycles, imports leaving the folder and shared/tariff mixes are fuzzed.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "check/check.hpp"
#include "harness.hpp"
#include "syntax/load.hpp"

namespace {
constexpr std::string_view kSeparator = "\n%%%%\n";
constexpr std::array<const char*, 3> kNames = {"common.tariff", "a.tariff", "sub/b.tariff"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    namespace fs = std::filesystem;
    static const std::string folder = [] {
        std::string f = fuzz::scratch_dir() + "/folder";
        fs::create_directories(f + "/sub");
        return f;
    }();
    std::string_view input(reinterpret_cast<const char*>(data), size);
    bool more = true;
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        std::string path = folder + "/" + kNames[i];
        if (!more) {
            std::error_code ec;
            fs::remove(path, ec);
            continue;
        }
        auto cut = i + 1 < kNames.size() ? input.find(kSeparator) : std::string_view::npos;
        fuzz::write_file(path, input.substr(0, cut));
        if (cut == std::string_view::npos) more = false;
        else input.remove_prefix(cut + kSeparator.size());
    }
    fuzz::guarded([&] {
        Workspace ws;
        Diagnostics diags;
        if (load_workspace({folder}, ws, diags)) check_workspace(ws, diags);
        diags.sort_and_dedupe();
        fuzz::require_no_internal_error(diags);
    });
    return 0;
}
