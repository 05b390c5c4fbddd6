// Settings and program templates, read from one TOML file over built-in defaults.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mentor/model.hpp"
#include "mentor/zones.hpp"

namespace mentor {

struct ProgramTemplate {
  std::string name;
  std::string title;
  Cadence cadence;  // from cadence_days, or from cadence ("weekly", "monthly", ...)
  std::vector<TemplateSession> sessions;
};

// When people work, for proposing session times: a working day for everyone and
// overrides by employee id.
struct ScheduleConfig {
  WorkingDay working_day;
  std::map<std::string, WorkingDay, std::less<>> people;
  int session_minutes = 60;  // length of a booked session unless --minutes is given
  int proposals = 3;         // slots proposed when no time is given

  // The working day of `employee_id`: their override, else the common one.
  WorkingDay working_day_of(std::string_view employee_id) const;
};

struct Config {
  int default_capacity = 2;  // mentees one mentor takes unless enrolled with --capacity
  int min_level_gap = 0;     // a mentor's job level is at least the mentee's plus this
  std::string me;            // the user's own employee id, for commands that omit a person
  ScheduleConfig schedule;
  std::map<std::string, ProgramTemplate, std::less<>> templates;

  // Throws NotFoundError listing the known templates when `name` is not one of them.
  const ProgramTemplate& find_template(std::string_view name) const;
};

// The built-in config: the text of examples/config.toml, compiled in.
std::string_view default_config_text();

// Parses TOML text over the built-in defaults: a key the text leaves out keeps its
// default, and a template the text defines replaces the built-in one of that name.
// `source` names the text in errors. Throws ConfigError as "source:line:column: message".
Config parse_config(std::string_view text, const std::string& source);

// Loads the file at `path`, or the built-in defaults when the file does not exist.
Config load_config(const std::filesystem::path& path);

}  // namespace mentor
