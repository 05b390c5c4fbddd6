// Helpers shared by the unit suites: temporary folders, dates and people.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "mentor/dates.hpp"
#include "mentor/model.hpp"

namespace mentor::test {

// A fresh folder under the system temporary directory. It is removed when the test
// that made it passes, and kept with its path printed when the test fails.
class TempFolder {
 public:
  TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder();

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

// Returns true when an assertion of the running test case has failed so far.
bool current_test_failed();

constexpr Date ymd(int year, unsigned month, unsigned day) {
  return Date{date::year{year} / date::month{month} / date::day{day}};
}

// Makes a person with only the fields that pairing uses. The name is the id.
Person make_person(const std::string& employee_id, const std::string& department, int job_level);

// Runs `function` and returns the exception of type `Exception` that it throws, or
// nullopt when it returns normally. Any other exception propagates.
template <typename Exception, typename Function>
std::optional<Exception> thrown(Function&& function) {
  try {
    function();
  } catch (const Exception& error) {
    return error;
  }
  return std::nullopt;
}

// Reads a whole file as bytes.
std::string read_bytes(const std::filesystem::path& file);

// Replaces a file's contents with `bytes`.
void write_bytes(const std::filesystem::path& file, const std::string& bytes);

}  // namespace mentor::test
