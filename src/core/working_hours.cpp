#include "mentor/working_hours.hpp"

#include <algorithm>
#include <stdexcept>

#include <date/tz.h>

namespace mentor {

namespace {

const date::time_zone* find_zone(const std::string& zone) {
  if (zone.empty()) return nullptr;
  try {
    return date::locate_zone(zone);
  } catch (const std::runtime_error&) {
    return nullptr;  // not in the tz database
  }
}

}  // namespace

std::optional<WorkingInterval> working_interval(const std::string& zone, Date day,
                                                const WorkingDay& working_day) {
  const date::time_zone* time_zone = find_zone(zone);
  if (time_zone == nullptr) return std::nullopt;
  const date::local_days local_day{day.time_since_epoch()};
  const auto to_utc = [&](std::chrono::minutes offset) {
    const date::local_seconds local = local_day + offset;
    // `earliest` takes the first of a repeated hour; a time in a skipped hour maps to
    // the instant the clocks jump, for either choice.
    return time_zone->to_sys(local, date::choose::earliest);
  };
  return WorkingInterval{to_utc(working_day.start), to_utc(working_day.end)};
}

std::optional<std::chrono::minutes> working_overlap(const std::string& zone_a,
                                                    const std::string& zone_b, Date day,
                                                    const WorkingDay& working_day) {
  const auto a = working_interval(zone_a, day, working_day);
  const auto b = working_interval(zone_b, day, working_day);
  if (!a || !b) return std::nullopt;
  const auto begin = std::max(a->begin, b->begin);
  const auto end = std::min(a->end, b->end);
  if (end <= begin) return std::chrono::minutes{0};
  return std::chrono::duration_cast<std::chrono::minutes>(end - begin);
}

}  // namespace mentor
