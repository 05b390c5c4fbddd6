// Programs and enrolment: creating a program from a template and enrolling people.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mentor/config.hpp"
#include "mentor/store.hpp"

namespace mentor {

struct ProgramRequest {
  std::string name;
  std::string template_name;
  Date start;
  std::optional<Cadence> cadence;  // overrides the template's cadence
  ProgramKind kind = ProgramKind::mentor;
};

// Creates the program, copying its template's sessions. Creating a program that
// already exists with the same template, start, cadence and kind returns false and
// changes nothing; one that exists with other settings throws DataError. Throws UsageError
// for an invalid name and NotFoundError for an unknown template.
bool create_program(Store& store, const Config& config, const ProgramRequest& request);

// Returns the program or throws NotFoundError naming it.
Program require_program(const Store& store, const std::string& name);

// Returns the person or throws NotFoundError naming the id.
Person require_person(const Store& store, const std::string& employee_id);

// Finds a person by employee id, by email (ignoring ASCII case), or by a part of the
// name (ignoring ASCII case) that only one person's name contains. Throws
// NotFoundError when nobody matches and DataError listing the candidates when a
// part of a name matches several people.
Person resolve_person(const Store& store, const std::string& text);

struct EnrolRequest {
  Role role = Role::mentee;
  bool peers = false;  // enrol as peers (stored as mentees); only in peer programs
  std::vector<std::string> employee_ids;
  std::optional<PersonFilter> filter;  // enrol everyone who matches, as well as the ids
  std::optional<int> capacity;         // mentors only
  Date enrolled_on;                    // recorded for people not enrolled before
};

struct EnrolResult {
  std::vector<std::string> added;
  std::vector<std::string> updated;  // capacity changed
  std::vector<std::string> unchanged;
};

// Enrols the named people and everyone matching the filter. Enrolling someone twice
// in the same role is not an error (the result lists them as unchanged). Throws
// NotFoundError for an unknown id, DataError for someone enrolled in the other role,
// a filter that matches nobody, or a role that does not fit the program's kind (peers
// only in peer programs, mentors and mentees only in mentor programs), and UsageError
// for --capacity on mentees.
EnrolResult enrol(Store& store, const Program& program, const EnrolRequest& request);

// Parses a job level range: "3", "3..5", "3.." or "..5". Throws UsageError.
PersonFilter parse_level_range(const std::string& text, PersonFilter filter = {});

}  // namespace mentor
