// Logging held sessions, which moves a pair through its program's template.
#pragma once

#include <optional>
#include <string>

#include "mentor/store.hpp"

namespace mentor {

struct SessionRequest {
  std::string person;                 // the mentee, or a mentor with one mentee
  std::optional<std::string> partner;  // the other person, when `person` is in several pairs
  Date held_on;
  int minutes = 0;
  int rating = 0;
  std::string notes;
};

struct LoggedSession {
  Pair pair;  // after the update
  SessionRecord session;
  std::string title;  // the template session that was held
  bool completed = false;
};

// Finds the single open pair of `person` (with `partner`, if given) in the program.
// Throws NotFoundError when there is none and DataError, listing the partners, when
// there are several.
Pair find_pair_of(const Store& store, const Program& program, const std::string& person,
                  const std::optional<std::string>& partner);

// Records a held session and advances the pair, which is completed after the
// template's last session. Throws UsageError for minutes outside 1 to 1440 or a
// rating outside 1 to 5. Throws DataError for a pair that has completed, or for a
// date before the program's start, the pairing or the pair's last session, or after
// `today`.
LoggedSession log_session(Store& store, const Program& program, const SessionRequest& request,
                          Date today);

}  // namespace mentor
