#include "base/money_text.hpp"

#include <algorithm>

namespace tarifc {

int step_places(const Decimal& step) { return step.normalized().scale(); }

int money_places(const Decimal& step) { return std::max(2, step_places(step)); }

std::string money_fixed(const Decimal& amount, int places) { return amount.to_fixed(places); }

std::string money_grouped(const Decimal& amount) {
    std::string s = money_fixed(amount.rounded(2, RoundingMode::HalfUp), 2);
    bool neg = !s.empty() && s[0] == '-';
    std::string digits = s.substr(neg ? 1 : 0, s.find('.') - (neg ? 1 : 0));
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[i]);
    }
    return (neg ? "-" : "") + grouped + s.substr(s.find('.'));
}

}  // namespace tarifc
