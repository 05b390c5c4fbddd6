#include <doctest/doctest.h>

#include "mentor/csv_reader.hpp"

using mentor::make_formula_safe;
using mentor::strip_formula_guard;

TEST_SUITE("csv cells") {
  TEST_CASE("formulas get an apostrophe") {
    CHECK(make_formula_safe("=1+2") == "'=1+2");
    CHECK(make_formula_safe("+11.2 points") == "'+11.2 points");
    CHECK(make_formula_safe("-1+2") == "'-1+2");
    CHECK(make_formula_safe("@SUM(A1)") == "'@SUM(A1)");
    CHECK(make_formula_safe("-") == "'-");
    CHECK(make_formula_safe("-.5") == "'-.5");
    CHECK(make_formula_safe("-5.") == "'-5.");
    CHECK(make_formula_safe("-inf") == "'-inf");
  }

  TEST_CASE("plain numbers stay numbers") {
    CHECK(make_formula_safe("-3") == "-3");
    CHECK(make_formula_safe("+11.2") == "+11.2");
    CHECK(make_formula_safe("-0.012500") == "-0.012500");
    CHECK(make_formula_safe("Ann") == "Ann");
  }

  TEST_CASE("guard-like values get one more apostrophe") {
    CHECK(make_formula_safe("'=x") == "''=x");
    CHECK(make_formula_safe("''+1") == "'''+1");
    CHECK(make_formula_safe("'-3") == "''-3");
    CHECK(make_formula_safe("'quoted") == "'quoted");
    CHECK(make_formula_safe("'") == "'");
  }

  TEST_CASE("guard removes one apostrophe") {
    CHECK(strip_formula_guard("'=x") == "=x");
    CHECK(strip_formula_guard("''=x") == "'=x");
    CHECK(strip_formula_guard("'quoted") == "'quoted");
  }

  TEST_CASE("guard round trip") {
    for (const char* value : {"=1+2", "-3", "+x", "Ann", "'quoted", "'=x", "''=x", "'-3",
                              "'", "'@"}) {
      CHECK(strip_formula_guard(make_formula_safe(value)) == value);
    }
  }
}
