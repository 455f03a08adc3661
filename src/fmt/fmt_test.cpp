#include "fmt/fmt.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "commands/fmt.hpp"
#include "fmt/layout.hpp"
#include "fmt/scan.hpp"

namespace {

const char* const kHead = "tariff t \"T\" version 1\n";

std::string fmt_text(const std::string& text) {
    tarifc::SourceFile file("t.tariff", text);
    tarifc::Diagnostics diags;
    auto out = tarifc::format_tariff(file, diags);
    REQUIRE(out);
    // Formatting twice changes nothing.
    tarifc::SourceFile again("t.tariff", *out);
    auto twice = tarifc::format_tariff(again, diags);
    REQUIRE(twice);
    CHECK(*twice == *out);
    return *out;
}

}  // namespace

TEST_CASE("fmt: one blank between tokens, none inside parentheses and sets, none before , : )") {
    CHECK(fmt_text(std::string(kHead) + "let   x   =max( a ,b )*2\n") ==
          std::string(kHead) + "let x = max(a, b) * 2\n");
    CHECK(fmt_text(std::string(kHead) + "let y = not( a in { p , q } )\n") ==
          std::string(kHead) + "let y = not (a in {p, q})\n");
    CHECK(fmt_text(std::string(kHead) + "let m = ceil (x to minute)\n") ==
          std::string(kHead) + "let m = ceil(x to minute)\n");
    // Blanks are added where the author wrote none, only between tokens.
    CHECK(fmt_text(std::string(kHead) + "unit hour=60 minute\nlet q=x/y*2\nlet r=a<=b\n") ==
          std::string(kHead) + "unit hour = 60 minute\nlet q = x / y * 2\nlet r = a <= b\n");
}

TEST_CASE("fmt: each clause on its own line, blocks indented, bands in columns") {
    CHECK(fmt_text(std::string(kHead) +
                   "charge c \"C\" monthly on m graduated { over 0 minute up to 100 minute at 1 USD/minute\n"
                   "over 100 minute and above at 0.5 USD/minute } rounding money to 0.001 half-up\n") ==
          std::string(kHead) +
              "\n"
              "charge c \"C\" monthly\n"
              "    on m\n"
              "    graduated {\n"
              "        over 0 minute    up to 100 minute  at 1 USD/minute\n"
              "        over 100 minute  and above         at 0.5 USD/minute\n"
              "    }\n"
              "    rounding money to 0.001 half-up\n");
}

TEST_CASE("fmt: a line break the author made inside a clause is kept, as a continuation line") {
    CHECK(fmt_text(std::string(kHead) + "reject call when a\nand b because \"no\"\n") ==
          std::string(kHead) + "\nreject call when a\n    and b because \"no\"\n");
    // The unit of a default must stand on its number's line: the next field
    // is never drawn onto it (that would read `plan` as a unit).
    CHECK(fmt_text(std::string(kHead) + "account {\nseats: integer seat default 0\nplan: plan\n}\n") ==
          std::string(kHead) + "\naccount {\n    seats: integer seat default 0\n    plan: plan\n}\n");
}

TEST_CASE("fmt: comments stay where they were; trailing comments of consecutive lines aligned") {
    CHECK(fmt_text("   # head\n\n\n" + std::string(kHead) +
                   "unit a # first\nunit bb   # second\n\n  # own line\nunit c\n# last") ==
          "# head\n\n" + std::string(kHead) + "unit a   # first\nunit bb  # second\n\n# own line\nunit c\n# last\n");
    // A comment before a block's '}' is indented as the block's items.
    CHECK(fmt_text(std::string(kHead) + "account {\n  id: text key\n# the end\n}\n") ==
          std::string(kHead) + "\naccount {\n    id: text key\n    # the end\n}\n");
}

TEST_CASE("fmt: blank lines: at most one; one around a statement of several lines") {
    CHECK(fmt_text(std::string(kHead) + "\n\n\nunit a\nunit b\nmeter m\n= count of calls\nunit c\n") ==
          std::string(kHead) + "\nunit a\nunit b\n\nmeter m\n    = count of calls\n\nunit c\n");
}

TEST_CASE("fmt: a file that does not parse is refused with its syntax errors") {
    tarifc::SourceFile file("bad.tariff", std::string(kHead) + "let x = (1 +\n");
    tarifc::Diagnostics diags;
    CHECK_FALSE(tarifc::format_tariff(file, diags));
    REQUIRE(diags.all().size() == 1);
    CHECK(diags.all()[0].code == "E0001");
}

TEST_CASE("fmt: empty and comment-only files") {
    CHECK(fmt_text("") == "");
    CHECK(fmt_text("\n\n  \n") == "");
    CHECK(fmt_text("# only\n\n\n# comments   \n\n") == "# only\n\n# comments\n");
}

TEST_CASE("fmt command: rewrites a changed file in place, keeps its permissions, then has nothing to do") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("tarifc-fmt-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "sub");
    const fs::path messy = dir / "sub" / "messy.tariff", tidy = dir / "tidy.tariff";
    std::ofstream(messy) << "tariff   m \"M\" version 1\n";
    std::ofstream(tidy) << "tariff t \"T\" version 1\n";
    ::chmod(messy.c_str(), 0640);

    tarifc::FmtOptions o;
    o.paths = {dir.string()};
    std::ostringstream out, err;
    CHECK(tarifc::run_fmt(o, out, err) == 0);
    CHECK(out.str() == messy.string() + "\n");
    CHECK(err.str().empty());
    std::ifstream in(messy);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "tariff m \"M\" version 1\n");
    struct stat st {};
    REQUIRE(::stat(messy.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()) == 1);  // no temp file left

    std::ostringstream out2, err2;
    o.mode = tarifc::FmtMode::Check;
    CHECK(tarifc::run_fmt(o, out2, err2) == 0);
    CHECK(out2.str().empty());
    fs::remove_all(dir);
}
