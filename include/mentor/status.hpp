// The state of each pair of a program: its current session, last and next due dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/store.hpp"

namespace mentor {

struct PairStatus {
  Pair pair;
  Person mentor;
  Person mentee;
  std::optional<Date> last_held;
  std::optional<Date> next_due;  // none once the pair has completed or ended
  bool overdue = false;          // today is after next_due
  int goals_done = 0;
  int goals_total = 0;
  std::optional<Appointment> next_appointment;  // the booked time of the next session
};

struct ProgramStatus {
  Program program;
  Date today;
  std::vector<PairStatus> pairs;
  std::vector<Person> unpaired_mentees;
  std::size_t mentors = 0;  // enrolled and still employed
  std::size_t micro_sessions = 0;  // logged in this program
};

// Returns when the pair's next session is due, or nullopt for a pair that is not
// active. The first session is due one cadence after the later of the program's
// start and the day the pair was made; each later one is due one cadence after the
// last held session.
std::optional<Date> next_due_date(const Program& program, const Pair& pair,
                                  const std::optional<Date>& last_held);

// Returns the day of the pair's last held session, ignoring missed and cancelled ones.
std::optional<Date> last_held_on(const std::vector<SessionRecord>& sessions);

// Returns the status of `pair`, one of `program`'s pairs, on `today`. Throws
// NotFoundError when its mentor or mentee is not in the store.
// Returns the status of one pair on `today`: its next due date and whether it is overdue.
PairStatus pair_status(const Program& program, PairOverview overview, Date today);

ProgramStatus program_status(const Store& store, const std::string& program_name, Date today);

// The JSON shape documented in docs/json.md ("status", format 1).
nlohmann::json to_json(const ProgramStatus& status);

}  // namespace mentor
