// mentor enroll and mentor pair: put people into a program and pair them.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

void register_enroll(CLI::App& app, Context& context) {
  struct Options {
    std::string program;
    bool mentors = false;
    bool mentees = false;
    std::vector<std::string> ids;
    PersonFilter filter;
    std::string levels;
    std::optional<int> capacity;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "enroll", "Enrol people in a program as mentors or mentees, by id or by filter");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("employee_ids", options->ids, "Employee ids to enrol");
  auto* mentors = command->add_flag("--mentors", options->mentors, "Enrol them as mentors");
  auto* mentees = command->add_flag("--mentees", options->mentees, "Enrol them as mentees");
  mentors->excludes(mentees);
  command->add_option("--department", options->filter.department,
                      "Enrol everyone in this department");
  command->add_option("--role", options->filter.job_role, "Enrol everyone with this job role");
  command->add_option("--level", options->levels,
                      "Enrol everyone at these job levels: 3, 3..5, 3.. or ..5");
  command->add_option("--capacity", options->capacity,
                      "Mentees each of these mentors takes (default: pairing.default_capacity)");
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    if (!options->mentors && !options->mentees) {
      throw UsageError("say which role: add --mentors or --mentees");
    }
    EnrolRequest request;
    request.role = options->mentors ? Role::mentor : Role::mentee;
    request.employee_ids = options->ids;
    request.capacity = options->capacity;
    request.enrolled_on = context.today();
    auto filter = options->filter;
    if (!options->levels.empty()) filter = parse_level_range(options->levels, filter);
    if (!filter.department.empty() || !filter.job_role.empty() || filter.min_level ||
        filter.max_level) {
      request.filter = filter;
    }
    if (request.employee_ids.empty() && !request.filter) {
      throw UsageError("name the people to enrol: give employee ids, or a filter such as "
                       "--department, --role or --level");
    }

    const Program program = require_program(context.store(), options->program);
    EnrolResult result;
    run_in_transaction(context.store(), options->dry_run,
                       [&] { result = enrol(context.store(), program, request); });
    if (options->json) {
      print_json({{"program", program.name},
                  {"role", to_string(request.role)},
                  {"added", result.added},
                  {"updated", result.updated},
                  {"unchanged", result.unchanged},
                  {"dry_run", options->dry_run}});
      return;
    }
    print_text(fmt::format("{}: {} {}s {}enrolled, {} updated, {} already enrolled\n",
                             program.name, result.added.size(), to_string(request.role),
                             options->dry_run ? "would be " : "", result.updated.size(),
                             result.unchanged.size()));
  });
}

namespace {

nlohmann::json pair_json(const Pair& pair) {
  return {{"id", pair.id},
          {"mentor", pair.mentor_id},
          {"mentee", pair.mentee_id},
          {"method", pair.method},
          {"reasons", pair.reasons}};
}

void print_auto_pairs(Store& store, const PairingOutcome& outcome, bool dry_run) {
  Table table{{"mentee", "name", "mentor", "name", "why"}, {}, {}};
  for (const auto& pair : outcome.stored) {
    table.rows.push_back({pair.mentee_id, require_person(store, pair.mentee_id).name,
                          pair.mentor_id, require_person(store, pair.mentor_id).name,
                          pair.reasons});
  }
  if (!table.rows.empty()) std::cout << render_table(table);
  print_text(fmt::format("{} pairs {}\n", outcome.stored.size(),
                           dry_run ? "would be made" : "made"));
  for (const auto& unpaired : outcome.plan.unpaired) {
    print_text(fmt::format("{} not paired: {}\n", unpaired.mentee_id, unpaired.reason));
  }
}

}  // namespace

void register_pair(CLI::App& app, Context& context) {
  struct Options {
    std::string program;
    std::string mentor;
    std::string mentee;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "pair", "Pair every unpaired mentee automatically, or one pair by hand with "
              "--mentor and --mentee");
  command->add_option("program", options->program, "Program name")->required();
  auto* mentor = command->add_option("--mentor", options->mentor, "Mentor's employee id");
  auto* mentee = command->add_option("--mentee", options->mentee, "Mentee's employee id");
  mentor->needs(mentee);
  mentee->needs(mentor);
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options, mentor]() {
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    if (mentor->count() > 0) {
      if (options->mentor.empty() || options->mentee.empty()) {
        throw UsageError("--mentor and --mentee need employee ids, not empty values");
      }
      Pair pair;
      run_in_transaction(store, options->dry_run, [&] {
        pair = pair_manually(store, program, context.config(), options->mentor, options->mentee,
                             context.today());
      });
      if (options->json) {
        print_json({{"pairs", {pair_json(pair)}}, {"unpaired", nlohmann::json::array()},
                    {"dry_run", options->dry_run}});
        return;
      }
      print_text(fmt::format("{} {} with mentor {}: {}\n",
                               options->dry_run ? "would pair" : "paired", pair.mentee_id,
                               pair.mentor_id, pair.reasons));
      return;
    }

    PairingOutcome outcome;
    run_in_transaction(store, options->dry_run, [&] {
      outcome = pair_program(store, program, context.config(), context.today());
    });
    if (options->json) {
      nlohmann::json pairs = nlohmann::json::array();
      for (const auto& pair : outcome.stored) pairs.push_back(pair_json(pair));
      nlohmann::json unpaired = nlohmann::json::array();
      for (const auto& left : outcome.plan.unpaired) {
        unpaired.push_back({{"mentee", left.mentee_id}, {"reason", left.reason}});
      }
      print_json({{"pairs", pairs}, {"unpaired", unpaired}, {"dry_run", options->dry_run}});
      return;
    }
    print_auto_pairs(store, outcome, options->dry_run);
  });
}

}  // namespace mentor::cli
