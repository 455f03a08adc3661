// Fuzz target "tariff": the tariff front end on one file, as
// `tarifc check FILE` runs it: load (read, parse, resolve imports), check
// (every pass, compiling the plan), sort and render the diagnostics.
#include <cstdint>
#include <string>
#include <string_view>

#include "check/check.hpp"
#include "harness.hpp"
#include "syntax/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    static const std::string path = fuzz::scratch_dir() + "/input.tariff";
    fuzz::write_file(path, {reinterpret_cast<const char*>(data), size});
    fuzz::guarded([&] {
        Workspace ws;
        Diagnostics diags;
        if (load_workspace({path}, ws, diags)) check_workspace(ws, diags);
        diags.sort_and_dedupe();
        fuzz::require_no_internal_error(diags);
    });
    return 0;
}
