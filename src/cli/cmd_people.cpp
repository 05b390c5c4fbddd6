// mentor people: import a roster, add one person, list and show.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
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
    std::ifstream input(options->file, std::ios::binary);
    if (!input) {
      throw Error(ExitStatus::no_input,
                  fmt::format("cannot read roster file '{}': check the path", options->file));
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
    std::cout << fmt::format("{} people in {}: {} {}added, {} {}updated, {} unchanged\n",
                             roster.people.size(), options->file, summary.added, verb,
                             summary.updated, verb, summary.unchanged);
  });
}

void register_add(CLI::App& people, Context& context) {
  auto person = std::make_shared<Person>();
  auto* command = people.add_subcommand("add", "Add one person by hand, or update them by id");
  command->add_option("employee_id", person->employee_id, "Employee id (the key)")->required();
  command->add_option("--name", person->name, "Full name")->required();
  command->add_option("--level", person->job_level, "Job level, a whole number")
      ->required()
      ->check(CLI::NonNegativeNumber);
  command->add_option("--email", person->email, "Work email");
  command->add_option("--department", person->department, "Department");
  command->add_option("--role", person->job_role, "Job role or title");
  command->add_option("--timezone", person->timezone, "IANA time zone, e.g. Europe/Berlin");
  command->callback([&context, person]() {
    std::string csv = "employee_id,name,email,department,job_role,job_level,timezone\n";
    const auto quote = [](const std::string& value) {
      std::string quoted = "\"";
      for (const char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      return quoted + "\"";
    };
    csv += fmt::format("{},{},{},{},{},{},{}\n", quote(person->employee_id), quote(person->name),
                       quote(person->email), quote(person->department), quote(person->job_role),
                       person->job_level, quote(person->timezone));
    // One person goes through the same validation as a roster row.
    std::istringstream input(csv);
    const Roster roster = read_roster(input, "mentor people add");
    ImportSummary summary;
    run_in_transaction(context.store(), false,
                       [&] { summary = import_roster(context.store(), roster); });
    std::string_view outcome = "unchanged";
    if (summary.added != 0) outcome = "added";
    if (summary.updated != 0) outcome = "updated";
    std::cout << fmt::format("{} {}\n", person->employee_id, outcome);
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

void register_tag(CLI::App& people, Context& context) {
  struct Options {
    std::string employee_id;
    std::vector<std::string> tags;
  };
  auto options = std::make_shared<Options>();
  auto* command = people.add_subcommand(
      "tag", "Tag a person with interests or goals; shared tags raise a pair's score");
  command->add_option("employee_id", options->employee_id, "Employee id")->required();
  command->add_option("tags", options->tags, "Tags, e.g. kubernetes public-speaking")->required();
  command->callback([&context, options]() {
    Store& store = context.store();
    int added = 0;
    run_in_transaction(store, false, [&] {
      require_person(store, options->employee_id);
      for (const auto& tag : options->tags) {
        if (tag.empty() || tag.size() > 64) {
          throw UsageError(fmt::format("invalid tag '{}': use 1 to 64 characters", tag));
        }
      }
      added = store.add_tags(options->employee_id, options->tags);
    });
    std::cout << fmt::format("{}: {} tags added; tags now {}\n", options->employee_id, added,
                             fmt::join(store.list_tags(options->employee_id), ", "));
  });
}

}  // namespace

void register_people(CLI::App& app, Context& context) {
  auto* people = app.add_subcommand("people", "Import, add, list, show and tag people");
  people->require_subcommand(1);
  register_import(*people, context);
  register_add(*people, context);
  register_list(*people, context);
  register_show(*people, context);
  register_tag(*people, context);
}

}  // namespace mentor::cli
