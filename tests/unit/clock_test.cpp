#include "mentor/clock.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::make_clock;
using mentor::test::ymd;

TEST_SUITE_BEGIN("clock");

TEST_CASE("FixedClock returns its day") {
  const mentor::FixedClock clock(ymd(2027, 1, 11));
  CHECK(clock.today() == ymd(2027, 1, 11));
}

TEST_CASE("make_clock with fixed date") {
  const auto clock = make_clock(std::string("2027-03-01"));
  REQUIRE(clock != nullptr);
  CHECK(dynamic_cast<const mentor::FixedClock*>(clock.get()) != nullptr);
  CHECK(clock->today() == ymd(2027, 3, 1));
}

TEST_CASE("make_clock without date") {
  const auto before = date::floor<date::days>(std::chrono::system_clock::now());
  const auto clock = make_clock(std::nullopt);
  REQUIRE(clock != nullptr);
  CHECK(dynamic_cast<const mentor::SystemClock*>(clock.get()) != nullptr);

  // The test may run across midnight UTC, so today is one of two days.
  const auto today = clock->today();
  const auto after = date::floor<date::days>(std::chrono::system_clock::now());
  CHECK(today >= before);
  CHECK(today <= after);
}

TEST_CASE("make_clock rejects bad date") {
  for (const char* text : {"2027-02-30", "tomorrow", "2027-3-1"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(make_clock(std::string(text)), mentor::UsageError);
  }
}

TEST_CASE("make_clock error names the value") {
  CHECK_THROWS_WITH_AS(make_clock(std::string("tomorrow")), doctest::Contains("'tomorrow'"),
                       mentor::UsageError);
}

TEST_CASE("make_clock with date and time in UTC") {
  const auto clock = make_clock(std::string("2027-02-03T09:30Z"));
  CHECK(clock->now() == mentor::Instant{ymd(2027, 2, 3)} + std::chrono::minutes{9 * 60 + 30});
  CHECK(clock->today() == ymd(2027, 2, 3));
}

TEST_CASE("make_clock with offset crosses midnight") {
  // 00:30 in Tokyo (+09:00) is 15:30 UTC the day before.
  const auto clock = make_clock(std::string("2027-02-03T00:30+09:00"));
  CHECK(clock->now() == mentor::Instant{ymd(2027, 2, 2)} + std::chrono::minutes{15 * 60 + 30});
  CHECK(clock->today() == ymd(2027, 2, 2));
}

TEST_CASE("make_clock with zone name") {
  // Chicago is at -06:00 in February, so 21:00 there is 03:00 UTC the next day.
  for (const char* text :
       {"2027-02-03T21:00 America/Chicago", "2027-02-03T21:00[America/Chicago]"}) {
    CAPTURE(text);
    const auto clock = make_clock(std::string(text));
    CHECK(clock->now() == mentor::Instant{ymd(2027, 2, 4)} + std::chrono::hours{3});
  }
}

TEST_CASE("make_clock rejects bad time") {
  for (const char* text : {"2027-02-03T25:00Z", "2027-02-03T09:30 Mars/Olympus",
                           "2027-02-03T09:30+09:00[Asia/Tokyo]", "2027-02-03T9:30Z"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(make_clock(std::string(text)), mentor::UsageError);
  }
}

TEST_SUITE_END();
