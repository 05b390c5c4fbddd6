// Reading HR roster exports (CSV) into people, and importing them into the store.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "mentor/model.hpp"
#include "mentor/store.hpp"

namespace mentor {

// One rejected row: where it is, which column, the value and what is wrong with it.
struct RosterProblem {
  std::size_t row = 0;  // 1 is the header row
  std::string column;
  std::string value;
  std::string message;
};

struct Roster {
  std::vector<std::string> columns;  // the header as written in the file
  std::vector<Person> people;        // valid rows, one per employee id
  std::vector<RosterProblem> problems;
  std::size_t rows_read = 0;  // data rows, not counting the header or blank rows
};

// Reads a CSV roster with a header row. Header names are matched without regard to
// case, spaces or punctuation, and common HR aliases are accepted ("Emp No" for
// employee_id, "Job Title" for job_role, ...). Throws DataError when a required
// column (employee_id, name, job_level) is missing or the CSV cannot be parsed;
// invalid values are returned in `problems` rather than thrown, so that every
// problem can be reported at once.
Roster read_roster(std::istream& input, const std::string& source);

struct ImportSummary {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
};

// Writes the roster's people to the store inside the caller's transaction.
// Throws DataError listing the problems (at most `k_max_listed_problems`, then a
// count) when the roster has any, before writing anything.
ImportSummary import_roster(Store& store, const Roster& roster);

inline constexpr std::size_t k_max_listed_problems = 20;

}  // namespace mentor
