#include "mentor/pairing.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "matching_solver.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"

namespace mentor {

namespace {

// The solvers keep this many of each person's best arcs before pricing the rest.
constexpr int k_candidates_per_person = 24;

void sort_by_id(std::vector<Candidate>& people) {
  std::sort(people.begin(), people.end(), [](const Candidate& a, const Candidate& b) {
    return a.person.employee_id < b.person.employee_id;
  });
}

int free_places(const Candidate& candidate) {
  return std::max(candidate.capacity - candidate.taken, 0);
}

// An upper bound on the absolute score of any pair, from the weights alone.
std::int64_t max_abs_score(const PairingInput& input) {
  std::size_t max_tags = 0;
  for (const auto* people : {&input.mentees, &input.mentors}) {
    for (const auto& candidate : *people) max_tags = std::max(max_tags, candidate.tags.size());
  }
  const PairingWeights& w = input.rules.weights;
  const std::int64_t requests = std::int64_t{2} * std::max(w.requested, w.declined);
  return std::int64_t{w.different_department} + w.level_gap + w.working_overlap +
         w.different_education + std::int64_t{w.shared_tag} * static_cast<std::int64_t>(max_tags) +
         requests;
}

// Maps a pair's score to the solver's weight so that a maximum-weight solution is the
// best one under the objective. With max_pairs, each pair carries a bonus larger than
// any difference in total score, so more pairs always win. With max_score, scores are
// stretched so that one point outweighs any number of pairs, and each pair adds 1, so
// equal totals prefer more pairs. `max_pairs` bounds the number of pairs.
struct WeightMap {
  PairingObjective objective;
  std::int64_t max_pairs;
  std::int64_t bonus;

  WeightMap(const PairingInput& input, std::int64_t pair_bound)
      : objective(input.rules.objective),
        max_pairs(pair_bound),
        bonus(2 * pair_bound * max_abs_score(input) + 1) {}

  std::int64_t operator()(int score) const {
    if (objective == PairingObjective::max_pairs) return score + bonus;
    return score * (max_pairs + 1) + 1;
  }
};

std::string list_ids(const std::vector<std::string>& ids) {
  constexpr std::size_t k_shown = 3;
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < k_shown; ++i) {
    text += (i == 0 ? "" : ", ") + ids[i];
  }
  if (ids.size() > k_shown) text += fmt::format(" and {} more", ids.size() - k_shown);
  return text;
}

// Summarises why no partner was eligible, as "no eligible mentor: of 4, 3 by the level
// rule, 1 by the overlap rule (for example: ...)", the most common rule first.
std::string summarise_violations(const std::vector<Violation>& violations,
                                 std::string_view partners) {
  if (violations.empty()) return fmt::format("no {} enrolled", partners);
  std::map<std::string, int> counts;
  std::map<std::string, std::string> example;
  for (const auto& violation : violations) {
    ++counts[violation.rule];
    example.emplace(violation.rule, violation.reason);
  }
  std::vector<std::pair<std::string, int>> ordered(counts.begin(), counts.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> parts;
  for (const auto& [rule, count] : ordered) {
    parts.push_back(fmt::format("{} by the {} rule", count, rule));
  }
  return fmt::format("no eligible {}: of {}, {} (for example: {})", partners, violations.size(),
                     fmt::join(parts, ", "), example[ordered.front().first]);
}

class MentorPlanner {
 public:
  MentorPlanner(const PairingInput& input, const PairScorer& scorer)
      : m_input(input), m_scorer(scorer) {}

  PairingPlan plan() {
    const int mentee_count = m_scorer.second_count();
    const int mentor_count = m_scorer.first_count();
    std::vector<int> places;
    std::int64_t total_places = 0;
    for (int j = 0; j < mentor_count; ++j) {
      places.push_back(free_places(m_scorer.first(j)));
      total_places += places.back();
    }
    const WeightMap weight_of(m_input, std::min<std::int64_t>(mentee_count, total_places));
    const auto weight = [&](int mentee, int mentor) -> std::optional<std::int64_t> {
      if (m_scorer.violation(mentor, mentee)) return std::nullopt;
      return weight_of(m_scorer.total(mentor, mentee));
    };
    const auto mentor_of =
        solver::max_weight_assignment(mentee_count, places, weight, k_candidates_per_person);

    PairingPlan plan;
    std::vector<int> assigned(static_cast<std::size_t>(mentor_count), 0);
    for (int i = 0; i < mentee_count; ++i) {
      const int j = mentor_of[static_cast<std::size_t>(i)];
      if (j < 0) continue;
      ++assigned[static_cast<std::size_t>(j)];
      ProposedPair pair{m_scorer.first(j).person.employee_id, m_scorer.second(i).person.employee_id,
                        m_scorer.score(j, i), m_scorer.total(j, i), 0};
      plan.total += pair.total;
      plan.pairs.push_back(std::move(pair));
    }
    for (int i = 0; i < mentee_count; ++i) {
      if (mentor_of[static_cast<std::size_t>(i)] >= 0) continue;
      plan.unpaired.push_back(
          {m_scorer.second(i).person.employee_id, "mentee", mentee_reason(i, places, assigned)});
    }
    for (int j = 0; j < mentor_count; ++j) {
      if (assigned[static_cast<std::size_t>(j)] > 0 || m_scorer.first(j).taken > 0) continue;
      plan.unpaired.push_back({m_scorer.first(j).person.employee_id, "mentor", mentor_reason(j)});
    }
    return plan;
  }

 private:
  std::string mentee_reason(int mentee, const std::vector<int>& places,
                            const std::vector<int>& assigned) const {
    std::vector<Violation> violations;
    std::vector<std::string> full;
    std::vector<std::string> open;
    for (int j = 0; j < m_scorer.first_count(); ++j) {
      if (auto violation = m_scorer.violation(j, mentee)) {
        violations.push_back(std::move(*violation));
      } else if (assigned[static_cast<std::size_t>(j)] >= places[static_cast<std::size_t>(j)]) {
        full.push_back(m_scorer.first(j).person.employee_id);
      } else {
        open.push_back(m_scorer.first(j).person.employee_id);
      }
    }
    if (full.empty() && open.empty()) return summarise_violations(violations, "mentor");
    if (open.empty()) {
      return fmt::format("capacity exhausted: every eligible mentor ({}) is full", list_ids(full));
    }
    return fmt::format(
        "pairing with an eligible mentor with a free place ({}) would lower the "
        "total score",
        list_ids(open));
  }

  std::string mentor_reason(int mentor) const {
    if (free_places(m_scorer.first(mentor)) == 0) return "no free place";
    std::vector<Violation> violations;
    std::vector<std::string> eligible;
    for (int i = 0; i < m_scorer.second_count(); ++i) {
      if (auto violation = m_scorer.violation(mentor, i)) {
        violations.push_back(std::move(*violation));
      } else {
        eligible.push_back(m_scorer.second(i).person.employee_id);
      }
    }
    if (eligible.empty()) return summarise_violations(violations, "mentee");
    return fmt::format("every eligible mentee ({}) has a mentor in the plan who scores as well or better",
                       list_ids(eligible));
  }

  const PairingInput& m_input;
  const PairScorer& m_scorer;
};

class PeerPlanner {
 public:
  PeerPlanner(const PairingInput& input, const PairScorer& scorer)
      : m_input(input), m_scorer(scorer) {}

  PairingPlan plan() {
    const int count = m_scorer.second_count();
    const WeightMap weight_of(m_input, count / 2);
    const auto weight = [&](int u, int v) -> std::optional<std::int64_t> {
      if (m_scorer.violation(u, v)) return std::nullopt;
      return weight_of(m_scorer.total(u, v));
    };
    std::vector<int> mate = solver::max_weight_matching(count, weight, k_candidates_per_person);

    PairingPlan plan;
    for (int u = 0; u < count; ++u) {
      const int v = mate[static_cast<std::size_t>(u)];
      if (v > u) add_pair(plan, u, v, 0);
    }
    if (m_input.rules.allow_trio) form_trio(plan, mate);
    for (int u = 0; u < count; ++u) {
      if (mate[static_cast<std::size_t>(u)] >= 0) continue;
      plan.unpaired.push_back({m_scorer.second(u).person.employee_id, "peer", reason(u, mate)});
    }
    return plan;
  }

 private:
  void add_pair(PairingPlan& plan, int u, int v, int trio) const {
    ProposedPair pair{m_scorer.second(u).person.employee_id, m_scorer.second(v).person.employee_id,
                      m_scorer.score(u, v), m_scorer.total(u, v), trio};
    plan.total += pair.total;
    plan.pairs.push_back(std::move(pair));
  }

  // Returns the pair (a, b) of the matching that `c` may join with the best score of
  // the two new links, or nullopt when no pair may take `c`.
  std::optional<std::pair<int, int>> best_pair_for(int c, const std::vector<int>& mate) const {
    const auto allowed = [this](int x, int y) {
      return !m_scorer.violation(std::min(x, y), std::max(x, y));
    };
    const auto score = [this](int x, int y) {
      return m_scorer.total(std::min(x, y), std::max(x, y));
    };
    std::optional<std::pair<int, int>> best;
    int best_gain = 0;
    for (int a = 0; a < static_cast<int>(mate.size()); ++a) {
      const int b = mate[static_cast<std::size_t>(a)];
      if (b < a || !allowed(a, c) || !allowed(b, c)) continue;
      const int gain = score(a, c) + score(b, c);
      if (!best || gain > best_gain) {
        best = {a, b};
        best_gain = gain;
      }
    }
    return best;
  }

  // Adds the one peer left out to the pair that takes them best. The trio is stored as
  // the cycle a-b, b-c, c-a, so each member is in two links and the mentee of one.
  // NOTE: the trio is chosen after the matching, so matching and trio together are not
  // proven the best possible; only the matching is exact.
  void form_trio(PairingPlan& plan, std::vector<int>& mate) const {
    if (std::count(mate.begin(), mate.end(), -1) != 1) return;
    const int c = static_cast<int>(std::find(mate.begin(), mate.end(), -1) - mate.begin());
    const auto best = best_pair_for(c, mate);
    if (!best) return;

    const auto [a, b] = *best;
    for (auto& pair : plan.pairs) {
      if (pair.mentor_id == m_scorer.second(a).person.employee_id &&
          pair.mentee_id == m_scorer.second(b).person.employee_id) {
        pair.trio = 1;
      }
    }
    add_pair(plan, b, c, 1);
    add_pair(plan, c, a, 1);
    mate[static_cast<std::size_t>(c)] = a;
  }

  std::string reason(int u, const std::vector<int>& mate) const {
    std::vector<Violation> violations;
    std::vector<std::string> eligible;
    for (int v = 0; v < m_scorer.second_count(); ++v) {
      if (v == u) continue;
      if (auto violation = m_scorer.violation(std::min(u, v), std::max(u, v))) {
        violations.push_back(std::move(*violation));
      } else {
        eligible.push_back(m_scorer.second(v).person.employee_id);
      }
    }
    if (eligible.empty()) return summarise_violations(violations, "peer");
    const auto alone = std::count(mate.begin(), mate.end(), -1);
    if (alone == 1 && mate.size() % 2 == 1) {
      return fmt::format(
          "odd pool: one peer is left out, and leaving out {} gives the best "
          "total{}",
          m_scorer.second(u).person.employee_id,
          m_input.rules.allow_trio ? "; no pair can take a third member" : "");
    }
    return fmt::format(
        "every eligible peer ({}) is paired with someone else in the best "
        "matching",
        list_ids(eligible));
  }

  const PairingInput& m_input;
  const PairScorer& m_scorer;
};

}  // namespace

PairingPlan plan_pairs(PairingInput input) {
  sort_by_id(input.mentees);
  sort_by_id(input.mentors);
  const PairScorer scorer(input);
  PairingPlan plan = input.kind == ProgramKind::peer ? PeerPlanner(input, scorer).plan()
                                                     : MentorPlanner(input, scorer).plan();
  std::sort(plan.pairs.begin(), plan.pairs.end(), [](const auto& a, const auto& b) {
    return std::tie(a.mentee_id, a.mentor_id) < std::tie(b.mentee_id, b.mentor_id);
  });
  std::sort(plan.unpaired.begin(), plan.unpaired.end(),
            [](const auto& a, const auto& b) { return a.employee_id < b.employee_id; });
  return plan;
}

std::vector<EligibleLink> eligible_links(PairingInput input) {
  sort_by_id(input.mentees);
  sort_by_id(input.mentors);
  const PairScorer scorer(input);
  const bool peers = input.kind == ProgramKind::peer;
  std::vector<EligibleLink> links;
  for (int first = 0; first < scorer.first_count(); ++first) {
    if (!peers && free_places(scorer.first(first)) == 0) continue;
    for (int second = peers ? first + 1 : 0; second < scorer.second_count(); ++second) {
      if (scorer.violation(first, second)) continue;
      links.push_back({scorer.first(first).person.employee_id,
                       scorer.second(second).person.employee_id, scorer.total(first, second)});
    }
  }
  return links;
}

}  // namespace mentor
