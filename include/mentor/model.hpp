// Plain records shared by the store and the core: people, programs, pairs, sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mentor/dates.hpp"
#include "mentor/zones.hpp"

namespace mentor {

// One employee, keyed by the HR system's employee id (names repeat in a real company).
struct Person {
  std::string employee_id;
  std::string name;
  std::string email;
  std::string department;
  std::string job_role;
  int job_level = 0;
  std::string education_field;
  std::string gender;
  std::optional<int> age;
  std::optional<int> years_at_company;
  std::optional<int> years_since_last_promotion;
  std::optional<int> total_working_years;
  std::string timezone;  // IANA zone name, e.g. "Europe/Berlin"
  std::string manager_id;  // empty when the roster has no manager column
  std::optional<Date> left_on;  // set by a full roster import that no longer lists them

  bool operator==(const Person&) const = default;
};

// One entry of a person's history, recorded by a roster import.
enum class PersonEventKind { joined, left, promoted, department_changed, role_changed, rehired };

std::string_view to_string(PersonEventKind kind);

struct PersonEvent {
  std::string employee_id;
  PersonEventKind kind = PersonEventKind::joined;
  Date occurred_on;
  std::string old_value;  // the level, department or role before; empty for the other kinds
  std::string new_value;
};

enum class Role { mentor, mentee };

std::string_view to_string(Role role);

// One session of a program's template, copied into the program when it is created
// so that later edits to the config do not rewrite a running program.
struct TemplateSession {
  std::string title;
  std::string mentee_objective;
  std::string mentor_objective;
};

// Mentor programs pair mentees with mentors; peer programs pair colleagues of similar
// levels who mentor each other. Peers are enrolled (and stored) with the mentee role.
enum class ProgramKind { mentor, peer };

std::string_view to_string(ProgramKind kind);
// How often a pair meets: every `days` days, or once a calendar month when `monthly`
// (the same day of the month, or the month's last day when it is shorter).
struct Cadence {
  int days = 14;
  bool monthly = false;

  bool operator==(const Cadence&) const = default;
};

// Parses "weekly", "biweekly" (or "every two weeks", "fortnightly"), "monthly" or a
// number of days such as "10d". Returns nullopt on anything else.
std::optional<Cadence> parse_cadence(std::string_view text);

// Describes the cadence as "weekly", "every two weeks", "monthly" or "every N days".
std::string describe(const Cadence& cadence);

// Returns the day one cadence after `day`.
Date add_cadence(Date day, const Cadence& cadence);

struct Program {
  std::int64_t id = 0;
  std::string name;
  ProgramKind kind = ProgramKind::mentor;
  std::string template_name;
  Date start;
  int cadence_days = 14;  // the nominal days between sessions; 30 for a monthly cadence
  bool cadence_monthly = false;
  std::vector<TemplateSession> sessions;

  Cadence cadence() const { return {cadence_days, cadence_monthly}; }
};

struct Enrolment {
  std::string employee_id;
  Role role = Role::mentee;
  std::optional<int> capacity;  // mentors only: overrides the configured default
  std::optional<Date> enrolled_on = std::nullopt;  // none for enrolments before mentor kept it
};

enum class PairState { active, completed, ended };

std::string_view to_string(PairState state);

// The end reason recorded when either person marks a pair as not a fit.
inline constexpr std::string_view k_not_a_fit = "not a fit";

struct Pair {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string mentor_id;
  std::string mentee_id;
  Date paired_on;
  std::string method;   // "auto" or "manual"
  std::string reasons;  // why this pair was chosen, for people to read
  int sessions_held = 0;
  PairState state = PairState::active;
  std::optional<Date> ended_on;  // set when the pair was ended before its last session
  std::string end_reason;        // e.g. "left the company"; empty unless ended
};

// A mentee's request for, or against, a specific mentor in one program.
struct MentorRequest {
  std::string mentee_id;
  std::string mentor_id;
  bool wanted = true;  // false: the mentee asked not to be paired with this mentor
};

enum class SessionStatus { held, missed, cancelled };

std::string_view to_string(SessionStatus status);

// Returns nullopt unless `text` is "held", "missed" or "cancelled".
std::optional<SessionStatus> parse_session_status(std::string_view text);

// One logged session. Only a held session advances the pair; a missed or cancelled
// one records the template session that was due, with no minutes or ratings.
struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  int number = 0;  // 1-based position in the program's template
  SessionStatus status = SessionStatus::held;
  Date held_on;  // the day it was held, or was due to be for a missed or cancelled one
  int minutes = 0;
  std::optional<int> rating;             // the mentee's, 1 to 5
  std::optional<int> mentor_rating;      // the mentor's, 1 to 5
  std::optional<int> confidence_before;  // the mentee's, 1 to 5
  std::optional<int> confidence_after;
  std::string notes;
};

enum class AppointmentStatus { scheduled, held, missed, cancelled };

std::string_view to_string(AppointmentStatus status);

// A session booked for a time. It keeps its calendar UID for life, and every change
// of time or status raises its sequence, as iCalendar (RFC 5545) expects.
struct Appointment {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  int number = 0;  // the template session it is for
  std::string uid;
  Instant starts_at;
  int minutes = 60;
  std::string zone;  // the zone the time was given in
  int sequence = 0;
  AppointmentStatus status = AppointmentStatus::scheduled;
  Instant updated_at;
};

// A goal the mentee sets in the first session, or a step of the plan agreed in the last.
struct Goal {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::string kind = "goal";  // "goal" or "plan"
  std::string text;
  Date added_on;
  std::optional<Date> done_on;
};

// A short focused session between any two people, inside a program or not. It
// advances no template.
struct MicroSession {
  std::int64_t id = 0;
  std::string person;
  std::string other;
  std::optional<std::int64_t> program_id;
  Date held_on;
  int minutes = 0;
  std::string topic;
};

}  // namespace mentor
