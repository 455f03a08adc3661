// Fuzz target "accounts": the accounts reader (JSON, validated against the
// account fields a tariff declares) with the CCC tariff's schema
// (tariffs/aliyun-ccc, compiled once), as `tarifc eval` reads --accounts.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness.hpp"
#include "io/accounts.hpp"

namespace {

struct Schema {
    std::vector<tarifc::plan::Tariff> tariffs;
    std::vector<const tarifc::plan::Tariff*> plans;
};

const Schema& schema() {
    static const Schema s = [] {
        using namespace tarifc;
        Schema out;
        out.tariffs = fuzz::checked_tariffs("tariffs/aliyun-ccc");
        for (const auto& t : out.tariffs) out.plans.push_back(&t);
        return out;
    }();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace tarifc;
    const Schema& s = schema();
    fuzz::guarded([&] {
        AccountsFile accounts;
        Diagnostic problem;
        std::string_view text(reinterpret_cast<const char*>(data), size);
        if (!parse_accounts(text, "accounts.json", s.plans, accounts, problem))
            fuzz::require_no_internal_error(problem);
    });
    return 0;
}
