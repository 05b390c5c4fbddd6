// Instants, local times in IANA time zones, working days and weeks. Every instant
// is stored in UTC; a zone is kept by name and resolved through the system tz
// database (date/tz.h), so nothing stores a fixed offset.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "mentor/dates.hpp"

namespace mentor {

using Instant = date::sys_seconds;
using LocalTime = date::local_seconds;

// A local date and time as typed, with the UTC offset when the text carries one.
struct LocalTimeText {
  LocalTime local;
  std::optional<std::chrono::minutes> offset;  // from "Z", "+09:00" or "-0500"
};

// Parses "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM", with optional ":SS" and an
// optional offset ("Z", "+09:00", "+0900", "-05"). Returns nullopt on anything else.
std::optional<LocalTimeText> parse_local_time(std::string_view text);

// Returns the zone named `name` from the system tz database. Throws UsageError
// naming the value when the database has no such zone.
const date::time_zone* require_zone(std::string_view name);

// The choice between two instants when a local time occurs twice (clocks go back).
enum class Fold { reject, earlier, later };

// Converts a local time in `zone` to an instant. An offset in `time` must be one
// the zone uses at that local time. Throws DataError, with the reason, when the
// local time falls in a daylight-saving gap (naming the nearest valid times before
// and after it) or when it occurs twice and neither an offset nor `fold` picks one.
Instant resolve_local_time(const LocalTimeText& time, const date::time_zone* zone, Fold fold);

// Formats as "2027-02-03 09:30 JST (+09:00)" in `zone`.
std::string format_local(Instant instant, const date::time_zone* zone);

// Formats as "2027-02-03T00:30:00Z", the form the store keeps.
std::string format_utc(Instant instant);

// Parses the form format_utc writes. Returns nullopt on anything else.
std::optional<Instant> parse_utc(std::string_view text);

// Parses a fixed "now": "YYYY-MM-DD" (midnight UTC), a date and time with an offset
// ("2027-02-03T09:30Z", "2027-02-03T09:30+01:00") or with a zone name after a space
// or in brackets ("2027-02-03T09:30 Europe/Berlin", "2027-02-03T09:30[Europe/Berlin]").
// A time with neither is UTC. Throws UsageError naming `option_name`, and DataError
// for a local time in a gap or one that occurs twice.
Instant parse_instant_option(std::string_view text, std::string_view option_name);

// A daily span of working hours in local time, such as 09:00-17:00.
struct WorkingDay {
  std::chrono::minutes start{9 * 60};
  std::chrono::minutes end{17 * 60};

  bool operator==(const WorkingDay&) const = default;
};

// Parses "HH:MM-HH:MM" with start before end. Returns nullopt on anything else.
std::optional<WorkingDay> parse_working_day(std::string_view text);

std::string format_working_day(const WorkingDay& day);

// One person's place in time: their zone and their working hours on Monday to Friday.
// NOTE: every person works Monday to Friday; other working weeks are not modelled.
struct WorkSchedule {
  const date::time_zone* zone = nullptr;
  WorkingDay hours;
};

struct Slot {
  Instant start;
  Instant end;
};

// Returns up to `count` slots of `length`, starting on the half hour at or after
// `from`, in which both people are inside their working hours on one of their
// working days. Looks at most `search_days` days ahead, so it returns fewer (or
// none) when the hours overlap too little.
std::vector<Slot> propose_slots(Instant from, const WorkSchedule& first, const WorkSchedule& second,
                                std::chrono::minutes length, std::size_t count,
                                int search_days = 28);

// The time both people are at work on the UTC day `day`, summed over that day.
std::chrono::minutes working_overlap(Date day, const WorkSchedule& first,
                                     const WorkSchedule& second);

// The local calendar day of `instant` in `zone`.
Date local_day(Instant instant, const date::time_zone* zone);

// The Monday that starts the ISO 8601 week containing `day`.
Date week_start(Date day);

// The ISO 8601 week of `day` as "2026-W53"; the year is the week-numbering year.
std::string iso_week_label(Date day);

}  // namespace mentor
