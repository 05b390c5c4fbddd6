// mentor goal and mentor micro: a pair's goals, and short sessions between any two people.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/goals.hpp"
#include "mentor/programs.hpp"
#include "mentor/sessions.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

struct GoalPairOptions {
  std::string program;
  std::string person;
  std::string partner;
};

Pair goal_pair(Context& context, const GoalPairOptions& options) {
  const Program program = require_program(context.store(), options.program);
  std::optional<std::string> partner;
  if (!options.partner.empty()) partner = person_id(context, options.partner);
  return find_pair_of(context.store(), program, person_id(context, options.person), partner);
}

nlohmann::json goal_json(const Goal& goal) {
  return {{"id", goal.id},
          {"kind", goal.kind},
          {"text", goal.text},
          {"added_on", format_date(goal.added_on)},
          {"done_on",
           goal.done_on ? nlohmann::json(format_date(*goal.done_on)) : nlohmann::json(nullptr)}};
}

void register_goal_add(CLI::App& group, Context& context) {
  struct Options {
    GoalPairOptions pair;
    std::string text;
    bool plan = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "add",
      "Add a goal of the mentee (first session), or with --plan a step of the plan agreed "
      "in the last session");
  command->add_option("program", options->pair.program, "Program name")->required();
  command
      ->add_option("person", options->pair.person,
                   "The mentee or mentor, by employee id, email or part of the name")
      ->required();
  command->add_option("text", options->text, "The goal, in a sentence")->required();
  command->add_option("--with", options->pair.partner, "The other person in the pair");
  command->add_flag("--plan", options->plan, "Record a step of the plan rather than a goal");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Pair pair = goal_pair(context, options->pair);
    Goal goal;
    run_in_transaction(context, false, [&] {
      goal = add_goal(context.store(), pair, options->plan ? "plan" : "goal", options->text,
                      context.today());
    });
    if (options->json) {
      print_json({{"pair", pair.id}, {"goal", goal_json(goal)}});
      return;
    }
    print_text(fmt::format("added {} {} for {} and {}: {}\n", goal.kind, goal.id, pair.mentee_id,
                             pair.mentor_id, goal.text));
  });
}

void register_goal_done(CLI::App& group, Context& context) {
  struct Options {
    std::int64_t id = 0;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("done", "Mark a goal done");
  command->add_option("id", options->id, "Goal id, from 'mentor goal list'")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Goal goal;
    run_in_transaction(context, false, [&] {
      goal = complete_goal(context.store(), options->id, context.today());
    });
    if (options->json) {
      print_json(goal_json(goal));
      return;
    }
    print_text(fmt::format("{} {} done on {}: {}\n", goal.kind, goal.id,
                             format_date(*goal.done_on), goal.text));
  });
}

void register_goal_list(CLI::App& group, Context& context) {
  struct Options {
    GoalPairOptions pair;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("list", "List a pair's goals and plan");
  command->add_option("program", options->pair.program, "Program name")->required();
  command->add_option("person", options->pair.person,
                      "The mentee or mentor (default: 'me' from the config)");
  command->add_option("--with", options->pair.partner, "The other person in the pair");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const Pair pair = goal_pair(context, options->pair);
    const auto goals = context.store().list_goals(pair.id);
    int done = 0;
    for (const auto& goal : goals) done += goal.done_on ? 1 : 0;
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& goal : goals) list.push_back(goal_json(goal));
      print_json({{"pair", pair.id}, {"done", done}, {"total", goals.size()}, {"goals", list}});
      return;
    }
    Table table{{"id", "kind", "goal", "added", "done"}, {}, {true}};
    for (const auto& goal : goals) {
      table.rows.push_back({std::to_string(goal.id), goal.kind, goal.text,
                            format_date(goal.added_on),
                            goal.done_on ? format_date(*goal.done_on) : "-"});
    }
    std::cout << render_table(table);
    print_note(context, fmt::format("{} of {} done\n", done, goals.size()));
  });
}

}  // namespace

void register_goal(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("goal", "Add, complete and list a pair's goals");
  group->require_subcommand(1);
  register_goal_add(*group, context);
  register_goal_done(*group, context);
  register_goal_list(*group, context);
}

void register_micro(CLI::App& app, Context& context) {
  struct Options {
    std::string person;
    std::string other;
    std::string program;
    std::string date;
    MicroSession session;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* group = app.add_subcommand("micro", "Log short focused sessions between any two people");
  group->require_subcommand(1);
  auto* command = group->add_subcommand(
      "log", "Record a micro-session; it advances no template but counts in status");
  command->add_option("person", options->person, "One person, by id, email or part of the name")
      ->required();
  command->add_option("other", options->other, "The other person")->required();
  command
      ->add_option("--minutes", options->session.minutes, "Length of the micro-session in minutes")
      ->required();
  command->add_option("--topic", options->session.topic, "What it was about")->required();
  command->add_option("--program", options->program, "Name of the program it belongs to, if any");
  command->add_option("--date", options->date, "Day it was held (YYYY-MM-DD; default: today)");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    auto session = options->session;
    session.person = person_id(context, options->person);
    session.other = person_id(context, options->other);
    session.held_on =
        options->date.empty() ? context.today() : parse_date_option(options->date, "--date");
    if (!options->program.empty()) {
      session.program_id = require_program(context.store(), options->program).id;
    }
    run_in_transaction(context, false, [&] {
      session = log_micro_session(context.store(), session, context.today());
    });
    if (options->json) {
      print_json({{"id", session.id},
                  {"person", session.person},
                  {"other", session.other},
                  {"program", options->program.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(options->program)},
                  {"held_on", format_date(session.held_on)},
                  {"minutes", session.minutes},
                  {"topic", session.topic}});
      return;
    }
    print_text(fmt::format("logged a {}-minute micro-session of {} and {} on {}: {}\n",
                             session.minutes, session.person, session.other,
                             format_date(session.held_on), session.topic));
  });
}

}  // namespace mentor::cli
