#include "mentor/paths.hpp"

#include <cstdlib>

#include "mentor/errors.hpp"

namespace mentor {

std::optional<std::string> process_env(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at start-up
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

namespace {

// Returns $variable, or $HOME/fallback when the variable is unset or not absolute
// (the XDG Base Directory rules ignore relative values).
std::filesystem::path xdg_base(GetEnv get_env, const char* variable, const char* fallback) {
  if (const auto value = get_env(variable); value && value->front() == '/') {
    return *value;
  }
  const auto home = get_env("HOME");
  if (!home) {
    throw UsageError(std::string("cannot find a folder for mentor's files: neither ") + variable +
                     " nor HOME is set; set one, or pass --config and --db");
  }
  return std::filesystem::path(*home) / fallback;
}

}  // namespace

Paths resolve_paths(const std::optional<std::string>& config_option,
                    const std::optional<std::string>& db_option, GetEnv get_env) {
  Paths paths;
  if (config_option) {
    paths.config_file = *config_option;
  } else if (const auto from_env = get_env("MENTOR_CONFIG")) {
    paths.config_file = *from_env;
  } else {
    paths.config_file = xdg_base(get_env, "XDG_CONFIG_HOME", ".config") / "mentor" / "config.toml";
  }

  if (db_option) {
    paths.database_file = *db_option;
  } else if (const auto from_env = get_env("MENTOR_DB")) {
    paths.database_file = *from_env;
  } else {
    paths.database_file =
        xdg_base(get_env, "XDG_DATA_HOME", ".local/share") / "mentor" / "mentor.db";
  }
  return paths;
}

}  // namespace mentor
