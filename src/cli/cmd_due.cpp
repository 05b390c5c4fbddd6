// mentor due, mentor next and mentor calendar: what is coming, per person or for all.
#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/calendar.hpp"
#include "mentor/due.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/schedule.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

std::string title_of(const Program& program, int number) {
  const auto index = static_cast<std::size_t>(number - 1);
  return index < program.sessions.size() ? program.sessions[index].title : "";
}

std::string due_cell(const PairStatus& row, Date today) {
  const auto days = (*row.next_due - today).count();
  if (days < 0) return fmt::format("{} (overdue {} d)", format_date(*row.next_due), -days);
  if (days == 0) return fmt::format("{} (today)", format_date(*row.next_due));
  return fmt::format("{} (in {} d)", format_date(*row.next_due), days);
}

nlohmann::json due_json(const DueRow& row) {
  const auto& status = row.status;
  nlohmann::json appointment = nullptr;
  if (status.next_appointment) {
    appointment = {{"starts_at", format_utc(status.next_appointment->starts_at)},
                   {"minutes", status.next_appointment->minutes},
                   {"uid", status.next_appointment->uid}};
  }
  return {{"program", row.program},
          {"pair", status.pair.id},
          {"mentee", status.mentee.employee_id},
          {"mentor", status.mentor.employee_id},
          {"session", status.pair.sessions_held + 1},
          {"next_due", status.next_due ? nlohmann::json(format_date(*status.next_due))
                                       : nlohmann::json(nullptr)},
          {"overdue", status.overdue},
          {"days_since_held", row.days_since_held},
          {"next_appointment", appointment}};
}

void print_due_table(const std::vector<DueRow>& rows, Date today) {
  Table table{{"program", "mentee", "mentor", "session", "due", "booked", "since held"}, {}, {}};
  for (const auto& row : rows) {
    const auto& status = row.status;
    table.rows.push_back(
        {row.program, fmt::format("{} {}", status.mentee.employee_id, status.mentee.name),
         fmt::format("{} {}", status.mentor.employee_id, status.mentor.name),
         std::to_string(status.pair.sessions_held + 1), due_cell(status, today),
         status.next_appointment ? format_utc(status.next_appointment->starts_at) : "-",
         fmt::format("{} d", row.days_since_held)});
  }
  std::cout << render_table(table);
}

void register_due_command(CLI::App& app, Context& context) {
  struct Options {
    std::string person;
    std::optional<int> days;
    std::string stalled;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "due",
      "List sessions due or overdue this week (or in --days), or with --stalled the "
      "pairs with no held session for that long");
  command->add_option("person", options->person,
                      "Only this person's pairs, by employee id, email or part of the name");
  command
      ->add_option("--days", options->days,
                   "List what is due in the next N days (0 to 3650) instead of this week")
      ->check(CLI::Range(0, 3650));
  auto* stalled = command->add_option(
      "--stalled", options->stalled,
      "List pairs with no held session for this long, e.g. 21d or 3w; exits 1 when any");
  stalled->excludes("--days");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    std::optional<std::string> person;
    if (!options->person.empty()) person = person_id(context, options->person);
    const Date today = context.today();

    if (!options->stalled.empty()) {
      const auto days = parse_period_days(options->stalled);
      if (!days) {
        throw UsageError(fmt::format("invalid --stalled '{}': give days or weeks, e.g. 21d or 3w",
                                     options->stalled));
      }
      const auto rows = list_stalled(store, person, *days, today);
      if (options->json) {
        nlohmann::json items = nlohmann::json::array();
        for (const auto& row : rows) items.push_back(due_json(row));
        print_json({{"today", format_date(today)}, {"stalled_days", *days}, {"pairs", items}});
      } else {
        print_due_table(rows, today);
        print_note(context, fmt::format("{} with no held session for {} or more\n",
                                        counted(rows.size(), "pair", "pairs"),
                                        counted(*days, "day", "days")));
      }
      if (!rows.empty()) context.exit_status = ExitStatus::alert;
      return;
    }

    // This week ends on Sunday in the named person's zone, or in UTC for everyone.
    Date local_today = today;
    if (person) local_today = local_day(context.now(), zone_of(require_person(store, *person)));
    const Date until = options->days ? local_today + date::days{*options->days}
                                     : week_start(local_today) + date::days{6};
    const auto rows = list_due(store, person, until, local_today);
    if (options->json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& row : rows) items.push_back(due_json(row));
      print_json({{"today", format_date(local_today)},
                  {"week", iso_week_label(local_today)},
                  {"until", format_date(until)},
                  {"pairs", items}});
      return;
    }
    print_due_table(rows, local_today);
    print_note(context, fmt::format("{} due by {} ({})\n",
                                    counted(rows.size(), "session", "sessions"),
                                    format_date(until), iso_week_label(local_today)));
  });
}

// Everything a person needs for their next session in each open pair.
void register_next_command(CLI::App& app, Context& context) {
  struct Options {
    std::string person;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "next",
      "Show your next session in each of your pairs: what to prepare, when it is due "
      "and when it is booked");
  command->add_option("person", options->person,
                      "Employee id, email or part of the name (default: 'me' from the config)");
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const auto person = require_person(store, person_id(context, options->person));
    const auto* zone = zone_of(person);
    nlohmann::json items = nlohmann::json::array();
    int shown = 0;
    for (const auto& program : store.list_programs()) {
      const auto status = program_status(store, program.name, context.today());
      for (const auto& row : status.pairs) {
        if (row.pair.state != PairState::active) continue;
        const bool is_mentor = row.pair.mentor_id == person.employee_id;
        if (!is_mentor && row.pair.mentee_id != person.employee_id) continue;
        const int number = row.pair.sessions_held + 1;
        ++shown;
        const auto& step = program.sessions[static_cast<std::size_t>(number - 1)];
        const auto& partner = is_mentor ? row.mentee : row.mentor;
        const std::string booked =
            row.next_appointment ? format_local(row.next_appointment->starts_at, zone) : "";
        if (options->json) {
          items.push_back(
              {{"program", program.name},
               {"role", is_mentor ? "mentor" : "mentee"},
               {"with", partner.employee_id},
               {"session", {{"number", number}, {"title", step.title}}},
               {"objective", is_mentor ? step.mentor_objective : step.mentee_objective},
               {"next_due", format_date(*row.next_due)},
               {"booked", booked.empty() ? nlohmann::json(nullptr) : nlohmann::json(booked)}});
          continue;
        }
        print_text(fmt::format("{}: session {} of {}, {}, with {} {}\n", program.name, number,
                                 program.sessions.size(), step.title, partner.employee_id,
                                 partner.name));
        print_text(fmt::format("  you ({}): {}\n", is_mentor ? "mentor" : "mentee",
                                 is_mentor ? step.mentor_objective : step.mentee_objective));
        print_text(fmt::format("  due {}; {}\n", due_cell(row, context.today()),
                                 booked.empty() ? "not booked" : "booked " + booked));
      }
    }
    if (options->json) {
      print_json({{"person", person.employee_id}, {"next", items}});
    } else if (shown == 0) {
      print_text(fmt::format("{} has no active pair\n", person.employee_id));
    }
  });
}

std::string event_summary(const Program& program, const Appointment& appointment,
                          const Person& mentee, const Person& mentor) {
  return fmt::format("Mentoring session {}: {} ({} with {})", appointment.number,
                     title_of(program, appointment.number), mentee.name, mentor.name);
}

std::string event_description(const Program& program, const Appointment& appointment) {
  const auto index = static_cast<std::size_t>(appointment.number - 1);
  if (index >= program.sessions.size()) return "";
  const auto& step = program.sessions[index];
  return fmt::format("Program {}.\nMentee: {}\nMentor: {}", program.name, step.mentee_objective,
                     step.mentor_objective);
}

// Returns the employee id of the person that `target`, which names no program, names.
// Throws NotFoundError naming both kinds when it names no person either.
std::string calendar_person_id(Context& context, const std::string& target) {
  try {
    return person_id(context, target);
  } catch (const NotFoundError&) {
    throw NotFoundError(fmt::format("no program or person called '{}': list them with 'mentor "
                                    "program list' and 'mentor people list'",
                                    target));
  }
}

void register_calendar_command(CLI::App& app, Context& context) {
  auto target = std::make_shared<std::string>();
  auto* command = app.add_subcommand(
      "calendar",
      "Write the booked sessions of a program or a person as iCalendar (RFC 5545) "
      "on standard output");
  command
      ->add_option("target", *target,
                   "A program name, or a person by employee id, email or part of the name")
      ->required();
  command->callback([&context, target]() {
    Store& store = context.store();
    std::vector<Pair> pairs;
    if (const auto program = store.find_program(*target)) {
      pairs = store.list_pairs(program->id);
    } else {
      pairs = store.list_pairs_of(calendar_person_id(context, *target));
    }
    std::map<std::int64_t, Program> programs;
    for (auto& program : store.list_programs()) programs.emplace(program.id, std::move(program));

    std::vector<CalendarEvent> events;
    for (const auto& pair : pairs) {
      const auto& program = programs.at(pair.program_id);
      const auto mentee = require_person(store, pair.mentee_id);
      const auto mentor = require_person(store, pair.mentor_id);
      for (auto& appointment : store.list_appointments(pair.id)) {
        events.push_back({appointment, event_summary(program, appointment, mentee, mentor),
                          event_description(program, appointment)});
      }
    }
    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
      return a.appointment.starts_at < b.appointment.starts_at;
    });
    std::cout << write_calendar(events);
  });
}

}  // namespace

void register_due(CLI::App& app, Context& context) { register_due_command(app, context); }

void register_next(CLI::App& app, Context& context) { register_next_command(app, context); }

void register_calendar(CLI::App& app, Context& context) { register_calendar_command(app, context); }

}  // namespace mentor::cli
