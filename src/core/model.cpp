#include "mentor/model.hpp"

#include <charconv>

#include <fmt/format.h>

namespace mentor {

std::optional<Cadence> parse_cadence(std::string_view text) {
  if (text == "weekly") return Cadence{7, false};
  if (text == "biweekly" || text == "every two weeks" || text == "fortnightly") {
    return Cadence{14, false};
  }
  if (text == "monthly") return Cadence{30, true};
  if (text.size() < 2 || text.back() != 'd') return std::nullopt;
  int days = 0;
  const auto* end = text.data() + text.size() - 1;
  const auto result = std::from_chars(text.data(), end, days);
  if (result.ec != std::errc() || result.ptr != end || days < 1 || days > 365) return std::nullopt;
  return Cadence{days, false};
}

std::string describe(const Cadence& cadence) {
  if (cadence.monthly) return "monthly";
  if (cadence.days == 7) return "weekly";
  if (cadence.days == 14) return "every two weeks";
  return fmt::format("every {} days", cadence.days);
}

Date add_cadence(Date day, const Cadence& cadence) {
  if (!cadence.monthly) return day + date::days{cadence.days};
  const date::year_month_day from{day};
  const auto next = from.year() / from.month() / from.day() + date::months{1};
  if (next.ok()) return Date{next};
  // 31 January plus a month is the last day of February.
  return Date{next.year() / next.month() / date::last};
}

std::string_view to_string(SessionStatus status) {
  switch (status) {
    case SessionStatus::held:
      return "held";
    case SessionStatus::missed:
      return "missed";
    case SessionStatus::cancelled:
      return "cancelled";
  }
  return "held";
}

std::optional<SessionStatus> parse_session_status(std::string_view text) {
  for (const auto status : {SessionStatus::held, SessionStatus::missed, SessionStatus::cancelled}) {
    if (text == to_string(status)) return status;
  }
  return std::nullopt;
}

std::string_view to_string(AppointmentStatus status) {
  switch (status) {
    case AppointmentStatus::scheduled:
      return "scheduled";
    case AppointmentStatus::held:
      return "held";
    case AppointmentStatus::missed:
      return "missed";
    case AppointmentStatus::cancelled:
      return "cancelled";
  }
  return "scheduled";
}

}  // namespace mentor
