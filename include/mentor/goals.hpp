// A mentee's goals, set in the first session, and the plan agreed in the last.
#pragma once

#include <string>

#include "mentor/store.hpp"

namespace mentor {

// Adds a goal ("goal") or a step of the plan ("plan") to the pair. Throws UsageError
// for empty text or another kind, and DataError for a pair that has ended.
Goal add_goal(Store& store, const Pair& pair, const std::string& kind, const std::string& text,
              Date today);

// Marks the goal done today; a goal already done keeps its first date. Throws
// NotFoundError for an unknown id.
Goal complete_goal(Store& store, std::int64_t goal_id, Date today);

}  // namespace mentor
