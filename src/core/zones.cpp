#include "mentor/zones.hpp"

#include <charconv>

#include <date/iso_week.h>
#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

using std::chrono::minutes;

std::optional<int> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Parses "HH:MM" into minutes after midnight; "24:00" is allowed as an end of day.
std::optional<minutes> parse_clock_time(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto hours = parse_number(text.substr(0, 2));
  const auto mins = parse_number(text.substr(3, 2));
  if (!hours || !mins || *mins > 59 || *hours > 24 || (*hours == 24 && *mins != 0)) {
    return std::nullopt;
  }
  return minutes{*hours * 60 + *mins};
}

// Parses "Z", "+HH", "+HHMM" or "+HH:MM" (or with '-').
std::optional<minutes> parse_offset(std::string_view text) {
  if (text == "Z" || text == "z") return minutes{0};
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  std::string_view digits = text.substr(1);
  std::optional<int> hours;
  std::optional<int> mins = 0;
  if (digits.size() == 2) {
    hours = parse_number(digits);
  } else if (digits.size() == 4) {
    hours = parse_number(digits.substr(0, 2));
    mins = parse_number(digits.substr(2, 2));
  } else if (digits.size() == 5 && digits[2] == ':') {
    hours = parse_number(digits.substr(0, 2));
    mins = parse_number(digits.substr(3, 2));
  }
  if (!hours || !mins || *hours > 14 || *mins > 59) return std::nullopt;
  return minutes{sign * (*hours * 60 + *mins)};
}

std::string format_offset(std::chrono::seconds offset) {
  const auto total = std::chrono::duration_cast<minutes>(offset).count();
  const char sign = total < 0 ? '-' : '+';
  const auto magnitude = total < 0 ? -total : total;
  return fmt::format("{}{:02}:{:02}", sign, magnitude / 60, magnitude % 60);
}

std::string format_local_minutes(LocalTime local) {
  return date::format("%F %R", date::floor<minutes>(local));
}

// Explains a local time that the zone skips, with the last valid minute before the
// gap and the first valid one after it.
[[noreturn]] void reject_gap(const LocalTimeText& time, const date::time_zone* zone,
                             const date::local_info& info) {
  const auto before = LocalTime{info.first.end.time_since_epoch() + info.first.offset} - minutes{1};
  const auto after = LocalTime{info.second.begin.time_since_epoch() + info.second.offset};
  throw DataError(fmt::format(
      "{} does not exist in {}: clocks move forward from {} to {} that day; the nearest valid "
      "times are {} and {}",
      format_local_minutes(time.local), zone->name(),
      date::format("%R", date::floor<minutes>(before + minutes{1})),
      date::format("%R", date::floor<minutes>(after)), format_local_minutes(before),
      format_local_minutes(after)));
}

[[noreturn]] void reject_ambiguous(const LocalTimeText& time, const date::time_zone* zone,
                                   const date::local_info& info) {
  const auto local = format_local_minutes(time.local);
  throw DataError(fmt::format(
      "{} occurs twice in {} because clocks go back that day: first at {} ({}), then at {} "
      "({}); add --earlier or --later, or write the offset, e.g. '{}{}'",
      local, zone->name(), format_offset(info.first.offset), info.first.abbrev,
      format_offset(info.second.offset), info.second.abbrev, local,
      format_offset(info.first.offset)));
}

Instant resolve_with_offset(const LocalTimeText& time, const date::time_zone* zone,
                            const date::local_info& info) {
  const std::chrono::seconds offset = *time.offset;
  const bool first_matches =
      info.result != date::local_info::nonexistent && info.first.offset == offset;
  const bool second_matches =
      info.result == date::local_info::ambiguous && info.second.offset == offset;
  if (!first_matches && !second_matches) {
    if (info.result == date::local_info::nonexistent) reject_gap(time, zone, info);
    throw DataError(fmt::format(
        "offset {} does not match {} at {}, which is at {}", format_offset(offset), zone->name(),
        format_local_minutes(time.local), format_offset(info.first.offset)));
  }
  return Instant{time.local.time_since_epoch() - offset};
}

bool is_working_day(date::local_days day) {
  const date::weekday weekday{day};
  return weekday != date::Saturday && weekday != date::Sunday;
}

// Whether the whole of [start, end) lies inside one working day of `schedule`.
bool inside_working_hours(Instant start, Instant end, const WorkSchedule& schedule) {
  const auto local_start = schedule.zone->to_local(start);
  const auto local_end = schedule.zone->to_local(end);
  const auto day = date::floor<date::days>(local_start);
  if (!is_working_day(day)) return false;
  const auto day_start = LocalTime{day};
  return local_start >= day_start + schedule.hours.start &&
         local_end <= day_start + schedule.hours.end;
}

}  // namespace

std::optional<LocalTimeText> parse_local_time(std::string_view text) {
  if (text.size() < 16 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  const auto day = parse_date(text.substr(0, 10));
  const auto clock = parse_clock_time(text.substr(11, 5));
  if (!day || !clock || *clock >= minutes{24 * 60}) return std::nullopt;

  std::string_view rest = text.substr(16);
  std::chrono::seconds seconds{0};
  if (rest.size() >= 3 && rest[0] == ':') {
    const auto value = parse_number(rest.substr(1, 2));
    if (!value || *value > 59) return std::nullopt;
    seconds = std::chrono::seconds{*value};
    rest = rest.substr(3);
  }
  LocalTimeText result;
  result.local = LocalTime{day->time_since_epoch()} + *clock + seconds;
  if (!rest.empty()) {
    result.offset = parse_offset(rest);
    if (!result.offset) return std::nullopt;
  }
  return result;
}

const date::time_zone* require_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    throw UsageError(
        fmt::format("unknown time zone '{}': give an IANA zone name such as "
                    "Europe/Berlin or America/Chicago",
                    name));
  }
}

Instant resolve_local_time(const LocalTimeText& time, const date::time_zone* zone, Fold fold) {
  const auto info = zone->get_info(time.local);
  if (time.offset) return resolve_with_offset(time, zone, info);

  switch (info.result) {
    case date::local_info::unique:
      return Instant{time.local.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent:
      reject_gap(time, zone, info);
    case date::local_info::ambiguous:
      if (fold == Fold::reject) reject_ambiguous(time, zone, info);
      return date::floor<std::chrono::seconds>(zone->to_sys(
          time.local, fold == Fold::earlier ? date::choose::earliest : date::choose::latest));
  }
  throw DataError("unreachable local time result");
}

std::string format_local(Instant instant, const date::time_zone* zone) {
  const auto info = zone->get_info(instant);
  const auto local = zone->to_local(instant);
  return fmt::format("{} {} ({})", format_local_minutes(local), info.abbrev,
                     format_offset(info.offset));
}

std::string format_utc(Instant instant) { return date::format("%FT%TZ", instant); }

std::optional<Instant> parse_utc(std::string_view text) {
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  const auto time = parse_local_time(text.substr(0, 19));
  if (!time || time->offset) return std::nullopt;
  return Instant{time->local.time_since_epoch()};
}

Instant parse_instant_option(std::string_view text, std::string_view option_name) {
  if (const auto day = parse_date(text)) return Instant{*day};

  std::string_view head = text;
  std::string_view zone_name;
  if (!text.empty() && text.back() == ']' && text.find('[') != std::string_view::npos) {
    const auto open = text.find('[');
    head = text.substr(0, open);
    zone_name = text.substr(open + 1, text.size() - open - 2);
  } else if (const auto space = text.rfind(' '); space != std::string_view::npos && space > 10) {
    head = text.substr(0, space);
    zone_name = text.substr(space + 1);
  }
  const auto time = parse_local_time(head);
  if (!time || (time->offset && !zone_name.empty())) {
    throw UsageError(
        fmt::format("invalid date or time '{}' for {}: write YYYY-MM-DD, or a date "
                    "and time with an offset or zone, e.g. 2027-02-03T09:30Z or "
                    "'2027-02-03T09:30 Europe/Berlin'",
                    text, option_name));
  }
  if (!zone_name.empty()) return resolve_local_time(*time, require_zone(zone_name), Fold::reject);
  return Instant{time->local.time_since_epoch() - time->offset.value_or(minutes{0})};
}

std::optional<WorkingDay> parse_working_day(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto start = parse_clock_time(text.substr(0, 5));
  const auto end = parse_clock_time(text.substr(6, 5));
  if (!start || !end || *start >= *end) return std::nullopt;
  return WorkingDay{*start, *end};
}

std::string format_working_day(const WorkingDay& day) {
  const auto clock = [](minutes value) {
    return fmt::format("{:02}:{:02}", value.count() / 60, value.count() % 60);
  };
  return clock(day.start) + "-" + clock(day.end);
}

std::vector<Slot> propose_slots(Instant from, const WorkSchedule& first, const WorkSchedule& second,
                                minutes length, std::size_t count, int search_days) {
  constexpr minutes step{30};
  std::vector<Slot> slots;
  auto start = date::ceil<minutes>(from);
  start += (step - start.time_since_epoch() % step) % step;
  const auto last = from + date::days{search_days};
  for (; start < last && slots.size() < count; start += step) {
    const Instant slot_start{start};
    const Instant slot_end = slot_start + length;
    if (inside_working_hours(slot_start, slot_end, first) &&
        inside_working_hours(slot_start, slot_end, second)) {
      slots.push_back({slot_start, slot_end});
    }
  }
  return slots;
}

minutes working_overlap(Date day, const WorkSchedule& first, const WorkSchedule& second) {
  minutes overlap{0};
  const Instant day_start{day};
  for (minutes offset{0}; offset < minutes{24 * 60}; offset += minutes{1}) {
    const Instant start = day_start + offset;
    const Instant end = start + minutes{1};
    if (inside_working_hours(start, end, first) && inside_working_hours(start, end, second)) {
      overlap += minutes{1};
    }
  }
  return overlap;
}

Date local_day(Instant instant, const date::time_zone* zone) {
  return Date{date::floor<date::days>(zone->to_local(instant)).time_since_epoch()};
}

Date week_start(Date day) { return day - (date::weekday{day} - date::Monday); }

std::string iso_week_label(Date day) {
  const iso_week::year_weeknum_weekday week{day};
  return fmt::format("{}-W{:02}", static_cast<int>(week.year()),
                     static_cast<unsigned>(week.weeknum()));
}

}  // namespace mentor
