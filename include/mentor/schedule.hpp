// Booking session times for a pair, and proposing times inside both people's
// working hours.
#pragma once

#include <string>
#include <vector>

#include "mentor/config.hpp"
#include "mentor/store.hpp"
#include "mentor/zones.hpp"

namespace mentor {

// Returns the zone of the person's roster entry, or UTC when it is empty. Throws
// UsageError when the roster names a zone the tz database does not have.
const date::time_zone* zone_of(const Person& person);

struct Booking {
  Appointment appointment;
  bool rescheduled = false;  // an existing booking for the same session was moved
  bool unchanged = false;    // the session was already booked at that time and length
};

// Books the pair's next session at `starts_at`, or moves the existing booking of that
// session, keeping its UID and raising its sequence. `zone` names the zone the time
// was given in. Throws DataError for a pair that is not active or a time before `now`,
// and UsageError for minutes outside 1 to 1440.
Booking book_session(Store& store, const Program& program, const Pair& pair, Instant starts_at,
                     const std::string& zone, int minutes, Instant now);

// Proposes up to `config.schedule.proposals` start times for the pair's next session,
// on or after the later of `now` and its due date (midnight UTC), inside both people's
// working days. Returns an empty list when their hours do not overlap enough within
// four weeks.
std::vector<Slot> propose_session_times(const Store& store, const Config& config,
                                        const Program& program, const Pair& pair, int minutes,
                                        Instant now);

}  // namespace mentor
