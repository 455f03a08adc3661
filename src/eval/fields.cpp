// Usage fields (see fields.hpp). Reasons are phrased to follow the field's
// name: "duration_s must be digits only".
#include "eval/fields.hpp"

#include <cstdint>

#include "base/civil_time.hpp"

namespace tarifc::rating {

using plan::ValueKind;

const char* parse_field(const plan::Field& f, std::string_view text, Decimal& out) {
    switch (f.kind) {
        case ValueKind::Number: {
            if (text.empty()) return "is empty";
            if (f.integer) {
                // Digits only: no sign, spaces, decimals or exponent.
                // Leading zeros do not count toward the 18 digits.
                while (text.size() > 1 && text[0] == '0') text.remove_prefix(1);
                if (text.size() > 18) return "is too large";
                int64_t v = 0;
                for (char c : text) {
                    if (c < '0' || c > '9') return "must be digits only";
                    v = v * 10 + (c - '0');
                }
                out = Decimal::from_int(v);
                return "";
            }
            try {
                auto d = Decimal::parse(text, false);
                if (!d) return "is not a decimal number";
                out = *d;
            } catch (const OverflowError&) {
                return "is too large";
            }
            return "";
        }
        case ValueKind::Enum:
            if (text.empty()) return "is empty";
            for (std::size_t i = 0; i < f.enum_values.size(); ++i)
                if (f.enum_values[i] == text) {
                    out = Decimal::from_int(static_cast<int64_t>(i));
                    return "";
                }
            return "is not one of the allowed values";
        case ValueKind::Bool:
            if (text == "true") out = Decimal::from_int(1);
            else if (text == "false") out = Decimal();
            else return "must be true or false";
            return "";
        case ValueKind::Date: {
            auto d = parse_date(text);
            if (!d) return "is not a date (YYYY-MM-DD)";
            out = Decimal::from_int(days_from_civil(d->year, d->month, d->day));
            return "";
        }
        case ValueKind::Timestamp: {
            auto r = parse_timestamp(text, f.zone_offset_minutes, f.zone_offset_minutes);
            if (!r.ok) {
                switch (r.error) {
                    case TimestampError::BadOffset: return "has an impossible UTC offset";
                    case TimestampError::ImpossibleDate: return "is a date that does not exist";
                    case TimestampError::Malformed: return "is not YYYY-MM-DDTHH:MM:SS with an optional offset";
                }
            }
            out = Decimal::from_int(r.local_seconds);
            return "";
        }
        case ValueKind::Text:
        case ValueKind::Account:
        case ValueKind::Ref:
            if (text.empty()) return "is empty";
            return "";
        case ValueKind::Plan:
        case ValueKind::Pack:
        case ValueKind::List: return "cannot be read from usage";
    }
    return "";
}

}  // namespace tarifc::rating
