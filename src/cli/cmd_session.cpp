// mentor session: log, undo, book and list sessions, and end a pair that is not a fit.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/schedule.hpp"
#include "mentor/sessions.hpp"
#include "mentor/status.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

std::string title_of(const Program& program, int number) {
  const auto index = static_cast<std::size_t>(number - 1);
  return index < program.sessions.size() ? program.sessions[index].title : "";
}

nlohmann::json optional_number(const std::optional<int>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Opens $EDITOR on an empty temporary file and returns what the user wrote.
std::string notes_from_editor(const char* editor) {
  const auto file = std::filesystem::temp_directory_path() /
                    fmt::format("mentor-notes-{}.txt", static_cast<long>(getpid()));
  std::ofstream(file).close();
  const std::string command = fmt::format("{} '{}'", editor, file.string());
  const int status = std::system(command.c_str());
  std::ifstream input(file);
  std::ostringstream text;
  text << input.rdbuf();
  std::filesystem::remove(file);
  if (status != 0) {
    throw UsageError(
        fmt::format("the editor '{}' exited with status {}: nothing was logged; "
                    "give the notes with --notes instead",
                    editor, status));
  }
  return text.str();
}

// Notes come from --notes, else from standard input when it is not a terminal, else
// from $EDITOR when it is set and stdout is_interactive() too. Trailing newlines are
// dropped.
std::string read_notes(const std::optional<std::string>& option) {
  std::string notes;
  if (option) {
    notes = *option;
  } else if (isatty(STDIN_FILENO) == 0) {
    std::ostringstream text;
    text << std::cin.rdbuf();
    notes = text.str();
  } else if (const char* editor = std::getenv("EDITOR");
             editor != nullptr && *editor != '\0' && is_interactive(STDOUT_FILENO)) {
    notes = notes_from_editor(editor);
  }
  while (!notes.empty() && (notes.back() == '\n' || notes.back() == '\r')) notes.pop_back();
  return notes;
}

struct PairOptions {
  std::string program;
  std::string person;
  std::string partner;
};

void add_pair_options(CLI::App& command, PairOptions& options) {
  command.add_option("program", options.program, "Program name")->required();
  command.add_option("person", options.person,
                     "The mentee, or a mentor with one mentee, by employee id, email or part of "
                     "the name (default: 'me' from the config)");
  command.add_option("--with", options.partner,
                     "The other person in the pair, when the first is in several pairs");
}

Pair resolve_pair(Context& context, const Program& program, const PairOptions& options) {
  const auto person = person_id(context, options.person);
  std::optional<std::string> partner;
  if (!options.partner.empty()) partner = person_id(context, options.partner);
  return find_pair_of(context.store(), program, person, partner);
}

void print_logged(const Program& program, const LoggedSession& logged,
                  const std::optional<Date>& next_due, bool json) {
  const auto& session = logged.session;
  if (json) {
    nlohmann::json next = nullptr;
    if (!logged.completed) {
      next = {{"number", logged.pair.sessions_held + 1},
              {"title", title_of(program, logged.pair.sessions_held + 1)}};
    }
    print_json({{"pair", logged.pair.id},
                {"session",
                 {{"id", session.id},
                  {"number", session.number},
                  {"title", logged.title},
                  {"status", to_string(session.status)},
                  {"held_on", format_date(session.held_on)}}},
                {"completed", logged.completed},
                {"next_session", next}});
    return;
  }
  if (session.status == SessionStatus::held) {
    print_text(fmt::format("logged session {} of {} ({}) for {} and {}\n", session.number,
                             program.sessions.size(), logged.title, logged.pair.mentee_id,
                             logged.pair.mentor_id));
  } else {
    print_text(fmt::format("logged session {} ({}) as {} on {} for {} and {}\n", session.number,
                             logged.title, to_string(session.status), format_date(session.held_on),
                             logged.pair.mentee_id, logged.pair.mentor_id));
  }
  if (logged.completed || !next_due) {
    std::cout << "the pair has completed the program\n";
    return;
  }
  print_text(fmt::format("next: session {} ({}), due {}\n", logged.pair.sessions_held + 1,
                           title_of(program, logged.pair.sessions_held + 1),
                           format_date(*next_due)));
}

void register_log(CLI::App& group, Context& context) {
  struct Options {
    PairOptions pair;
    SessionRequest request;
    std::string status = "held";
    std::string date;
    std::optional<int> minutes;
    std::optional<std::string> notes;
    bool json = false;
    bool dry_run = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "log",
      "Record a held, missed or cancelled session; a held one moves the pair on to the "
      "next session of its template");
  add_pair_options(*command, options->pair);
  command->add_option("--date", options->date, "Day of the session (YYYY-MM-DD)")->required();
  command->add_option("--status", options->status, "held (default), missed or cancelled");
  command->add_option("--minutes", options->minutes, "Length of a held session in minutes");
  command->add_option("--rating", options->request.rating,
                      "The mentee's rating of a held session, from 1 (poor) to 5 (excellent)");
  command->add_option("--mentor-rating", options->request.mentor_rating,
                      "The mentor's rating, from 1 (poor) to 5 (excellent)");
  command->add_option("--confidence-before", options->request.confidence_before,
                      "The mentee's confidence before the session, from 1 (low) to 5 (high)");
  command->add_option("--confidence-after", options->request.confidence_after,
                      "The mentee's confidence after the session, from 1 (low) to 5 (high)");
  command->add_option("--notes", options->notes,
                      "Notes on what was discussed (default: standard input, or $EDITOR on a "
                      "terminal)");
  command->add_flag("--another", options->request.another,
                    "Log a second session for the pair on the same day");
  add_dry_run_flag(*command, options->dry_run);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    auto request = options->request;
    const auto status = parse_session_status(options->status);
    if (!status) {
      throw UsageError(
          fmt::format("invalid --status '{}': use held, missed or cancelled", options->status));
    }
    request.status = *status;
    request.held_on = parse_date_option(options->date, "--date");
    if (options->minutes) {
      request.minutes = *options->minutes;
    } else if (request.status == SessionStatus::held) {
      throw UsageError("missing --minutes: give the held session's length in minutes");
    }

    Store& store = context.store();
    const Program program = require_program(store, options->pair.program);
    const Pair pair = resolve_pair(context, program, options->pair);
    request.person = pair.mentee_id;
    request.partner = pair.mentor_id;
    request.notes = read_notes(options->notes);
    LoggedSession logged;
    run_in_transaction(context, options->dry_run,
                       [&] { logged = log_session(store, program, request, context.now()); });
    std::vector<HookEvent> events = {session_logged_event(program, logged)};
    if (logged.completed) events.push_back(pair_completed_event(program, logged.pair));
    context.run_hooks(events, options->dry_run);
    const auto next_due =
        next_due_date(program, logged.pair, last_held_on(store.list_sessions(pair.id)));
    print_logged(program, logged, next_due, options->json);
  });
}

void register_undo(CLI::App& group, Context& context) {
  struct Options {
    PairOptions pair;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("undo", "Remove the last session logged for a pair");
  add_pair_options(*command, options->pair);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->pair.program);
    const Pair pair = resolve_pair(context, program, options->pair);
    LoggedSession undone;
    run_in_transaction(context, false,
                       [&] { undone = undo_last_session(store, program, pair, context.now()); });
    if (options->json) {
      print_json({{"pair", pair.id},
                  {"removed",
                   {{"id", undone.session.id},
                    {"number", undone.session.number},
                    {"status", to_string(undone.session.status)},
                    {"held_on", format_date(undone.session.held_on)}}},
                  {"sessions_held", undone.pair.sessions_held}});
      return;
    }
    print_text(fmt::format("removed session {} ({}, {} on {}) of {} and {}; {} of {} held\n",
                             undone.session.number, undone.title, to_string(undone.session.status),
                             format_date(undone.session.held_on), pair.mentee_id, pair.mentor_id,
                             undone.pair.sessions_held, program.sessions.size()));
  });
}

void register_list(CLI::App& group, Context& context) {
  struct Options {
    PairOptions pair;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand("list", "List the sessions logged for a pair");
  add_pair_options(*command, options->pair);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->pair.program);
    const Pair pair = resolve_pair(context, program, options->pair);
    const auto sessions = store.list_sessions(pair.id);
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& session : sessions) {
        list.push_back({{"number", session.number},
                        {"title", title_of(program, session.number)},
                        {"status", to_string(session.status)},
                        {"held_on", format_date(session.held_on)},
                        {"minutes", session.minutes},
                        {"rating", optional_number(session.rating)},
                        {"mentor_rating", optional_number(session.mentor_rating)},
                        {"confidence_before", optional_number(session.confidence_before)},
                        {"confidence_after", optional_number(session.confidence_after)},
                        {"notes", session.notes}});
      }
      print_json({{"pair", pair.id}, {"mentor", pair.mentor_id}, {"mentee", pair.mentee_id},
                  {"sessions", list}});
      return;
    }
    const auto cell = [](const std::optional<int>& value) {
      return value ? std::to_string(*value) : std::string("-");
    };
    Table table{
        {"#", "day", "status", "session", "minutes", "rating", "mentor", "confidence", "notes"},
        {},
        {true, false, false, false, true, true, true, false}};
    for (const auto& session : sessions) {
      table.rows.push_back(
          {std::to_string(session.number), format_date(session.held_on),
           std::string(to_string(session.status)), title_of(program, session.number),
           session.status == SessionStatus::held ? std::to_string(session.minutes) : "-",
           cell(session.rating), cell(session.mentor_rating),
           fmt::format("{} -> {}", cell(session.confidence_before), cell(session.confidence_after)),
           session.notes});
    }
    std::cout << render_table(table);
  });
}

void register_end(CLI::App& group, Context& context) {
  struct Options {
    PairOptions pair;
    bool not_a_fit = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "end",
      "End a pair after its first session because it is not a fit; both people go back "
      "into the pool for 'mentor pair'");
  add_pair_options(*command, options->pair);
  command->add_flag("--not-a-fit", options->not_a_fit, "The reason: the pair is not a fit")
      ->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->pair.program);
    const Pair pair = resolve_pair(context, program, options->pair);
    Pair ended;
    run_in_transaction(context, false, [&] { ended = end_not_a_fit(store, pair, context.now()); });
    context.run_hooks({pair_ended_event(program, ended)}, false);
    if (options->json) {
      print_json({{"pair", ended.id},
                  {"mentee", ended.mentee_id},
                  {"mentor", ended.mentor_id},
                  {"ended_on", ended.ended_on ? nlohmann::json(format_date(*ended.ended_on))
                                              : nlohmann::json(nullptr)},
                  {"end_reason", ended.end_reason}});
      return;
    }
    print_text(fmt::format(
        "ended the pair {} and {} ({}); run 'mentor pair {}' to pair them "
        "again\n",
        ended.mentee_id, ended.mentor_id, ended.end_reason, program.name));
  });
}

}  // namespace

void register_session(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("session", "Log, book and list mentoring sessions");
  group->require_subcommand(1);
  register_log(*group, context);
  register_undo(*group, context);
  register_schedule(*group, context);
  register_list(*group, context);
  register_end(*group, context);
}

}  // namespace mentor::cli
