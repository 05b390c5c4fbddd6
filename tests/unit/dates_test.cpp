#include "mentor/dates.hpp"

#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::format_date;
using mentor::parse_date;
using mentor::parse_date_option;
using mentor::test::thrown;
using mentor::test::ymd;

TEST_SUITE_BEGIN("dates");

TEST_CASE("parse_date reads ISO date") {
  const auto day = parse_date("2027-01-11");
  REQUIRE(day.has_value());
  CHECK(*day == ymd(2027, 1, 11));
}

TEST_CASE("parse_date accepts leap day") {
  const auto day = parse_date("2028-02-29");
  REQUIRE(day.has_value());
  CHECK(*day == ymd(2028, 2, 29));
}

TEST_CASE("parse_date rejects impossible dates") {
  for (const char* text : {"2027-02-29", "2027-02-30", "2027-04-31", "2027-13-01", "2027-00-10",
                           "2027-01-00", "2027-01-32"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
}

TEST_CASE("parse_date rejects other formats") {
  for (const char* text : {"", "2027-1-11", "2027-01-1", "27-01-11", "2027/01/11", "11.01.2027",
                           "20270111", "2027-01-11 ", " 2027-01-11", "2027-01-11T00:00",
                           "+027-01-11", "2027-0a-11", "2027--1-11", "today"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_date(text).has_value());
  }
}

TEST_CASE("format_date writes ISO date") {
  CHECK(format_date(ymd(2027, 1, 11)) == "2027-01-11");
  CHECK(format_date(ymd(2027, 12, 31)) == "2027-12-31");
}

TEST_CASE("format_date pads the year") { CHECK(format_date(ymd(999, 3, 4)) == "0999-03-04"); }

TEST_CASE("format_date round-trips parse_date") {
  for (const char* text : {"2027-01-11", "2028-02-29", "0001-01-01", "9999-12-31"}) {
    CAPTURE(text);
    const auto day = parse_date(text);
    REQUIRE(day.has_value());
    CHECK(format_date(*day) == text);
  }
}

TEST_CASE("parse_date_option returns the date") {
  CHECK(parse_date_option("2027-03-01", "--date") == ymd(2027, 3, 1));
}

TEST_CASE("parse_date_option throws UsageError") {
  const auto error = thrown<mentor::UsageError>([] { parse_date_option("2027-02-30", "--date"); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::usage);
  CHECK(std::string(error->what()).find("2027-02-30") != std::string::npos);
  CHECK(std::string(error->what()).find("--date") != std::string::npos);
}

TEST_SUITE_END();
