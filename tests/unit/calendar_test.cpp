#include "mentor/calendar.hpp"

#include <string>

#include <doctest/doctest.h>

#include "test_support.hpp"

using mentor::test::ymd;

namespace {

// Splits on CRLF, the only line break iCalendar allows.
std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find("\r\n"); end != std::string::npos; end = text.find("\r\n", start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  lines.push_back(text.substr(start));
  return lines;
}

bool is_valid_utf8_start(const std::string& line) {
  return line.empty() || (static_cast<unsigned char>(line[0]) & 0xC0U) != 0x80U;
}

}  // namespace

TEST_SUITE_BEGIN("calendar");

TEST_CASE("escape_ical_text special characters") {
  CHECK(mentor::escape_ical_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  CHECK(mentor::escape_ical_text("bell\x07") == "bell");
  CHECK(mentor::escape_ical_text("tab\tkept") == "tab\tkept");
}

TEST_CASE("fold_ical_line short line unchanged") {
  const std::string line(75, 'x');
  CHECK(mentor::fold_ical_line(line) == line);
}

TEST_CASE("fold_ical_line at 75 octets") {
  const std::string line(200, 'x');
  const auto lines = physical_lines(mentor::fold_ical_line(line));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].size() == 75);
  CHECK(lines[1].size() == 75);
  CHECK(lines[1][0] == ' ');
  CHECK(lines[2] == " " + std::string(200 - 75 - 74, 'x'));
}

TEST_CASE("fold_ical_line keeps UTF-8 whole") {
  // "å" is two octets and "€" three, so no fixed cut lands between characters.
  std::string line = "SUMMARY:";
  for (int i = 0; i < 40; ++i) line += "å€";
  const auto lines = physical_lines(mentor::fold_ical_line(line));
  REQUIRE(lines.size() > 1);
  std::string joined;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CAPTURE(i);
    CHECK(lines[i].size() <= 75);
    const std::string body = i == 0 ? lines[i] : lines[i].substr(1);
    CHECK(is_valid_utf8_start(body));
    joined += body;
  }
  CHECK(joined == line);
}

TEST_CASE("write_calendar event fields") {
  mentor::Appointment appointment;
  appointment.uid = "tl.pair-1.session-2.1@mentor";
  appointment.starts_at = mentor::Instant{ymd(2027, 3, 28)} + std::chrono::hours{7};
  appointment.minutes = 45;
  appointment.sequence = 2;
  appointment.status = mentor::AppointmentStatus::cancelled;
  appointment.updated_at = mentor::Instant{ymd(2027, 3, 1)};
  const auto text = mentor::write_calendar({{appointment, "Session, two", "Line one\nLine two"}});

  CHECK(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
  CHECK(text.find("UID:tl.pair-1.session-2.1@mentor\r\n") != std::string::npos);
  CHECK(text.find("DTSTART:20270328T070000Z\r\n") != std::string::npos);
  CHECK(text.find("DTEND:20270328T074500Z\r\n") != std::string::npos);
  CHECK(text.find("DTSTAMP:20270301T000000Z\r\n") != std::string::npos);
  CHECK(text.find("SEQUENCE:2\r\n") != std::string::npos);
  CHECK(text.find("STATUS:CANCELLED\r\n") != std::string::npos);
  CHECK(text.find("SUMMARY:Session\\, two\r\n") != std::string::npos);
  CHECK(text.find("DESCRIPTION:Line one\\nLine two\r\n") != std::string::npos);
  CHECK(text.size() >= 15);
  CHECK(text.substr(text.size() - 15) == "END:VCALENDAR\r\n");
}

TEST_SUITE_END();
