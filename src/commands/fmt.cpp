#include "commands/fmt.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <iterator>
#include <ostream>

#include <fmt/format.h>

#include "fmt/fmt.hpp"
#include "fmt/unified_diff.hpp"
#include "io/files.hpp"
#include "syntax/load.hpp"

namespace tarifc {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Writes `text` to a new file beside `path` and renames it over `path`:
// a reader never sees half a file, and a failed write leaves `path` as it
// was. The new file keeps the old one's permissions; a link is followed, so
// that it stays a link.
bool replace_file(const std::string& path, const std::string& text, std::string& reason) {
    std::error_code ec;
    fs::path target = fs::canonical(path, ec);
    if (ec) {
        reason = ec.message();
        return false;
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) {
        reason = std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {  // a pipe or a device is read, never replaced by a file
        reason = "not a regular file";
        return false;
    }
    std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".fmt-XXXXXX")).string();
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) {
        reason = std::strerror(errno);
        return false;
    }
    auto fail = [&](int err) {
        reason = std::strerror(err);
        ::close(fd);
        ::unlink(tmp.c_str());
        return false;
    };
    for (std::size_t done = 0; done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, st.st_mode & 07777) != 0 || ::fsync(fd) != 0) return fail(errno);
    if (::close(fd) != 0) {
        reason = std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        reason = std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

class Formatter {
public:
    Formatter(const FmtOptions& o, std::ostream& out, std::ostream& err) : o_(o), out_(out), err_(err) {}

    int run() {
        for (const auto& given : o_.paths) {
            if (given == "-") {
                std::string text;
                if (o_.input) text.assign(std::istreambuf_iterator<char>(*o_.input), std::istreambuf_iterator<char>());
                if (!o_.input || o_.input->bad()) {
                    trouble(err_, "E0902", {"-"}, "cannot read standard input");
                    worst(kExitTrouble);
                    continue;
                }
                one("-", "<stdin>", std::move(text), true);
                continue;
            }
            Diagnostics diags;
            std::vector<std::string> files;
            if (!tariff_files(given, files, diags)) {
                for (const auto& d : diags.all()) err_ << render_human(d);
                worst(kExitTrouble);
                continue;
            }
            for (const auto& f : files) {
                const std::string shown = fs::path(f).lexically_normal().string();
                std::string text, why;
                if (!read_whole_file(f, text, why)) {
                    trouble(err_, "E0902", {shown}, fmt::format("cannot read file: {}", why));
                    worst(kExitTrouble);
                    continue;
                }
                one(f, shown, std::move(text), false);
            }
        }
        return status_;
    }

private:
    const FmtOptions& o_;
    std::ostream& out_;
    std::ostream& err_;
    int status_ = kExitClean;

    void worst(int s) { status_ = std::max(status_, s); }

    void one(const std::string& path, const std::string& shown, std::string text, bool from_stdin) {
        const bool bom = text.starts_with(kBom);
        if (bom) text.erase(0, kBom.size());
        SourceFile file(shown, text);
        Diagnostics diags;
        auto formatted = format_tariff(file, diags);
        if (!formatted) {
            diags.sort_and_dedupe();
            bool internal = false;
            for (const auto& d : diags.all()) {
                err_ << render_human(d) << "\n";
                internal = internal || d.code == "E0907";
            }
            worst(internal ? kExitTrouble : kExitFindings);
            return;
        }
        if (bom) {
            formatted->insert(0, kBom);
            text.insert(0, kBom);
        }
        const bool changed = *formatted != text;
        switch (o_.mode) {
            case FmtMode::Check:
                if (changed) out_ << shown << "\n", worst(kExitFindings);
                return;
            case FmtMode::Diff:
                if (changed) out_ << unified_diff(text, *formatted, shown), worst(kExitFindings);
                return;
            case FmtMode::Write:
                if (from_stdin) {
                    out_ << *formatted;
                    return;
                }
                if (!changed) return;
                if (std::string why; !replace_file(path, *formatted, why)) {
                    trouble(err_, "E0903", {shown}, fmt::format("cannot write the formatted file: {}", why));
                    worst(kExitTrouble);
                    return;
                }
                out_ << shown << "\n";
                return;
        }
    }
};

}  // namespace

int run_fmt(const FmtOptions& options, std::ostream& out, std::ostream& err) {
    const int status = Formatter(options, out, err).run();
    return flush_output(out, err, status);
}

}  // namespace tarifc
