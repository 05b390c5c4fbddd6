// Pairing mentees with mentors: automatic and manual, both checked against the rules.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mentor/config.hpp"
#include "mentor/store.hpp"

namespace mentor {

struct MentorSlot {
  Person person;
  int capacity = 0;  // mentees this mentor takes in the program
  int taken = 0;     // mentees already paired with this mentor
};

struct ProposedPair {
  std::string mentor_id;
  std::string mentee_id;
  std::vector<std::string> reasons;
};

struct UnpairedMentee {
  std::string mentee_id;
  std::string reason;
};

struct PairingPlan {
  std::vector<ProposedPair> pairs;
  std::vector<UnpairedMentee> unpaired;
};

// Proposes a mentor for each mentee, greedily: mentees with the highest job level
// (fewest eligible mentors) choose first, and each takes the eligible mentor with the
// best score. Eligible means: not the mentee, a free place, and a job level at least
// the mentee's plus `min_level_gap`. The score prefers another department, then a
// level gap closest to one, then the mentor with most free places; ties go to the
// lower employee id, so the plan is deterministic.
// NOTE: greedy, so not always the best total; an exact assignment would be.
// Each entry of `excluded` is a (mentor id, mentee id) that may not be proposed,
// such as a pair that ended as not a fit.
PairingPlan plan_pairs(const std::vector<Person>& mentees, std::vector<MentorSlot> mentors,
                       int min_level_gap,
                       const std::set<std::pair<std::string, std::string>>& excluded = {});

struct PairingOutcome {
  PairingPlan plan;
  std::vector<Pair> stored;  // the plan's pairs as written, with their ids
};

// Pairs every enrolled mentee who has no open pair, inside the caller's transaction.
// A mentor and mentee whose earlier pair ended as not a fit are not paired again.
PairingOutcome pair_program(Store& store, const Program& program, const Config& config,
                            Date today);

// Pairs `mentor_id` with `mentee_id` by hand. Throws NotFoundError or DataError, naming
// the rule, when either is not enrolled in that role, the mentee already has a pair,
// the mentor has no free place, or the levels break the rule.
Pair pair_manually(Store& store, const Program& program, const Config& config,
                   const std::string& mentor_id, const std::string& mentee_id, Date today);

}  // namespace mentor
