#include "mentor/sessions.hpp"

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"

namespace mentor {

namespace {

void check_request(const SessionRequest& request) {
  if (request.minutes < 1 || request.minutes > 1440) {
    throw UsageError(fmt::format("invalid --minutes {}: give the session's length in minutes, "
                                 "from 1 to 1440",
                                 request.minutes));
  }
  if (request.rating < 1 || request.rating > 5) {
    throw UsageError(fmt::format("invalid --rating {}: give a whole number from 1 (poor) to 5 "
                                 "(excellent)",
                                 request.rating));
  }
}

std::string partner_of(const Pair& pair, const std::string& person) {
  return pair.mentor_id == person ? pair.mentee_id : pair.mentor_id;
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
                          Date today) {
  check_request(request);
  Pair pair = find_pair_of(store, program, request.person, request.partner);
  const auto total = static_cast<int>(program.sessions.size());
  if (pair.state == PairState::completed || pair.sessions_held >= total) {
    throw DataError(fmt::format("the pair {} and {} has completed all {} sessions of {}",
                                pair.mentor_id, pair.mentee_id, total, program.name));
  }
  if (request.held_on < program.start) {
    throw DataError(fmt::format("session date {} is before {} starts on {}: check --date",
                                format_date(request.held_on), program.name,
                                format_date(program.start)));
  }
  if (request.held_on < pair.paired_on) {
    throw DataError(fmt::format("session date {} is before {} and {} were paired on {}: check "
                                "--date",
                                format_date(request.held_on), pair.mentor_id, pair.mentee_id,
                                format_date(pair.paired_on)));
  }
  if (request.held_on > today) {
    throw DataError(fmt::format("session date {} is in the future (today is {}): log a session "
                                "once it has been held",
                                format_date(request.held_on), format_date(today)));
  }
  const auto history = store.list_sessions(pair.id);
  if (!history.empty() && request.held_on < history.back().held_on) {
    throw DataError(fmt::format("session date {} is before the pair's last session on {}: "
                                "sessions are logged in the order they were held",
                                format_date(request.held_on),
                                format_date(history.back().held_on)));
  }

  LoggedSession logged;
  logged.session.pair_id = pair.id;
  logged.session.number = pair.sessions_held + 1;
  logged.session.held_on = request.held_on;
  logged.session.minutes = request.minutes;
  logged.session.rating = request.rating;
  logged.session.notes = request.notes;
  logged.session.id = store.insert_session(logged.session);
  logged.title = program.sessions[static_cast<std::size_t>(pair.sessions_held)].title;

  pair.sessions_held += 1;
  logged.completed = pair.sessions_held == total;
  pair.state = logged.completed ? PairState::completed : PairState::active;
  store.set_pair_progress(pair.id, pair.sessions_held, pair.state);
  logged.pair = pair;
  return logged;
}

}  // namespace mentor
