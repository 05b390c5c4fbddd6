// Fuzzes the parsers of dates and times that users type: dates, --now instants,
// local times resolved in a zone, stored UTC instants, working hours and periods.
// The first byte picks the parser. For a local time in a zone, the text is
// "TIME|ZONE".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mentor/clock.hpp"
#include "mentor/dates.hpp"
#include "mentor/due.hpp"
#include "mentor/errors.hpp"
#include "mentor/zones.hpp"

namespace {

void parse_in_zone(std::string_view text, mentor::Fold fold) {
  const auto bar = text.find('|');
  if (bar == std::string_view::npos) return;
  const auto time = mentor::parse_local_time(text.substr(0, bar));
  if (!time) return;
  const auto* zone = mentor::require_zone(text.substr(bar + 1));
  const auto instant = mentor::resolve_local_time(*time, zone, fold);
  mentor::format_local(instant, zone);
}

void parse(std::uint8_t selector, std::string_view text) {
  switch (selector % 7) {
    case 0:
      if (const auto day = mentor::parse_date(text)) mentor::iso_week_label(*day);
      break;
    case 1:
      mentor::format_utc(mentor::parse_instant_option(text, "--now"));
      break;
    case 2:
      mentor::make_clock(std::string(text))->today();
      break;
    case 3:
      parse_in_zone(text, static_cast<mentor::Fold>(selector / 7 % 3));
      break;
    case 4:
      if (const auto instant = mentor::parse_utc(text)) mentor::format_utc(*instant);
      break;
    case 5:
      if (const auto day = mentor::parse_working_day(text)) mentor::format_working_day(*day);
      break;
    default:
      mentor::parse_period_days(text);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  try {
    parse(data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  } catch (const mentor::Error&) {
    // Rejected text is an expected outcome; any other exception is a finding.
  }
  return 0;
}
