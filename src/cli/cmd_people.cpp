// mentor people: import and export a roster, add one person, list and show.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/people.hpp"
#include "mentor/private_file.hpp"
#include "mentor/programs.hpp"
#include "mentor/roster.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

std::string optional_text(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "";
}

nlohmann::json person_json(const Person& person) {
  const auto optional_number = [](const std::optional<int>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  return {{"employee_id", person.employee_id},
          {"name", person.name},
          {"email", person.email},
          {"department", person.department},
          {"job_role", person.job_role},
          {"job_level", person.job_level},
          {"education_field", person.education_field},
          {"gender", person.gender},
          {"age", optional_number(person.age)},
          {"years_at_company", optional_number(person.years_at_company)},
          {"years_since_last_promotion", optional_number(person.years_since_last_promotion)},
          {"total_working_years", optional_number(person.total_working_years)},
          {"timezone", person.timezone},
          {"manager_id", person.manager_id},
          {"left_on", person.left_on ? nlohmann::json(format_date(*person.left_on))
                                     : nlohmann::json(nullptr)}};
}

struct ImportCommandOptions {
  std::string file;
  bool dry_run = false;
  bool json = false;
  bool skip_invalid = false;
  bool full = false;
  bool allow_older = false;
  std::string as_of;
  std::string encoding;
  std::string rejected_file;
};

// The rejected rows of roster.csv go to roster.rejected.csv next to it, unless named.
// Rejects a rejected-rows path that would overwrite the roster being read, or one
// derived from an input that is not a regular file, such as /dev/stdin.
void check_rejected_path(const ImportCommandOptions& options,
                         const std::filesystem::path& rejected_file) {
  std::error_code error;
  if (std::filesystem::equivalent(options.file, rejected_file, error)) {
    throw UsageError(fmt::format("--rejected {} is the roster being imported: name another file",
                                 rejected_file.string()));
  }
  if (options.rejected_file.empty() && !std::filesystem::is_regular_file(options.file)) {
    throw UsageError(fmt::format("{} is not a regular file, so there is no place for the "
                                 "rejected rows next to it: name one with --rejected",
                                 options.file));
  }
}

std::filesystem::path rejected_path(const ImportCommandOptions& options) {
  if (!options.rejected_file.empty()) return options.rejected_file;
  std::filesystem::path path(options.file);
  return path.replace_extension(".rejected.csv");
}

// The roster named "-" is read from standard input.
bool reads_stdin(const ImportCommandOptions& options) { return options.file == "-"; }

std::string source_name(const ImportCommandOptions& options) {
  return reads_stdin(options) ? "standard input" : options.file;
}

nlohmann::json summary_json(const ImportSummary& summary, const ImportCommandOptions& options) {
  return {{"rows", summary.rows},
          {"added", summary.added},
          {"updated", summary.updated},
          {"unchanged", summary.unchanged},
          {"duplicates", summary.duplicates},
          {"rejected", summary.rejected},
          {"left", summary.left},
          {"rehired", summary.rehired},
          {"promoted", summary.promoted},
          {"department_changed", summary.department_changed},
          {"role_changed", summary.role_changed},
          {"pairs_ended", summary.pairs_ended},
          {"updated_fields", summary.updated_fields},
          {"dry_run", options.dry_run}};
}

void print_summary(const ImportSummary& summary, const ImportCommandOptions& options) {
  if (summary.changed_nothing() && summary.rejected == 0) {
    print_text(fmt::format("{}: nothing changed: all {} people are up to date\n",
                           source_name(options), summary.unchanged));
    return;
  }
  const char* verb = options.dry_run ? "would be " : "";
  print_text(fmt::format("{}: {}: {} {}added, {} {}updated, {} unchanged",
                         source_name(options), counted(summary.rows, "row", "rows"),
                         summary.added, verb, summary.updated, verb, summary.unchanged));
  if (summary.duplicates != 0) {
    print_text(fmt::format(", {}",
                           counted(summary.duplicates, "exact duplicate row", "exact duplicate rows")));
  }
  if (options.full) {
    print_text(fmt::format(", {} left ({} active pairs ended)", summary.left,
                             summary.pairs_ended));
  }
  std::cout << '\n';
  if (summary.updated != 0) {
    print_text(fmt::format("{} {}, {}, {}, {}\n", options.dry_run ? "would record" : "recorded",
                           counted(summary.promoted, "promotion", "promotions"),
                           counted(summary.department_changed, "department change",
                                   "department changes"),
                           counted(summary.role_changed, "role change", "role changes"),
                           counted(summary.rehired, "rehire", "rehires")));
  }
  if (summary.rejected != 0) {
    print_text(fmt::format("{} skipped{}\n", counted(summary.rejected, "invalid row", "invalid rows"),
                             options.dry_run ? ""
                                             : fmt::format(", written with the reasons to {}",
                                                           rejected_path(options).string())));
  }
}

// Shows the rows read so far on a terminal; in a pipe, a script or with --quiet it
// stays silent.
// Progress goes to stderr, and only when a person watches both streams: with stdout in
// a pipe or a file, the import runs in a script, which wants only the summary.
std::function<void(std::size_t)> progress_printer(const Context& context) {
  if (!is_interactive(STDOUT_FILENO) || !is_interactive(STDERR_FILENO) ||
      context.options.quiet) {
    return {};
  }
  return [](std::size_t rows) { std::cerr << fmt::format("\rmentor: {} rows read", rows); };
}

// Copies `input` to `spool` in blocks, so that memory stays bounded. Throws Error
// (io_error) when reading or writing fails, a full disk included.
void copy_to_file(std::istream& input, const ImportCommandOptions& options,
                  const TemporaryFile& spool) {
  std::ofstream output(spool.path(), std::ios::binary | std::ios::trunc);
  std::vector<char> block(64 * 1024);
  while (input && output) {
    input.read(block.data(), static_cast<std::streamsize>(block.size()));
    output.write(block.data(), input.gcount());
  }
  output.flush();
  if (input.bad() || !output) {
    throw Error(ExitStatus::io_error,
                fmt::format("copying the roster from {} to the temporary file {} failed (is the "
                            "disk full?): set TMPDIR to a folder with room for the roster",
                            source_name(options), spool.path().string()));
  }
}

// Opens the roster to import. A roster from standard input or a pipe is first copied
// whole into `spool`: the import holds the database's write lock while it reads, and
// a slow producer would otherwise keep every other writer waiting.
std::ifstream open_roster(const ImportCommandOptions& options,
                          std::optional<TemporaryFile>& spool) {
  std::ifstream file;
  if (!reads_stdin(options)) {
    file.open(options.file, std::ios::binary);
    if (!file) {
      throw Error(ExitStatus::no_input, fmt::format("cannot read roster file '{}': {}",
                                                    options.file, std::strerror(errno)));
    }
    if (std::filesystem::is_regular_file(options.file)) return file;
  }
  spool.emplace("mentor-roster-");
  copy_to_file(reads_stdin(options) ? std::cin : file, options, *spool);
  return std::ifstream(spool->path(), std::ios::binary);
}

// Prints the change lines that a dry run kept in `changes`, one per line.
void print_changes(const TemporaryFile& changes) {
  std::ifstream lines(changes.path(), std::ios::binary);
  std::string line;
  while (std::getline(lines, line)) print_text(line + "\n");
}

ImportSummary run_import(Context& context, const ImportCommandOptions& options) {
  if (std::filesystem::is_directory(options.file)) {
    throw Error(ExitStatus::no_input,
                fmt::format("roster path '{}' is a folder: name a CSV file", options.file));
  }
  std::optional<TemporaryFile> spool;
  std::ifstream input = open_roster(options, spool);
  ImportOptions import;
  import.source = source_name(options);
  import.encoding = options.encoding;
  import.columns = context.config().import_columns;
  import.as_of =
      options.as_of.empty() ? context.today() : parse_date_option(options.as_of, "--as-of");
  import.full = options.full;
  import.allow_older = options.allow_older;
  import.skip_invalid = options.skip_invalid;
  import.on_progress = progress_printer(context);
  // A dry run's change lines wait in a file until the import succeeds, so that a
  // rejected roster prints nothing on stdout, and a large one takes no memory.
  std::optional<TemporaryFile> changes;
  std::ofstream change_lines;
  if (options.dry_run && !options.json) {
    changes.emplace("mentor-changes-");
    change_lines.open(changes->path(), std::ios::binary | std::ios::trunc);
    import.on_change = [&change_lines](const std::string& change) {
      change_lines << change << '\n';
    };
  }

  std::ofstream rejected;
  bool rejected_created = false;
  const auto rejected_file = rejected_path(options);
  if (options.skip_invalid && !options.dry_run) {
    check_rejected_path(options, rejected_file);
    import.open_rejected = [&]() -> std::ostream& {
      rejected = open_output_file(context, rejected_file, "--rejected", &rejected_created);
      return rejected;
    };
  }

  ImportSummary summary;
  try {
    run_in_transaction(context, options.dry_run, [&] {
      summary = import_roster(context.store(), input, import);
      // Checked before the commit: rows that reach neither the store nor the file
      // would be lost.
      if (rejected.is_open()) check_written(rejected, rejected_file.string());
      if (changes) check_written(change_lines, changes->path().string());
    });
  } catch (...) {
    // The import rolled back, so its rejected rows would describe nothing that happened.
    // Only a file this import made is removed: never a device such as /dev/full, or a
    // file that was there before.
    if (rejected.is_open()) {
      rejected.close();
      if (rejected_created) std::filesystem::remove(rejected_file);
    }
    throw;
  }
  if (changes) print_changes(*changes);
  if (import.on_progress && summary.rows >= k_progress_rows) std::cerr << "\r\033[K";
  return summary;
}

void register_import(CLI::App& people, Context& context) {
  auto options = std::make_shared<ImportCommandOptions>();
  auto* command = people.add_subcommand(
      "import",
      "Add or update people from an HR roster export (CSV with a header row). Any invalid "
      "row rejects the whole file unless --skip-invalid is given");
  command
      ->add_option("file", options->file,
                   "Roster CSV file (comma, semicolon or tab separated), or - for standard "
                   "input")
      ->required();
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->add_flag("--skip-invalid", options->skip_invalid,
                    "Import the valid rows and write the invalid ones, with the reason, to the "
                    "rejected-rows file");
  command->add_option("--rejected", options->rejected_file,
                      "Rejected-rows file for --skip-invalid (default: FILE with the extension "
                      ".rejected.csv)");
  auto* as_of = command->add_option(
      "--as-of", options->as_of,
      "Date (YYYY-MM-DD) the file describes, given to the changes recorded (default: today)");
  command->add_flag("--full", options->full,
                    "The file lists the whole company: record everyone missing from it as "
                    "having left on the --as-of date, and end their active pairs")
      ->needs(as_of);
  command->add_flag("--allow-older", options->allow_older,
                    "Import a roster dated before the latest change already recorded, dating "
                    "its changes before that change");
  command->add_option("--encoding", options->encoding,
                      "Encoding of the file when it is not UTF-8, e.g. latin1 or windows-1252");
  command->callback([&context, options]() {
    const auto summary = run_import(context, *options);
    if (options->json) {
      print_json(summary_json(summary, *options));
      return;
    }
    print_summary(summary, *options);
  });
}

void write_people_json(const Store& store, std::ostream& output) {
  output << "[";
  bool first = true;
  store.for_each_person(
      [&](const Person& person) {
        output << (first ? "\n  " : ",\n  ") << person_json(person).dump();
        first = false;
      },
      false);
  output << (first ? "]\n" : "\n]\n");
}

void register_export(CLI::App& people, Context& context) {
  struct Options {
    std::string format = "csv";
    std::string output;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "export", "Write everyone who has not left as CSV (which import reads back) or JSON");
  command->add_option("--format", options->format, "Output format: csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  command->add_option("--output,-o", options->output, "Output file (default: standard output)");
  command->callback([&context, options]() {
    std::ofstream file;
    if (!options->output.empty()) file = open_output_file(context, options->output, "--output");
    std::ostream& output = options->output.empty() ? std::cout : file;
    if (options->format == "json") {
      write_people_json(context.store(), output);
    } else {
      export_people_csv(context.store(), output);
    }
    check_written(output, options->output.empty() ? "standard output" : options->output);
  });
}

void register_add(CLI::App& people, Context& context) {
  struct Options {
    std::string employee_id;
    std::optional<std::string> name;
    std::optional<int> level;
    std::optional<std::string> email;
    std::optional<std::string> department;
    std::optional<std::string> role;
    std::optional<std::string> timezone;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "add", "Add one person, or change the given fields of an existing one");
  command->add_option("employee_id", options->employee_id, "Employee id (the key)")->required();
  command->add_option("--name", options->name, "Full name (required for a new person)");
  command->add_option("--level", options->level,
                      "Job level, a whole number from 0 to 1000 (required for a new person)")
      ->check(CLI::Range(0, 1000));
  command->add_option("--email", options->email, "Work email address");
  command->add_option("--department", options->department, "Department name");
  command->add_option("--role", options->role, "Job role or title");
  command->add_option("--timezone", options->timezone, "IANA time zone, e.g. Europe/Berlin");
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const auto existing = store.find_person(options->employee_id);
    if (!existing && (!options->name || !options->level)) {
      throw UsageError(fmt::format("{} is a new person: give at least --name and --level",
                                   escape_control(options->employee_id)));
    }
    // Fields not given keep their stored values, so a correction never erases data.
    Person person = existing.value_or(Person{});
    person.employee_id = options->employee_id;
    if (options->name) person.name = *options->name;
    if (options->level) person.job_level = *options->level;
    if (options->email) person.email = *options->email;
    if (options->department) person.department = *options->department;
    if (options->role) person.job_role = *options->role;
    if (options->timezone) person.timezone = *options->timezone;

    // The person goes through the import as a one-row roster with every column, so the
    // values get the same checks as a roster row, and a change of level or department
    // is recorded as a promotion or a move, as a re-imported roster would record it.
    std::istringstream input(people_csv_header() + person_csv_row(person));
    ImportOptions import;
    import.source = "mentor people add";
    import.as_of = context.today();
    import.single_row = true;
    ImportSummary summary;
    run_in_transaction(context, options->dry_run,
                       [&] { summary = import_roster(store, input, import); });
    std::string_view result = "unchanged";
    if (summary.added != 0) result = "added";
    if (summary.updated != 0) result = "updated";
    if (options->json) {
      print_json({{"employee_id", person.employee_id},
                  {"result", result},
                  {"dry_run", options->dry_run}});
      return;
    }
    const bool changed = result != "unchanged";
    print_text(fmt::format("{} {}{}\n", person.employee_id,
                           options->dry_run && changed ? "would be " : "", result));
  });
}

void register_list(CLI::App& people, Context& context) {
  struct Options {
    PersonFilter filter;
    std::string levels;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand("list", "List people, optionally filtered");
  command->add_option("--department", options->filter.department,
                      "Only people in this department (the exact name)");
  command->add_option("--role", options->filter.job_role,
                      "Only people with this job role (the exact name)");
  command->add_option("--level", options->levels,
                      "Only these job levels (whole numbers): 3, 3..5, 3.. or ..5");
  command->add_flag("--include-left", options->filter.include_left,
                    "Also list people whom a full roster import recorded as having left");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    auto filter = options->filter;
    if (!options->levels.empty()) filter = parse_level_range(options->levels, filter);
    const auto matches = context.store().list_people(filter);
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& person : matches) list.push_back(person_json(person));
      print_json(list);
      return;
    }
    Table table{{"id", "name", "department", "role", "level", "time zone"}, {}, {false, false, false, false, true}};
    for (const auto& person : matches) {
      table.rows.push_back({person.employee_id, person.name, person.department, person.job_role,
                            std::to_string(person.job_level), person.timezone});
    }
    std::cout << render_table(table);
    print_note(context, fmt::format("{} people\n", matches.size()));
  });
}

void register_show(CLI::App& people, Context& context) {
  struct Options {
    std::string employee_id;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand("show", "Show one person");
  command->add_option("employee_id", options->employee_id,
                      "Employee id, email, or a part of the name only one person has")
      ->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Person person = resolve_person(context.store(), options->employee_id);
    const auto tags = context.store().list_tags(person.employee_id);
    if (options->json) {
      auto person_with_tags = person_json(person);
      person_with_tags["tags"] = tags;
      print_json(person_with_tags);
      return;
    }
    Table table{{"field", "value"}, {}, {}};
    table.rows = {{"employee id", person.employee_id},
                  {"name", person.name},
                  {"email", person.email},
                  {"department", person.department},
                  {"job role", person.job_role},
                  {"job level", std::to_string(person.job_level)},
                  {"education field", person.education_field},
                  {"gender", person.gender},
                  {"age", optional_text(person.age)},
                  {"years at company", optional_text(person.years_at_company)},
                  {"years since promotion", optional_text(person.years_since_last_promotion)},
                  {"total working years", optional_text(person.total_working_years)},
                  {"time zone", person.timezone},
                  {"manager", person.manager_id},
                  {"left on", person.left_on ? format_date(*person.left_on) : ""},
                  {"tags", fmt::format("{}", fmt::join(tags, ", "))}};
    std::cout << render_table(table);
    const auto events = context.store().list_person_events(person.employee_id);
    if (events.empty()) return;
    Table history{{"date", "event", "from", "to"}, {}, {}};
    for (const auto& event : events) {
      history.rows.push_back({format_date(event.occurred_on), std::string(to_string(event.kind)),
                              event.old_value, event.new_value});
    }
    std::cout << '\n' << render_table(history);
  });
}

void register_tag(CLI::App& people, Context& context) {
  struct Options {
    std::string employee_id;
    std::vector<std::string> tags;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "tag", "Tag a person with interests or goals; shared tags raise a pair's score");
  command->add_option("employee_id", options->employee_id, "Employee id")->required();
  command->add_option("tags", options->tags, "Tags, e.g. kubernetes public-speaking")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    int added = 0;
    run_in_transaction(context, false, [&] {
      require_person(store, options->employee_id);
      for (const auto& tag : options->tags) {
        if (tag.empty() || tag.size() > 64) {
          throw UsageError(fmt::format("invalid tag '{}': use 1 to 64 characters", tag));
        }
      }
      added = store.add_tags(options->employee_id, options->tags);
    });
    const auto tags = store.list_tags(options->employee_id);
    if (options->json) {
      print_json({{"employee_id", options->employee_id}, {"added", added}, {"tags", tags}});
      return;
    }
    print_text(fmt::format("{}: {} tags added; tags now {}\n", options->employee_id, added,
                           fmt::join(tags, ", ")));
  });
}

}  // namespace

void register_people(CLI::App& app, Context& context) {
  auto* people = app.add_subcommand("people", "Import, export, add, list, show and tag people");
  people->require_subcommand(1);
  register_import(*people, context);
  register_export(*people, context);
  register_add(*people, context);
  register_list(*people, context);
  register_show(*people, context);
  register_tag(*people, context);
}

}  // namespace mentor::cli
