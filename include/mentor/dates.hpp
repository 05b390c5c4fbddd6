// Calendar dates, parsed strictly and printed as ISO 8601 (YYYY-MM-DD).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace mentor {

using Date = date::sys_days;

// Parses "YYYY-MM-DD" and rejects anything else, including impossible dates
// such as 2027-02-30. Returns nullopt on failure.
std::optional<Date> parse_date(std::string_view text);

// Parses like parse_date, but throws UsageError naming the option and the value.
Date parse_date_option(std::string_view text, std::string_view option_name);

std::string format_date(Date day);

}  // namespace mentor
