// Reading one roster header and its rows into people; private to the core library.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mentor/csv_reader.hpp"
#include "mentor/roster.hpp"

namespace mentor::roster {

enum class Field {
  employee_id,
  name,
  email,
  department,
  job_role,
  job_level,
  education_field,
  gender,
  age,
  years_at_company,
  years_since_last_promotion,
  total_working_years,
  timezone,
  manager_id,
  first_name,
  last_name,
};

// The field of each column of a file, from its header row.
struct Layout {
  std::vector<std::string> headers;           // as written, with control characters escaped
  std::vector<std::optional<Field>> fields;   // per column; nullopt for a column mentor ignores
  std::vector<bool> unnamed;                  // per column: the header cell is empty
  bool has_manager = false;
};

// Reads the header row. Throws DataError when two columns give the same field (naming
// both), when a required column is missing (listing the columns found and the ones
// needed), or when `columns` maps a header to an unknown field.
Layout read_header(const CsvRecord& header, const ColumnMapping& columns,
                   const std::string& source);

// Checks time zone names against the system tz database and caches each result.
class ZoneChecker {
 public:
  bool is_known(const std::string& name);

 private:
  std::unordered_map<std::string, bool> m_known;
};

struct ParsedRow {
  bool blank = false;  // every field is empty: the row is skipped
  Person person;
  std::vector<RosterProblem> problems;
};

// Reads and checks one data row: trims values, lower-cases the email, removes the
// formula guard that export adds, and records a problem per invalid value.
ParsedRow parse_row(const Layout& layout, const CsvRecord& record, ZoneChecker& zones);

}  // namespace mentor::roster
