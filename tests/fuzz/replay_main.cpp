// Corpus replay for the normal build (no libFuzzer): feeds every file of
// the given folders (and files), in byte order of their paths, to the
// target's LLVMFuzzerTestOneInput. A finding aborts (harness.hpp), so the
// ctest case fails; ASan builds also check for leaks at exit.
//
//   fuzz_replay_tariff tests/fuzz/corpus/tariff
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        fs::path p(argv[i]);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::directory_iterator(p))
                if (e.is_regular_file()) inputs.push_back(e.path());
        } else if (fs::is_regular_file(p, ec)) {
            inputs.push_back(p);
        } else {
            std::fprintf(stderr, "replay: %s: no such file or folder\n", argv[i]);
            return 2;
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "replay: no inputs (usage: %s CORPUS_DIR_OR_FILE...)\n", argv[0]);
        return 2;
    }
    std::sort(inputs.begin(), inputs.end());
    double slowest = 0;
    std::string slowest_name;
    for (const auto& p : inputs) {
        std::ifstream f(p, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        if (!f && !f.eof()) {
            std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
            return 2;
        }
        // Printed first, so that a crash names its input.
        std::fprintf(stderr, "replay: %s\n", p.c_str());
        auto start = std::chrono::steady_clock::now();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (s > slowest) slowest = s, slowest_name = p.string();
    }
    std::printf("replayed %zu inputs; slowest %.3f s (%s)\n", inputs.size(), slowest, slowest_name.c_str());
    return 0;
}
