// Due and stalled pairs across every program, for one person or for all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mentor/status.hpp"

namespace mentor {

struct DueRow {
  std::string program;
  PairStatus status;
  int days_since_held = 0;  // since the last held session, or since the pair began
};

// Lists the active pairs whose next session is due on or before `until`, overdue
// ones included, in every program, sorted by due date. With `employee_id`, only
// that person's pairs.
std::vector<DueRow> list_due(const Store& store, const std::optional<std::string>& employee_id,
                             Date until, Date today);

// Lists the active pairs with no held session for at least `days` days, counting
// from the pair's start (the later of the program's start and the pairing) when it
// has held none yet.
std::vector<DueRow> list_stalled(const Store& store, const std::optional<std::string>& employee_id,
                                 int days, Date today);

// Parses a period such as "21d" or "3w" into days. Returns nullopt on anything else.
std::optional<int> parse_period_days(std::string_view text);

}  // namespace mentor
