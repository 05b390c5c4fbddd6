// mentor db: back up the database while others use it, and check a database file.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/backup.hpp"
#include "mentor/errors.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

void register_backup(CLI::App& group, Context& context) {
  struct Options {
    std::string file;
    bool force = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "backup",
      "Copy the database to a new file (mode 0600) as one consistent snapshot, even while "
      "other commands write to it");
  command->add_option("file", options->file, "The backup file to create")->required();
  command->add_flag("--force", options->force, "Replace the file if it exists");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const auto& database = context.paths().database_file;
    back_up_database(context.store(), database, options->file, options->force);
    if (options->json) {
      print_json({{"database", database.string()},
                  {"backup", options->file},
                  {"bytes", std::filesystem::file_size(options->file)}});
      return;
    }
    print_text(fmt::format("backed up {} to {}\n", database.string(), options->file));
  });
}

void print_check(const std::string& file, const StoreCheck& check) {
  if (check.ok()) {
    print_text(fmt::format("{}: ok (integrity and foreign keys)\n", file));
    return;
  }
  print_text(fmt::format(
      "{}: {}, {}\n", file,
      counted(check.integrity_problems.size(), "integrity problem", "integrity problems"),
      counted(check.foreign_key_problems.size(), "foreign key problem", "foreign key problems")));
  for (const auto& problem : check.integrity_problems) print_text("integrity: " + problem + "\n");
  for (const auto& problem : check.foreign_key_problems) {
    print_text("foreign key: " + problem + "\n");
  }
}

void register_check(CLI::App& group, Context& context) {
  struct Options {
    std::string file;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "check",
      "Check a database file for damage and broken references without changing it; exits "
      "65 when it finds a problem");
  command->add_option("file", options->file, "The file to check (default: the database)");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const std::string file =
        options->file.empty() ? context.paths().database_file.string() : options->file;
    const auto check = Store::check_file(file);
    if (options->json) {
      print_json({{"file", file},
                  {"ok", check.ok()},
                  {"integrity_problems", check.integrity_problems},
                  {"foreign_key_problems", check.foreign_key_problems}});
    } else {
      print_check(file, check);
    }
    if (!check.ok()) context.exit_status = ExitStatus::data_error;
  });
}

}  // namespace

void register_db(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("db", "Back up and check the database file");
  group->require_subcommand(1);
  register_backup(*group, context);
  register_check(*group, context);
}

}  // namespace mentor::cli
