#include "commands/command.hpp"

#include <ostream>

namespace tarifc {

int trouble(std::ostream& err, const Diagnostic& d) {
    err << render_human(d);
    return kExitTrouble;
}

int trouble(std::ostream& err, const char* code, DataPlace place, std::string message) {
    return trouble(err, Diagnostic::error_at(code, std::move(place), std::move(message)));
}

int flush_output(std::ostream& out, std::ostream& err, int status) {
    out.flush();
    if (!out) return trouble(err, "E0903", {}, "cannot write the output");
    return status;
}

}  // namespace tarifc
