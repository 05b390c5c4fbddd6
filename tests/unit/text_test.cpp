#include "mentor/text.hpp"

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

using mentor::display_width;
using mentor::escape_control;
using mentor::render_table;
using mentor::Table;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream input(text);
  for (std::string line; std::getline(input, line);) lines.push_back(line);
  return lines;
}

// The display column at which `part` starts in `line`.
std::size_t column_of(const std::string& line, const std::string& part) {
  const auto offset = line.find(part);
  REQUIRE(offset != std::string::npos);
  return display_width(std::string_view(line).substr(0, offset));
}

}  // namespace

TEST_SUITE_BEGIN("text");

TEST_CASE("escape_control keeps plain text") {
  CHECK(escape_control("Ana Lopez") == "Ana Lopez");
  CHECK(escape_control("Åsa Zoë 東京") == "Åsa Zoë 東京");
  CHECK(escape_control("").empty());
}

TEST_CASE("escape_control escapes ESC") { CHECK(escape_control("a\x1b[31mb") == "a\\x1b[31mb"); }

TEST_CASE("escape_control escapes newline, tab, return") {
  CHECK(escape_control("a\nb") == "a\\nb");
  CHECK(escape_control("a\tb") == "a\\tb");
  CHECK(escape_control("a\rb") == "a\\rb");
}

TEST_CASE("escape_control escapes NUL, BEL, DEL") {
  CHECK(escape_control(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(escape_control("a\ab") == "a\\x07b");
  CHECK(escape_control("a\x7fz") == "a\\x7fz");
}

TEST_CASE("escape_control escapes C1 controls") {
  // U+009B is CSI and U+0085 is NEL, both encoded in UTF-8.
  CHECK(escape_control("a\u009b31m") == "a\\x9b31m");
  CHECK(escape_control("a\u0085z") == "a\\x85z");
}

TEST_CASE("escape_control escapes lone C1 byte") {
  // Terminals that accept 8-bit controls read the single byte 0x9B as CSI.
  CHECK(escape_control(std::string("a\x9b") + "31m") == "a\\x9b31m");
}

TEST_CASE("display_width counts code points") {
  CHECK(display_width("") == 0);
  CHECK(display_width("Ana") == 3);
  CHECK(display_width("Zo\u00eb") == 3);
  CHECK(display_width("\u20ac5") == 2);
}

TEST_CASE("display_width skips combining marks") {
  // "Zoe" plus U+0308 COMBINING DIAERESIS, and "a" plus U+20D7.
  CHECK(display_width("Zoe\u0308") == 3);
  CHECK(display_width("a\u20d7") == 1);
}

TEST_CASE("render_table aligns columns") {
  const Table table{{"id", "name"}, {{"E1", "Ana"}, {"E10", "Bartholomew"}}, {}};
  const auto lines = lines_of(render_table(table));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].rfind("id", 0) == 0);
  CHECK(lines[2].rfind("E1 ", 0) == 0);
  CHECK(lines[3].rfind("E10", 0) == 0);

  const auto name_column = column_of(lines[0], "name");
  CHECK(name_column > 3);
  CHECK(column_of(lines[2], "Ana") == name_column);
  CHECK(column_of(lines[3], "Bartholomew") == name_column);
}

TEST_CASE("render_table rule under header") {
  const Table table{{"id", "name"}, {{"E1", "Ana"}, {"E10", "Bartholomew"}}, {}};
  const auto lines = lines_of(render_table(table));
  REQUIRE(lines.size() == 4);
  // One run of dashes per column, as wide as the column's widest cell.
  CHECK(lines[1].rfind("--- ", 0) == 0);
  CHECK(lines[1].find(std::string(11, '-')) == lines[0].find("name"));
  CHECK(lines[1].find_first_not_of("- ") == std::string::npos);
}

TEST_CASE("render_table right-aligns columns") {
  const Table table{{"name", "sessions"}, {{"Ana", "3"}, {"Bo", "12"}}, {false, true}};
  const auto lines = lines_of(render_table(table));
  REQUIRE(lines.size() == 4);
  const auto right_edge = column_of(lines[0], "sessions") + 8;
  CHECK(column_of(lines[2], "3") + 1 == right_edge);
  CHECK(column_of(lines[3], "12") + 2 == right_edge);
}

TEST_CASE("render_table measures combining marks") {
  const Table table{{"name", "level"}, {{"Zoe\u0308", "3"}, {"Ana", "4"}}, {}};
  const auto lines = lines_of(render_table(table));
  REQUIRE(lines.size() == 4);
  const auto level_column = column_of(lines[0], "level");
  CHECK(column_of(lines[2], "3") == level_column);
  CHECK(column_of(lines[3], "4") == level_column);
}

TEST_CASE("render_table escapes cells") {
  const Table table{{"name"}, {{"Ana\nLopez"}, {"\x1b[2J"}}, {}};
  const auto text = render_table(table);
  const auto lines = lines_of(text);
  REQUIRE(lines.size() == 4);
  CHECK(lines[2] == "Ana\\nLopez");
  CHECK(lines[3].rfind("\\x1b[2J", 0) == 0);
  CHECK(text.find('\x1b') == std::string::npos);
}

TEST_CASE("render_table pads short rows") {
  const Table table{{"id", "name"}, {{"E1"}}, {}};
  const auto lines = lines_of(render_table(table));
  REQUIRE(lines.size() == 3);
  CHECK(lines[2].rfind("E1", 0) == 0);
}

TEST_CASE("counted nouns agree") {
  CHECK(mentor::counted(0, "pair", "pairs") == "0 pairs");
  CHECK(mentor::counted(1, "pair", "pairs") == "1 pair");
  CHECK(mentor::counted(std::size_t{2}, "mentor has", "mentors have") == "2 mentors have");
}

TEST_CASE("json controls escaped, layout kept") {
  const std::string json = "{\n  \"name\": \"a\x7f b\xc2\x9b c\xe2\x80\xae d\xe2\x81\xa6\"\n}";
  const auto escaped = mentor::escape_json_controls(json);
  CHECK(escaped == "{\n  \"name\": \"a\\u007f b\\u009b c\\u202e d\\u2066\"\n}");
}

TEST_CASE("json plain text unchanged") {
  CHECK(mentor::escape_json_controls("{\"name\": \"Zo\xc3\xab \xe6\x9d\x8e\"}") ==
        "{\"name\": \"Zo\xc3\xab \xe6\x9d\x8e\"}");
}

TEST_SUITE_END();
