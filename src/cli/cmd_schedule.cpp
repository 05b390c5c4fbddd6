// mentor session schedule: book a session at a time, or propose times that suit both.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/schedule.hpp"
#include "mentor/sessions.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

struct ScheduleOptions {
  std::string program;
  std::string person;
  std::string partner;
  std::string at;
  std::string zone;
  std::optional<int> minutes;
  bool earlier = false;
  bool later = false;
  bool json = false;
};

nlohmann::json local_json(const Person& person, Instant instant) {
  const auto* zone = zone_of(person);
  return {{"employee_id", person.employee_id},
          {"zone", zone->name()},
          {"local", format_local(instant, zone)}};
}

// Prints the instant in UTC and in each person's zone.
void print_times(Instant instant, const Person& mentee, const Person& mentor) {
  Table table{{"", "who", "zone", "local time"}, {}, {}};
  table.rows.push_back({"UTC", "", "UTC", format_utc(instant)});
  for (const auto* person : {&mentee, &mentor}) {
    const auto* zone = zone_of(*person);
    table.rows.push_back({person == &mentee ? "mentee" : "mentor",
                          fmt::format("{} {}", person->employee_id, person->name),
                          std::string(zone->name()), format_local(instant, zone)});
  }
  std::cout << render_table(table);
}

void propose(Context& context, const Program& program, const Pair& pair, int minutes, bool json) {
  Store& store = context.store();
  const auto mentee = require_person(store, pair.mentee_id);
  const auto mentor = require_person(store, pair.mentor_id);
  const auto slots =
      propose_session_times(store, context.config(), program, pair, minutes, context.now());
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& slot : slots) {
      list.push_back({{"starts_at", format_utc(slot.start)},
                      {"ends_at", format_utc(slot.end)},
                      {"mentee", local_json(mentee, slot.start)},
                      {"mentor", local_json(mentor, slot.start)}});
    }
    print_json({{"pair", pair.id}, {"minutes", minutes}, {"proposals", list}});
    return;
  }
  if (slots.empty()) {
    throw DataError(fmt::format(
        "the working hours of {} ({}) and {} ({}) share no {} minutes on a weekday in the next "
        "four weeks: give a time with --at, or a shorter --minutes",
        mentee.employee_id, zone_of(mentee)->name(), mentor.employee_id, zone_of(mentor)->name(),
        minutes));
  }
  print_text(fmt::format(
      "times for session {} of {} and {}, {} minutes, inside both working "
      "days; book one with --at:\n",
      pair.sessions_held + 1, mentee.employee_id, mentor.employee_id, minutes));
  Table table{{"UTC", "mentee local", "mentor local"}, {}, {}};
  for (const auto& slot : slots) {
    table.rows.push_back({format_utc(slot.start), format_local(slot.start, zone_of(mentee)),
                          format_local(slot.start, zone_of(mentor))});
  }
  std::cout << render_table(table);
}

void book(Context& context, const Program& program, const Pair& pair,
          const ScheduleOptions& options, int minutes) {
  Store& store = context.store();
  const auto mentee = require_person(store, pair.mentee_id);
  const auto mentor = require_person(store, pair.mentor_id);
  const auto named = resolve_person(store, person_id(context, options.person));
  const auto* zone = options.zone.empty() ? zone_of(named) : require_zone(options.zone);

  const auto local = parse_local_time(options.at);
  if (!local) {
    throw UsageError(
        fmt::format("invalid --at '{}': write the local time as 'YYYY-MM-DD HH:MM', "
                    "optionally with an offset such as +09:00",
                    options.at));
  }
  Fold fold = Fold::reject;
  if (options.earlier) fold = Fold::earlier;
  if (options.later) fold = Fold::later;
  const Instant starts_at = resolve_local_time(*local, zone, fold);

  Booking booking;
  run_in_transaction(context, false, [&] {
    booking = book_session(store, program, pair, starts_at, std::string(zone->name()), minutes,
                           context.now());
  });
  const auto& appointment = booking.appointment;
  if (options.json) {
    print_json({{"pair", pair.id},
                {"appointment",
                 {{"uid", appointment.uid},
                  {"number", appointment.number},
                  {"starts_at", format_utc(appointment.starts_at)},
                  {"minutes", appointment.minutes},
                  {"zone", appointment.zone},
                  {"sequence", appointment.sequence},
                  {"status", to_string(appointment.status)}}},
                {"rescheduled", booking.rescheduled && !booking.unchanged},
                {"mentee", local_json(mentee, appointment.starts_at)},
                {"mentor", local_json(mentor, appointment.starts_at)}});
    return;
  }
  std::string_view verb = "booked";
  if (booking.rescheduled) verb = booking.unchanged ? "already booked" : "moved";
  print_text(fmt::format("{} session {} of {} and {}, {} minutes:\n", verb, appointment.number,
                           mentee.employee_id, mentor.employee_id, appointment.minutes));
  print_times(appointment.starts_at, mentee, mentor);
}

}  // namespace

void register_schedule(CLI::App& group, Context& context) {
  auto options = std::make_shared<ScheduleOptions>();
  auto* command = group.add_subcommand(
      "schedule",
      "Book the pair's next session at a local time, or without --at propose times "
      "inside both people's working hours");
  command->add_option("program", options->program, "Program name")->required();
  command->add_option("person", options->person,
                      "The mentee, or a mentor with one mentee, by employee id, email or part of "
                      "the name (default: 'me' from the config)");
  command->add_option("--with", options->partner, "The other person in the pair");
  command->add_option("--at", options->at,
                      "Local start time, 'YYYY-MM-DD HH:MM', optionally with an offset");
  command->add_option("--tz", options->zone,
                      "IANA zone of --at (default: the zone of the person named)");
  command->add_option("--minutes", options->minutes,
                      "Length of the session in minutes (default: schedule.session_minutes)");
  auto* earlier = command->add_flag("--earlier", options->earlier,
                                    "When --at occurs twice (clocks go back), take the first");
  auto* later = command->add_flag("--later", options->later,
                                  "When --at occurs twice (clocks go back), take the second");
  earlier->excludes(later);
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    Store& store = context.store();
    const Program program = require_program(store, options->program);
    const auto person = person_id(context, options->person);
    std::optional<std::string> partner;
    if (!options->partner.empty()) partner = person_id(context, options->partner);
    const Pair pair = find_pair_of(store, program, person, partner);
    const int minutes = options->minutes.value_or(context.config().schedule.session_minutes);
    if (options->at.empty()) {
      propose(context, program, pair, minutes, options->json);
      return;
    }
    book(context, program, pair, *options, minutes);
  });
}

}  // namespace mentor::cli
