#include "mentor/config_show.hpp"

#include <initializer_list>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace mentor {

namespace {

// The keys of the config file, to tell which values come from it.
class FileKeys {
 public:
  explicit FileKeys(std::string_view text) {
    try {
      m_document = toml::parse(text);
    } catch (const toml::parse_error&) {
      // Only a file that parsed gets this far; an unreadable one sets no key.
    }
  }

  // Returns whether the file sets the key at `path`, one part per table level.
  bool has(std::initializer_list<std::string_view> path) const {
    const toml::table* table = &m_document;
    std::size_t depth = 0;
    for (const auto part : path) {
      const auto* node = table->get(part);
      if (node == nullptr) return false;
      if (++depth == path.size()) return true;
      table = node->as_table();
      if (table == nullptr) return false;
    }
    return false;
  }

 private:
  toml::table m_document;
};

std::string format_minutes(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

void add_pairing(std::vector<ConfigEntry>& entries, const std::string& prefix,
                 const PairingRules& rules, const FileKeys& file, std::string_view program) {
  // A program's key comes from the file when the file sets it for the program, or sets
  // the [pairing] key the program inherits.
  const auto from_file = [&](std::string_view key) {
    return file.has({"pairing", key}) || (!program.empty() && file.has({"programs", program, key}));
  };
  const auto add = [&](std::string_view key, nlohmann::json value) {
    entries.push_back({fmt::format("{}.{}", prefix, key), std::move(value), from_file(key)});
  };
  add("default_capacity", rules.default_capacity);
  add("min_level_gap", rules.min_level_gap);
  add("target_level_gap", rules.target_level_gap);
  add("max_level_difference", rules.max_level_difference);
  add("min_overlap_hours", rules.min_overlap_hours);
  add("working_day",
      format_minutes(rules.working_day_start) + "-" + format_minutes(rules.working_day_end));
  add("avoid_repeat_pairs", rules.avoid_repeat_pairs);
  add("allow_trio", rules.allow_trio);
  nlohmann::json avoid = nlohmann::json::array();
  for (const auto& [first, second] : rules.avoid) avoid.push_back({first, second});
  add("avoid", avoid);
  add("objective", std::string(to_string(rules.objective)));

  for (const auto& [key, field] : k_weight_fields) {
    const bool set = file.has({"pairing", "weights", key}) ||
                     (!program.empty() && file.has({"programs", program, "weights", key}));
    entries.push_back({fmt::format("{}.weights.{}", prefix, key), rules.weights.*field, set});
  }
}

void add_email(std::vector<ConfigEntry>& entries, const EmailConfig& email, const FileKeys& file) {
  const auto add = [&](std::string_view key, nlohmann::json value) {
    entries.push_back({fmt::format("email.{}", key), std::move(value), file.has({"email", key})});
  };
  add("from_name", email.from_name);
  add("from_address", email.from_address);
  add("transport", email.transport);
  add("sendmail", email.sendmail);
  add("smtp_url", email.smtp_url);
  add("smtp_user", email.smtp_user);
  add("smtp_password_env", email.smtp_password_env);
  add("smtp_password_command", email.smtp_password_command);
  add("require_tls", email.require_tls);
  add("timeout_seconds", email.timeout_seconds);
  add("timezone", email.timezone);
  nlohmann::json recipients = nlohmann::json::array();
  for (const auto& recipient : email.recipients) {
    recipients.push_back({{"address", recipient.address},
                          {"name", recipient.name},
                          {"program", recipient.program},
                          {"department", recipient.department}});
  }
  add("recipients", recipients);
}

void add_schedule(std::vector<ConfigEntry>& entries, const ScheduleConfig& schedule,
                  const FileKeys& file) {
  const auto add = [&](std::string_view key, nlohmann::json value) {
    entries.push_back(
        {fmt::format("schedule.{}", key), std::move(value), file.has({"schedule", key})});
  };
  add("working_day", format_working_day(schedule.working_day));
  add("session_minutes", schedule.session_minutes);
  add("proposals", schedule.proposals);
  nlohmann::json people = nlohmann::json::object();
  for (const auto& [employee_id, day] : schedule.people) {
    people[employee_id] = format_working_day(day);
  }
  add("people", people);
}

void add_template(std::vector<ConfigEntry>& entries, const ProgramTemplate& body,
                  const FileKeys& file) {
  const bool from_file = file.has({"templates", body.name});
  const auto add = [&](std::string_view key, nlohmann::json value) {
    entries.push_back(
        {fmt::format("templates.{}.{}", body.name, key), std::move(value), from_file});
  };
  add("title", body.title);
  if (body.cadence.monthly) {
    add("cadence", "monthly");
  } else {
    add("cadence_days", body.cadence.days);
  }
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& session : body.sessions) {
    sessions.push_back({{"title", session.title},
                        {"mentee", session.mentee_objective},
                        {"mentor", session.mentor_objective}});
  }
  add("sessions", sessions);
}

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

}  // namespace

std::vector<ConfigEntry> config_entries(const Config& config, std::string_view file_text) {
  const FileKeys file(file_text);
  std::vector<ConfigEntry> entries;
  entries.push_back({"me", config.me, file.has({"me"})});
  add_pairing(entries, "pairing", config.pairing, file, "");
  for (const auto& [name, rules] : config.program_pairing) {
    add_pairing(entries, "programs." + name, rules, file, name);
  }
  add_email(entries, config.email, file);
  nlohmann::json columns = nlohmann::json::object();
  for (const auto& [header, field] : config.import_columns) columns[header] = field;
  entries.push_back({"import.columns", columns, file.has({"import", "columns"})});
  add_schedule(entries, config.schedule, file);
  entries.push_back({"hooks.dir", config.hooks.dir, file.has({"hooks", "dir"})});
  entries.push_back({"hooks.timeout_seconds", config.hooks.timeout_seconds,
                     file.has({"hooks", "timeout_seconds"})});
  for (const auto& [name, body] : config.templates) add_template(entries, body, file);
  return entries;
}

std::string to_toml_value(const nlohmann::json& value) {
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& item : value) items.push_back(to_toml_value(item));
    return fmt::format("[{}]", fmt::join(items, ", "));
  }
  if (value.is_object()) {
    if (value.empty()) return "{}";
    std::vector<std::string> items;
    for (const auto& [key, item] : value.items()) {
      const std::string name = is_bare_key(key) ? key : nlohmann::json(key).dump();
      items.push_back(fmt::format("{} = {}", name, to_toml_value(item)));
    }
    return fmt::format("{{ {} }}", fmt::join(items, ", "));
  }
  // JSON writes strings, numbers and booleans as TOML does, escaping control characters
  // as \uXXXX, which TOML accepts too. Only DEL, which TOML requires escaped, is left.
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (auto at = text.find('\x7f'); at != std::string::npos; at = text.find('\x7f', at)) {
    text.replace(at, 1, "\\u007F");
  }
  return text;
}

}  // namespace mentor
