// Settings and program templates, read from one TOML file over built-in defaults.
#pragma once

#include <filesystem>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// A recipient of the weekly summary and the people it covers: an empty program or
// department means all of them.
struct MailRecipient {
  std::string address;
  std::string name;
  std::string program;
  std::string department;
};

// Mail settings: the [email] table.
struct EmailConfig {
  std::string from_name = "mentor";
  std::string from_address;  // required before sending
  std::string transport = "sendmail";  // "sendmail" or "smtp"
  std::string sendmail = "/usr/sbin/sendmail";
  std::string smtp_url;  // smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)
  std::string smtp_user;
  std::string smtp_password_env = "MENTOR_SMTP_PASSWORD";  // the password is never in the file
  // A program and its arguments that print the password, run without a shell, such as
  // ["pass", "show", "mail/mentoring"]. When set, it is used instead of the variable.
  std::vector<std::string> smtp_password_command;
  bool require_tls = true;
  // How long the mail server, the sendmail program or the password command may take.
  int timeout_seconds = 60;
  std::string timezone = "UTC";  // the zone whose Monday to Sunday makes a report's week
  std::vector<MailRecipient> recipients;  // [[email.recipients]]
};

// The rule that decides which pairing is best.
enum class PairingObjective {
  max_pairs,  // the most people paired, then the best total score among those pairings
  max_score,  // the best total score, then the most people paired among equal totals
};

// Points each preference adds to a pair's score. A weight of 0 turns the rule off.
struct PairingWeights {
  int different_department = 10;
  int level_gap = 6;             // the full weight at the target gap, half one level away
  int working_overlap = 8;       // scaled by the share of the working day that overlaps
  int different_education = 3;
  int shared_tag = 4;            // per tag both people carry
  int requested = 20;            // a mentee asked for this mentor
  int declined = 20;             // subtracted: a mentee asked not to have this mentor
};

// Each weight's key in a [pairing.weights] table and its field, in the order of the
// built-in config. The config reader and `config show` both use this list.
inline constexpr std::pair<std::string_view, int PairingWeights::*> k_weight_fields[] = {
    {"different_department", &PairingWeights::different_department},
    {"level_gap", &PairingWeights::level_gap},
    {"working_overlap", &PairingWeights::working_overlap},
    {"different_education", &PairingWeights::different_education},
    {"shared_tag", &PairingWeights::shared_tag},
    {"requested", &PairingWeights::requested},
    {"declined", &PairingWeights::declined}};

// The pairing rules of one program: hard constraints, the objective and the weights.
struct PairingRules {
  int default_capacity = 2;      // mentees one mentor takes unless enrolled with --capacity
  int min_level_gap = 0;         // a mentor's job level is at least the mentee's plus this
  int target_level_gap = 1;      // the mentor-mentee level gap that scores best
  int max_level_difference = 1;  // peer programs: the largest level difference in a pair
  int min_overlap_hours = 0;     // shared working hours a pair needs on the start date
  int working_day_start = 9 * 60;  // local working day, minutes after midnight
  int working_day_end = 17 * 60;
  bool avoid_repeat_pairs = true;  // never pair two people who were paired in another program
  bool allow_trio = false;         // peer programs: an odd pool forms one trio
  std::vector<std::pair<std::string, std::string>> avoid;  // employee id pairs never paired
  PairingObjective objective = PairingObjective::max_pairs;
  PairingWeights weights;
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

// Programs run on events such as a pair being made: the [hooks] table.
struct HooksConfig {
  // The folder of the hook programs. Empty means the `hooks` folder next to the config
  // file; a relative path is taken from the config file's folder.
  std::string dir;
  int timeout_seconds = 10;  // a hook still running after this is killed
};

struct Config {
  PairingRules pairing;  // the [pairing] table
  std::string me;        // the user's own employee id, for commands that omit a person
  ScheduleConfig schedule;
  // Rules for programs named under [programs.NAME]: the [pairing] table with that
  // table's keys applied over it.
  std::map<std::string, PairingRules, std::less<>> program_pairing;
  std::map<std::string, ProgramTemplate, std::less<>> templates;
  EmailConfig email;
  // [import.columns]: header names of a roster file mapped to roster field names.
  std::map<std::string, std::string, std::less<>> import_columns;
  HooksConfig hooks;

  // Returns the rules for the program named `program`.
  const PairingRules& pairing_for(std::string_view program) const;

  // Throws NotFoundError listing the known templates when `name` is not one of them.
  const ProgramTemplate& find_template(std::string_view name) const;
};

std::string_view to_string(PairingObjective objective);

// The built-in config: the text of examples/config.toml, compiled in.
std::string_view default_config_text();

// One problem found in a config file. Line and column count from 1; a problem with
// the file as a whole, such as its absence, has line 0.
struct ConfigProblem {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string message;
};

// Formats the problem as "file:line:column: message", or "file: message" for line 0.
std::string to_string(const ConfigProblem& problem);

// Every key a config file may set, as dotted paths. A part that the user names, such
// as a template's name, is written in capitals: "templates.NAME.title". The readers'
// unknown-key checks use the same lists.
std::vector<std::string> known_config_keys();

// Parses TOML text over the built-in defaults: a key the text leaves out keeps its
// default, and a template the text defines replaces the built-in one of that name.
// `source` names the text in errors. Throws ConfigError with the first problem, as
// "source:line:column: message", and the number of further problems.
Config parse_config(std::string_view text, const std::string& source);

// Returns every problem of TOML text read over the built-in defaults, sorted by line
// and column: unknown keys, values of the wrong type, invalid values. A syntax error
// stops the reading, so it is the only problem returned.
std::vector<ConfigProblem> check_config(std::string_view text, const std::string& source);

// Returns a problem when the config file writes a password, in a key, a comment or a
// URL's user part (smtp://ann:secret@host), and users other than its owner may read
// the file. Returns nullopt otherwise.
std::optional<ConfigProblem> find_exposed_password(const std::filesystem::path& path,
                                                   std::string_view text);

// Returns the problems of the file at `path`: those of check_config, an exposed
// password, or the file's absence. Throws ConfigError when it cannot be read.
std::vector<ConfigProblem> check_config_file(const std::filesystem::path& path);

// Loads the file at `path`, or the built-in defaults when the file does not exist.
// Throws ConfigError as parse_config does.
Config load_config(const std::filesystem::path& path);

}  // namespace mentor
