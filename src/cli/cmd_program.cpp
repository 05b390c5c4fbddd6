// mentor program: create a program from a template, list and show programs.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

nlohmann::json program_json(const Program& program) {
  nlohmann::json sessions = nlohmann::json::array();
  int number = 1;
  for (const auto& session : program.sessions) {
    sessions.push_back({{"number", number++},
                        {"title", session.title},
                        {"mentee_objective", session.mentee_objective},
                        {"mentor_objective", session.mentor_objective}});
  }
  return {{"name", program.name},
          {"kind", to_string(program.kind)},
          {"template", program.template_name},
          {"start", format_date(program.start)},
          {"cadence_days", program.cadence_days},
          {"cadence", describe(program.cadence())},
          {"sessions", sessions}};
}

void register_create(CLI::App& group, Context& context) {
  struct Options {
    ProgramRequest request;
    std::string start;
    std::string kind = "mentor";
    std::optional<int> cadence_days;
    std::string cadence;
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("create", "Create a program from a template");
  command->add_option("name", options->request.name, "Program name, e.g. tl-2027")->required();
  command->add_option("--template,-t", options->request.template_name,
                      "Template name: a [templates.NAME] table of the config file")
      ->default_val("technical-leadership");
  command->add_option("--start", options->start, "First day of the program (YYYY-MM-DD)")
      ->required();
  auto* cadence = command->add_option(
      "--cadence", options->cadence,
      "How often pairs meet: weekly, biweekly, monthly or days such as 10d (default: the "
      "template's)");
  command->add_option("--cadence-days", options->cadence_days,
                      "Days between sessions, a whole number (like --cadence 10d)")
      ->excludes(cadence);
  command->add_option("--kind", options->kind,
                      "mentor: mentees paired with mentors; peer: colleagues paired with each "
                      "other")
      ->check(CLI::IsMember({"mentor", "peer"}));
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    auto request = options->request;
    request.start = parse_date_option(options->start, "--start");
    request.kind = options->kind == "peer" ? ProgramKind::peer : ProgramKind::mentor;
    if (options->cadence_days) request.cadence = Cadence{*options->cadence_days, false};
    if (!options->cadence.empty()) {
      request.cadence = parse_cadence(options->cadence);
      if (!request.cadence) {
        throw UsageError(
            fmt::format("invalid --cadence '{}': give weekly, biweekly, monthly or "
                        "a number of days such as 10d",
                        options->cadence));
      }
    }
    bool created = false;
    run_in_transaction(context, options->dry_run, [&] {
      created = create_program(context.store(), context.config(), request);
    });
    if (options->json) {
      print_json({{"name", request.name},
                  {"kind", to_string(request.kind)},
                  {"template", request.template_name},
                  {"start", format_date(request.start)},
                  {"created", created},
                  {"dry_run", options->dry_run}});
      return;
    }
    print_text(fmt::format("{} program {} {} (template {}, starts {})\n",
                           to_string(request.kind), request.name,
                           created ? (options->dry_run ? "would be created" : "created")
                                   : "exists, unchanged",
                           request.template_name, format_date(request.start)));
  });
}

void register_list(CLI::App& group, Context& context) {
  auto json = std::make_shared<bool>(false);
  auto* command = group.add_subcommand("list", "List programs");
  add_json_flag(*command, *json);
  command->callback([&context, json]() {
    const auto programs = context.store().list_programs();
    if (*json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& program : programs) list.push_back(program_json(program));
      print_json(list);
      return;
    }
    Table table{{"name", "template", "start", "cadence", "sessions"}, {}, {false, false, false, true, true}};
    for (const auto& program : programs) {
      table.rows.push_back({program.name, program.template_name, format_date(program.start),
                            describe(program.cadence()), std::to_string(program.sessions.size())});
    }
    std::cout << render_table(table);
  });
}

void register_show(CLI::App& group, Context& context) {
  struct Options {
    std::string name;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("show", "Show a program and its sessions");
  command->add_option("name", options->name, "Program name")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Program program = require_program(context.store(), options->name);
    if (options->json) {
      print_json(program_json(program));
      return;
    }
    print_text(fmt::format("{}: {} program, template {}, starts {}, sessions {}\n\n",
                           program.name, to_string(program.kind), program.template_name,
                           format_date(program.start), describe(program.cadence())));
    Table table{{"#", "session", "mentee", "mentor"}, {}, {true}};
    int number = 1;
    for (const auto& session : program.sessions) {
      table.rows.push_back({std::to_string(number++), session.title, session.mentee_objective,
                            session.mentor_objective});
    }
    std::cout << render_table(table);
  });
}

}  // namespace

void register_program(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("program", "Create, list and show programs");
  group->require_subcommand(1);
  register_create(*group, context);
  register_list(*group, context);
  register_show(*group, context);
}

}  // namespace mentor::cli
