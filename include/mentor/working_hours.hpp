// Shared working hours of two people in different time zones, on a given date.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "mentor/dates.hpp"
#include "mentor/zones.hpp"  // WorkingDay

namespace mentor {

// A span of time in UTC.
struct WorkingInterval {
  std::chrono::sys_seconds begin;
  std::chrono::sys_seconds end;
};

// Computes the instants (UTC) that a working day in `zone` covers on `day`. The local
// times are converted through the tz database, so a date in daylight saving time gets
// that offset. A start or end in a skipped hour moves to the end of the gap, and one
// in a repeated hour takes the earlier instant. Returns nullopt when `zone` is empty
// or is not a zone name in the tz database.
std::optional<WorkingInterval> working_interval(const std::string& zone, Date day,
                                                const WorkingDay& working_day);

// The minutes that the working days of `zone_a` and `zone_b` share on `day` (each
// person's own calendar date), or nullopt when a zone is unknown.
std::optional<std::chrono::minutes> working_overlap(const std::string& zone_a,
                                                    const std::string& zone_b, Date day,
                                                    const WorkingDay& working_day);

}  // namespace mentor
