// Plain records shared by the store and the core: people, programs, pairs, sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mentor/dates.hpp"

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

struct Program {
  std::int64_t id = 0;
  std::string name;
  ProgramKind kind = ProgramKind::mentor;
  std::string template_name;
  Date start;
  int cadence_days = 14;
  std::vector<TemplateSession> sessions;
};

struct Enrolment {
  std::string employee_id;
  Role role = Role::mentee;
  std::optional<int> capacity;  // mentors only: overrides the configured default
  std::optional<Date> enrolled_on = std::nullopt;  // none for enrolments before mentor kept it
};

enum class PairState { active, completed, ended };

std::string_view to_string(PairState state);

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

struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  int number = 0;  // 1-based position in the program's template
  Date held_on;
  int minutes = 0;
  int rating = 0;  // 1 to 5
  std::string notes;
};

}  // namespace mentor
