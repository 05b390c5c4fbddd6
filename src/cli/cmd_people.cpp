// mentor people: import a roster, add one person, list and show.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/people.hpp"
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
          {"manager_id", person.manager_id}};
}

void register_import(CLI::App& people, Context& context) {
  struct Options {
    std::string file;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "import", "Add or update people from an HR roster export (CSV with a header row)");
  command->add_option("file", options->file, "Roster CSV file")->required();
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    if (std::filesystem::is_directory(options->file)) {
      throw Error(ExitStatus::no_input,
                  fmt::format("roster path '{}' is a folder: name a CSV file", options->file));
    }
    std::ifstream input(options->file, std::ios::binary);
    if (!input) {
      throw Error(ExitStatus::no_input, fmt::format("cannot read roster file '{}': {}",
                                                    options->file, std::strerror(errno)));
    }
    const Roster roster = read_roster(input, options->file);
    ImportSummary summary;
    run_in_transaction(context.store(), options->dry_run,
                       [&] { summary = import_roster(context.store(), roster); });
    if (options->json) {
      print_json({{"rows", roster.rows_read},
                  {"people", roster.people.size()},
                  {"added", summary.added},
                  {"updated", summary.updated},
                  {"unchanged", summary.unchanged},
                  {"dry_run", options->dry_run}});
      return;
    }
    const char* verb = options->dry_run ? "would be " : "";
    print_text(fmt::format("{} people in {}: {} {}added, {} {}updated, {} unchanged\n",
                             roster.people.size(), options->file, summary.added, verb,
                             summary.updated, verb, summary.unchanged));
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
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "add", "Add one person, or change the given fields of an existing one");
  command->add_option("employee_id", options->employee_id, "Employee id (the key)")->required();
  command->add_option("--name", options->name, "Full name (required for a new person)");
  command->add_option("--level", options->level,
                      "Job level, a whole number from 0 to 1000 (required for a new person)")
      ->check(CLI::Range(0, 1000));
  command->add_option("--email", options->email, "Work email");
  command->add_option("--department", options->department, "Department");
  command->add_option("--role", options->role, "Job role or title");
  command->add_option("--timezone", options->timezone, "IANA time zone, e.g. Europe/Berlin");
  add_dry_run_flag(*command, options->dry_run);
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
    check_person(person);

    Upsert outcome = Upsert::unchanged;
    run_in_transaction(store, options->dry_run, [&] { outcome = store.upsert_person(person); });
    std::string_view verb = "unchanged";
    if (outcome == Upsert::added) verb = options->dry_run ? "would be added" : "added";
    if (outcome == Upsert::updated) verb = options->dry_run ? "would be updated" : "updated";
    print_text(fmt::format("{} {}\n", person.employee_id, verb));
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
  command->add_option("--department", options->filter.department, "Only this department");
  command->add_option("--role", options->filter.job_role, "Only this job role");
  command->add_option("--level", options->levels, "Only these job levels: 3, 3..5, 3.. or ..5");
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
    std::cout << render_table(table) << fmt::format("{} people\n", matches.size());
  });
}

void register_show(CLI::App& people, Context& context) {
  struct Options {
    std::string employee_id;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand("show", "Show one person");
  command->add_option("employee_id", options->employee_id, "Employee id")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Person person = require_person(context.store(), options->employee_id);
    if (options->json) {
      print_json(person_json(person));
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
                  {"manager", person.manager_id}};
    std::cout << render_table(table);
  });
}

}  // namespace

void register_people(CLI::App& app, Context& context) {
  auto* people = app.add_subcommand("people", "Import, add, list and show people");
  people->require_subcommand(1);
  register_import(*people, context);
  register_add(*people, context);
  register_list(*people, context);
  register_show(*people, context);
}

}  // namespace mentor::cli
