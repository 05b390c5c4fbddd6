#include "mentor/config.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "mentor/errors.hpp"
#include "mentor/people.hpp"
#include "mentor/roster.hpp"

namespace mentor {

namespace {

std::string position(const std::string& source, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", source, region.begin.line, region.begin.column);
}

[[noreturn]] void fail_at(const std::string& source, const toml::node& node,
                          const std::string& message) {
  throw ConfigError(fmt::format("{}: {}", position(source, node.source()), message));
}

// Reports an unknown key at the key itself, not at its value.
[[noreturn]] void fail_at(const std::string& source, const toml::key& key,
                          const std::string& message) {
  throw ConfigError(fmt::format("{}: {}", position(source, key.source()), message));
}

int read_positive_int(const std::string& source, const toml::node& node, std::string_view key,
                      int minimum, int maximum = 1000) {
  const auto value = node.value<std::int64_t>();
  if (!node.is_integer() || !value || *value < minimum || *value > maximum) {
    fail_at(source, node,
            fmt::format("'{}' must be a whole number from {} to {}", key, minimum, maximum));
  }
  return static_cast<int>(*value);
}

std::string read_string(const std::string& source, const toml::node& node, std::string_view key) {
  if (!node.is_string()) fail_at(source, node, fmt::format("'{}' must be a string", key));
  return std::string(*node.value<std::string_view>());
}

bool read_bool(const std::string& source, const toml::node& node, std::string_view key) {
  if (!node.is_boolean()) fail_at(source, node, fmt::format("'{}' must be true or false", key));
  return *node.value<bool>();
}

// Parses "HH:MM-HH:MM" into minutes after midnight; the end must follow the start.
void read_working_day(const std::string& source, const toml::node& node, PairingRules& rules) {
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

void read_avoid(const std::string& source, const toml::node& node, PairingRules& rules) {
  const auto* list = node.as_array();
  if (list == nullptr) {
    fail_at(source, node, "'avoid' must be an array of id pairs, e.g. [[\"E1\", \"E2\"]]");
  }
  rules.avoid.clear();
  for (const auto& entry : *list) {
    const auto* ids = entry.as_array();
    if (ids == nullptr || ids->size() != 2 || !(*ids)[0].is_string() || !(*ids)[1].is_string()) {
      fail_at(source, entry, "each entry of 'avoid' must be two employee ids, e.g. [\"E1\", \"E2\"]");
    }
    rules.avoid.emplace_back(*(*ids)[0].value<std::string>(), *(*ids)[1].value<std::string>());
  }
}

void read_weights(const std::string& source, const toml::node& node, PairingWeights& weights) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, "'weights' must be a table");
  const std::pair<std::string_view, int PairingWeights::*> known[] = {
      {"different_department", &PairingWeights::different_department},
      {"level_gap", &PairingWeights::level_gap},
      {"working_overlap", &PairingWeights::working_overlap},
      {"different_education", &PairingWeights::different_education},
      {"shared_tag", &PairingWeights::shared_tag},
      {"requested", &PairingWeights::requested},
      {"declined", &PairingWeights::declined}};
  for (const auto& [key, value] : *table) {
    // Clang before 16 cannot capture a structured binding, so the lambda takes a copy.
    const auto name = key.str();
    const auto* found = std::find_if(std::begin(known), std::end(known),
                                     [&name](const auto& entry) { return entry.first == name; });
    if (found == std::end(known)) {
      fail_at(source, key,
              fmt::format("unknown weight '{}' (known: different_department, level_gap, "
                          "working_overlap, different_education, shared_tag, requested, "
                          "declined)",
                          key.str()));
    }
    weights.*(found->second) = read_positive_int(source, value, key.str(), 0);
  }
}

void read_objective(const std::string& source, const toml::node& node, PairingRules& rules) {
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

// Reads the keys of a [pairing] or [programs.NAME] table; `where` names it in errors.
void read_pairing(const std::string& source, const toml::table& pairing, PairingRules& rules,
                  const std::string& where) {
  for (const auto& [key, node] : pairing) {
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
      read_weights(source, node, rules.weights);
    } else {
      fail_at(source, key,
              fmt::format("unknown key '{}.{}' (known: default_capacity, min_level_gap, "
                          "target_level_gap, max_level_difference, min_overlap_hours, "
                          "working_day, avoid_repeat_pairs, allow_trio, avoid, objective, "
                          "weights)",
                          where, key.str()));
    }
  }
}

MailRecipient read_recipient(const std::string& source, const toml::node& node) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, "each [[email.recipients]] entry must be a table");
  MailRecipient recipient;
  for (const auto& [key, value] : *table) {
    if (key == "address") {
      recipient.address = read_string(source, value, "address");
    } else if (key == "name") {
      recipient.name = read_string(source, value, "name");
    } else if (key == "program") {
      recipient.program = read_string(source, value, "program");
    } else if (key == "department") {
      recipient.department = read_string(source, value, "department");
    } else {
      fail_at(source, key,
              fmt::format("unknown key '{}' in [[email.recipients]] (known: address, name, "
                          "program, department)",
                          key.str()));
    }
  }
  if (!is_email_address(recipient.address)) {
    fail_at(source, node, "each [[email.recipients]] entry needs an address such as lead@example.com");
  }
  return recipient;
}

void read_email(const std::string& source, const toml::table& table, EmailConfig& email) {
  for (const auto& [key, node] : table) {
    if (key == "from_name") {
      email.from_name = read_string(source, node, "from_name");
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
        fail_at(source, node, "'email.recipients' must be an array of tables ([[email.recipients]])");
      }
      email.recipients.clear();
      for (const auto& item : *list) email.recipients.push_back(read_recipient(source, item));
    } else if (key == "smtp_password" || key == "password") {
      fail_at(source, key,
              "a password must not be written in the config file: put it in the environment "
              "variable named by email.smtp_password_env");
    } else {
      fail_at(source, key,
              fmt::format("unknown key 'email.{}' (known: from_name, from_address, transport, "
                          "sendmail, smtp_url, smtp_user, smtp_password_env, smtp_password_command, require_tls, timezone, recipients)",
                          key.str()));
    }
  }
}

TemplateSession read_session(const std::string& source, const toml::node& node,
                             const std::string& template_name) {
  const auto* table = node.as_table();
  if (table == nullptr) {
    fail_at(source, node,
            fmt::format("each session of template '{}' must be a table", template_name));
  }
  TemplateSession session;
  for (const auto& [key, value] : *table) {
    if (key == "title") {
      session.title = read_string(source, value, "title");
    } else if (key == "mentee") {
      session.mentee_objective = read_string(source, value, "mentee");
    } else if (key == "mentor") {
      session.mentor_objective = read_string(source, value, "mentor");
    } else {
      fail_at(source, key,
              fmt::format("unknown session key '{}' (known: title, mentee, mentor)", key.str()));
    }
  }
  if (session.title.empty()) {
    fail_at(source, node,
            fmt::format("a session of template '{}' has no title", template_name));
  }
  return session;
}

ProgramTemplate read_template(const std::string& source, const std::string& name,
                              const toml::node& node) {
  const auto* table = node.as_table();
  if (table == nullptr) fail_at(source, node, fmt::format("template '{}' must be a table", name));
  ProgramTemplate result;
  result.name = name;
  result.title = name;
  for (const auto& [key, value] : *table) {
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
        fail_at(source, value, "'sessions' must be an array of tables ([[templates.NAME.sessions]])");
      }
      for (const auto& session : *sessions) {
        result.sessions.push_back(read_session(source, session, name));
      }
    } else {
      fail_at(source, key,
              fmt::format("unknown key '{}' in template '{}' (known: title, cadence, "
                          "cadence_days, sessions)",
                          key.str(), name));
    }
  }
  if (result.sessions.empty()) {
    fail_at(source, node, fmt::format("template '{}' has no sessions", name));
  }
  return result;
}

void read_import(const std::string& source, const toml::table& import, Config& config) {
  for (const auto& [key, node] : import) {
    if (key != "columns") {
      fail_at(source, node, fmt::format("unknown key 'import.{}' (known: columns)", key.str()));
    }
    const auto* columns = node.as_table();
    if (columns == nullptr) fail_at(source, node, "'import.columns' must be a table");
    for (const auto& [header, field_node] : *columns) {
      const auto field = read_string(source, field_node, header.str());
      const auto& known = roster_field_names();
      if (std::find(known.begin(), known.end(), field) == known.end()) {
        fail_at(source, field_node,
                fmt::format("import.columns maps '{}' to '{}', which is not a roster field "
                            "(known: {})",
                            header.str(), field, fmt::join(known, ", ")));
      }
      config.import_columns.insert_or_assign(std::string(header.str()), field);
    }
  }
}
// A [programs.NAME] table, applied over the final [pairing] table once both the
// built-in and the user's config are read.
struct ProgramOverride {
  std::string source;
  std::string name;
  toml::table table;
};
WorkingDay read_working_day(const std::string& source, const toml::node& node,
                            std::string_view key) {
  const auto day = parse_working_day(read_string(source, node, key));
  if (!day) {
    fail_at(source, node,
            fmt::format("'{}' must be a span of local time such as \"09:00-17:00\"", key));
  }
  return *day;
}

void read_schedule(const std::string& source, const toml::table& schedule, Config& config) {
  for (const auto& [key, node] : schedule) {
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
        config.schedule.people.insert_or_assign(
            std::string(employee_id.str()),
            read_working_day(source, hours, fmt::format("schedule.people.{}", employee_id.str())));
      }
    } else {
      fail_at(source, key,
              fmt::format("unknown key 'schedule.{}' (known: working_day, session_minutes, "
                          "proposals, people)",
                          key.str()));
    }
  }
}

// Applies the tables of `document` onto `config`, key by key.
void apply(const std::string& source, const toml::table& document, Config& config,
           std::vector<ProgramOverride>& overrides) {
  for (const auto& [key, node] : document) {
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
        overrides.push_back({source, std::string(name.str()), *program});
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
        config.templates.insert_or_assign(std::string(name.str()),
                                          read_template(source, std::string(name.str()), body));
      }
    } else if (key == "import") {
      const auto* table = node.as_table();
      if (table == nullptr) fail_at(source, node, "'import' must be a table");
      read_import(source, *table, config);
    } else {
      fail_at(source, key,
              fmt::format("unknown table or key '{}' (known: me, pairing, programs, schedule, "
                          "email, import, "
                          "templates)",
                          key.str()));
    }
  }
}

toml::table parse_toml(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    throw ConfigError(fmt::format("{}: {}", position(source, error.source()), error.description()));
  }
}

}  // namespace

const ProgramTemplate& Config::find_template(std::string_view name) const {
  const auto found = templates.find(name);
  if (found != templates.end()) return found->second;
  std::string known;
  for (const auto& [template_name, body] : templates) {
    known += known.empty() ? template_name : ", " + template_name;
  }
  throw NotFoundError(fmt::format("unknown template '{}': known templates are {}; add one "
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

Config parse_config(std::string_view text, const std::string& source) {
  Config config;
  std::vector<ProgramOverride> overrides;
  apply("built-in config", parse_toml(default_config_text(), "built-in config"), config,
        overrides);
  apply(source, parse_toml(text, source), config, overrides);
  for (const auto& program : overrides) {
    PairingRules rules = config.pairing;
    read_pairing(program.source, program.table, rules, "programs." + program.name);
    config.program_pairing.insert_or_assign(program.name, std::move(rules));
  }
  return config;
}

Config load_config(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    throw ConfigError(fmt::format("the config path {} is a folder: name a file with --config",
                                  path.string()));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    if (std::filesystem::exists(path)) {
      throw ConfigError(fmt::format("cannot read the config file {}: check its permissions",
                                    path.string()));
    }
    return parse_config("", path.string());
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_config(text.str(), path.string());
}

}  // namespace mentor
