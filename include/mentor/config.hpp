// Settings and program templates, read from one TOML file over built-in defaults.
#pragma once

#include <filesystem>
#include <map>
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

  // Returns the rules for the program named `program`.
  const PairingRules& pairing_for(std::string_view program) const;

  // Throws NotFoundError listing the known templates when `name` is not one of them.
  const ProgramTemplate& find_template(std::string_view name) const;
};

std::string_view to_string(PairingObjective objective);

// The built-in config: the text of examples/config.toml, compiled in.
std::string_view default_config_text();

// Parses TOML text over the built-in defaults: a key the text leaves out keeps its
// default, and a template the text defines replaces the built-in one of that name.
// `source` names the text in errors. Throws ConfigError as "source:line:column: message".
Config parse_config(std::string_view text, const std::string& source);

// Loads the file at `path`, or the built-in defaults when the file does not exist.
Config load_config(const std::filesystem::path& path);

// Returns one message per way the config file at `path`, loaded as `config`, could
// expose a secret: a password written into email.smtp_url (smtp://user:password@host),
// and file permissions that let users other than the owner read or write it. Empty
// when there is none, or when the file does not exist. Passwords under their own keys
// are rejected by parse_config already.
std::vector<std::string> config_secret_problems(const std::filesystem::path& path,
                                                const Config& config);

}  // namespace mentor
