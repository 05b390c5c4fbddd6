#include "mentor/paths.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"

using mentor::resolve_paths;
using std::filesystem::path;

namespace {

// The environment that fake_env reads. Each test case sets it first.
std::map<std::string, std::string> g_environment;

std::optional<std::string> fake_env(const char* name) {
  const auto found = g_environment.find(name);
  if (found == g_environment.end()) return std::nullopt;
  return found->second;
}

}  // namespace

TEST_SUITE_BEGIN("paths");

TEST_CASE("resolve_paths prefers options") {
  g_environment = {{"MENTOR_CONFIG", "/env/config.toml"},
                   {"MENTOR_DB", "/env/mentor.db"},
                   {"XDG_CONFIG_HOME", "/xdg/config"},
                   {"XDG_DATA_HOME", "/xdg/data"},
                   {"HOME", "/home/ana"}};
  const auto paths =
      resolve_paths(std::string("/opt/config.toml"), std::string("/opt/mentor.db"), fake_env);
  CHECK(paths.config_file == path("/opt/config.toml"));
  CHECK(paths.database_file == path("/opt/mentor.db"));
}

TEST_CASE("resolve_paths prefers environment to XDG") {
  g_environment = {{"MENTOR_CONFIG", "/env/config.toml"},
                   {"MENTOR_DB", "/env/mentor.db"},
                   {"XDG_CONFIG_HOME", "/xdg/config"},
                   {"XDG_DATA_HOME", "/xdg/data"},
                   {"HOME", "/home/ana"}};
  const auto paths = resolve_paths(std::nullopt, std::nullopt, fake_env);
  CHECK(paths.config_file == path("/env/config.toml"));
  CHECK(paths.database_file == path("/env/mentor.db"));
}

TEST_CASE("resolve_paths uses XDG folders") {
  g_environment = {
      {"XDG_CONFIG_HOME", "/xdg/config"}, {"XDG_DATA_HOME", "/xdg/data"}, {"HOME", "/home/ana"}};
  const auto paths = resolve_paths(std::nullopt, std::nullopt, fake_env);
  CHECK(paths.config_file == path("/xdg/config/mentor/config.toml"));
  CHECK(paths.database_file == path("/xdg/data/mentor/mentor.db"));
}

TEST_CASE("resolve_paths falls back to HOME") {
  g_environment = {{"HOME", "/home/ana"}};
  const auto paths = resolve_paths(std::nullopt, std::nullopt, fake_env);
  CHECK(paths.config_file == path("/home/ana/.config/mentor/config.toml"));
  CHECK(paths.database_file == path("/home/ana/.local/share/mentor/mentor.db"));
}

TEST_CASE("resolve_paths ignores relative XDG") {
  g_environment = {
      {"XDG_CONFIG_HOME", "relative/config"}, {"XDG_DATA_HOME", "data"}, {"HOME", "/home/ana"}};
  const auto paths = resolve_paths(std::nullopt, std::nullopt, fake_env);
  CHECK(paths.config_file == path("/home/ana/.config/mentor/config.toml"));
  CHECK(paths.database_file == path("/home/ana/.local/share/mentor/mentor.db"));
}

TEST_CASE("resolve_paths mixes sources per file") {
  g_environment = {{"MENTOR_DB", "/env/mentor.db"}, {"HOME", "/home/ana"}};
  const auto paths = resolve_paths(std::string("/opt/config.toml"), std::nullopt, fake_env);
  CHECK(paths.config_file == path("/opt/config.toml"));
  CHECK(paths.database_file == path("/env/mentor.db"));
}

TEST_CASE("resolve_paths without HOME throws") {
  g_environment = {};
  CHECK_THROWS_AS(resolve_paths(std::nullopt, std::nullopt, fake_env), mentor::UsageError);
}

TEST_CASE("resolve_paths needs HOME for data") {
  g_environment = {{"XDG_CONFIG_HOME", "/xdg/config"}};
  CHECK_THROWS_AS(resolve_paths(std::nullopt, std::nullopt, fake_env), mentor::UsageError);
}

TEST_CASE("resolve_paths options need no HOME") {
  g_environment = {};
  const auto paths =
      resolve_paths(std::string("/opt/config.toml"), std::string("/opt/mentor.db"), fake_env);
  CHECK(paths.config_file == path("/opt/config.toml"));
  CHECK(paths.database_file == path("/opt/mentor.db"));
}

TEST_SUITE_END();
