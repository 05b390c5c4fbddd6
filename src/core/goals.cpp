#include "mentor/goals.hpp"

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/text.hpp"

namespace mentor {

Goal add_goal(Store& store, const Pair& pair, const std::string& kind, const std::string& text,
              Date today) {
  if (kind != "goal" && kind != "plan") {
    throw UsageError(fmt::format("invalid goal kind '{}': use goal or plan", kind));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("missing goal text: say what the mentee wants to reach");
  }
  check_text_length(text, "the goal text");
  if (pair.state == PairState::ended) {
    throw DataError(fmt::format("the pair {} and {} has ended", pair.mentor_id, pair.mentee_id));
  }
  Goal goal;
  goal.pair_id = pair.id;
  goal.kind = kind;
  goal.text = text;
  goal.added_on = today;
  goal.id = store.insert_goal(goal);
  return goal;
}

Goal complete_goal(Store& store, std::int64_t goal_id, Date today) {
  auto goal = store.find_goal(goal_id);
  if (!goal) {
    throw NotFoundError(fmt::format("no goal with id {}: see 'mentor goal list'", goal_id));
  }
  if (!goal->done_on) {
    goal->done_on = today;
    store.set_goal_done(goal_id, today);
  }
  return *goal;
}

}  // namespace mentor
