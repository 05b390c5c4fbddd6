#include "mentor/sessions.hpp"

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor {

namespace {

void check_scale(const std::optional<int>& value, std::string_view option) {
  if (value && (*value < 1 || *value > 5)) {
    throw UsageError(
        fmt::format("invalid {} {}: give a whole number from 1 (low) to 5 (high)", option, *value));
  }
}

void check_request(const SessionRequest& request) {
  check_text_length(request.notes, "--notes");
  check_scale(request.rating, "--rating");
  check_scale(request.mentor_rating, "--mentor-rating");
  check_scale(request.confidence_before, "--confidence-before");
  check_scale(request.confidence_after, "--confidence-after");
  if (request.status != SessionStatus::held) {
    if (request.minutes != 0 || request.rating || request.mentor_rating ||
        request.confidence_before || request.confidence_after) {
      throw UsageError(
          fmt::format("a {} session takes no --minutes, ratings or confidence: "
                      "give only --date and --notes",
                      to_string(request.status)));
    }
    return;
  }
  if (request.minutes < 1 || request.minutes > 1440) {
    throw UsageError(fmt::format("invalid --minutes {}: give the session's length in minutes, "
                                 "from 1 to 1440",
                                 request.minutes));
  }
  if (!request.rating) {
    throw UsageError(
        "missing --rating: give the mentee's rating of a held session, from 1 "
        "(poor) to 5 (excellent)");
  }
}

std::string partner_of(const Pair& pair, const std::string& person) {
  return pair.mentor_id == person ? pair.mentee_id : pair.mentor_id;
}

std::string describe_session(const SessionRecord& session) {
  if (session.status != SessionStatus::held) {
    return fmt::format("session {} {} on {}", session.number, to_string(session.status),
                       format_date(session.held_on));
  }
  return fmt::format("session {} held on {}, {} minutes, rating {}", session.number,
                     format_date(session.held_on), session.minutes, session.rating.value_or(0));
}

void check_date(const Program& program, const Pair& pair, const std::vector<SessionRecord>& history,
                const SessionRequest& request, Date today) {
  if (request.held_on < program.start) {
    throw DataError(fmt::format("session date {} is before {} starts on {}: check --date",
                                format_date(request.held_on), program.name,
                                format_date(program.start)));
  }
  if (request.held_on < pair.paired_on) {
    throw DataError(fmt::format(
        "session date {} is before {} and {} were paired on {}: check "
        "--date",
        format_date(request.held_on), pair.mentor_id, pair.mentee_id, format_date(pair.paired_on)));
  }
  if (request.held_on > today) {
    throw DataError(
        fmt::format("session date {} is in the future (today is {}): log a session "
                    "once it has been held",
                    format_date(request.held_on), format_date(today)));
  }
  if (!history.empty() && request.held_on < history.back().held_on) {
    throw DataError(
        fmt::format("session date {} is before the pair's last session on {}: "
                    "sessions are logged in the order they were held",
                    format_date(request.held_on), format_date(history.back().held_on)));
  }
  if (request.another) return;
  for (const auto& session : history) {
    if (session.held_on != request.held_on) continue;
    throw DataError(fmt::format(
        "the pair {} and {} already has a session logged on {} ({}): "
        "add --another if this was a second session that day, or "
        "'mentor session undo' to replace the first",
        pair.mentor_id, pair.mentee_id, format_date(request.held_on), describe_session(session)));
  }
}

AppointmentStatus appointment_status_for(SessionStatus status) {
  switch (status) {
    case SessionStatus::held:
      return AppointmentStatus::held;
    case SessionStatus::missed:
      return AppointmentStatus::missed;
    case SessionStatus::cancelled:
      return AppointmentStatus::cancelled;
  }
  return AppointmentStatus::held;
}

// Moves the pair's appointments for session `number` from status `from` to `to`.
void update_appointments(Store& store, std::int64_t pair_id, int number, AppointmentStatus from,
                         AppointmentStatus to, Instant now) {
  for (auto appointment : store.list_appointments(pair_id)) {
    if (appointment.number != number || appointment.status != from) continue;
    appointment.status = to;
    appointment.sequence += 1;
    appointment.updated_at = now;
    store.update_appointment(appointment);
  }
}

std::string title_of(const Program& program, int number) {
  const auto index = static_cast<std::size_t>(number - 1);
  return index < program.sessions.size() ? program.sessions[index].title : "";
}

}  // namespace

Pair find_pair_of(const Store& store, const Program& program, const std::string& person,
                  const std::optional<std::string>& partner) {
  require_person(store, person);
  auto pairs = store.find_open_pairs(program.id, person);
  if (partner) {
    std::erase_if(pairs, [&](const Pair& pair) { return partner_of(pair, person) != *partner; });
  }
  if (pairs.empty()) {
    throw NotFoundError(fmt::format("{} has no open pair{} in {}: see 'mentor status {}'", person,
                                    partner ? " with " + *partner : "", program.name,
                                    program.name));
  }
  if (pairs.size() > 1) {
    std::vector<std::string> partners;
    for (const auto& pair : pairs) partners.push_back(partner_of(pair, person));
    throw DataError(fmt::format("{} is in {} pairs in {} (with {}): name the other person with "
                                "--with",
                                person, pairs.size(), program.name, fmt::join(partners, ", ")));
  }
  return pairs.front();
}

LoggedSession log_session(Store& store, const Program& program, const SessionRequest& request,
                          Instant now) {
  check_request(request);
  Pair pair = find_pair_of(store, program, request.person, request.partner);
  const auto total = static_cast<int>(program.sessions.size());
  if (pair.state == PairState::completed || pair.sessions_held >= total) {
    throw DataError(fmt::format("the pair {} and {} has completed all {} sessions of {}",
                                pair.mentor_id, pair.mentee_id, total, program.name));
  }
  const auto history = store.list_sessions(pair.id);
  check_date(program, pair, history, request, date::floor<date::days>(now));

  LoggedSession logged;
  logged.session.pair_id = pair.id;
  logged.session.number = pair.sessions_held + 1;
  logged.session.status = request.status;
  logged.session.held_on = request.held_on;
  logged.session.minutes = request.minutes;
  logged.session.rating = request.rating;
  logged.session.mentor_rating = request.mentor_rating;
  logged.session.confidence_before = request.confidence_before;
  logged.session.confidence_after = request.confidence_after;
  logged.session.notes = request.notes;
  logged.session.id = store.insert_session(logged.session);
  logged.title = title_of(program, logged.session.number);
  update_appointments(store, pair.id, logged.session.number, AppointmentStatus::scheduled,
                      appointment_status_for(request.status), now);

  if (request.status == SessionStatus::held) {
    pair.sessions_held += 1;
    logged.completed = pair.sessions_held == total;
    pair.state = logged.completed ? PairState::completed : PairState::active;
    store.set_pair_progress(pair.id, pair.sessions_held, pair.state);
  }
  logged.pair = pair;
  return logged;
}

LoggedSession undo_last_session(Store& store, const Program& program, const Pair& pair,
                                Instant now) {
  const auto history = store.list_sessions(pair.id);
  if (history.empty()) {
    throw DataError(fmt::format("the pair {} and {} has no logged session to undo", pair.mentor_id,
                                pair.mentee_id));
  }
  LoggedSession undone;
  undone.session = history.back();
  undone.title = title_of(program, undone.session.number);
  store.delete_session(undone.session.id);
  update_appointments(store, pair.id, undone.session.number,
                      appointment_status_for(undone.session.status), AppointmentStatus::scheduled,
                      now);

  undone.pair = pair;
  if (undone.session.status == SessionStatus::held) {
    undone.pair.sessions_held -= 1;
    undone.pair.state = PairState::active;
    store.set_pair_progress(pair.id, undone.pair.sessions_held, undone.pair.state);
  }
  return undone;
}

Pair end_not_a_fit(Store& store, const Pair& pair, Instant now) {
  if (pair.state != PairState::active) {
    throw DataError(fmt::format("the pair {} and {} is {}, not active", pair.mentor_id,
                                pair.mentee_id, to_string(pair.state)));
  }
  if (pair.sessions_held < 1) {
    throw DataError(
        fmt::format("the pair {} and {} has held no session yet: a pair can be "
                    "ended as not a fit after its first session",
                    pair.mentor_id, pair.mentee_id));
  }
  const Date today = date::floor<date::days>(now);
  store.end_pair(pair.id, std::string(k_not_a_fit), today);
  update_appointments(store, pair.id, pair.sessions_held + 1, AppointmentStatus::scheduled,
                      AppointmentStatus::cancelled, now);
  Pair ended = pair;
  ended.state = PairState::ended;
  ended.end_reason = k_not_a_fit;
  ended.ended_on = today;
  return ended;
}

MicroSession log_micro_session(Store& store, MicroSession session, Date today) {
  if (session.minutes < 1 || session.minutes > 240) {
    throw UsageError(
        fmt::format("invalid --minutes {}: a micro-session lasts from 1 to 240 "
                    "minutes",
                    session.minutes));
  }
  if (session.topic.empty()) throw UsageError("missing --topic: say what the session was about");
  check_text_length(session.topic, "--topic");
  require_person(store, session.person);
  require_person(store, session.other);
  if (session.person == session.other) {
    throw DataError(
        fmt::format("a micro-session needs two people, but both are {}", session.person));
  }
  if (session.held_on > today) {
    throw DataError(fmt::format("session date {} is in the future (today is {})",
                                format_date(session.held_on), format_date(today)));
  }
  session.id = store.insert_micro_session(session);
  return session;
}

}  // namespace mentor
