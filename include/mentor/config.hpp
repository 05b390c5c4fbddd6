// Settings and program templates, read from one TOML file over built-in defaults.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mentor/model.hpp"

namespace mentor {

struct ProgramTemplate {
  std::string name;
  std::string title;
  int cadence_days = 14;  // days between sessions
  std::vector<TemplateSession> sessions;
};

// How mentor sends email: the [email] table.
struct EmailConfig {
  std::string from_name = "mentor";
  std::string from_address;  // required before sending
  std::string transport = "sendmail";  // "sendmail" or "smtp"
  std::string sendmail = "/usr/sbin/sendmail";
  std::string smtp_url;  // smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)
  std::string smtp_user;
  std::string smtp_password_env = "MENTOR_SMTP_PASSWORD";  // the password is never in the file
  bool require_tls = true;
};

struct Config {
  int default_capacity = 2;  // mentees one mentor takes unless enrolled with --capacity
  int min_level_gap = 0;     // a mentor's job level is at least the mentee's plus this
  std::map<std::string, ProgramTemplate, std::less<>> templates;
  EmailConfig email;
  // [import.columns]: header names of a roster file mapped to roster field names.
  std::map<std::string, std::string, std::less<>> import_columns;

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
