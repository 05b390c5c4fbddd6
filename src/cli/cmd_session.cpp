// mentor session: log held sessions and list a pair's sessions.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/programs.hpp"
#include "mentor/sessions.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

void register_log(CLI::App& group, Context& context) {
  struct Options {
    std::string program;
    SessionRequest request;
    std::string date;
    bool json = false;
    bool dry_run = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "log", "Record a held session; the pair moves on to the next session of its template");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("person", options->request.person,
                      "Employee id of the mentee, or of a mentor with one mentee")
      ->required();
  command->add_option("--with", options->request.partner,
                      "Employee id of the other person, when the first is in several pairs");
  command->add_option("--date", options->date, "Day the session was held (YYYY-MM-DD)")
      ->required();
  command->add_option("--minutes", options->request.minutes, "Length of the session in minutes")
      ->required();
  command->add_option("--rating", options->request.rating,
                      "How useful it was, from 1 (poor) to 5 (excellent)")
      ->required();
  command->add_option("--notes", options->request.notes, "Notes on what was discussed");
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    auto request = options->request;
    request.held_on = parse_date_option(options->date, "--date");
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    LoggedSession logged;
    run_in_transaction(store, options->dry_run,
                       [&] { logged = log_session(store, program, request, context.today()); });

    const auto total = program.sessions.size();
    if (options->json) {
      nlohmann::json next = nullptr;
      if (!logged.completed) {
        next = {{"number", logged.pair.sessions_held + 1},
                {"title", program.sessions[static_cast<std::size_t>(logged.pair.sessions_held)].title}};
      }
      print_json({{"pair", logged.pair.id},
                  {"session", {{"id", logged.session.id},
                               {"number", logged.session.number},
                               {"title", logged.title},
                               {"held_on", format_date(logged.session.held_on)}}},
                  {"completed", logged.completed},
                  {"next_session", next}});
      return;
    }
    print_text(fmt::format("{} session {} of {} ({}) for {} and {}\n",
                             options->dry_run ? "would log" : "logged", logged.session.number, total, logged.title, logged.pair.mentee_id,
                             logged.pair.mentor_id));
    if (logged.completed) {
      std::cout << "the pair has completed the program\n";
    } else {
      print_text(fmt::format(
          "next: session {} ({}), due {}\n", logged.pair.sessions_held + 1,
          program.sessions[static_cast<std::size_t>(logged.pair.sessions_held)].title,
          format_date(logged.session.held_on + date::days{program.cadence_days})));
    }
  });
}

void register_list(CLI::App& group, Context& context) {
  struct Options {
    std::string program;
    std::string person;
    std::optional<std::string> partner;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("list", "List the sessions a pair has held");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("person", options->person, "Employee id of either person in the pair")
      ->required();
  command->add_option("--with", options->partner, "Employee id of the other person");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    const Pair pair = find_pair_of(store, program, options->person, options->partner);
    const auto sessions = store.list_sessions(pair.id);
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& session : sessions) {
        list.push_back({{"number", session.number},
                        {"title", program.sessions[static_cast<std::size_t>(session.number - 1)].title},
                        {"held_on", format_date(session.held_on)},
                        {"minutes", session.minutes},
                        {"rating", session.rating},
                        {"notes", session.notes}});
      }
      print_json({{"pair", pair.id}, {"mentor", pair.mentor_id}, {"mentee", pair.mentee_id},
                  {"sessions", list}});
      return;
    }
    Table table{{"#", "held on", "session", "minutes", "rating", "notes"}, {}, {true, false, false, true, true}};
    for (const auto& session : sessions) {
      table.rows.push_back({std::to_string(session.number), format_date(session.held_on),
                            program.sessions[static_cast<std::size_t>(session.number - 1)].title,
                            std::to_string(session.minutes), std::to_string(session.rating),
                            session.notes});
    }
    std::cout << render_table(table);
  });
}

}  // namespace

void register_session(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("session", "Log and list mentoring sessions");
  group->require_subcommand(1);
  register_log(*group, context);
  register_list(*group, context);
}

}  // namespace mentor::cli
