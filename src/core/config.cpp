#include "mentor/config.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "mentor/errors.hpp"

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
                      int minimum) {
  const auto value = node.value<std::int64_t>();
  if (!node.is_integer() || !value || *value < minimum || *value > 1'000'000) {
    fail_at(source, node,
            fmt::format("'{}' must be a whole number of at least {}", key, minimum));
  }
  return static_cast<int>(*value);
}

std::string read_string(const std::string& source, const toml::node& node, std::string_view key) {
  if (!node.is_string()) fail_at(source, node, fmt::format("'{}' must be a string", key));
  return std::string(*node.value<std::string_view>());
}

void read_pairing(const std::string& source, const toml::table& pairing, Config& config) {
  for (const auto& [key, node] : pairing) {
    if (key == "default_capacity") {
      config.default_capacity = read_positive_int(source, node, key.str(), 1);
    } else if (key == "min_level_gap") {
      config.min_level_gap = read_positive_int(source, node, key.str(), 0);
    } else {
      fail_at(source, key,
              fmt::format("unknown key 'pairing.{}' (known: default_capacity, min_level_gap)",
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
      result.cadence = Cadence{read_positive_int(source, value, "cadence_days", 1), false};
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
void apply(const std::string& source, const toml::table& document, Config& config) {
  for (const auto& [key, node] : document) {
    if (key == "pairing") {
      const auto* table = node.as_table();
      if (table == nullptr) fail_at(source, node, "'pairing' must be a table");
      read_pairing(source, *table, config);
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
    } else {
      fail_at(source, key,
              fmt::format("unknown table or key '{}' (known: me, pairing, schedule, "
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

WorkingDay ScheduleConfig::working_day_of(std::string_view employee_id) const {
  const auto found = people.find(employee_id);
  return found == people.end() ? working_day : found->second;
}

Config parse_config(std::string_view text, const std::string& source) {
  Config config;
  apply("built-in config", parse_toml(default_config_text(), "built-in config"), config);
  apply(source, parse_toml(text, source), config);
  return config;
}

Config load_config(const std::filesystem::path& path) {
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
