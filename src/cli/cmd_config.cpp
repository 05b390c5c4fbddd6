// mentor config show|check: the effective config with the source of each value, and
// a check of a config file that lists every problem with its line and column.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_common.hpp"
#include "mentor/config_show.hpp"
#include "mentor/hooks.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

// The source of a setting outside the config file: an option, a variable or the
// default.
struct Setting {
  std::string name;    // "config_file", "database_file", "now"
  std::string value;   // empty for `now` when the system clock is used
  std::string source;  // "option", "environment" or "default"
  std::string origin;  // the option or variable, such as "--db" or "MENTOR_DB"
};

Setting setting(std::string name, const std::optional<std::string>& option, std::string option_name,
                const char* variable, std::string resolved) {
  if (option) return {std::move(name), *option, "option", std::move(option_name)};
  if (const auto value = process_env(variable)) {
    return {std::move(name), *value, "environment", variable};
  }
  return {std::move(name), std::move(resolved), "default", ""};
}

std::vector<Setting> settings(Context& context) {
  const auto& options = context.options;
  const auto& paths = context.paths();
  return {setting("config_file", options.config_file, "--config", "MENTOR_CONFIG",
                  paths.config_file.string()),
          setting("database_file", options.database_file, "--db", "MENTOR_DB",
                  paths.database_file.string()),
          setting("now", options.now, "--now", "MENTOR_NOW", "")};
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The SMTP password's source: the command, or the variable and whether it is set.
// The password itself is never read here.
nlohmann::json password_json(const EmailConfig& email) {
  if (!email.smtp_password_command.empty()) {
    return {{"source", "command"}, {"command", email.smtp_password_command}};
  }
  return {{"source", "environment"},
          {"name", email.smtp_password_env},
          {"set", process_env(email.smtp_password_env.c_str()).has_value()}};
}

// Returns `text` as a JSON string, or null when it is empty.
nlohmann::json string_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json show_json(Context& context, const std::vector<ConfigEntry>& entries) {
  nlohmann::json json = {{"format", 1}};
  for (const auto& item : settings(context)) {
    json[item.name] = {{"value", string_or_null(item.value)},
                       {"source", item.source},
                       {"origin", string_or_null(item.origin)}};
  }
  json["config_file"]["exists"] = std::filesystem::exists(context.paths().config_file);
  json["hooks_dir"] = hooks_folder(context.config().hooks, context.paths().config_file).string();
  json["smtp_password"] = password_json(context.config().email);
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& entry : entries) {
    keys.push_back({{"key", entry.key},
                    {"value", entry.value},
                    {"source", entry.from_file ? "file" : "default"}});
  }
  json["keys"] = keys;
  json["known_keys"] = known_config_keys();
  return json;
}

std::string describe(const Setting& item) {
  if (item.source == "default") return "default";
  return fmt::format("{} {}", item.source, item.origin);
}

void print_show(Context& context, const std::vector<ConfigEntry>& entries) {
  const auto& config_file = context.paths().config_file;
  for (const auto& item : settings(context)) {
    const std::string value = item.value.empty() ? "the system clock" : item.value;
    print_text(fmt::format("# {}: {} ({})\n", item.name, value, describe(item)));
  }
  if (!std::filesystem::exists(config_file)) {
    print_text("# the config file does not exist, so every key has its built-in default\n");
  }
  print_text(fmt::format("# hooks folder: {}\n",
                         hooks_folder(context.config().hooks, config_file).string()));
  const auto& email = context.config().email;
  if (email.smtp_password_command.empty()) {
    print_text(fmt::format("# SMTP password: from the environment variable {} ({})\n",
                           email.smtp_password_env,
                           process_env(email.smtp_password_env.c_str()) ? "set" : "not set"));
  } else {
    print_text("# SMTP password: printed by email.smtp_password_command\n");
  }
  const std::string file_source = fmt::format("file {}", config_file.string());
  for (const auto& entry : entries) {
    print_text(fmt::format("{} = {}  # {}\n", entry.key, to_toml_value(entry.value),
                           entry.from_file ? file_source : "default"));
  }
}

void register_show(CLI::App& group, Context& context) {
  auto json = std::make_shared<bool>(false);
  auto* command = group.add_subcommand(
      "show", "Print every config key with its value and where the value comes from");
  add_json_flag(*command, *json);
  command->callback([&context, json]() {
    const auto& config_file = context.paths().config_file;
    const std::string text =
        std::filesystem::exists(config_file) ? read_text(config_file) : std::string();
    const auto entries = config_entries(context.config(), text);
    if (*json) {
      print_json(show_json(context, entries));
    } else {
      print_show(context, entries);
    }
  });
}

struct CheckOptions {
  std::string file;
  bool json = false;
};

nlohmann::json check_json(const std::filesystem::path& path, bool exists,
                          const std::vector<ConfigProblem>& problems) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& problem : problems) {
    listed.push_back(
        {{"line", problem.line}, {"column", problem.column}, {"message", problem.message}});
  }
  return {{"file", path.string()},
          {"exists", exists},
          {"valid", problems.empty()},
          {"problems", listed}};
}

void register_check(CLI::App& group, Context& context) {
  auto options = std::make_shared<CheckOptions>();
  auto* command = group.add_subcommand(
      "check",
      "Check a config file (default: the one in use) and list every problem as "
      "FILE:LINE:COLUMN: message; exit 78 when there is one");
  command->add_option("file", options->file, "The config file to check");
  add_json_flag(*command, options->json);
  // The file is checked here, so the check every command makes first is skipped.
  command->preparse_callback([&context](std::size_t) { context.check_config_first = false; });
  command->callback([&context, options]() {
    const auto& file = options->file;
    const std::filesystem::path path =
        file.empty() ? context.paths().config_file : std::filesystem::path(file);
    if (!std::filesystem::exists(path)) {
      if (!file.empty() || context.options.config_file || process_env("MENTOR_CONFIG")) {
        throw Error(ExitStatus::no_input,
                    fmt::format("config file {} does not exist: check the path", path.string()));
      }
      if (options->json) {
        print_json(check_json(path, false, {}));
      } else {
        print_text(fmt::format("{}: no such file, so mentor uses the built-in defaults\n",
                               path.string()));
      }
      return;
    }
    const auto problems = check_config_file(path);
    if (options->json) {
      print_json(check_json(path, true, problems));
    } else {
      for (const auto& problem : problems) {
        std::cerr << escape_control(to_string(problem)) << '\n';
      }
      if (problems.empty()) print_text(fmt::format("{}: OK\n", path.string()));
    }
    if (!problems.empty()) context.exit_status = ExitStatus::config;
  });
}

}  // namespace

void register_config(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("config", "Show the effective config, or check a config file");
  group->require_subcommand(1);
  register_show(*group, context);
  register_check(*group, context);
}

}  // namespace mentor::cli
