#include "mentor/schedule.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/status.hpp"

namespace mentor {

const date::time_zone* zone_of(const Person& person) {
  return require_zone(person.timezone.empty() ? "UTC" : person.timezone);
}

namespace {

void check_minutes(int minutes) {
  if (minutes < 1 || minutes > 1440) {
    throw UsageError(fmt::format("invalid --minutes {}: give the session's length in minutes, "
                                 "from 1 to 1440",
                                 minutes));
  }
}

}  // namespace

Booking book_session(Store& store, const Program& program, const Pair& pair, Instant starts_at,
                     const std::string& zone, int minutes, Instant now) {
  check_minutes(minutes);
  // iCalendar writes years with four digits, so a session must end by 9999-12-31.
  const auto ends = date::floor<date::days>(starts_at + std::chrono::minutes{minutes});
  if (date::year_month_day{ends}.year() > date::year{9999} ||
      date::year_month_day{date::floor<date::days>(starts_at)}.year() < date::year{1900}) {
    throw UsageError(fmt::format("invalid --at {}: give a time between the years 1900 and 9999",
                                 format_utc(starts_at)));
  }
  if (pair.state != PairState::active) {
    throw DataError(
        fmt::format("the pair {} and {} is {}: only an active pair can book a "
                    "session",
                    pair.mentor_id, pair.mentee_id, to_string(pair.state)));
  }
  if (starts_at < now) {
    throw DataError(fmt::format("{} is in the past (now is {}): book a later time",
                                format_utc(starts_at), format_utc(now)));
  }

  const int number = pair.sessions_held + 1;
  const auto appointments = store.list_appointments(pair.id);
  Booking booking;
  for (const auto& existing : appointments) {
    if (existing.number != number || existing.status != AppointmentStatus::scheduled) continue;
    booking.appointment = existing;
    booking.rescheduled = true;
  }
  if (booking.rescheduled) {
    auto& appointment = booking.appointment;
    if (appointment.starts_at == starts_at && appointment.minutes == minutes) {
      booking.unchanged = true;
      return booking;
    }
    appointment.starts_at = starts_at;
    appointment.minutes = minutes;
    appointment.zone = zone;
    appointment.sequence += 1;
    appointment.updated_at = now;
    store.update_appointment(appointment);
    return booking;
  }

  auto& appointment = booking.appointment;
  appointment.pair_id = pair.id;
  appointment.number = number;
  // The UID names the program, pair, session and booking, so it is unique and the
  // same on every export. The store keeps it, so a renamed program keeps old UIDs.
  appointment.uid = fmt::format("{}.pair-{}.session-{}.{}@mentor", program.name, pair.id, number,
                                appointments.size() + 1);
  appointment.starts_at = starts_at;
  appointment.minutes = minutes;
  appointment.zone = zone;
  appointment.updated_at = now;
  appointment.id = store.insert_appointment(appointment);
  return booking;
}

std::vector<Slot> propose_session_times(const Store& store, const Config& config,
                                        const Program& program, const Pair& pair, int minutes,
                                        Instant now) {
  check_minutes(minutes);
  const auto mentor = require_person(store, pair.mentor_id);
  const auto mentee = require_person(store, pair.mentee_id);
  const WorkSchedule mentor_hours{zone_of(mentor),
                                  config.schedule.working_day_of(mentor.employee_id)};
  const WorkSchedule mentee_hours{zone_of(mentee),
                                  config.schedule.working_day_of(mentee.employee_id)};

  // NOTE: the due date starts at midnight UTC, which is up to a day off the
  // people's own midnight.
  Instant from = now;
  const auto due = next_due_date(program, pair, last_held_on(store.list_sessions(pair.id)));
  if (due) from = std::max(from, Instant{*due});
  return propose_slots(from, mentee_hours, mentor_hours, std::chrono::minutes{minutes},
                       static_cast<std::size_t>(config.schedule.proposals));
}

}  // namespace mentor
