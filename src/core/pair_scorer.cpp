// The hard constraints and the score of one pair, shared by the engine and `explain`.
#include <algorithm>
#include <cstdlib>
#include <iterator>

#include <fmt/format.h>

#include "mentor/pairing.hpp"

namespace mentor {

namespace {

std::pair<std::string, std::string> ordered(const std::string& a, const std::string& b) {
  return a < b ? std::pair{a, b} : std::pair{b, a};
}

WorkingDay working_day_of(const PairingRules& rules) {
  return {std::chrono::minutes{rules.working_day_start},
          std::chrono::minutes{rules.working_day_end}};
}

std::vector<std::optional<WorkingInterval>> hours_of(const std::vector<Candidate>& people,
                                                     const PairingInput& input) {
  std::vector<std::optional<WorkingInterval>> hours;
  for (const auto& candidate : people) {
    hours.push_back(
        working_interval(candidate.person.timezone, input.day, working_day_of(input.rules)));
  }
  return hours;
}

// Returns whether `boss` is `employee`'s manager or their manager's manager.
bool manages(const std::map<std::string, std::string>& managers, const std::string& boss,
             const std::string& employee) {
  const auto manager = managers.find(employee);
  if (manager == managers.end() || manager->second.empty()) return false;
  if (manager->second == boss) return true;
  const auto grand_manager = managers.find(manager->second);
  return grand_manager != managers.end() && grand_manager->second == boss;
}

std::chrono::minutes overlap_of(const WorkingInterval& a, const WorkingInterval& b) {
  const auto begin = std::max(a.begin, b.begin);
  const auto end = std::min(a.end, b.end);
  if (end <= begin) return std::chrono::minutes{0};
  return std::chrono::duration_cast<std::chrono::minutes>(end - begin);
}

}  // namespace

PairScorer::PairScorer(const PairingInput& input)
    : m_input(input),
      m_first_hours(
          hours_of(input.kind == ProgramKind::peer ? input.mentees : input.mentors, input)),
      m_second_hours(hours_of(input.mentees, input)) {
  for (const auto& [a, b] : input.rules.avoid) m_avoid.insert(ordered(a, b));
  for (const auto& request : input.requests) {
    m_requests[{request.mentee_id, request.mentor_id}] = request.wanted;
  }
}

const Candidate& PairScorer::first(int index) const {
  const auto& people = m_input.kind == ProgramKind::peer ? m_input.mentees : m_input.mentors;
  return people[static_cast<std::size_t>(index)];
}

const Candidate& PairScorer::second(int index) const {
  return m_input.mentees[static_cast<std::size_t>(index)];
}

int PairScorer::first_count() const {
  const auto& people = m_input.kind == ProgramKind::peer ? m_input.mentees : m_input.mentors;
  return static_cast<int>(people.size());
}

int PairScorer::second_count() const { return static_cast<int>(m_input.mentees.size()); }

std::optional<Violation> PairScorer::violation(int first_index, int second_index) const {
  const Person& a = first(first_index).person;
  const Person& b = second(second_index).person;
  const PairingRules& rules = m_input.rules;
  if (a.employee_id == b.employee_id) {
    return Violation{"self", fmt::format("{} cannot be paired with themself", a.employee_id)};
  }

  if (m_input.kind == ProgramKind::mentor) {
    // In 64 bits, so that no level from a roster plus the gap can overflow.
    if (static_cast<long long>(a.job_level) <
        static_cast<long long>(b.job_level) + rules.min_level_gap) {
      return Violation{"level", fmt::format("mentor level {} is below the mentee's level {} "
                                            "plus the minimum gap {}",
                                            a.job_level, b.job_level, rules.min_level_gap)};
    }
  } else if (std::abs(a.job_level - b.job_level) > rules.max_level_difference) {
    return Violation{"level", fmt::format("levels {} and {} differ by more than {}", a.job_level,
                                          b.job_level, rules.max_level_difference)};
  }

  if (manages(m_input.managers, a.employee_id, b.employee_id) ||
      manages(m_input.managers, b.employee_id, a.employee_id)) {
    return Violation{"manager", fmt::format("one of {} and {} manages the other, directly or "
                                            "one level up",
                                            a.employee_id, b.employee_id)};
  }
  const auto key = ordered(a.employee_id, b.employee_id);
  if (m_avoid.count(key) != 0) {
    return Violation{"avoid", "the pair is on the pairing.avoid list"};
  }
  if (rules.avoid_repeat_pairs && m_input.past_pairs.count(key) != 0) {
    return Violation{"repeat", "the two were paired before, in this or another program"};
  }

  if (rules.min_overlap_hours > 0) {
    const auto& hours_a = m_first_hours[static_cast<std::size_t>(first_index)];
    const auto& hours_b = m_second_hours[static_cast<std::size_t>(second_index)];
    if (!hours_a || !hours_b) {
      return Violation{"time zone", fmt::format("no known time zone for {}",
                                                !hours_a ? a.employee_id : b.employee_id)};
    }
    const auto shared = overlap_of(*hours_a, *hours_b);
    if (shared < std::chrono::hours{rules.min_overlap_hours}) {
      return Violation{"overlap", fmt::format("{} min of shared working hours, below the "
                                              "minimum of {} h",
                                              shared.count(), rules.min_overlap_hours)};
    }
  }
  return std::nullopt;
}

std::vector<ScorePart> PairScorer::score(int first_index, int second_index) const {
  return parts(first_index, second_index, true);
}

// Scores the pair; the details are formatted only when `details` is true, because the
// solvers score every possible pair and need only the points.
std::vector<ScorePart> PairScorer::parts(int first_index, int second_index, bool details) const {
  const Person& a = first(first_index).person;
  const Person& b = second(second_index).person;
  const PairingWeights& weights = m_input.rules.weights;
  std::vector<ScorePart> result;

  if (a.department != b.department) {
    result.push_back(
        {"department", weights.different_department,
         (!details ? std::string() : fmt::format("{} and {}", a.department, b.department))});
  }

  // Peers score best at the same level; a mentor at the target gap above the mentee.
  const bool peers = m_input.kind == ProgramKind::peer;
  const int gap = peers ? std::abs(a.job_level - b.job_level) : a.job_level - b.job_level;
  const int target = peers ? 0 : m_input.rules.target_level_gap;
  const int distance = std::abs(gap - target);
  const int level_points = distance == 0   ? weights.level_gap
                           : distance == 1 ? weights.level_gap / 2
                                           : 0;
  result.push_back({"level gap", level_points,
                    (!details ? std::string() : fmt::format("gap {}, target {}", gap, target))});

  const auto& hours_a = m_first_hours[static_cast<std::size_t>(first_index)];
  const auto& hours_b = m_second_hours[static_cast<std::size_t>(second_index)];
  if (hours_a && hours_b) {
    const auto shared = overlap_of(*hours_a, *hours_b).count();
    const auto day = m_input.rules.working_day_end - m_input.rules.working_day_start;
    result.push_back(
        {"working hours", static_cast<int>(weights.working_overlap * shared / day),
         (!details ? std::string() : fmt::format("{} of {} min shared", shared, day))});
  }

  if (!a.education_field.empty() && !b.education_field.empty() &&
      a.education_field != b.education_field) {
    result.push_back({"education", weights.different_education,
                      (!details ? std::string()
                                : fmt::format("{} and {}", a.education_field, b.education_field))});
  }

  std::vector<std::string> shared_tags;
  std::set_intersection(first(first_index).tags.begin(), first(first_index).tags.end(),
                        second(second_index).tags.begin(), second(second_index).tags.end(),
                        std::back_inserter(shared_tags));
  if (!shared_tags.empty()) {
    result.push_back(
        {"tags", weights.shared_tag * static_cast<int>(shared_tags.size()),
         (!details ? std::string() : fmt::format("{}", fmt::join(shared_tags, ", ")))});
  }

  // In a peer program a request by either peer counts.
  for (const auto& [mentee, mentor] :
       {std::pair{b.employee_id, a.employee_id}, std::pair{a.employee_id, b.employee_id}}) {
    const auto request = m_requests.find({mentee, mentor});
    if (request == m_requests.end()) continue;
    if (request->second) {
      result.push_back(
          {"request", weights.requested,
           (!details ? std::string() : fmt::format("{} asked for {}", mentee, mentor))});
    } else {
      result.push_back(
          {"request", -weights.declined,
           (!details ? std::string() : fmt::format("{} asked not to have {}", mentee, mentor))});
    }
    if (!peers) break;
  }

  result.erase(std::remove_if(result.begin(), result.end(),
                              [](const ScorePart& part) { return part.points == 0; }),
               result.end());
  return result;
}

int PairScorer::total(int first_index, int second_index) const {
  int sum = 0;
  for (const auto& part : parts(first_index, second_index, false)) sum += part.points;
  return sum;
}

std::string describe_score(const std::vector<ScorePart>& parts, int total) {
  std::string text;
  for (const auto& part : parts) {
    text += fmt::format("{} {:+} ({}); ", part.rule, part.points, part.detail);
  }
  return text + fmt::format("total {}", total);
}

}  // namespace mentor
