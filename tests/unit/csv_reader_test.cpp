#include "mentor/csv_reader.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::CsvRecord;
using mentor::DataError;
using mentor::k_max_csv_fields;
using mentor::k_max_csv_record_bytes;
using mentor::test::thrown;

namespace {

// Reads `text` as "roster.csv" and returns its records.
std::vector<CsvRecord> read_text(const std::string& text) {
  std::istringstream input(text);
  std::vector<CsvRecord> records;
  mentor::read_csv(input, {"roster.csv", ""},
                   [&records](const CsvRecord& record) { records.push_back(record); });
  return records;
}

// Returns the message of the DataError that reading `text` throws, or "" when none.
std::string read_error(const std::string& text) {
  const auto error = thrown<DataError>([&text] { read_text(text); });
  return error ? error->what() : "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE_BEGIN("csv_reader");

TEST_CASE("record at the size limit is read") {
  const std::string header = "id,name\n";
  const std::string row = "E1," + std::string(k_max_csv_record_bytes - 4, 'x') + "\n";
  REQUIRE(row.size() == k_max_csv_record_bytes);
  const auto records = read_text(header + row);
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields[1].size() == k_max_csv_record_bytes - 4);
}

TEST_CASE("record over the size limit is rejected") {
  const std::string text = "id,name\nE1,ok\nE2," + std::string(k_max_csv_record_bytes, 'x') + "\n";
  const auto message = read_error(text);
  CHECK(contains(message, "roster.csv: line 3:"));
  CHECK(contains(message, "longer than 1048576 bytes"));
}

TEST_CASE("quoted field over many lines counts whole") {
  std::string field;
  while (field.size() <= k_max_csv_record_bytes) field += "a short line\n";
  const auto message = read_error("id,notes\nE1,\"" + field + "\"\n");
  CHECK(contains(message, "line 2:"));
  CHECK(contains(message, "longer than"));
}

TEST_CASE("line without end is rejected early") {
  const auto message = read_error("id," + std::string(3 * k_max_csv_record_bytes, 'x'));
  CHECK(contains(message, "line 1:"));
  CHECK(contains(message, "longer than"));
}

TEST_CASE("many blank lines are no record") {
  const std::string blank_lines(2 * k_max_csv_record_bytes, '\n');
  const auto records = read_text("id,name\n" + blank_lines + "E1,Ann\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].line == 2 * k_max_csv_record_bytes + 2);
}

TEST_CASE("field count at the limit is read") {
  std::string header;
  for (std::size_t i = 0; i < k_max_csv_fields; ++i) header += (i == 0 ? "c" : ",c");
  const auto records = read_text(header + "\n");
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields.size() == k_max_csv_fields);
}

TEST_CASE("field count over the limit is rejected") {
  std::string header;
  for (std::size_t i = 0; i <= k_max_csv_fields; ++i) header += (i == 0 ? "c" : ",c");
  const auto message = read_error("id,name\n" + header + "\n");
  CHECK(contains(message, "line 2:"));
  CHECK(contains(message, "more than 10000 columns"));
}

TEST_SUITE_END();
