// mentor: a command-line tracker for workplace peer-mentoring programs.
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"

namespace {

int report(mentor::ExitStatus status, const std::string& message) {
  std::cerr << "mentor: error: " << message << '\n';
  return static_cast<int>(status);
}

}  // namespace

int main(int argc, char** argv) {
  using mentor::cli::Context;
  CLI::App app{"Track workplace peer-mentoring programs: people, pairs, sessions, reports.",
               "mentor"};
  app.require_subcommand(1);
  app.set_version_flag("--version", MENTOR_VERSION);
  app.footer("Exit statuses: 0 success, 1 stalled pairs found (due --stalled), 64 usage, "
             "65 invalid data, 66 missing input, 67 not found, 74 database error, "
             "75 database busy, 78 invalid config.");

  // Parse errors get the same one-line shape as every other error.
  app.failure_message([](const CLI::App* command, const CLI::Error& error) {
    return fmt::format("mentor: error: {}; run '{} --help' for usage\n", error.what(),
                       command->get_display_name(true));
  });

  Context context;
  app.add_option("--config", context.options.config_file,
                 "Config file (default $XDG_CONFIG_HOME/mentor/config.toml; env MENTOR_CONFIG)");
  app.add_option("--db", context.options.database_file,
                 "Database file (default $XDG_DATA_HOME/mentor/mentor.db; env MENTOR_DB)");
  app.add_option("--now", context.options.now,
                 "Treat this instant as now: YYYY-MM-DD (midnight UTC), or a date and time with an "
                 "offset or zone, e.g. 2027-02-03T09:30Z (env MENTOR_NOW)");

  mentor::cli::register_init(app, context);
  mentor::cli::register_people(app, context);
  mentor::cli::register_program(app, context);
  mentor::cli::register_enroll(app, context);
  mentor::cli::register_pair(app, context);
  mentor::cli::register_session(app, context);
  mentor::cli::register_status(app, context);
  mentor::cli::register_next(app, context);
  mentor::cli::register_due(app, context);
  mentor::cli::register_calendar(app, context);
  mentor::cli::register_goal(app, context);
  mentor::cli::register_micro(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return static_cast<int>(mentor::ExitStatus::usage);
  } catch (const mentor::Error& error) {
    return report(error.status(), error.what());
  } catch (const std::exception& error) {
    if (const auto store_error = mentor::as_store_error(error)) {
      return report(store_error->status(), store_error->what());
    }
    return report(mentor::ExitStatus::software,
                  fmt::format("unexpected failure: {}; please report it", error.what()));
  }
  return static_cast<int>(context.exit_status);
}
