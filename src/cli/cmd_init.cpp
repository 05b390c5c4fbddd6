// mentor init: write the default config and create the database.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/private_file.hpp"

namespace mentor::cli {

namespace {

// Writes the built-in config to `file` unless a file is already there. The file is
// created with mode 0600, because the mail settings and recipients are the owner's.
bool write_default_config(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) return false;
  std::error_code error;
  if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path(), error);
  if (!error) create_private_file(file);
  std::ofstream out(file, std::ios::binary);
  out << default_config_text();
  out.close();
  if (error || !out) {
    throw Error(ExitStatus::cant_create,
                fmt::format("cannot write the config file {}: check that its folder is writable",
                            file.string()));
  }
  return true;
}

}  // namespace

void register_init(CLI::App& app, Context& context) {
  auto json = std::make_shared<bool>(false);
  auto* command = app.add_subcommand(
      "init", "Create the config file and the database (keeps any that already exist)");
  add_json_flag(*command, *json);
  command->callback([&context, json]() {
    const auto& paths = context.paths();
    const bool created = write_default_config(paths.config_file);
    context.config();  // a broken existing config is reported now, not at first use
    const bool existed = std::filesystem::exists(paths.database_file);
    const Store& store = context.create_store();

    if (*json) {
      print_json({{"config_file", paths.config_file.string()},
                  {"config_created", created},
                  {"database_file", paths.database_file.string()},
                  {"database_created", !existed},
                  {"schema_version", store.schema_version()}});
      return;
    }
    print_text(fmt::format("config    {} ({})\n", paths.config_file.string(),
                             created ? "created" : "exists, left unchanged"));
    print_text(fmt::format("database  {} ({}, schema version {})\n",
                             paths.database_file.string(), existed ? "exists" : "created",
                             store.schema_version()));
  });
}

}  // namespace mentor::cli
