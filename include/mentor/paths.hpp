// Locations of the config file and the database: options, then environment, then XDG.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace mentor {

struct Paths {
  std::filesystem::path config_file;
  std::filesystem::path database_file;
};

// Environment lookups behind a function, so tests can supply their own.
using GetEnv = std::optional<std::string> (*)(const char* name);

std::optional<std::string> process_env(const char* name);

// Resolves each path from its option (--config, --db), else MENTOR_CONFIG or MENTOR_DB,
// else $XDG_CONFIG_HOME/mentor/config.toml and $XDG_DATA_HOME/mentor/mentor.db, with
// the XDG defaults ~/.config and ~/.local/share. Throws UsageError when no base
// folder can be found (no XDG variable and no HOME).
Paths resolve_paths(const std::optional<std::string>& config_option,
                    const std::optional<std::string>& db_option, GetEnv get_env = process_env);

}  // namespace mentor
