// The state and helpers every command shares: global options, the lazily opened
// store and config, transactions and output. Commands parse, call the core, and
// print through these.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "mentor/clock.hpp"
#include "mentor/config.hpp"
#include "mentor/errors.hpp"
#include "mentor/paths.hpp"
#include "mentor/store.hpp"

namespace mentor::cli {

struct GlobalOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> database_file;
  std::optional<std::string> now;
};

class Context {
 public:
  GlobalOptions options;
  bool allow_missing_config = false;  // set for `mentor init`, which creates the file
  // The exit status of a command that succeeded but has something to report.
  ExitStatus exit_status = ExitStatus::ok;

  const Paths& paths();
  const Config& config();
  // The existing database; throws StoreError (no_input) when there is none.
  Store& store();
  // The database, created with its folder when missing.
  Store& create_store();
  const Clock& clock();
  Date today();
  Instant now();

 private:
  std::optional<Paths> m_paths;
  std::optional<Config> m_config;
  std::optional<Store> m_store;
  std::unique_ptr<Clock> m_clock;
};

// Runs `write` in one transaction and commits it. On a dry run it rolls back and
// prints a note on stderr, so a dry run reports exactly what a real run would do.
void run_in_transaction(Store& store, bool dry_run, const std::function<void()>& write);

// Prints `text` on stdout with control characters escaped line by line, so data
// such as names cannot send escape sequences to the terminal.
void print_text(std::string_view text);

// Prints `value` on stdout. Invalid UTF-8 in strings is replaced (U+FFFD) rather
// than failing, because the JSON is printed after the command's changes commit.
void print_json(const nlohmann::json& value);

// Returns the employee id of the person named by `text` (an id, an email or an
// unambiguous part of a name), or of the config's `me` when `text` is empty. Throws
// UsageError when both are empty.
std::string person_id(Context& context, const std::string& text);

// Adds --json to `command`, bound to `flag`.
void add_json_flag(CLI::App& command, bool& flag);

// Adds --dry-run to `command`, bound to `flag`.
void add_dry_run_flag(CLI::App& command, bool& flag);

// One registration function per command group; main() lists them in order.
void register_init(CLI::App& app, Context& context);
void register_people(CLI::App& app, Context& context);
void register_program(CLI::App& app, Context& context);
void register_enroll(CLI::App& app, Context& context);
void register_pair(CLI::App& app, Context& context);
void register_session(CLI::App& app, Context& context);
// Adds "schedule" to the session group (in cmd_schedule.cpp).
void register_schedule(CLI::App& group, Context& context);
void register_status(CLI::App& app, Context& context);
void register_report(CLI::App& app, Context& context);
void register_email(CLI::App& app, Context& context);
void register_next(CLI::App& app, Context& context);
void register_due(CLI::App& app, Context& context);
void register_calendar(CLI::App& app, Context& context);
void register_goal(CLI::App& app, Context& context);
void register_micro(CLI::App& app, Context& context);
void register_db(CLI::App& app, Context& context);

}  // namespace mentor::cli
