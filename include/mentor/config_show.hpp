// The effective config as a list of keys and values, for `mentor config show`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/config.hpp"

namespace mentor {

// One key of the effective config.
struct ConfigEntry {
  std::string key;         // a dotted path such as "pairing.weights.level_gap"
  nlohmann::json value;    // a string, number, boolean, array or object
  bool from_file = false;  // the config file sets it; else it is the built-in default
};

// Lists every key of `config`, including optional ones left empty, in the order of
// the built-in config. `file_text` is the config file that `config` was read from
// (empty when there is none); the keys it sets are marked from_file. A table whose
// keys the user names (schedule.people, import.columns) is one entry. The config
// contains no secrets, because a password key is rejected when the file is read.
std::vector<ConfigEntry> config_entries(const Config& config, std::string_view file_text);

// Formats a JSON value as a TOML value: arrays and inline tables on one line.
std::string to_toml_value(const nlohmann::json& value);

}  // namespace mentor
