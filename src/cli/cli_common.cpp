#include "cli_common.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/text.hpp"
#include "mentor/private_file.hpp"
#include "mentor/programs.hpp"

namespace mentor::cli {

namespace {

// Warns on stderr when the config file writes a password that other users can read.
// Only a warning, because the file may be shared on purpose; `config check` fails.
void warn_of_exposed_password(const std::filesystem::path& config_file) {
  std::ifstream file(config_file, std::ios::binary);
  if (!file) return;
  std::ostringstream text;
  text << file.rdbuf();
  if (const auto problem = find_exposed_password(config_file, text.str())) {
    std::cerr << "mentor: warning: " << escape_control(to_string(*problem)) << '\n';
  }
}

// Writes `text` with control characters escaped line by line, keeping the line breaks.
void write_escaped(std::ostream& out, std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end == std::string_view::npos ? end : end - start);
    out << escape_control(line);
    if (end == std::string_view::npos) break;
    out << '\n';
    start = end + 1;
  }
}

// A CLI11 transform for an integer option: checks that the value is decimal digits and
// removes leading zeros, which CLI11 would read as an octal prefix. It returns a message
// for CLI11 to put after the option's name.
CLI::Validator decimal_integer() {
  const auto check = [](std::string& value) -> std::string {
    const bool all_digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
    if (!all_digits) {
      return fmt::format("'{}' is not a number in decimal digits: give digits only, such as 45",
                         value);
    }
    value.erase(0, std::min(value.find_first_not_of('0'), value.size() - 1));
    return "";
  };
  return CLI::Validator(check, "", "");
}

// CLI11 names the value type of int, unsigned and optional<int> options INT or UINT.
void add_integer_checks(CLI::App& command) {
  for (auto* option : command.get_options()) {
    const auto type = option->get_type_name();
    if (type.starts_with("INT") || type.starts_with("UINT")) option->transform(decimal_integer());
  }
  for (auto* subcommand : command.get_subcommands({})) add_integer_checks(*subcommand);
}

}  // namespace

const Paths& Context::paths() {
  if (!m_paths) m_paths = resolve_paths(options.config_file, options.database_file);
  return *m_paths;
}

const Config& Context::config() {
  if (m_config) return *m_config;
  // A missing file at the default path means the defaults; a file the user named with
  // --config or MENTOR_CONFIG must exist, or a typo would go unnoticed.
  const bool named = options.config_file || process_env("MENTOR_CONFIG");
  if (named && !allow_missing_config && !std::filesystem::exists(paths().config_file)) {
    throw Error(ExitStatus::no_input,
                fmt::format("config file {} does not exist: check the path, or create it with "
                            "'mentor init'",
                            paths().config_file.string()));
  }
  m_config = load_config(paths().config_file);
  warn_of_exposed_password(paths().config_file);
  return *m_config;
}

void Context::run_hooks(const std::vector<HookEvent>& events, bool dry_run) {
  if (dry_run || events.empty()) return;
  const auto folder = hooks_folder(config().hooks, paths().config_file);
  for (const auto& failure : mentor::run_hooks(folder, config().hooks.timeout_seconds, events)) {
    std::cerr << "mentor: warning: " << escape_control(failure) << '\n';
  }
}

Store& Context::store() {
  if (!m_store) m_store = Store::open(paths().database_file, false);
  return *m_store;
}

Store& Context::create_store() {
  if (!m_store) {
    const auto folder = paths().database_file.parent_path();
    std::error_code error;
    if (!folder.empty()) std::filesystem::create_directories(folder, error);
    if (error) {
      throw Error(ExitStatus::cant_create,
                  fmt::format("cannot create the folder {}: {}", folder.string(), error.message()));
    }
    const bool existed = std::filesystem::exists(paths().database_file);
    try {
      m_store = Store::open(paths().database_file, true);
    } catch (const StoreError& failure) {
      if (existed || failure.status() != ExitStatus::io_error) throw;
      throw Error(ExitStatus::cant_create, failure.what());
    }
  }
  return *m_store;
}

const Clock& Context::clock() {
  if (!m_clock) {
    m_clock = make_clock(options.now ? options.now : process_env("MENTOR_NOW"));
  }
  return *m_clock;
}

Date Context::today() { return clock().today(); }

Instant Context::now() { return clock().now(); }

void run_in_transaction(Context& context, bool dry_run, const std::function<void()>& write) {
  Store::Transaction transaction(context.store());
  write();
  if (dry_run) {
    print_note(context, "mentor: dry run: nothing was written\n");
    return;  // the transaction rolls back as it goes out of scope
  }
  transaction.commit();
}

bool is_interactive(int descriptor) {
  const auto term = process_env("TERM");
  return isatty(descriptor) != 0 && !process_env("NO_COLOR") && !(term && *term == "dumb");
}

void print_note(const Context& context, std::string_view text) {
  if (!context.options.quiet) write_escaped(std::cerr, text);
}

std::ofstream open_output_file(Context& context, const std::filesystem::path& file,
                               std::string_view option, bool* created) {
  std::error_code ignored;
  if (is_database_file(file, context.paths().database_file) ||
      std::filesystem::equivalent(file, context.paths().config_file, ignored)) {
    throw UsageError(fmt::format("{} {} is mentor's own database or config file: name another "
                                 "file",
                                 option, file.string()));
  }
  const auto cannot_create = [&] {
    return Error(ExitStatus::cant_create,
                 fmt::format("cannot create {} {}: check that the folder exists and is writable",
                             option, file.string()));
  };
  bool is_new = false;
  try {
    is_new = create_private_file(file);  // keeps an existing file and its mode
  } catch (const Error&) {
    throw cannot_create();
  }
  if (created != nullptr) *created = is_new;
  std::ofstream output(file, std::ios::binary | std::ios::trunc);
  if (!output) throw cannot_create();
  return output;
}

void check_written(std::ostream& output, std::string_view name) {
  output.flush();
  if (output) return;
  throw Error(ExitStatus::io_error,
              fmt::format("writing {} failed (is the disk full?): the output is incomplete",
                          name));
}

std::string person_id(Context& context, const std::string& text) {
  if (!text.empty()) return resolve_person(context.store(), text).employee_id;
  const auto& me = context.config().me;
  if (me.empty()) {
    throw UsageError("name the person, or set 'me' to your employee id in the config file");
  }
  return resolve_person(context.store(), me).employee_id;
}

void print_text(std::string_view text) { write_escaped(std::cout, text); }

void print_json(const nlohmann::json& value) {
  std::cout << escape_json_controls(
                   value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace))
            << '\n';
}

void add_json_flag(CLI::App& command, bool& flag) {
  command.add_flag("--json", flag, "Print the result as JSON (shapes in docs/json.md)");
}

void add_dry_run_flag(CLI::App& command, bool& flag) {
  command.add_flag("--dry-run,-n", flag, "Show what would change, and write nothing");
}

void require_decimal_integers(CLI::App& app) { add_integer_checks(app); }

}  // namespace mentor::cli
