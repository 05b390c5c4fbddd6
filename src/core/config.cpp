#include "mentor/config.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <cctype>
#include <span>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "mentor/errors.hpp"
#include "mentor/people.hpp"
#include "mentor/roster.hpp"

namespace mentor {

namespace {

// The name of the text being read, for messages, and the problems found in it so far.
struct Source {
  std::string name;
  std::vector<ConfigProblem>& problems;
};

// Thrown by fail_at and caught by guarded(), which records the problem and goes on
// with the next key, so that one run finds every problem of a file.
struct ProblemFound {
  ConfigProblem problem;
};

ConfigProblem problem_at(const std::string& source, const toml::source_region& region,
                         std::string message) {
  return {source, static_cast<std::int64_t>(region.begin.line),
          static_cast<std::int64_t>(region.begin.column), std::move(message)};
}

[[noreturn]] void fail_at(Source& source, const toml::node& node, const std::string& message) {
  throw ProblemFound{problem_at(source.name, node.source(), message)};
}

// Reports an unknown key at the key itself, not at its value.
[[noreturn]] void fail_at(Source& source, const toml::key& key, const std::string& message) {
  throw ProblemFound{problem_at(source.name, key.source(), message)};
}

// Runs `read` and records the problem it raises instead of stopping.
template <typename Read>
void guarded(Source& source, Read&& read) {
  try {
    read();
  } catch (ProblemFound& found) {
    source.problems.push_back(std::move(found.problem));
  }
}

// The keys each table accepts. The unknown-key messages and known_config_keys, which
// `config show --json` prints and a test compares with docs/config.md, use these lists.
constexpr std::string_view k_top_keys[] = {"me",    "pairing", "programs", "schedule",
                                           "email", "import",  "hooks",    "templates"};
constexpr std::string_view k_pairing_keys[] = {"default_capacity",
                                               "min_level_gap",
                                               "target_level_gap",
                                               "max_level_difference",
                                               "min_overlap_hours",
                                               "working_day",
                                               "avoid_repeat_pairs",
                                               "allow_trio",
                                               "avoid",
                                               "objective",
                                               "weights"};
constexpr std::string_view k_email_keys[] = {
    "from_name",   "from_address", "transport",         "sendmail",
    "smtp_url",    "smtp_user",    "smtp_password_env", "smtp_password_command",
    "require_tls", "timeout_seconds", "timezone", "recipients"};
constexpr std::string_view k_recipient_keys[] = {"address", "name", "program", "department"};
constexpr std::string_view k_schedule_keys[] = {"working_day", "session_minutes", "proposals",
                                                "people"};
constexpr std::string_view k_import_keys[] = {"columns"};
constexpr std::string_view k_hooks_keys[] = {"dir", "timeout_seconds"};
constexpr std::string_view k_template_keys[] = {"title", "cadence", "cadence_days", "sessions"};
constexpr std::string_view k_session_keys[] = {"title", "mentee", "mentor"};

std::vector<std::string_view> weight_keys() {
  std::vector<std::string_view> keys;
  for (const auto& [key, field] : k_weight_fields) keys.push_back(key);
  return keys;
}

// Raises "unknown key 'TABLE.KEY' (known: ...)" for a key that `known` does not list.
[[noreturn]] void fail_unknown(Source& source, const toml::key& key, std::string_view table,
                               std::span<const std::string_view> known) {
  const std::string name =
      table.empty() ? std::string(key.str()) : fmt::format("{}.{}", table, key.str());
  fail_at(source, key, fmt::format("unknown key '{}' (known: {})", name, fmt::join(known, ", ")));
}

int read_positive_int(Source& source, const toml::node& node, std::string_view key, int minimum,
                      int maximum = 1000) {
  const auto value = node.value<std::int64_t>();
  if (!node.is_integer() || !value || *value < minimum || *value > maximum) {
    fail_at(source, node,
            fmt::format("'{}' must be a whole number from {} to {}", key, minimum, maximum));
  }
  return static_cast<int>(*value);
}

std::string read_string(Source& source, const toml::node& node, std::string_view key) {
  if (!node.is_string()) fail_at(source, node, fmt::format("'{}' must be a string", key));
  return std::string(*node.value<std::string_view>());
}

bool read_bool(Source& source, const toml::node& node, std::string_view key) {
  if (!node.is_boolean()) fail_at(source, node, fmt::format("'{}' must be true or false", key));
  return *node.value<bool>();
}

// Parses "HH:MM-HH:MM" into minutes after midnight; the end must follow the start.
void read_working_day(Source& source, const toml::node& node, PairingRules& rules) {
  const std::string text = read_string(source, node, "working_day");
  unsigned start_hour = 0, start_minute = 0, end_hour = 0, end_minute = 0;
  char colon1 = 0, dash = 0, colon2 = 0;
  std::istringstream input(text);
  input >> start_hour >> colon1 >> start_minute >> dash >> end_hour >> colon2 >> end_minute;
  const int start = static_cast<int>(start_hour * 60 + start_minute);
  const int end = static_cast<int>(end_hour * 60 + end_minute);
  if (!input || !input.eof() || colon1 != ':' || dash != '-' || colon2 != ':' ||
      start_minute > 59 || end_minute > 59 || end > 24 * 60 || start >= end) {
    fail_at(source, node,
            fmt::format("invalid working_day '{}': write the local working day as "
                        "\"HH:MM-HH:MM\", for example \"09:00-17:00\"",
                        text));
  }
  rules.working_day_start = start;
  rules.working_day_end = end;
}

void read_avoid(Source& source, const toml::node& node, PairingRules& rules) {
  const auto* list = node.as_array();
  if (list == nullptr) {
    fail_at(source, node, "'avoid' must be an array of id pairs, e.g. [[\"E1\", \"E2\"]]");
  }
  rules.avoid.clear();
  for (const auto& entry : *list) {
    const auto* ids = entry.as_array();
    if (ids == nullptr || ids->size() != 2 || !(*ids)[0].is_string() || !(*ids)[1].is_string()) {
      fail_at(source, entry,
              "each entry of 'avoid' must be two employee ids, e.g. [\"E1\", \"E2\"]");
    }
    rules.avoid.emplace_back(*(*ids)[0].value<std::string>(), *(*ids)[1].value<std::string>());
  }
}

void read_weights(Source& source, const toml::node& node, PairingWeights& weights,
                  const std::string& where) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, "'weights' must be a table");
  for (const auto& [key, value] : *table) {
    guarded(source, [&] {
      // Clang before 16 cannot capture a structured binding, so the lambda takes a copy.
      const auto name = key.str();
      const auto* found =
          std::find_if(std::begin(k_weight_fields), std::end(k_weight_fields),
                       [&name](const auto& entry) { return entry.first == name; });
      if (found == std::end(k_weight_fields)) fail_unknown(source, key, where, weight_keys());
      weights.*(found->second) = read_positive_int(source, value, key.str(), 0);
    });
  }
}

void read_objective(Source& source, const toml::node& node, PairingRules& rules) {
  const std::string text = read_string(source, node, "objective");
  if (text == "max-pairs") {
    rules.objective = PairingObjective::max_pairs;
  } else if (text == "max-score") {
    rules.objective = PairingObjective::max_score;
  } else {
    fail_at(source, node,
            fmt::format("invalid objective '{}': use \"max-pairs\" or \"max-score\"", text));
  }
}

void read_pairing_key(Source& source, const toml::key& key, const toml::node& node,
                      PairingRules& rules, const std::string& where) {
  if (key == "default_capacity") {
    rules.default_capacity = read_positive_int(source, node, key.str(), 1);
  } else if (key == "min_level_gap") {
    rules.min_level_gap = read_positive_int(source, node, key.str(), 0);
  } else if (key == "target_level_gap") {
    rules.target_level_gap = read_positive_int(source, node, key.str(), 0);
  } else if (key == "max_level_difference") {
    rules.max_level_difference = read_positive_int(source, node, key.str(), 0);
  } else if (key == "min_overlap_hours") {
    rules.min_overlap_hours = read_positive_int(source, node, key.str(), 0);
  } else if (key == "working_day") {
    read_working_day(source, node, rules);
  } else if (key == "avoid_repeat_pairs") {
    rules.avoid_repeat_pairs = read_bool(source, node, key.str());
  } else if (key == "allow_trio") {
    rules.allow_trio = read_bool(source, node, key.str());
  } else if (key == "avoid") {
    read_avoid(source, node, rules);
  } else if (key == "objective") {
    read_objective(source, node, rules);
  } else if (key == "weights") {
    read_weights(source, node, rules.weights, where + ".weights");
  } else {
    fail_unknown(source, key, where, k_pairing_keys);
  }
}

// Reads the keys of a [pairing] or [programs.NAME] table; `where` names it in errors.
void read_pairing(Source& source, const toml::table& pairing, PairingRules& rules,
                  const std::string& where) {
  for (const auto& [key, node] : pairing) {
    guarded(source, [&] { read_pairing_key(source, key, node, rules, where); });
  }
}

MailRecipient read_recipient(Source& source, const toml::node& node) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, "each [[email.recipients]] entry must be a table");
  MailRecipient recipient;
  for (const auto& [key, value] : *table) {
    guarded(source, [&] {
      if (key == "address") {
        recipient.address = read_string(source, value, "address");
      } else if (key == "name") {
        recipient.name = read_string(source, value, "name");
      } else if (key == "program") {
        recipient.program = read_string(source, value, "program");
      } else if (key == "department") {
        recipient.department = read_string(source, value, "department");
      } else {
        fail_unknown(source, key, "email.recipients", k_recipient_keys);
      }
    });
  }
  if (!is_email_address(recipient.address)) {
    fail_at(source, node,
            "each [[email.recipients]] entry needs an address such as lead@example.com");
  }
  return recipient;
}

void read_email(Source& source, const toml::table& table, EmailConfig& email) {
  for (const auto& [key, node] : table) {
    guarded(source, [&] {
      if (key == "from_name") {
        email.from_name = read_string(source, node, "from_name");
        // A line break would end the From header and start another one.
        if (email.from_name.find_first_of("\r\n") != std::string::npos) {
          fail_at(source, node,
                  "invalid email.from_name: it contains a line break; write the name on one line");
        }
      } else if (key == "from_address") {
        email.from_address = read_string(source, node, "from_address");
      } else if (key == "transport") {
        email.transport = read_string(source, node, "transport");
        if (email.transport != "sendmail" && email.transport != "smtp") {
          fail_at(source, node,
                  fmt::format("invalid email.transport '{}': use \"sendmail\" or \"smtp\"",
                              email.transport));
        }
      } else if (key == "sendmail") {
        email.sendmail = read_string(source, node, "sendmail");
      } else if (key == "smtp_url") {
        email.smtp_url = read_string(source, node, "smtp_url");
        // libcurl accepts any protocol it supports, and http:// would send the message and
        // the password in plain text to a web server.
        if (!email.smtp_url.empty() && !email.smtp_url.starts_with("smtp://") &&
            !email.smtp_url.starts_with("smtps://")) {
          fail_at(source, node,
                  fmt::format("invalid email.smtp_url '{}': write smtp://host:587 (STARTTLS) or "
                              "smtps://host:465 (TLS)",
                              email.smtp_url));
        }
      } else if (key == "smtp_user") {
        email.smtp_user = read_string(source, node, "smtp_user");
      } else if (key == "smtp_password_command") {
        const auto* words = node.as_array();
        if (words == nullptr || words->empty()) {
          fail_at(source, node,
                  "'email.smtp_password_command' must be a list of strings, such as "
                  "[\"pass\", \"show\", \"mail\"]");
        }
        email.smtp_password_command.clear();
        for (const auto& word : *words) {
          email.smtp_password_command.push_back(read_string(source, word, "smtp_password_command"));
        }
      } else if (key == "smtp_password_env") {
        email.smtp_password_env = read_string(source, node, "smtp_password_env");
      } else if (key == "require_tls") {
        email.require_tls = read_bool(source, node, "require_tls");
      } else if (key == "timeout_seconds") {
        email.timeout_seconds =
            read_positive_int(source, node, "email.timeout_seconds", 1, 3600);
      } else if (key == "timezone") {
        email.timezone = read_string(source, node, "timezone");
        if (!is_known_time_zone(email.timezone)) {
          fail_at(source, node,
                  fmt::format("unknown time zone '{}' for email.timezone: use an IANA name such as "
                              "Europe/Berlin",
                              email.timezone));
        }
      } else if (key == "recipients") {
        const auto* list = node.as_array();
        if (list == nullptr) {
          fail_at(source, node,
                  "'email.recipients' must be an array of tables ([[email.recipients]])");
        }
        email.recipients.clear();
        for (const auto& item : *list) {
          guarded(source, [&] { email.recipients.push_back(read_recipient(source, item)); });
        }
      } else if (key == "smtp_password" || key == "password") {
        fail_at(source, key,
                "a password must not be written in the config file: put it in the environment "
                "variable named by email.smtp_password_env");
      } else {
        fail_unknown(source, key, "email", k_email_keys);
      }
    });
  }
}

TemplateSession read_session(Source& source, const toml::node& node,
                             const std::string& template_name) {
  const std::string where = fmt::format("templates.{}.sessions", template_name);
  const auto* table = node.as_table();
  if (table == nullptr) {
    fail_at(source, node,
            fmt::format("each session of template '{}' must be a table", template_name));
  }
  TemplateSession session;
  const auto problems_before = source.problems.size();
  for (const auto& [key, value] : *table) {
    guarded(source, [&] {
      if (key == "title") {
        session.title = read_string(source, value, "title");
      } else if (key == "mentee") {
        session.mentee_objective = read_string(source, value, "mentee");
      } else if (key == "mentor") {
        session.mentor_objective = read_string(source, value, "mentor");
      } else {
        fail_unknown(source, key, where, k_session_keys);
      }
    });
  }
  if (session.title.empty() && source.problems.size() == problems_before) {
    fail_at(source, node, fmt::format("a session of template '{}' has no title", template_name));
  }
  return session;
}

ProgramTemplate read_template(Source& source, const std::string& name, const toml::node& node) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, fmt::format("template '{}' must be a table", name));
  ProgramTemplate result;
  result.name = name;
  result.title = name;
  const auto problems_before = source.problems.size();
  for (const auto& [key, value] : *table) {
    guarded(source, [&] {
      if (key == "title") {
        result.title = read_string(source, value, "title");
      } else if (key == "cadence_days") {
        result.cadence = Cadence{read_positive_int(source, value, "cadence_days", 1, 365), false};
      } else if (key == "cadence") {
        const auto cadence = parse_cadence(read_string(source, value, "cadence"));
        if (!cadence) {
          fail_at(source, value,
                  "'cadence' must be \"weekly\", \"biweekly\", \"monthly\" or a number of "
                  "days such as \"10d\"");
        }
        result.cadence = *cadence;
      } else if (key == "sessions") {
        const auto* sessions = value.as_array();
        if (sessions == nullptr) {
          fail_at(source, value,
                  "'sessions' must be an array of tables ([[templates.NAME.sessions]])");
        }
        for (const auto& session : *sessions) {
          guarded(source, [&] { result.sessions.push_back(read_session(source, session, name)); });
        }
      } else {
        fail_unknown(source, key, "templates." + name, k_template_keys);
      }
    });
  }
  if (result.sessions.empty() && source.problems.size() == problems_before) {
    fail_at(source, node, fmt::format("template '{}' has no sessions", name));
  }
  return result;
}

void read_import_column(Source& source, const toml::key& header, const toml::node& node,
                        Config& config) {
  const auto field = read_string(source, node, header.str());
  const auto& known = roster_field_names();
  if (std::find(known.begin(), known.end(), field) == known.end()) {
    fail_at(source, node,
            fmt::format("import.columns maps '{}' to '{}', which is not a roster field "
                        "(known: {})",
                        header.str(), field, fmt::join(known, ", ")));
  }
  config.import_columns.insert_or_assign(std::string(header.str()), field);
}

void read_import(Source& source, const toml::table& import, Config& config) {
  for (const auto& [key, node] : import) {
    guarded(source, [&] {
      if (key != "columns") fail_unknown(source, key, "import", k_import_keys);
      const auto* columns = node.as_table();
      if (columns == nullptr) fail_at(source, node, "'import.columns' must be a table");
      for (const auto& [header, field_node] : *columns) {
        guarded(source, [&] { read_import_column(source, header, field_node, config); });
      }
    });
  }
}

// A [programs.NAME] table, applied over the final [pairing] table once both the
// built-in and the user's config are read.
struct ProgramOverride {
  std::string source;
  std::string name;
  toml::table table;
};

WorkingDay read_working_day(Source& source, const toml::node& node, std::string_view key) {
  const auto day = parse_working_day(read_string(source, node, key));
  if (!day) {
    fail_at(source, node,
            fmt::format("'{}' must be a span of local time such as \"09:00-17:00\"", key));
  }
  return *day;
}

void read_schedule(Source& source, const toml::table& schedule, Config& config) {
  for (const auto& [key, node] : schedule) {
    guarded(source, [&] {
      if (key == "working_day") {
        config.schedule.working_day = read_working_day(source, node, "schedule.working_day");
      } else if (key == "session_minutes") {
        config.schedule.session_minutes = read_positive_int(source, node, key.str(), 1);
      } else if (key == "proposals") {
        config.schedule.proposals = read_positive_int(source, node, key.str(), 1);
      } else if (key == "people") {
        const auto* people = node.as_table();
        if (people == nullptr) fail_at(source, node, "'schedule.people' must be a table");
        for (const auto& [employee_id, hours] : *people) {
          guarded(source, [&] {
            config.schedule.people.insert_or_assign(
                std::string(employee_id.str()),
                read_working_day(source, hours,
                                 fmt::format("schedule.people.{}", employee_id.str())));
          });
        }
      } else {
        fail_unknown(source, key, "schedule", k_schedule_keys);
      }
    });
  }
}

void read_hooks(Source& source, const toml::table& table, HooksConfig& hooks) {
  for (const auto& [key, node] : table) {
    guarded(source, [&] {
      if (key == "dir") {
        hooks.dir = read_string(source, node, "hooks.dir");
      } else if (key == "timeout_seconds") {
        hooks.timeout_seconds = read_positive_int(source, node, "hooks.timeout_seconds", 1, 3600);
      } else {
        fail_unknown(source, key, "hooks", k_hooks_keys);
      }
    });
  }
}

// Applies the tables of `document` onto `config`, key by key.
void apply(Source& source, const toml::table& document, Config& config,
           std::vector<ProgramOverride>& overrides) {
  for (const auto& [key, node] : document) {
    guarded(source, [&] {
      if (key == "pairing") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'pairing' must be a table");
        read_pairing(source, *table, config.pairing, "pairing");
      } else if (key == "email") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'email' must be a table");
        read_email(source, *table, config.email);
      } else if (key == "programs") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'programs' must be a table");
        for (const auto& [name, body] : *table) {
          const auto* program = body.as_table();
          if (program == nullptr) {
            fail_at(source, body, fmt::format("'programs.{}' must be a table", name.str()));
          }
          overrides.push_back({source.name, std::string(name.str()), *program});
        }
      } else if (key == "me") {
        config.me = read_string(source, node, "me");
      } else if (key == "schedule") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'schedule' must be a table");
        read_schedule(source, *table, config);
      } else if (key == "templates") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'templates' must be a table");
        for (const auto& [name, body] : *table) {
          guarded(source, [&] {
            config.templates.insert_or_assign(std::string(name.str()),
                                              read_template(source, std::string(name.str()), body));
          });
        }
      } else if (key == "import") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'import' must be a table");
        read_import(source, *table, config);
      } else if (key == "hooks") {
        const auto* table = node.as_table();
        if (table == nullptr) fail_at(source, node, "'hooks' must be a table");
        read_hooks(source, *table, config.hooks);
      } else {
        fail_unknown(source, key, "", k_top_keys);
      }
    });
  }
}

// Parses TOML text, or records the syntax error and returns nullopt: toml++ stops at
// the first one, so a file with a syntax error reports only that.
std::optional<toml::table> parse_toml(std::string_view text, Source& source) {
  try {
    return toml::parse(text, source.name);
  } catch (const toml::parse_error& error) {
    source.problems.push_back(
        problem_at(source.name, error.source(), std::string(error.description())));
    return std::nullopt;
  }
}

// Orders problems by their position in the file.
bool comes_before(const ConfigProblem& a, const ConfigProblem& b) {
  return std::tie(a.line, a.column) < std::tie(b.line, b.column);
}

// Reads the built-in config and then `text` over it, recording every problem.
Config read_config(std::string_view text, const std::string& name,
                   std::vector<ConfigProblem>& problems) {
  Config config;
  std::vector<ProgramOverride> overrides;
  std::vector<ConfigProblem> built_in_problems;
  Source built_in{"built-in config", built_in_problems};
  if (const auto document = parse_toml(default_config_text(), built_in)) {
    apply(built_in, *document, config, overrides);
  }
  if (!built_in_problems.empty()) {
    throw Error(ExitStatus::software,
                fmt::format("the built-in config is invalid: {}", to_string(built_in_problems[0])));
  }

  Source source{name, problems};
  if (const auto document = parse_toml(text, source)) apply(source, *document, config, overrides);
  for (const auto& program : overrides) {
    Source program_source{program.source, problems};
    PairingRules rules = config.pairing;
    read_pairing(program_source, program.table, rules, "programs." + program.name);
    config.program_pairing.insert_or_assign(program.name, std::move(rules));
  }
  // toml++ keeps a table's keys sorted by name, so the problems come in that order.
  std::stable_sort(problems.begin(), problems.end(), comes_before);
  return config;
}

// Reads the file at `path`; nullopt when it does not exist.
std::optional<std::string> read_config_file(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    throw ConfigError(
        fmt::format("the config path {} is a folder: name a file with --config", path.string()));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    if (std::filesystem::exists(path)) {
      throw ConfigError(
          fmt::format("cannot read the config file {}: check its permissions", path.string()));
    }
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void append_keys(std::vector<std::string>& keys, const std::string& table,
                 std::span<const std::string_view> names) {
  for (const auto name : names) keys.push_back(fmt::format("{}.{}", table, name));
}

}  // namespace

const ProgramTemplate& Config::find_template(std::string_view name) const {
  const auto found = templates.find(name);
  if (found != templates.end()) return found->second;
  std::string known;
  for (const auto& [template_name, body] : templates) {
    known += known.empty() ? template_name : ", " + template_name;
  }
  throw NotFoundError(
      fmt::format("unknown template '{}': known templates are {}; add one "
                  "under [templates.{}] in the config file",
                  name, known, name));
}

const PairingRules& Config::pairing_for(std::string_view program) const {
  const auto found = program_pairing.find(program);
  return found == program_pairing.end() ? pairing : found->second;
}

std::string_view to_string(PairingObjective objective) {
  return objective == PairingObjective::max_pairs ? "max-pairs" : "max-score";
}

WorkingDay ScheduleConfig::working_day_of(std::string_view employee_id) const {
  const auto found = people.find(employee_id);
  return found == people.end() ? working_day : found->second;
}

std::string to_string(const ConfigProblem& problem) {
  if (problem.line == 0) return fmt::format("{}: {}", problem.file, problem.message);
  return fmt::format("{}:{}:{}: {}", problem.file, problem.line, problem.column, problem.message);
}

std::vector<std::string> known_config_keys() {
  std::vector<std::string> keys = {"me"};
  for (const std::string table : {"pairing", "programs.NAME"}) {
    for (const auto name : k_pairing_keys) {
      if (name != "weights") keys.push_back(fmt::format("{}.{}", table, name));
    }
    append_keys(keys, table + ".weights", weight_keys());
  }
  append_keys(keys, "schedule", k_schedule_keys);
  for (const auto name : k_email_keys) keys.push_back(fmt::format("email.{}", name));
  append_keys(keys, "email.recipients", k_recipient_keys);
  append_keys(keys, "import", k_import_keys);
  append_keys(keys, "hooks", k_hooks_keys);
  append_keys(keys, "templates.NAME", k_template_keys);
  append_keys(keys, "templates.NAME.sessions", k_session_keys);
  return keys;
}

Config parse_config(std::string_view text, const std::string& source) {
  std::vector<ConfigProblem> problems;
  Config config = read_config(text, source, problems);
  if (problems.empty()) return config;
  std::string message = to_string(problems.front());
  if (problems.size() > 1) {
    message += fmt::format(" (and {} more: run 'mentor config check')", problems.size() - 1);
  }
  throw ConfigError(message);
}

std::vector<ConfigProblem> check_config(std::string_view text, const std::string& source) {
  std::vector<ConfigProblem> problems;
  read_config(text, source, problems);
  return problems;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::size_t skip_spaces(std::string_view line, std::size_t at) {
  while (at < line.size() && is_space(line[at])) ++at;
  return at;
}

// A key such as `password` or `smtp_password`, in use or commented out, followed by
// `=`. Keys that only name where the password is (smtp_password_env) do not match.
// Returns the column where the key (or its quote) starts, counted from 0.
std::optional<std::size_t> password_assignment(std::string_view line) {
  std::size_t at = skip_spaces(line, 0);
  if (at < line.size() && line[at] == '#') at = skip_spaces(line, at + 1);
  const std::size_t key_start = at;
  if (at < line.size() && line[at] == '"') ++at;
  const std::size_t name_start = at;
  while (at < line.size() && (std::isalnum(static_cast<unsigned char>(line[at])) != 0 ||
                              line[at] == '_' || line[at] == '-')) {
    ++at;
  }
  constexpr std::string_view suffix = "password";
  const std::string_view name = line.substr(name_start, at - name_start);
  if (name.size() < suffix.size()) return std::nullopt;
  const std::string_view tail = name.substr(name.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return std::nullopt;
  }
  if (at < line.size() && line[at] == '"') ++at;
  at = skip_spaces(line, at);
  if (at >= line.size() || line[at] != '=') return std::nullopt;
  return key_start;
}

// A URL with a password in its user part, such as smtp://ann:secret@mail.example.com.
// Returns the column just after its "://", counted from 0.
std::optional<std::size_t> url_with_password(std::string_view line) {
  constexpr std::string_view user_stop = "/@ \t\r\"':";
  constexpr std::string_view password_stop = "/@ \t\r\"'";
  for (auto scheme = line.find("://"); scheme != std::string_view::npos;
       scheme = line.find("://", scheme + 1)) {
    const std::size_t user = scheme + 3;
    const std::size_t colon = line.find_first_of(user_stop, user);
    if (colon == std::string_view::npos || line[colon] != ':') continue;
    const std::size_t at = line.find_first_of(password_stop, colon + 1);
    if (at != std::string_view::npos && line[at] == '@') return user;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ConfigProblem> find_exposed_password(const std::filesystem::path& path,
                                                   std::string_view text) {
  namespace fs = std::filesystem;
  std::error_code error;
  const auto permissions = fs::status(path, error).permissions();
  if (error) return std::nullopt;
  const auto readable_by_others = fs::perms::group_read | fs::perms::others_read;
  if ((permissions & readable_by_others) == fs::perms::none) return std::nullopt;

  std::int64_t line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    ++line_number;
    auto column = password_assignment(line);
    if (!column) column = url_with_password(line);
    if (column) {
      const auto mode = static_cast<unsigned>(permissions & fs::perms::mask);
      return ConfigProblem{
          path.string(), line_number, static_cast<std::int64_t>(*column) + 1,
          fmt::format("a password is written in this file, which other users can read (mode "
                      "{:04o}): remove it and name an environment variable in "
                      "email.smtp_password_env instead, or run 'chmod 600 {}'",
                      mode, path.string())};
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::vector<ConfigProblem> check_config_file(const std::filesystem::path& path) {
  const auto text = read_config_file(path);
  if (!text) {
    return {{path.string(), 0, 0, "the config file does not exist: create it with 'mentor init'"}};
  }
  auto problems = check_config(*text, path.string());
  if (const auto exposed = find_exposed_password(path, *text)) {
    problems.insert(std::upper_bound(problems.begin(), problems.end(), *exposed, comes_before),
                    *exposed);
  }
  return problems;
}

Config load_config(const std::filesystem::path& path) {
  const auto text = read_config_file(path);
  return parse_config(text ? *text : "", path.string());
}

}  // namespace mentor
