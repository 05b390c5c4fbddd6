#include "mentor/calendar.hpp"

#include <fmt/format.h>

#include "mentor/version.hpp"

namespace mentor {

namespace {

constexpr std::size_t k_max_line_octets = 75;

std::string ical_time(Instant instant) { return date::format("%Y%m%dT%H%M%SZ", instant); }

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

std::string_view event_status(AppointmentStatus status) {
  return status == AppointmentStatus::cancelled ? "CANCELLED" : "CONFIRMED";
}

void add_line(std::string& out, std::string_view line) {
  out += fold_ical_line(line);
  out += "\r\n";
}

}  // namespace

std::string escape_ical_text(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\t' || static_cast<unsigned char>(c) >= 0x20U) {
      if (c != '\x7f') escaped += c;
    }
  }
  return escaped;
}

std::string fold_ical_line(std::string_view line) {
  std::string folded;
  std::size_t limit = k_max_line_octets;  // continuation lines spend one octet on the space
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && is_continuation_byte(line[cut])) --cut;
    folded += line.substr(0, cut);
    folded += "\r\n ";
    line.remove_prefix(cut);
    limit = k_max_line_octets - 1;
  }
  folded += line;
  return folded;
}

std::string write_calendar(const std::vector<CalendarEvent>& events) {
  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, fmt::format("PRODID:-//mentor//mentor {}//EN", version()));
  add_line(out, "CALSCALE:GREGORIAN");
  for (const auto& event : events) {
    const auto& appointment = event.appointment;
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:" + escape_ical_text(appointment.uid));
    add_line(out, "DTSTAMP:" + ical_time(appointment.updated_at));
    add_line(out, "DTSTART:" + ical_time(appointment.starts_at));
    add_line(out, "DTEND:" +
                      ical_time(appointment.starts_at + std::chrono::minutes{appointment.minutes}));
    add_line(out, fmt::format("SEQUENCE:{}", appointment.sequence));
    add_line(out, fmt::format("STATUS:{}", event_status(appointment.status)));
    add_line(out, "SUMMARY:" + escape_ical_text(event.summary));
    if (!event.description.empty()) {
      add_line(out, "DESCRIPTION:" + escape_ical_text(event.description));
    }
    add_line(out, "END:VEVENT");
  }
  add_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace mentor
