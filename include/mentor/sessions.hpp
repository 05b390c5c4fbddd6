// Logging sessions, which moves a pair through its program's template; undoing a
// log; ending a pair that is not a fit; and micro-sessions outside any template.
#pragma once

#include <optional>
#include <string>

#include "mentor/store.hpp"

namespace mentor {

struct SessionRequest {
  std::string person;                  // employee id of the mentee, or a mentor with one mentee
  std::optional<std::string> partner;  // the other person, when `person` is in several pairs
  SessionStatus status = SessionStatus::held;
  Date held_on;
  int minutes = 0;
  std::optional<int> rating;  // the mentee's
  std::optional<int> mentor_rating;
  std::optional<int> confidence_before;
  std::optional<int> confidence_after;
  std::string notes;
  bool another = false;  // log it although the pair has a session on that day
};

struct LoggedSession {
  Pair pair;  // after the update
  SessionRecord session;
  std::string title;  // the template session that was held, missed or cancelled
  bool completed = false;
};

// Finds the single open pair of `person` (with `partner`, if given) in the program.
// Both are employee ids. Throws NotFoundError when there is none and DataError,
// listing the partners, when there are several.
Pair find_pair_of(const Store& store, const Program& program, const std::string& person,
                  const std::optional<std::string>& partner);

// Records a held, missed or cancelled session. A held one advances the pair, which
// is completed after the template's last session; the others record the session
// that was due. A booked appointment for that session takes the same status.
// Throws UsageError for minutes outside 1 to 1440, a missing rating on a held
// session, a rating or confidence outside 1 to 5, or ratings on a session that was
// not held. Throws DataError for a pair that has completed; for a date before the
// program's start, the pairing or the pair's last session, or after today; and for
// a second session on the same day unless `request.another` is set (the message
// shows the first).
LoggedSession log_session(Store& store, const Program& program, const SessionRequest& request,
                          Instant now);

// Removes the pair's last logged session and moves the pair back to where it was.
// Throws DataError when the pair has no sessions.
LoggedSession undo_last_session(Store& store, const Program& program, const Pair& pair,
                                Instant now);

// Ends an active pair as not a fit, after at least one held session, so both people
// return to the pool for automatic pairing. Booked appointments are cancelled.
// Throws DataError for a pair with no held session or one that is not active.
// Automatic pairing does not propose the same two people again.
Pair end_not_a_fit(Store& store, const Pair& pair, Instant now);

// Records a micro-session. Throws UsageError for minutes outside 1 to 240 or an
// empty topic, and DataError when both are the same person or the day is after today.
MicroSession log_micro_session(Store& store, MicroSession session, Date today);

}  // namespace mentor
