// The state and helpers every command shares: global options, the lazily opened
// store and config, transactions and output. Commands parse, call the core, and
// print through these.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "mentor/clock.hpp"
#include "mentor/config.hpp"
#include "mentor/errors.hpp"
#include "mentor/hooks.hpp"
#include "mentor/paths.hpp"
#include "mentor/store.hpp"

namespace mentor::cli {

struct GlobalOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> database_file;
  std::optional<std::string> now;
  bool quiet = false;  // --quiet: no messages on stderr other than errors
};

class Context {
 public:
  GlobalOptions options;
  bool allow_missing_config = false;  // set for `mentor init`, which creates the file
  // Whether main loads the config before the command runs; `config check` turns it off
  // because it reports every problem of the file itself.
  bool check_config_first = true;
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

  // Runs the hooks of `events` (see run_hooks) unless this is a dry run, and prints
  // one warning line on stderr per failed hook. Call it after the command's
  // transaction commits; the command's exit status does not change.
  void run_hooks(const std::vector<HookEvent>& events, bool dry_run);

 private:
  std::optional<Paths> m_paths;
  std::optional<Config> m_config;
  std::optional<Store> m_store;
  std::unique_ptr<Clock> m_clock;
};

// Runs `write` in one transaction on the context's store and commits it. On a dry
// run it rolls back and prints a note on stderr (unless --quiet), so a dry run
// reports exactly what a real run would do.
void run_in_transaction(Context& context, bool dry_run, const std::function<void()>& write);

// Returns whether mentor may use terminal features on the file descriptor: colour on
// stdout, a progress line on stderr, an editor for input. Only when the descriptor
// is a terminal, NO_COLOR is not set and TERM is not "dumb". So pipes, files and
// scripts get plain output and no prompt that waits for a person.
bool is_interactive(int descriptor);

// Prints a message that is not data (a summary, a note) on stderr, with control
// characters escaped, unless --quiet is given.
void print_note(const Context& context, std::string_view text);

// Prints `text` on stdout with control characters escaped line by line, so data
// such as names cannot send escape sequences to the terminal.
void print_text(std::string_view text);

// Prints `value` on stdout. Invalid UTF-8 in strings is replaced (U+FFFD) rather
// than failing, because the JSON is printed after the command's changes commit.
void print_json(const nlohmann::json& value);

// Opens `file` for an output option such as --output. Throws UsageError when it is the
// database or one of its files, or the config file, which it would destroy, and
// Error (cant_create) when it cannot be created. A new file is readable by its owner
// only, because exports contain personal data. `created` is set to whether the file is
// new, so that a caller removes only a file it made.
std::ofstream open_output_file(Context& context, const std::filesystem::path& file,
                               std::string_view option, bool* created = nullptr);

// Throws Error (io_error) naming `name` when writing to `output` failed, after
// flushing it: a full disk must not pass for a complete file.
void check_written(std::ostream& output, std::string_view name);

// Returns the employee id of the person named by `text` (an id, an email or an
// unambiguous part of a name), or of the config's `me` when `text` is empty. Throws
// UsageError when both are empty.
std::string person_id(Context& context, const std::string& text);

// Adds --json to `command`, bound to `flag`.
void add_json_flag(CLI::App& command, bool& flag);

// Adds --dry-run to `command`, bound to `flag`.
void add_dry_run_flag(CLI::App& command, bool& flag);

// Makes every integer option of `app` and its subcommands accept only decimal digits.
// CLI11 2.1 (Debian 12) converts integers with strtoll in base 0, which reads "0x10"
// as 16 and "010" as 8. Signs, prefixes and spaces are a usage error naming the option
// and the value, and leading zeros are dropped, so that "010" means 10. No option takes
// a negative number; one that did would need its own check. Call it after registering
// every command.
void require_decimal_integers(CLI::App& app);

// One registration function per command group; main() lists them in order.
void register_help(CLI::App& app);
void register_init(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
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
