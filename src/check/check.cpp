// Checking: names, types, units, tier tables, packs — and compilation of each
// sound tariff into the flat plan the evaluator runs.
//
// This file holds the workspace driver and the order of the passes; each
// pass is its own file (see check/context.hpp for what flows between them).
#include "check/check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "check/allows.hpp"
#include "check/context.hpp"

namespace tarifc {

namespace check {
namespace {

// Compiles the program rooted at `root` into `out`; false if it had errors.
bool check_tariff(const Workspace& ws, Diagnostics& diags, std::set<const void*>& used, int root,
                  plan::Tariff& out) {
    const std::size_t errors_at_start = diags.error_count();
    Context cx{ws, diags, used, {}, {}, {}};
    for (int m : ws.closure(root)) cx.mods.push_back(ws.modules[m].ast.get());
    collect_units(cx);
    collect_policy(cx, root);
    Symbols sym;
    collect_inputs(cx, sym);
    collect_names(cx, sym);
    const LetTable lets = compile_lets(cx, sym);
    const MeterTable no_meters;  // packs and rejects read per record: no meter is in scope
    const Env record_env{sym, lets, no_meters};
    compile_rejects(cx, record_env);
    const PackRanges packs = compile_packs(cx, record_env);
    const MeterTable meters = compile_meters(cx, record_env);
    const Env env{sym, lets, meters};
    compile_charges(cx, env);
    compile_minimums(cx, env);
    compile_discounts(cx, env);
    check_limits(cx, packs);
    bool ok = diags.error_count() == errors_at_start;
    if (ok) out = std::move(cx.t);
    return ok;
}

}  // namespace
}  // namespace check

std::vector<plan::Tariff> check_workspace(const Workspace& ws, Diagnostics& diags) {
    std::vector<plan::Tariff> out;
    std::set<const void*> used;
    // Which modules are reached from a `tariff` file: shared files are
    // checked through the tariffs that import them; a shared file nobody
    // imports is checked on its own.
    std::vector<bool> reached(ws.modules.size(), false);
    std::vector<int> programs;
    // A file that could not be read or parsed whole (or whose imports could
    // not be loaded) is reported by those errors alone: checking what is
    // left of it would blame the missing statements ("declares no
    // account") instead of the broken ones.
    auto is_incomplete = [&](int program) {
        for (int x : ws.closure(program))
            if (!ws.modules[x].complete) return true;
        return false;
    };
    for (int g : ws.given) {
        const auto& m = *ws.modules[g].ast;
        if (!m.header && !ws.modules[g].complete) continue;
        if (!m.header) {
            diags.error("E0104", {m.file, 0, 0}, "the file has no header: start it with 'tariff NAME \"title\" version V' or 'shared NAME ...'");
            continue;
        }
        if (m.header->kind == ast::Header::Kind::Tariff) {
            programs.push_back(g);
            for (int x : ws.closure(g)) reached[x] = true;
        }
    }
    // Also when the imported tariff was given itself (a folder was checked).
    std::vector<bool> imported(ws.modules.size(), false);
    for (const auto& m : ws.modules)
        for (int dep : m.imports) imported[dep] = true;
    for (std::size_t i = 0; i < ws.modules.size(); ++i) {
        const auto& m = *ws.modules[i].ast;
        if (m.header && m.header->kind == ast::Header::Kind::Tariff && imported[i]) {
            diags.error("E0104", m.header->range, "an imported file must be a 'shared' file, not a tariff");
        }
    }
    for (int g : ws.given)
        if (!reached[g] && ws.modules[g].ast->header && ws.modules[g].ast->header->kind == ast::Header::Kind::Shared)
            programs.push_back(g);

    std::map<std::string, SourceRange> tariff_names;
    std::erase_if(programs, is_incomplete);
    for (int p : programs) {
        plan::Tariff t;
        bool is_tariff = ws.modules[p].ast->header->kind == ast::Header::Kind::Tariff;
        if (check::check_tariff(ws, diags, used, p, t) && is_tariff) {
            auto [it, fresh] = tariff_names.emplace(t.name, t.range);
            if (!fresh) {
                diags.error("E0102", t.range, fmt::format("two tariffs are named '{}'", t.name))
                    .notes.push_back({it->second, "the other one"});
                continue;
            }
            out.push_back(std::move(t));
        }
    }
    // Unused lets and meters: unused in every program that includes them.
    std::set<int> in_programs;
    for (int p : programs)
        for (int x : ws.closure(p)) in_programs.insert(x);
    for (int x : in_programs) {
        const auto& m = *ws.modules[x].ast;
        for (const auto& l : m.lets)
            if (!used.count(&l)) diags.warning("W0103", l.name.range, fmt::format("let '{}' is never used", l.name.text));
        for (const auto& mt : m.meters)
            if (!used.count(&mt)) diags.warning("W0103", mt.name.range, fmt::format("meter '{}' is never used", mt.name.text));
    }
    std::sort(out.begin(), out.end(), [](const plan::Tariff& a, const plan::Tariff& b) { return a.name < b.name; });
    // A shared file's warning found through two tariffs is one warning, allowed once.
    diags.sort_and_dedupe();
    apply_allows(ws, diags);
    return out;
}

}  // namespace tarifc
