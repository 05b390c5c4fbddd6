// Importing HR roster exports (CSV) into the store, and exporting people back.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mentor/model.hpp"
#include "mentor/store.hpp"

namespace mentor {

// Header names of a roster (as written in the file) mapped to roster field names, as
// given in the config's [import.columns] table. They take precedence over the
// built-in aliases.
using ColumnMapping = std::map<std::string, std::string, std::less<>>;

// The field names that a header can map to: the columns `people export` writes, plus
// first_name and last_name, which are joined into name when a file has no name column.
const std::vector<std::string_view>& roster_field_names();

// One invalid row: the physical line where its record starts, the column as the
// file's header names it, the value and what is wrong with it.
struct RosterProblem {
  std::size_t line = 0;
  std::string column;
  std::string value;
  std::string message;
};

// The reason given when a full import ends the active pairs of someone who left.
inline constexpr std::string_view k_left_company_reason = "left the company";

struct ImportOptions {
  std::string source;    // names the file in messages
  std::string encoding;  // iconv name of the file's encoding; empty means UTF-8
  ColumnMapping columns;
  Date as_of;  // the date given to the joins, departures, promotions and changes recorded
  // The file lists the whole company: everyone not in it has left on `as_of`.
  bool full = false;
  // Import a file whose `as_of` is before the latest event already recorded, dating
  // its changes before that event.
  bool allow_older = false;
  // Import the valid rows and pass the invalid ones to `open_rejected`, rather than
  // rejecting the whole file.
  bool skip_invalid = false;
  // Returns the stream for rejected rows. Called once, at the first rejected row, so
  // that no file is created when every row is valid. May be empty.
  std::function<std::ostream&()> open_rejected;
  // Called every k_progress_rows data rows with the number read so far. May be empty.
  std::function<void(std::size_t rows)> on_progress;
  // Called with one line per change (person added, updated, rehired or left), for a
  // dry run to print. May be empty.
  std::function<void(const std::string& change)> on_change;
  // The roster is one row that mentor built from command-line options, not a user's
  // file: errors name no line and do not suggest --skip-invalid.
  bool single_row = false;
};

inline constexpr std::size_t k_progress_rows = 10'000;
inline constexpr std::size_t k_max_listed_problems = 20;

struct ImportSummary {
  std::size_t rows = 0;        // data rows read, without the header and blank lines
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t duplicates = 0;  // rows repeating an earlier row exactly
  std::size_t rejected = 0;    // invalid rows, skipped with --skip-invalid
  std::size_t left = 0;
  std::size_t rehired = 0;
  std::size_t promoted = 0;
  std::size_t department_changed = 0;
  std::size_t role_changed = 0;
  std::size_t pairs_ended = 0;
  std::map<std::string, std::size_t> updated_fields;  // field name to people updated in it

  bool changed_nothing() const { return added + updated + left == 0; }
};

// Reads a CSV roster with a header row from `input` and writes it to `store`, inside
// the caller's transaction, row by row.
//
// Header names are matched without regard to case, spaces or punctuation, through
// `options.columns` first and then the built-in aliases ("Emp No" for employee_id,
// "Job Title" for job_role, ...). The file needs employee_id, job_level and either
// name or first_name with last_name.
//
// Throws DataError, after reading the whole file, when any row is invalid (listing up
// to k_max_listed_problems of them, then a count) unless `options.skip_invalid` is set,
// and always when managers are missing from the file, manage themselves or form a
// loop. Throws DataError before reading anything when `options.as_of` is before the
// latest person event in the store, unless `options.allow_older` or
// `options.single_row` is set. Also throws DataError when the header is unusable or the CSV is malformed,
// and what read_csv throws. The caller rolls the transaction back on any throw, so
// that nothing of a rejected file is kept.
ImportSummary import_roster(Store& store, std::istream& input, const ImportOptions& options);

// Writes the people who have not left as CSV, one row per person in employee id
// order, with the columns of roster_field_names() except first_name and last_name.
// Cells that a spreadsheet would run as a formula get a leading apostrophe, which
// import_roster removes again.
void export_people_csv(const Store& store, std::ostream& output);

// The header row that export_people_csv writes, ending in a line break.
std::string people_csv_header();

// One person as a row under people_csv_header(), formula-safe, ending in a line break.
std::string person_csv_row(const Person& person);

}  // namespace mentor
