#include "harness.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "check/check.hpp"
#include "io/json_writer.hpp"
#include "syntax/load.hpp"

#ifndef TARIFC_SOURCE_DIR
#error "TARIFC_SOURCE_DIR: the build defines it (CMakeLists.txt)"
#endif

namespace tarifc::fuzz {

namespace fs = std::filesystem;

void finding(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "\n==tarifc-fuzz== FINDING: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(detail.size()), detail.data());
    std::fflush(stderr);
    std::abort();
}

void require_no_internal_error(const Diagnostic& d) {
    std::string human = render_human(d);
    std::string json;
    JsonWriter w(json);
    render_json(w, d);
    if (d.code == "E0907") finding("diagnostic E0907 (internal error)", human);
    if (d.code.empty()) finding("diagnostic without a code", human);
}

void require_no_internal_error(const Diagnostics& diags) {
    for (const auto& d : diags.all()) require_no_internal_error(d);
}

std::string source_path(std::string_view relative) {
    return (fs::path(TARIFC_SOURCE_DIR) / relative).string();
}

std::vector<plan::Tariff> checked_tariffs(std::string_view relative) {
    const std::string path = source_path(relative);
    Workspace ws;
    Diagnostics diags;
    if (!load_workspace({path}, ws, diags)) finding("set-up", "cannot load " + path);
    std::vector<plan::Tariff> tariffs = check_workspace(ws, diags);
    if (diags.has_errors() || tariffs.empty()) finding("set-up", path + " does not check");
    return tariffs;
}

namespace {

std::string g_scratch;

void remove_scratch() {
    if (g_scratch.empty()) return;
    std::error_code ec;
    fs::remove_all(g_scratch, ec);
}

}  // namespace

const std::string& scratch_dir() {
    if (!g_scratch.empty()) return g_scratch;
    std::string base = "/tmp";
    if (const char* t = std::getenv("TMPDIR"); t && *t) base = t;
    std::error_code ec;
    if (fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) base = "/dev/shm";
    std::string pattern = base + "/tarifc-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) {
        std::perror("tarifc-fuzz: mkdtemp");
        std::abort();
    }
    g_scratch = pattern;
    std::atexit(remove_scratch);
    return g_scratch;
}

void write_file(const std::string& path, std::string_view text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) {
        std::fprintf(stderr, "tarifc-fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
}

}  // namespace tarifc::fuzz
