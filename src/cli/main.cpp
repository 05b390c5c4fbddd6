// mentor: a command-line tracker for workplace peer-mentoring programs.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli_common.hpp"
#include "reference.hpp"
#include "mentor/errors.hpp"
#include "mentor/text.hpp"
#include "mentor/version.hpp"

namespace {

// Prints the error on stderr, then each listed item on a line of its own indented by
// two spaces, and returns the exit status. Control characters are escaped, line
// breaks included, so that a value quoted in the message can neither drive the
// terminal nor add a line.
int report(mentor::ExitStatus status, const std::string& message,
           const std::vector<std::string>& items = {}) {
  std::cerr << "mentor: error: " << mentor::escape_control(message) << '\n';
  for (const auto& item : items) std::cerr << "  " << mentor::escape_control(item) << '\n';
  return static_cast<int>(status);
}

// Returns the first word of the command line that is not a global option or its
// value, which must name a command.
std::string first_command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--config" || word == "--db" || word == "--now" || word == "--generate") {
      ++i;
    } else if (!word.starts_with("-")) {
      return std::string(word);
    }
  }
  return "";
}

// Returns the words of the deepest command the parser reached, such as "mentor pair
// explain", so that a usage error points at that command's help.
std::string command_path(const CLI::App* app) {
  std::string path = app->get_name();
  while (true) {
    const auto chosen = app->get_subcommands();
    if (chosen.empty()) return path;
    app = chosen.front();
    path += " " + app->get_name();
  }
}

bool is_command(const CLI::App& app, const std::string& word) {
  for (const auto* command : app.get_subcommands({})) {
    if (command->check_name(word)) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using mentor::cli::Context;
  // A file past the size limit (RLIMIT_FSIZE) then fails its write with EFBIG, which is
  // reported like a full disk, instead of killing mentor without a message.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"Track workplace peer-mentoring programs: people, pairs, sessions, reports.",
               "mentor"};
  app.formatter(std::make_shared<mentor::cli::HelpFormatter>());
  app.require_subcommand(1);
  app.fallthrough();  // global options such as --db may follow the command
  app.set_version_flag("--version", fmt::format("mentor {}", mentor::version()));
  app.footer("Exit statuses: 0 success, 1 stalled pairs found (due --stalled), 64 usage, "
             "65 invalid data, 66 missing input, 67 not found, 69 mail not sent, 70 internal "
             "error, 72 mail module missing, 73 cannot create, 74 database error, 75 database "
             "busy or mail deferred, 78 invalid config.");

  // Parse errors get the same one-line shape as every other error.
  app.failure_message([](const CLI::App* command, const CLI::Error& error) {
    return fmt::format("mentor: error: {}; run '{} --help' for usage\n",
                       mentor::escape_control(error.what()), command_path(command));
  });

  Context context;
  app.add_option("--config", context.options.config_file,
                 "Config file (default $XDG_CONFIG_HOME/mentor/config.toml; env MENTOR_CONFIG)");
  app.add_option("--db", context.options.database_file,
                 "Database file (default $XDG_DATA_HOME/mentor/mentor.db; env MENTOR_DB)");
  app.add_option("--now", context.options.now,
                 "Treat this instant as now: YYYY-MM-DD (midnight UTC), or a date and time with an "
                 "offset or zone, e.g. 2027-02-03T09:30Z (env MENTOR_NOW)");
  app.add_flag("--quiet,-q", context.options.quiet,
               "Print no summaries, notes or progress on stderr; errors are still printed");
  mentor::cli::add_generate_option(app);

  mentor::cli::register_init(app, context);
  mentor::cli::register_config(app, context);
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
  mentor::cli::register_report(app, context);
  mentor::cli::register_email(app, context);
  mentor::cli::register_help(app);
  mentor::cli::register_db(app, context);
  mentor::cli::require_decimal_integers(app);

  // Every command checks the config and the global options before it runs, so a
  // broken config file stops a read as surely as a write.
  app.parse_complete_callback([&context, &app]() {
    if (app.got_subcommand("help")) return;
    context.allow_missing_config = app.got_subcommand("init");
    const auto& options = context.options;
    for (const auto* value : {&options.config_file, &options.database_file, &options.now}) {
      if (value->has_value() && (*value)->empty()) {
        throw mentor::UsageError("--config, --db and --now need a value, not an empty string");
      }
    }
    if (context.check_config_first) context.config();
  });

  if (const auto word = first_command_word(argc, argv); !word.empty() && !is_command(app, word)) {
    return report(mentor::ExitStatus::usage,
                  fmt::format("unknown command '{}': run 'mentor --help' to list the commands", word));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return static_cast<int>(mentor::ExitStatus::usage);
  } catch (const mentor::Error& error) {
    return report(error.status(), error.summary(), error.items());
  } catch (const std::exception& error) {
    if (const auto store_error = mentor::as_store_error(error)) {
      return report(store_error->status(), store_error->what());
    }
    return report(mentor::ExitStatus::software,
                  fmt::format("unexpected failure: {}; please report it", error.what()));
  }
  // Data printed to a full disk or a closed file must not pass for complete output.
  std::cout.flush();
  if (!std::cout) {
    return report(mentor::ExitStatus::io_error,
                  "writing to standard output failed (is the disk full?): the output is "
                  "incomplete");
  }
  return static_cast<int>(context.exit_status);
}
