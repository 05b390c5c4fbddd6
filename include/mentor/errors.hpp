// Exit statuses and the exception types that carry them to main().
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mentor {

// Exit statuses, after the BSD sysexits.h values. docs/exit-status.md lists
// them for users; keep the two in step.
enum class ExitStatus : int {
  ok = 0,
  alert = 1,         // a check found what it looks for: pairs stalled past `due --stalled`
  usage = 64,        // invalid command line: unknown option, bad date, rating out of range
  data_error = 65,   // input rejected: invalid roster rows, a pair that breaks a rule
  no_input = 66,     // a file or the database does not exist or cannot be read
  not_found = 67,    // a named person, program, pair or template does not exist
  unavailable = 69,  // the mail server or sendmail rejected the message or cannot be reached
  software = 70,     // an internal error: a bug in mentor
  os_file = 72,      // a file of mentor's installation is missing or damaged: the mail module
  cant_create = 73,  // an output file or folder cannot be created
  io_error = 74,     // the database cannot be read or written (disk full, read-only, corrupt)
  temp_fail = 75,    // the database stayed locked past the timeout, or sendmail deferred a message
  config = 78,       // the config file is invalid
};

// Base of every error that main() reports as "mentor: error: <what()>".
// Throwing it (rather than exiting) lets open transactions roll back.
class Error : public std::runtime_error {
 public:
  Error(ExitStatus status, const std::string& message)
      : std::runtime_error(message), m_status(status), m_summary(message) {}
  // An error with items listed under its first line, such as the invalid rows of a
  // roster. what() contains them all, one per line, each indented by two spaces.
  Error(ExitStatus status, const std::string& summary, std::vector<std::string> items)
      : std::runtime_error(with_items(summary, items)),
        m_status(status),
        m_summary(summary),
        m_items(std::move(items)) {}
  ExitStatus status() const { return m_status; }
  const std::string& summary() const { return m_summary; }
  const std::vector<std::string>& items() const { return m_items; }

 private:
  static std::string with_items(std::string text, const std::vector<std::string>& items) {
    for (const auto& item : items) text += "\n  " + item;
    return text;
  }

  ExitStatus m_status;
  std::string m_summary;
  std::vector<std::string> m_items;
};

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ExitStatus::usage, message) {}
};

class DataError : public Error {
 public:
  explicit DataError(const std::string& message) : Error(ExitStatus::data_error, message) {}
  DataError(const std::string& summary, std::vector<std::string> items)
      : Error(ExitStatus::data_error, summary, std::move(items)) {}
};

class NotFoundError : public Error {
 public:
  explicit NotFoundError(const std::string& message) : Error(ExitStatus::not_found, message) {}
};

class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(ExitStatus::config, message) {}
};

class StoreError : public Error {
 public:
  StoreError(ExitStatus status, const std::string& message) : Error(status, message) {}
};

}  // namespace mentor
