// The engine against brute force on many small random instances: the same best
// objective, and every hard constraint holding in every plan.
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "core/matching_solver.hpp"
#include "mentor/pairing.hpp"
#include "mentor/working_hours.hpp"
#include "test_support.hpp"

using mentor::Candidate;
using mentor::PairingInput;
using mentor::PairingObjective;
using mentor::ProgramKind;

namespace {

const std::vector<std::string> k_zones = {"Europe/Berlin", "America/New_York", "Asia/Kolkata",
                                          "Europe/London", "America/Los_Angeles"};
const std::vector<std::string> k_departments = {"Sales", "Research", "HR"};
const std::vector<std::string> k_tags = {"kubernetes", "public-speaking", "rust"};

int uniform(std::mt19937& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

Candidate random_candidate(std::mt19937& random, const std::string& id) {
  Candidate candidate;
  candidate.person = mentor::test::make_person(
      id, k_departments[static_cast<std::size_t>(uniform(random, 0, 2))], uniform(random, 1, 5));
  candidate.person.timezone = k_zones[static_cast<std::size_t>(uniform(random, 0, 4))];
  candidate.person.education_field = uniform(random, 0, 1) == 0 ? "Medical" : "Other";
  for (const auto& tag : k_tags) {
    if (uniform(random, 0, 2) == 0) candidate.tags.push_back(tag);
  }
  return candidate;
}

// A random instance; people get ids so that both programs' lists can refer to them.
PairingInput random_input(std::mt19937& random, ProgramKind kind) {
  PairingInput input;
  input.kind = kind;
  input.day = mentor::test::ymd(2027, uniform(random, 0, 1) == 0 ? 1 : 7, 12);
  const int mentees = uniform(random, 0, kind == ProgramKind::peer ? 8 : 6);
  const int mentors = kind == ProgramKind::peer ? 0 : uniform(random, 0, 3);
  std::vector<std::string> ids;
  for (int i = 0; i < mentees; ++i) {
    input.mentees.push_back(random_candidate(random, "E" + std::to_string(i)));
    ids.push_back(input.mentees.back().person.employee_id);
  }
  for (int j = 0; j < mentors; ++j) {
    input.mentors.push_back(random_candidate(random, "M" + std::to_string(j)));
    input.mentors.back().capacity = uniform(random, 0, 3);
    input.mentors.back().taken = uniform(random, 0, 1);
    ids.push_back(input.mentors.back().person.employee_id);
  }
  const auto any_id = [&]() {
    return ids[static_cast<std::size_t>(uniform(random, 0, static_cast<int>(ids.size()) - 1))];
  };
  if (!ids.empty()) {
    for (int k = 0; k < 2; ++k) input.managers[any_id()] = any_id();
    input.rules.avoid = {{any_id(), any_id()}};
    const auto a = any_id();
    const auto b = any_id();
    input.past_pairs.insert(a < b ? std::pair{a, b} : std::pair{b, a});
    input.requests = {{any_id(), any_id(), uniform(random, 0, 1) == 0}};
  }
  input.rules.min_level_gap = uniform(random, 0, 1);
  input.rules.max_level_difference = uniform(random, 0, 2);
  input.rules.min_overlap_hours = uniform(random, 0, 4);
  input.rules.avoid_repeat_pairs = uniform(random, 0, 1) == 0;
  input.rules.objective =
      uniform(random, 0, 1) == 0 ? PairingObjective::max_pairs : PairingObjective::max_score;
  return input;
}

// The objective as a comparable pair: (pairs, score) or (score, pairs).
std::pair<long, long> objective(PairingObjective kind, long pairs, long score) {
  return kind == PairingObjective::max_pairs ? std::pair{pairs, score} : std::pair{score, pairs};
}

bool is_manager_or_above(const PairingInput& input, const std::string& boss,
                         const std::string& employee) {
  const auto manager = input.managers.find(employee);
  if (manager == input.managers.end()) return false;
  if (manager->second == boss) return true;
  const auto above = input.managers.find(manager->second);
  return above != input.managers.end() && above->second == boss;
}

// The hard constraints, written out again independently of PairScorer.
bool allowed(const PairingInput& input, const Candidate& first, const Candidate& second) {
  const auto& a = first.person;
  const auto& b = second.person;
  if (a.employee_id == b.employee_id) return false;
  if (input.kind == ProgramKind::mentor && a.job_level < b.job_level + input.rules.min_level_gap) {
    return false;
  }
  if (input.kind == ProgramKind::peer &&
      std::abs(a.job_level - b.job_level) > input.rules.max_level_difference) {
    return false;
  }
  if (is_manager_or_above(input, a.employee_id, b.employee_id) ||
      is_manager_or_above(input, b.employee_id, a.employee_id)) {
    return false;
  }
  for (const auto& [x, y] : input.rules.avoid) {
    if ((x == a.employee_id && y == b.employee_id) || (x == b.employee_id && y == a.employee_id)) {
      return false;
    }
  }
  const auto key = std::minmax(a.employee_id, b.employee_id);
  if (input.rules.avoid_repeat_pairs && input.past_pairs.count({key.first, key.second}) != 0) {
    return false;
  }
  const auto overlap = mentor::working_overlap(a.timezone, b.timezone, input.day, {});
  return overlap && *overlap >= std::chrono::hours{input.rules.min_overlap_hours};
}

// Tries every assignment of mentees to mentors (or to nobody) within capacity.
std::pair<long, long> brute_force_mentor(const PairingInput& input,
                                         const mentor::PairScorer& scorer) {
  const int mentees = scorer.second_count();
  std::vector<int> free;
  for (int j = 0; j < scorer.first_count(); ++j) {
    free.push_back(std::max(scorer.first(j).capacity - scorer.first(j).taken, 0));
  }
  std::pair<long, long> best = objective(input.rules.objective, 0, 0);
  std::function<void(int, long, long)> visit = [&](int i, long pairs, long score) {
    if (i == mentees) {
      best = std::max(best, objective(input.rules.objective, pairs, score));
      return;
    }
    visit(i + 1, pairs, score);
    for (int j = 0; j < scorer.first_count(); ++j) {
      if (free[static_cast<std::size_t>(j)] == 0 || scorer.violation(j, i)) continue;
      --free[static_cast<std::size_t>(j)];
      visit(i + 1, pairs + 1, score + scorer.total(j, i));
      ++free[static_cast<std::size_t>(j)];
    }
  };
  visit(0, 0, 0);
  return best;
}

// Tries every matching of the peers.
std::pair<long, long> brute_force_peer(const PairingInput& input,
                                       const mentor::PairScorer& scorer) {
  const int count = scorer.second_count();
  std::vector<bool> used(static_cast<std::size_t>(count), false);
  std::pair<long, long> best = objective(input.rules.objective, 0, 0);
  std::function<void(long, long)> visit = [&](long pairs, long score) {
    int u = 0;
    while (u < count && used[static_cast<std::size_t>(u)]) ++u;
    if (u == count) {
      best = std::max(best, objective(input.rules.objective, pairs, score));
      return;
    }
    used[static_cast<std::size_t>(u)] = true;
    visit(pairs, score);  // u stays alone
    for (int v = u + 1; v < count; ++v) {
      if (used[static_cast<std::size_t>(v)] || scorer.violation(u, v)) continue;
      used[static_cast<std::size_t>(v)] = true;
      visit(pairs + 1, score + scorer.total(u, v));
      used[static_cast<std::size_t>(v)] = false;
    }
    used[static_cast<std::size_t>(u)] = false;
  };
  visit(0, 0);
  return best;
}

const Candidate& find(const std::vector<Candidate>& people, const std::string& id) {
  return *std::find_if(people.begin(), people.end(),
                       [&id](const Candidate& c) { return c.person.employee_id == id; });
}

}  // namespace

TEST_SUITE_BEGIN("pairing exact");

TEST_CASE("mentor plans equal brute force") {
  std::mt19937 random(20270111);
  for (int instance = 0; instance < 300; ++instance) {
    CAPTURE(instance);
    PairingInput input = random_input(random, ProgramKind::mentor);
    const auto plan = mentor::plan_pairs(input);
    const mentor::PairScorer scorer(input);

    std::map<std::string, int> per_mentor;
    std::set<std::string> mentees;
    long total = 0;
    for (const auto& pair : plan.pairs) {
      CAPTURE(pair.mentor_id);
      CAPTURE(pair.mentee_id);
      const auto& mentor = find(input.mentors, pair.mentor_id);
      const auto& mentee = find(input.mentees, pair.mentee_id);
      CHECK(allowed(input, mentor, mentee));
      CHECK(mentees.insert(pair.mentee_id).second);
      CHECK(++per_mentor[pair.mentor_id] + mentor.taken <= mentor.capacity);
      total += pair.total;
    }
    CHECK(total == plan.total);
    const auto expected = brute_force_mentor(input, scorer);
    CHECK(objective(input.rules.objective, static_cast<long>(plan.pairs.size()), plan.total) ==
          expected);
  }
}

TEST_CASE("peer plans equal brute force") {
  std::mt19937 random(20270712);
  for (int instance = 0; instance < 300; ++instance) {
    CAPTURE(instance);
    PairingInput input = random_input(random, ProgramKind::peer);
    const auto plan = mentor::plan_pairs(input);
    const mentor::PairScorer scorer(input);
    std::set<std::string> seen;
    for (const auto& pair : plan.pairs) {
      CHECK(
          allowed(input, find(input.mentees, pair.mentor_id), find(input.mentees, pair.mentee_id)));
      CHECK(seen.insert(pair.mentor_id).second);
      CHECK(seen.insert(pair.mentee_id).second);
    }
    CHECK(seen.size() + plan.unpaired.size() == input.mentees.size());
    const auto expected = brute_force_peer(input, scorer);
    CHECK(objective(input.rules.objective, static_cast<long>(plan.pairs.size()), plan.total) ==
          expected);
  }
}

// The solvers with one candidate arc per person, so that nearly every optimum needs
// arcs that only the dual-price check adds.
TEST_CASE("assignment pricing equals brute force") {
  std::mt19937 random(7);
  for (int instance = 0; instance < 300; ++instance) {
    CAPTURE(instance);
    const int left = uniform(random, 1, 6);
    const int right = uniform(random, 1, 4);
    std::vector<int> capacities;
    for (int r = 0; r < right; ++r) capacities.push_back(uniform(random, 0, 2));
    std::vector<std::vector<long>> weight(static_cast<std::size_t>(left));
    for (auto& row : weight) {
      for (int r = 0; r < right; ++r) row.push_back(uniform(random, -3, 9));
    }
    const auto weight_of = [&](int l, int r) -> std::optional<std::int64_t> {
      const long w = weight[static_cast<std::size_t>(l)][static_cast<std::size_t>(r)];
      if (w == 0) return std::nullopt;  // 0 stands for a forbidden arc here
      return w;
    };
    const auto chosen = mentor::solver::max_weight_assignment(left, capacities, weight_of, 1);
    long total = 0;
    std::vector<int> used(static_cast<std::size_t>(right), 0);
    for (int l = 0; l < left; ++l) {
      const int r = chosen[static_cast<std::size_t>(l)];
      if (r < 0) continue;
      REQUIRE(weight_of(l, r).has_value());
      total += *weight_of(l, r);
      CHECK(++used[static_cast<std::size_t>(r)] <= capacities[static_cast<std::size_t>(r)]);
    }
    long best = 0;
    std::vector<int> free = capacities;
    std::function<void(int, long)> visit = [&](int l, long sum) {
      if (l == left) {
        best = std::max(best, sum);
        return;
      }
      visit(l + 1, sum);
      for (int r = 0; r < right; ++r) {
        const auto w = weight_of(l, r);
        if (!w || free[static_cast<std::size_t>(r)] == 0) continue;
        --free[static_cast<std::size_t>(r)];
        visit(l + 1, sum + *w);
        ++free[static_cast<std::size_t>(r)];
      }
    };
    visit(0, 0);
    CHECK(total == best);
  }
}

TEST_CASE("matching pricing equals brute force") {
  std::mt19937 random(11);
  for (int instance = 0; instance < 300; ++instance) {
    CAPTURE(instance);
    const int count = uniform(random, 1, 9);
    std::map<std::pair<int, int>, long> weight;
    for (int u = 0; u < count; ++u) {
      for (int v = u + 1; v < count; ++v) weight[{u, v}] = uniform(random, -2, 12);
    }
    const auto weight_of = [&](int u, int v) -> std::optional<std::int64_t> {
      const long w = weight.at({u, v});
      if (w == 0) return std::nullopt;
      return w;
    };
    const auto mate = mentor::solver::max_weight_matching(count, weight_of, 1);
    long total = 0;
    for (int u = 0; u < count; ++u) {
      const int v = mate[static_cast<std::size_t>(u)];
      if (v < 0) continue;
      CHECK(mate[static_cast<std::size_t>(v)] == u);
      if (u < v) total += *weight_of(u, v);
    }
    long best = 0;
    std::vector<bool> used(static_cast<std::size_t>(count), false);
    std::function<void(long)> visit = [&](long sum) {
      int u = 0;
      while (u < count && used[static_cast<std::size_t>(u)]) ++u;
      if (u == count) {
        best = std::max(best, sum);
        return;
      }
      used[static_cast<std::size_t>(u)] = true;
      visit(sum);
      for (int v = u + 1; v < count; ++v) {
        const auto w = weight_of(u, v);
        if (used[static_cast<std::size_t>(v)] || !w) continue;
        used[static_cast<std::size_t>(v)] = true;
        visit(sum + *w);
        used[static_cast<std::size_t>(v)] = false;
      }
      used[static_cast<std::size_t>(u)] = false;
    };
    visit(0);
    CHECK(total == best);
  }
}

TEST_SUITE_END();
