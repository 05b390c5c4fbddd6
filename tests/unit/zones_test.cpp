#include "mentor/zones.hpp"

#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::Fold;
using mentor::Instant;
using mentor::WorkSchedule;
using mentor::test::ymd;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

Instant utc(mentor::Date day, int hour, int minute = 0) {
  return Instant{day} + hours{hour} + minutes{minute};
}

// Resolves "YYYY-MM-DD HH:MM" in `zone`; the text must parse.
Instant resolve(const std::string& text, const std::string& zone, Fold fold = Fold::reject) {
  const auto time = mentor::parse_local_time(text);
  REQUIRE(time.has_value());
  return mentor::resolve_local_time(*time, mentor::require_zone(zone), fold);
}

WorkSchedule schedule(const std::string& zone, const std::string& hours_text) {
  const auto working_day = mentor::parse_working_day(hours_text);
  REQUIRE(working_day.has_value());
  return {mentor::require_zone(zone), *working_day};
}

}  // namespace

TEST_SUITE_BEGIN("zones");

TEST_CASE("parse_local_time forms") {
  const auto plain = mentor::parse_local_time("2027-02-03 09:30");
  REQUIRE(plain.has_value());
  CHECK(plain->local.time_since_epoch() ==
        Instant{ymd(2027, 2, 3)}.time_since_epoch() + minutes{9 * 60 + 30});
  CHECK_FALSE(plain->offset.has_value());

  const auto with_offset = mentor::parse_local_time("2027-02-03T09:30+09:00");
  REQUIRE(with_offset.has_value());
  CHECK(with_offset->offset == minutes{9 * 60});
  CHECK(mentor::parse_local_time("2027-02-03T09:30-0530")->offset == minutes{-(5 * 60 + 30)});
  CHECK(mentor::parse_local_time("2027-02-03T09:30:15Z")->offset == minutes{0});

  for (const char* text : {"2027-02-03", "2027-02-03 9:30", "2027-02-30 09:30", "2027-02-03 24:00",
                           "2027-02-03 09:30 +9", "2027-02-03x09:30"}) {
    CAPTURE(text);
    CHECK_FALSE(mentor::parse_local_time(text).has_value());
  }
}

TEST_CASE("Europe sessions either side of DST start") {
  // Berlin moves from +01:00 to +02:00 on Sunday 2027-03-28.
  CHECK(resolve("2027-03-27 10:00", "Europe/Berlin") == utc(ymd(2027, 3, 27), 9));
  CHECK(resolve("2027-03-29 10:00", "Europe/Berlin") == utc(ymd(2027, 3, 29), 8));
}

TEST_CASE("US sessions either side of DST start") {
  // New York moves from -05:00 to -04:00 on Sunday 2027-03-14.
  CHECK(resolve("2027-03-13 10:00", "America/New_York") == utc(ymd(2027, 3, 13), 15));
  CHECK(resolve("2027-03-15 10:00", "America/New_York") == utc(ymd(2027, 3, 15), 14));
}

TEST_CASE("Europe and US sessions either side of DST end") {
  // Berlin goes back on 2027-10-31, New York on 2027-11-07.
  CHECK(resolve("2027-10-30 10:00", "Europe/Berlin") == utc(ymd(2027, 10, 30), 8));
  CHECK(resolve("2027-11-01 10:00", "Europe/Berlin") == utc(ymd(2027, 11, 1), 9));
  CHECK(resolve("2027-11-06 10:00", "America/New_York") == utc(ymd(2027, 11, 6), 14));
  CHECK(resolve("2027-11-08 10:00", "America/New_York") == utc(ymd(2027, 11, 8), 15));
}

TEST_CASE("transatlantic gap changes twice in spring") {
  const auto berlin = mentor::require_zone("Europe/Berlin");
  const auto new_york = mentor::require_zone("America/New_York");
  const auto gap_on = [&](mentor::Date day) {
    const auto instant = utc(day, 12);
    return berlin->to_local(instant) - new_york->to_local(instant);
  };
  CHECK(gap_on(ymd(2027, 3, 10)) == hours{6});
  CHECK(gap_on(ymd(2027, 3, 20)) == hours{5});
  CHECK(gap_on(ymd(2027, 4, 5)) == hours{6});
}

TEST_CASE("gap time is rejected with nearest times") {
  const auto error =
      mentor::test::thrown<mentor::DataError>([] { resolve("2027-03-28 02:30", "Europe/Berlin"); });
  REQUIRE(error.has_value());
  const std::string message = error->what();
  CHECK(message.find("does not exist in Europe/Berlin") != std::string::npos);
  CHECK(message.find("2027-03-28 01:59") != std::string::npos);
  CHECK(message.find("2027-03-28 03:00") != std::string::npos);

  // --earlier and --later do not make a skipped time valid.
  CHECK_THROWS_AS(resolve("2027-03-14 02:15", "America/Chicago", Fold::later), mentor::DataError);
}

TEST_CASE("gap time with offset is rejected") {
  auto time = mentor::parse_local_time("2027-03-28 02:30+01:00");
  REQUIRE(time.has_value());
  CHECK_THROWS_AS(
      mentor::resolve_local_time(*time, mentor::require_zone("Europe/Berlin"), Fold::reject),
      mentor::DataError);
}

TEST_CASE("repeated time needs a choice") {
  const auto error =
      mentor::test::thrown<mentor::DataError>([] { resolve("2027-10-31 02:30", "Europe/Berlin"); });
  REQUIRE(error.has_value());
  const std::string message = error->what();
  CHECK(message.find("occurs twice") != std::string::npos);
  CHECK(message.find("+02:00") != std::string::npos);
  CHECK(message.find("+01:00") != std::string::npos);
  CHECK(message.find("--earlier") != std::string::npos);

  // First at +02:00 (00:30 UTC), then at +01:00 (01:30 UTC).
  CHECK(resolve("2027-10-31 02:30", "Europe/Berlin", Fold::earlier) ==
        utc(ymd(2027, 10, 31), 0, 30));
  CHECK(resolve("2027-10-31 02:30", "Europe/Berlin", Fold::later) == utc(ymd(2027, 10, 31), 1, 30));
}

TEST_CASE("repeated time with offset") {
  const auto berlin = mentor::require_zone("Europe/Berlin");
  const auto later = mentor::parse_local_time("2027-10-31 02:30+01:00");
  REQUIRE(later.has_value());
  CHECK(mentor::resolve_local_time(*later, berlin, Fold::reject) == utc(ymd(2027, 10, 31), 1, 30));

  const auto wrong = mentor::parse_local_time("2027-10-31 02:30+05:00");
  REQUIRE(wrong.has_value());
  CHECK_THROWS_AS(mentor::resolve_local_time(*wrong, berlin, Fold::reject), mentor::DataError);
}

TEST_CASE("unknown zone is a usage error") {
  CHECK_THROWS_AS(mentor::require_zone("Mars/Olympus"), mentor::UsageError);
}

TEST_CASE("format_local and format_utc") {
  const auto instant = utc(ymd(2027, 2, 3), 0, 30);
  CHECK(mentor::format_local(instant, mentor::require_zone("Asia/Tokyo")) ==
        "2027-02-03 09:30 JST (+09:00)");
  CHECK(mentor::format_local(instant, mentor::require_zone("America/Chicago")) ==
        "2027-02-02 18:30 CST (-06:00)");
  CHECK(mentor::format_utc(instant) == "2027-02-03T00:30:00Z");
  CHECK(mentor::parse_utc("2027-02-03T00:30:00Z") == instant);
  CHECK_FALSE(mentor::parse_utc("2027-02-03T00:30:00").has_value());
}

TEST_CASE("parse_working_day") {
  const auto day = mentor::parse_working_day("08:30-17:15");
  REQUIRE(day.has_value());
  CHECK(day->start == minutes{8 * 60 + 30});
  CHECK(day->end == minutes{17 * 60 + 15});
  CHECK(mentor::format_working_day(*day) == "08:30-17:15");
  for (const char* text :
       {"17:00-09:00", "09:00-09:00", "9:00-17:00", "09:00 17:00", "09:60-17:00"}) {
    CAPTURE(text);
    CHECK_FALSE(mentor::parse_working_day(text).has_value());
  }
}

TEST_CASE("working hours overlap under an hour") {
  // Tokyo 09:00-17:45 (+09:00) is 00:00-08:45 UTC; Berlin 09:00-17:00 (+01:00) is
  // 08:00-16:00 UTC, so the two overlap from 08:00 to 08:45 UTC.
  const auto tokyo = schedule("Asia/Tokyo", "09:00-17:45");
  const auto berlin = schedule("Europe/Berlin", "09:00-17:00");
  CHECK(mentor::working_overlap(ymd(2027, 2, 3), tokyo, berlin) == minutes{45});

  const auto from = utc(ymd(2027, 2, 3), 0);
  CHECK(mentor::propose_slots(from, tokyo, berlin, minutes{60}, 3).empty());

  const auto slots = mentor::propose_slots(from, tokyo, berlin, minutes{30}, 4);
  REQUIRE(slots.size() == 4);
  CHECK(slots[0].start == utc(ymd(2027, 2, 3), 8));
  CHECK(slots[0].end == utc(ymd(2027, 2, 3), 8, 30));
  CHECK(slots[1].start == utc(ymd(2027, 2, 4), 8));
  CHECK(slots[2].start == utc(ymd(2027, 2, 5), 8));
  // Saturday and Sunday are skipped.
  CHECK(slots[3].start == utc(ymd(2027, 2, 8), 8));
}

TEST_CASE("transatlantic overlap follows DST") {
  const auto berlin = schedule("Europe/Berlin", "09:00-17:00");
  const auto new_york = schedule("America/New_York", "09:00-17:00");
  // Six hours apart: 14:00-16:00 UTC. Five hours apart between the US and the
  // European change: 13:00-16:00 UTC. Six again after it: 13:00-15:00 UTC.
  CHECK(mentor::working_overlap(ymd(2027, 3, 10), berlin, new_york) == minutes{120});
  CHECK(mentor::working_overlap(ymd(2027, 3, 17), berlin, new_york) == minutes{180});
  CHECK(mentor::working_overlap(ymd(2027, 3, 31), berlin, new_york) == minutes{120});

  const auto slots =
      mentor::propose_slots(utc(ymd(2027, 3, 17), 0), berlin, new_york, minutes{60}, 1);
  REQUIRE(slots.size() == 1);
  CHECK(slots[0].start == utc(ymd(2027, 3, 17), 13));
}

TEST_CASE("week starts Monday in one zone, Sunday in another") {
  // Monday 2027-02-01 03:00 UTC is Monday noon in Tokyo and Sunday evening in Chicago.
  const auto instant = utc(ymd(2027, 2, 1), 3);
  const auto tokyo_day = mentor::local_day(instant, mentor::require_zone("Asia/Tokyo"));
  const auto chicago_day = mentor::local_day(instant, mentor::require_zone("America/Chicago"));
  CHECK(tokyo_day == ymd(2027, 2, 1));
  CHECK(chicago_day == ymd(2027, 1, 31));
  CHECK(mentor::week_start(tokyo_day) == ymd(2027, 2, 1));
  CHECK(mentor::week_start(chicago_day) == ymd(2027, 1, 25));
  CHECK(mentor::iso_week_label(tokyo_day) == "2027-W05");
  CHECK(mentor::iso_week_label(chicago_day) == "2027-W04");
}

TEST_CASE("ISO week 53 spans the new year") {
  CHECK(mentor::iso_week_label(ymd(2026, 12, 28)) == "2026-W53");
  CHECK(mentor::iso_week_label(ymd(2027, 1, 3)) == "2026-W53");
  CHECK(mentor::iso_week_label(ymd(2027, 1, 4)) == "2027-W01");
  CHECK(mentor::week_start(ymd(2027, 1, 1)) == ymd(2026, 12, 28));
  CHECK(mentor::week_start(ymd(2026, 12, 28)) == ymd(2026, 12, 28));
}

TEST_SUITE_END();
