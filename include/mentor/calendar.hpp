// iCalendar (RFC 5545) export of booked sessions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mentor/model.hpp"

namespace mentor {

struct CalendarEvent {
  Appointment appointment;
  std::string summary;
  std::string description;
};

// Escapes a TEXT value: backslash, semicolon and comma get a backslash, a newline
// becomes "\n", and other control characters except tab are dropped.
std::string escape_ical_text(std::string_view text);

// Folds one content line into lines of at most 75 octets joined by CRLF and a space,
// never splitting a UTF-8 sequence. The result has no final CRLF.
std::string fold_ical_line(std::string_view line);

// Writes a VCALENDAR with one VEVENT per event, times in UTC. A cancelled booking is
// exported with STATUS:CANCELLED; DTSTAMP is the booking's last change, so exporting
// twice gives the same bytes.
std::string write_calendar(const std::vector<CalendarEvent>& events);

}  // namespace mentor
