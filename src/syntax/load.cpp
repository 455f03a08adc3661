#include "syntax/load.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "io/files.hpp"
#include "syntax/examples.hpp"
#include "syntax/parse.hpp"

namespace tarifc {

namespace fs = std::filesystem;

namespace {

// Is `p` inside folder `root`? Both absolute and normalised.
bool inside(const fs::path& p, const fs::path& root) {
    auto rel = p.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

// The path with every symbolic link resolved (as far as it exists), or the
// path itself when even that fails (a loop: the read reports it).
fs::path real_path(const fs::path& p) {
    std::error_code ec;
    fs::path r = fs::weakly_canonical(p, ec);
    if (!ec) return r;
    r = fs::weakly_canonical(p.parent_path(), ec) / p.filename();
    return ec ? p : r;
}

// The system's words for a filesystem error on a folder or a link, in the
// words of every other "cannot read" message (io/files.hpp).
std::string reason_text(const std::error_code& ec) {
    if (ec == std::errc::permission_denied) return "permission denied";
    if (ec == std::errc::no_such_file_or_directory) return "no such file or folder";
    std::string m = ec.message();  // "Too many levels of symbolic links" -> "too many ..."
    if (m.size() > 1 && m[0] >= 'A' && m[0] <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z')) m[0] = static_cast<char>(m[0] - 'A' + 'a');
    return m;
}

// Finds the *.tariff files (or other `extension`: tarifc test's
// *.tariff-test) below `folder` (in byte order of the path, as
// the caller sorts them), without recursion: subfolders are walked from a
// list, and a symbolic link to a folder is not followed (so a link loop is
// harmless); a link named *.tariff is read as the file it points to. The
// walk stops at the first entry it cannot read (E0902 with the path and the
// reason: a tariff in an unreadable folder would otherwise go unchecked)
// and after kMaxWalkEntries files and folders (E0902: `check /` ends).
constexpr std::size_t kMaxWalkEntries = 100000;

}  // namespace

bool walk_folder(const fs::path& folder, std::vector<fs::path>& files, Diagnostics& diags,
                 std::string_view extension) {
    auto trouble = [&](const fs::path& path, std::string message) {
        diags.add(Diagnostic::error_at("E0902", {path.string()}, std::move(message)));
        return false;
    };
    std::vector<fs::path> folders{folder};
    std::size_t entries = 0;
    while (!folders.empty()) {
        fs::path dir = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        fs::directory_iterator it(dir, ec);
        for (fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
            if (++entries > kMaxWalkEntries)
                return trouble(folder, fmt::format("the folder holds more than {} files and folders; "
                                                   "check the folder of the tariffs",
                                                   kMaxWalkEntries));
            std::error_code sec;
            const fs::file_status link = it->symlink_status(sec);
            if (sec) return trouble(it->path(), fmt::format("cannot read: {}", reason_text(sec)));
            if (fs::is_directory(link)) {
                folders.push_back(it->path());
            } else if (it->path().extension() == extension) {
                // A link or a special file: what it is decides, and a link
                // that leads nowhere is reported by the read, with why.
                const fs::file_status target = fs::status(it->path(), sec);
                if (!sec && fs::is_directory(target)) continue;  // a link to a folder: not walked
                files.push_back(it->path());
            }
        }
        if (ec) return trouble(dir, fmt::format("cannot read folder: {}", reason_text(ec)));
    }
    return true;
}

namespace {

class Loader {
public:
    Loader(Workspace& ws, Diagnostics& d) : ws_(ws), diags_(d) {}

    // Loads a file (once) and, recursively, its imports. Returns the module
    // index, or -1 (and `reason`) if the file could not be read.
    // `depth` counts the imports that led here (0 for a file named on the
    // command line or found in a folder).
    int load(const fs::path& canonical, const std::string& display, const fs::path& root, std::string& reason,
             std::size_t depth = 0) {
        if (auto it = index_.find(canonical.string()); it != index_.end()) return it->second;
        std::string text;
        if (!read_whole_file(canonical.string(), text, reason)) return -1;
        // A UTF-8 byte order mark, as some editors write, is not part of the
        // text (the usage and accounts readers skip one too); positions then
        // count from the first character, as the editor shows it.
        if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
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
            // The text first (`..`, an absolute path), then where the file
            // really is: a symbolic link inside the folder may point inside
            // it (allowed) but not out of it (`etc` -> /etc).
            const bool text_inside = inside(target, root);
            if (!text_inside || !inside(real_path(target), real_path(root))) {
                diags_.error("E0007", imp.range,
                             fmt::format("import \"{}\" leaves the tariff's folder {}{}", imp.path,
                                         display_folder(root), text_inside ? " through a symbolic link" : ""));
                ws_.modules[id].complete = false;
                continue;
            }
            std::string shown = (fs::path(display).parent_path() / imp.path).lexically_normal().string();
            // Loading is recursive: a chain of 20,000 files each importing
            // the next would overflow the stack. A file already loaded costs
            // no depth (and a cycle is check_cycles' business).
            if (depth + 1 > kMaxImportDepth && !index_.count(target.string())) {
                diags_.error("E0009", imp.range,
                             fmt::format("imports nest deeper than {} files; import the shared files from fewer levels",
                                         kMaxImportDepth));
                ws_.modules[id].complete = false;
                continue;
            }
            std::string why;
            int dep = load(target, shown, root, why, depth + 1);
            if (dep < 0) {
                diags_.error("E0005", imp.range, fmt::format("cannot read imported file \"{}\": {}", imp.path, why));
                ws_.modules[id].complete = false;
                continue;
            }
            ws_.modules[id].imports.push_back(dep);
        }
        return id;
    }

    // Depth-first over the imports with an explicit stack (no recursion: a
    // folder's files can chain through thousands of imports).
    void check_cycles() {
        std::vector<int> state(ws_.modules.size(), 0);  // 0 new, 1 on the path, 2 done
        std::vector<std::pair<int, std::size_t>> path;   // module, next import to follow
        for (std::size_t root = 0; root < ws_.modules.size(); ++root) {
            if (state[root] != 0) continue;
            state[root] = 1;
            path.push_back({static_cast<int>(root), 0});
            while (!path.empty()) {
                const int m = path.back().first;
                const std::size_t i = path.back().second;
                auto& mod = ws_.modules[m];
                if (i == mod.imports.size()) {
                    state[m] = 2;
                    path.pop_back();
                    continue;
                }
                const int dep = mod.imports[i];
                if (state[dep] == 1) {
                    // Find the import statement in m that points at dep.
                    SourceRange where{};
                    for (const auto& imp : mod.ast->imports) {
                        fs::path t = (fs::path(mod.canonical).parent_path() / imp.path).lexically_normal();
                        if (t.string() == ws_.modules[dep].canonical) where = imp.range;
                    }
                    std::string chain;
                    auto from = std::find_if(path.begin(), path.end(), [&](const auto& f) { return f.first == dep; });
                    for (auto it = from; it != path.end(); ++it) chain += ws_.modules[it->first].ast->file->path + " -> ";
                    chain += ws_.modules[dep].ast->file->path;
                    diags_.error("E0006", where, fmt::format("import cycle: {}", chain));
                    mod.imports.erase(mod.imports.begin() + static_cast<long>(i));
                    continue;
                }
                ++path.back().second;
                if (state[dep] == 0) {
                    state[dep] = 1;
                    path.push_back({dep, 0});
                }
            }
        }
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
    // Post-order over the imports with an explicit stack (see check_cycles).
    std::vector<int> order;
    std::vector<bool> seen(modules.size(), false);
    std::vector<std::pair<int, std::size_t>> stack{{module, 0}};
    seen[module] = true;
    while (!stack.empty()) {
        const int m = stack.back().first;
        const std::size_t i = stack.back().second;
        if (i == modules[m].imports.size()) {
            order.push_back(m);
            stack.pop_back();
            continue;
        }
        ++stack.back().second;
        const int dep = modules[m].imports[i];
        if (!seen[dep]) {
            seen[dep] = true;
            stack.push_back({dep, 0});
        }
    }
    return order;
}

bool tariff_files(const std::string& given, std::vector<std::string>& names, Diagnostics& diags) {
    auto trouble = [&](const char* code, std::string message) {
        diags.add(Diagnostic::error_at(code, {given}, std::move(message)));
        return false;
    };
    std::error_code ec;
    fs::path p(given);
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) return trouble("E0902", ec ? reason_text(ec) : std::string("no such file or folder"));
    std::vector<fs::path> files;
    if (fs::is_directory(status)) {
        if (!walk_folder(p, files, diags)) return false;
        std::sort(files.begin(), files.end());
        if (files.empty()) return trouble("E0904", "no .tariff files in this folder");
    } else {
        files.push_back(p);
    }
    for (const auto& f : files) names.push_back(f.string());
    return true;
}

bool load_workspace(const std::vector<std::string>& paths, Workspace& ws, Diagnostics& diags) {
    Loader loader(ws, diags);
    auto trouble = [&](const char* code, const std::string& path, std::string message) {
        diags.add(Diagnostic::error_at(code, {path}, std::move(message)));
        return false;
    };
    for (const auto& given : paths) {
        std::vector<std::string> names;
        if (!tariff_files(given, names, diags)) return false;
        for (const fs::path f : names) {
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
    use_own_terms(ws, diags);
    return true;
}

}  // namespace tarifc
