#include "mentor/dates.hpp"

#include <charconv>
#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const auto year = parse_digits(text.substr(0, 4));
  const auto month = parse_digits(text.substr(5, 2));
  const auto day = parse_digits(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;

  const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                 date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

Date parse_date_option(std::string_view text, std::string_view option_name) {
  const auto day = parse_date(text);
  if (!day) {
    throw UsageError(fmt::format("invalid date '{}' for {}: write it as YYYY-MM-DD, "
                                 "for example 2027-01-11",
                                 text, option_name));
  }
  return *day;
}

std::string format_date(Date day) { return date::format("%F", day); }

}  // namespace mentor
