#include "mentor/working_hours.hpp"

#include <chrono>

#include <doctest/doctest.h>

#include "test_support.hpp"

using mentor::working_overlap;
using mentor::WorkingDay;
using mentor::test::ymd;
using std::chrono::hours;
using std::chrono::minutes;

TEST_SUITE_BEGIN("working hours");

TEST_CASE("overlap same zone is whole day") {
  CHECK(working_overlap("Europe/Berlin", "Europe/Berlin", ymd(2027, 1, 11), {}) == hours{8});
}

TEST_CASE("overlap Berlin and New York in winter") {
  // CET is UTC+1 and EST UTC-5: 08:00-16:00 and 14:00-22:00 UTC share two hours.
  CHECK(working_overlap("Europe/Berlin", "America/New_York", ymd(2027, 1, 11), {}) == hours{2});
}

TEST_CASE("overlap when only the US is on DST") {
  // The US moves its clocks on 14 March 2027 and the EU on 28 March, so on 20 March
  // New York (EDT, UTC-4) is one hour closer: 13:00-21:00 against 08:00-16:00 UTC.
  CHECK(working_overlap("Europe/Berlin", "America/New_York", ymd(2027, 3, 20), {}) == hours{3});
  // From 28 March both are on summer time and the gap is six hours again.
  CHECK(working_overlap("Europe/Berlin", "America/New_York", ymd(2027, 4, 5), {}) == hours{2});
}

TEST_CASE("overlap southern hemisphere DST") {
  // Sydney is UTC+11 in January (summer time) and UTC+10 in July; Tokyo is UTC+9 all
  // year. January: 22:00-06:00 against 00:00-08:00 UTC, 6 hours. July: 23:00-07:00, 7.
  CHECK(working_overlap("Australia/Sydney", "Asia/Tokyo", ymd(2027, 1, 11), {}) == hours{6});
  CHECK(working_overlap("Australia/Sydney", "Asia/Tokyo", ymd(2027, 7, 12), {}) == hours{7});
}

TEST_CASE("overlap on a switch day") {
  // Berlin skips 02:00-03:00 on 28 March 2027, so a local 00:00-08:00 lasts 7 hours.
  const WorkingDay night{minutes{0}, hours{8}};
  CHECK(working_overlap("Europe/Berlin", "Europe/Berlin", ymd(2027, 3, 28), night) == hours{7});
  // And repeats 02:00-03:00 on 31 October 2027, so the same hours last 9.
  CHECK(working_overlap("Europe/Berlin", "Europe/Berlin", ymd(2027, 10, 31), night) == hours{9});
}

TEST_CASE("start in skipped hour") {
  // 02:30 does not exist in Berlin on 28 March 2027; it maps to the jump at 01:00 UTC,
  // and 08:00 CEST is 06:00 UTC.
  const WorkingDay day{minutes{150}, hours{8}};
  const auto interval = mentor::working_interval("Europe/Berlin", ymd(2027, 3, 28), day);
  REQUIRE(interval.has_value());
  CHECK(interval->end - interval->begin == hours{5});
}

TEST_CASE("overlap none across the world") {
  // Los Angeles (UTC-8) 17:00-01:00 UTC; Kolkata (UTC+5:30) 03:30-11:30 UTC.
  CHECK(working_overlap("America/Los_Angeles", "Asia/Kolkata", ymd(2027, 1, 11), {}) == minutes{0});
}

TEST_CASE("overlap half-hour zone") {
  // Kolkata 03:30-11:30 UTC and Berlin 08:00-16:00 UTC in winter: 3 h 30 min.
  CHECK(working_overlap("Asia/Kolkata", "Europe/Berlin", ymd(2027, 1, 11), {}) == minutes{210});
}

TEST_CASE("overlap unknown zone") {
  CHECK_FALSE(working_overlap("Mars/Olympus", "Europe/Berlin", ymd(2027, 1, 11), {}).has_value());
  CHECK_FALSE(working_overlap("", "Europe/Berlin", ymd(2027, 1, 11), {}).has_value());
}

TEST_SUITE_END();
