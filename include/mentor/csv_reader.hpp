// Streaming CSV reading over libcsv, for files as spreadsheets and HR systems save them,
// and the matching CSV writing.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace mentor {

// Limits that keep memory bounded on any input: one record (all of its physical
// lines) may take at most k_max_csv_record_bytes, and have at most k_max_csv_fields
// fields.
inline constexpr std::size_t k_max_csv_record_bytes = std::size_t{1} << 20;
inline constexpr std::size_t k_max_csv_fields = 10'000;

// One CSV record with the physical line (1-based) of the file where it starts.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;  // as read, quotes removed, not trimmed
};

struct CsvReadOptions {
  std::string source;    // names the file in messages
  std::string encoding;  // iconv name of the input encoding; empty means UTF-8
};

// Reads `input` record by record and calls `on_record` for each, so that the file is
// never held in memory whole. Before parsing, it strips a UTF-8 byte-order mark and
// picks the separator (comma, semicolon or tab) that occurs most often in the header
// line, outside quotes. CRLF and LF line ends are both accepted, and blank lines are
// skipped. Input in another encoding is converted to UTF-8 with iconv.
// Throws DataError when the CSV is malformed (naming the line) or a record breaks one
// of the limits above. Also throws DataError when the text is not valid UTF-8 and no
// encoding was given (naming the line and suggesting --encoding), and UsageError when
// iconv does not know the encoding.
void read_csv(std::istream& input, const CsvReadOptions& options,
              const std::function<void(const CsvRecord&)>& on_record);

// Returns one CSV line (ending in "\n") with each field quoted when it contains the
// separator, a quote, or a line break.
std::string format_csv_row(const std::vector<std::string>& fields);

// Returns `value` with a leading apostrophe when a spreadsheet would run it as a
// formula: when it starts with =, +, -, @, a tab or a carriage return, and is not a
// plain decimal number such as -3.5. A value of apostrophes followed by one of those
// characters, such as '=x, gets one more apostrophe too, so that strip_formula_guard
// gives back every value unchanged.
std::string make_formula_safe(std::string_view value);

// Reverses make_formula_safe: drops the first of the apostrophes in front of a formula
// character.
std::string strip_formula_guard(std::string_view value);

}  // namespace mentor
