// Finding and reading tariff files, and resolving their imports.
//
//   load_workspace(paths, ws, diags)
//
// A path is a .tariff file or a folder (searched recursively for *.tariff,
// in byte order of the path). Every file is parsed once. An import is
// resolved against the importing file's folder and must stay inside the
// folder of the file that started the chain (the "root" folder).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/ast.hpp"
#include "syntax/diagnostic.hpp"
#include "syntax/source.hpp"

namespace tarifc {

// Files importing files importing files...: at most this many levels below
// the file named on the command line or found in a folder (E0009).
inline constexpr std::size_t kMaxImportDepth = 64;

struct LoadedModule {
    std::string canonical;               // absolute, normalised path
    std::unique_ptr<ast::Module> ast;
    std::vector<int> imports;            // indices into Workspace::modules, in import order
    // False when part of the file is missing from `ast`: a syntax error, a
    // file too large or not text, or an import that could not be loaded.
    // The checker reports such a file by those errors alone.
    bool complete = true;
};

struct Workspace {
    SourceSet sources;
    std::vector<LoadedModule> modules;
    std::vector<int> given;              // the modules named on the command line (or found in folders)

    // The module and everything it imports, dependencies first, each once.
    std::vector<int> closure(int module) const;
};

// The .tariff files a path names: the file itself, or every *.tariff below
// a folder (in byte order of the path; links to folders are not followed).
// False, with E0902 or E0904 in `diags`, when it cannot be read or holds none.
bool tariff_files(const std::string& given, std::vector<std::string>& files, Diagnostics& diags);

// The files named *EXTENSION below `folder`, unsorted (load.cpp says how
// links and unreadable entries are treated: E0902).
bool walk_folder(const std::filesystem::path& folder, std::vector<std::filesystem::path>& files, Diagnostics& diags,
                 std::string_view extension = ".tariff");

// Every problem is a diagnostic in `diags`. False when a given path cannot
// be read at all (E0902, E0904: the caller exits 2).
bool load_workspace(const std::vector<std::string>& paths, Workspace& ws, Diagnostics& diags);

}  // namespace tarifc
