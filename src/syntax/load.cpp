#include "syntax/load.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "io/files.hpp"
#include "syntax/parse.hpp"

namespace tarifc {

namespace fs = std::filesystem;

namespace {

// Is `p` inside folder `root`? Both absolute and normalised.
bool inside(const fs::path& p, const fs::path& root) {
    auto rel = p.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

class Loader {
public:
    Loader(Workspace& ws, Diagnostics& d) : ws_(ws), diags_(d) {}

    // Loads a file (once) and, recursively, its imports. Returns the module
    // index, or -1 (and `reason`) if the file could not be read.
    int load(const fs::path& canonical, const std::string& display, const fs::path& root, std::string& reason) {
        if (auto it = index_.find(canonical.string()); it != index_.end()) return it->second;
        std::string text;
        if (!read_whole_file(canonical.string(), text, reason)) return -1;
        const SourceFile& file = ws_.sources.add(display, std::move(text));
        int id = static_cast<int>(ws_.modules.size());
        bool complete = true;
        auto ast = parse_module(file, diags_, complete);
        ws_.modules.push_back({canonical.string(), std::move(ast), {}, complete});
        index_[canonical.string()] = id;
        // Imports: resolved after the module is registered so that cycles
        // find it; a cycle is reported by check_cycles below.
        std::vector<ast::Import> imports;
        for (const auto& imp : ws_.modules[id].ast->imports) imports.push_back(imp);
        for (const auto& imp : imports) {
            fs::path target = (canonical.parent_path() / imp.path).lexically_normal();
            if (!inside(target, root)) {
                diags_.error("E0007", imp.range,
                             fmt::format("import \"{}\" leaves the tariff's folder {}", imp.path,
                                         display_folder(root)));
                ws_.modules[id].complete = false;
                continue;
            }
            std::string shown = (fs::path(display).parent_path() / imp.path).lexically_normal().string();
            std::string why;
            int dep = load(target, shown, root, why);
            if (dep < 0) {
                diags_.error("E0005", imp.range, fmt::format("cannot read imported file \"{}\": {}", imp.path, why));
                ws_.modules[id].complete = false;
                continue;
            }
            ws_.modules[id].imports.push_back(dep);
        }
        return id;
    }

    void check_cycles() {
        std::vector<int> state(ws_.modules.size(), 0);  // 0 new, 1 on stack, 2 done
        std::vector<int> stack;
        std::function<void(int)> visit = [&](int m) {
            state[m] = 1;
            stack.push_back(m);
            const auto& mod = ws_.modules[m];
            for (std::size_t i = 0; i < mod.imports.size(); ++i) {
                int dep = mod.imports[i];
                if (state[dep] == 1) {
                    // Find the import statement in m that points at dep.
                    SourceRange where{};
                    for (const auto& imp : mod.ast->imports) {
                        fs::path t = (fs::path(mod.canonical).parent_path() / imp.path).lexically_normal();
                        if (t.string() == ws_.modules[dep].canonical) where = imp.range;
                    }
                    std::string chain;
                    auto from = std::find(stack.begin(), stack.end(), dep);
                    for (auto it = from; it != stack.end(); ++it)
                        chain += ws_.modules[*it].ast->file->path + " -> ";
                    chain += ws_.modules[dep].ast->file->path;
                    diags_.error("E0006", where, fmt::format("import cycle: {}", chain));
                    const_cast<std::vector<int>&>(mod.imports).erase(mod.imports.begin() + static_cast<long>(i));
                    --i;
                } else if (state[dep] == 0) {
                    visit(dep);
                }
            }
            stack.pop_back();
            state[m] = 2;
        };
        for (std::size_t m = 0; m < ws_.modules.size(); ++m)
            if (state[m] == 0) visit(static_cast<int>(m));
    }

private:
    static std::string display_folder(const fs::path& root) {
        std::error_code ec;
        auto rel = fs::relative(root, fs::current_path(ec), ec);
        return ec || rel.empty() ? root.string() : rel.string();
    }
    Workspace& ws_;
    Diagnostics& diags_;
    std::map<std::string, int> index_;
};

}  // namespace

std::vector<int> Workspace::closure(int module) const {
    std::vector<int> order;
    std::vector<bool> seen(modules.size(), false);
    std::function<void(int)> visit = [&](int m) {
        if (seen[m]) return;
        seen[m] = true;
        for (int dep : modules[m].imports) visit(dep);
        order.push_back(m);
    };
    visit(module);
    return order;
}

bool load_workspace(const std::vector<std::string>& paths, Workspace& ws, Diagnostics& diags) {
    Loader loader(ws, diags);
    auto trouble = [&](const char* code, const std::string& path, std::string message) {
        diags.add(Diagnostic::error_at(code, {path}, std::move(message)));
        return false;
    };
    for (const auto& given : paths) {
        std::error_code ec;
        fs::path p(given);
        auto status = fs::status(p, ec);
        if (ec || !fs::exists(status)) return trouble("E0902", given, "no such file or folder");
        std::vector<fs::path> files;
        if (fs::is_directory(status)) {
            for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
                if (it->is_regular_file() && it->path().extension() == ".tariff") files.push_back(it->path());
            if (ec) return trouble("E0902", given, fmt::format("cannot read folder: {}", ec.message()));
            std::sort(files.begin(), files.end());
            if (files.empty()) return trouble("E0904", given, "no .tariff files in this folder");
        } else {
            files.push_back(p);
        }
        for (const auto& f : files) {
            fs::path canonical = fs::absolute(f).lexically_normal();
            // The tariff's folder: imports may not leave it.
            fs::path root = canonical.parent_path();
            std::string why;
            int id = loader.load(canonical, f.lexically_normal().string(), root, why);
            if (id < 0) return trouble("E0902", f.string(), fmt::format("cannot read file: {}", why));
            if (std::find(ws.given.begin(), ws.given.end(), id) == ws.given.end()) ws.given.push_back(id);
        }
    }
    loader.check_cycles();
    return true;
}

}  // namespace tarifc
