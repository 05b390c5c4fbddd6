// Pairing: an exact, explainable engine for mentor programs (an assignment with
// capacities) and peer programs (a maximum-weight matching), plus pairing by hand.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "mentor/config.hpp"
#include "mentor/store.hpp"
#include "mentor/working_hours.hpp"

namespace mentor {

// Someone who can be paired: a mentor, a mentee or a peer.
struct Candidate {
  Person person;
  int capacity = 1;               // pairs this person takes in the program (mentors: their places)
  int taken = 0;                  // pairs they already have that are kept
  std::vector<std::string> tags;  // sorted
};

// Everything the engine needs; it reads no store.
struct PairingInput {
  ProgramKind kind = ProgramKind::mentor;
  PairingRules rules;
  Date day;                        // the program's start date: working hours are compared on it
  std::vector<Candidate> mentees;  // the peers, in a peer program
  std::vector<Candidate> mentors;  // empty in a peer program
  std::map<std::string, std::string> managers;  // employee id to manager id, for everyone
  std::set<std::pair<std::string, std::string>> past_pairs;  // (lower id, higher id)
  std::vector<MentorRequest> requests;
};

// One rule's share of a pair's score.
struct ScorePart {
  std::string rule;  // "department", "level gap", "working hours", "education", "tags", "request"
  int points = 0;
  std::string detail;
};

// The hard constraint a pair breaks.
struct Violation {
  std::string rule;  // "self", "level", "manager", "avoid", "repeat", "time zone", "overlap"
  std::string reason;
};

// Checks and scores pairs of one PairingInput by index. In a mentor program `first`
// indexes input.mentors and `second` input.mentees; in a peer program both index
// input.mentees. The input must outlive the scorer.
class PairScorer {
 public:
  explicit PairScorer(const PairingInput& input);

  // Returns the first hard constraint the pair breaks, or nullopt when it may be made.
  std::optional<Violation> violation(int first, int second) const;
  // The score of the pair by rule; parts worth 0 points are left out.
  std::vector<ScorePart> score(int first, int second) const;
  int total(int first, int second) const;

  const Candidate& first(int index) const;
  const Candidate& second(int index) const;
  int first_count() const;
  int second_count() const;

 private:
  std::vector<ScorePart> parts(int first, int second, bool details) const;

  const PairingInput& m_input;
  std::vector<std::optional<WorkingInterval>> m_first_hours;
  std::vector<std::optional<WorkingInterval>> m_second_hours;
  std::set<std::pair<std::string, std::string>> m_avoid;           // (lower id, higher id)
  std::map<std::pair<std::string, std::string>, bool> m_requests;  // (mentee, mentor)
};

struct ProposedPair {
  std::string mentor_id;  // in a peer program, one of the two peers
  std::string mentee_id;
  std::vector<ScorePart> score;
  int total = 0;
  int trio = 0;  // peer programs: 1 for the links of the one trio, else 0
};

struct UnpairedPerson {
  std::string employee_id;
  std::string role;  // "mentee", "mentor" or "peer"
  std::string reason;
};

struct PairingPlan {
  std::vector<ProposedPair> pairs;       // sorted by mentee id
  std::vector<UnpairedPerson> unpaired;  // sorted by employee id
  int total = 0;                         // the sum of the pairs' scores
};

// Finds the best pairs the rules allow, exactly. The objective decides what "best"
// means (see PairingObjective). Candidates with `taken` pairs take only their free
// places. Mentors with no pair and unpaired mentees or peers are listed with a reason.
// The same input, in any order, gives the same plan.
// NOTE: among equally good plans, the one returned follows from the employee id order
// the solvers see; there is no tie rule a user could state, such as "lower id first".
PairingPlan plan_pairs(PairingInput input);

// One pair the rules allow, with its score: the graph the engine solves over.
struct EligibleLink {
  std::string first_id;   // the mentor, in a mentor program
  std::string second_id;  // the mentee
  int score = 0;
};

// Lists every pair the hard constraints allow between people still to be paired, with
// its score, sorted by the two ids. Mentors without a free place are left out.
std::vector<EligibleLink> eligible_links(PairingInput input);

struct PairingOutcome {
  PairingPlan plan;
  std::vector<Pair> stored;  // the plan's pairs as written, with their ids
  std::vector<Pair> ended;   // pairs ended by a rematch
};

// Builds the engine's input for `program` from the store: the enrolled people without
// an open pair, mentors with the places their open pairs take, tags, requests,
// managers, and earlier pairs (other programs' pairs and this program's ended ones).
PairingInput pairing_input(const Store& store, const Program& program, const Config& config);

// Pairs every enrolled person without an open pair, inside the caller's transaction.
// With `rematch`, ends the program's active pairs first and pairs everyone again.
PairingOutcome pair_program(Store& store, const Program& program, const Config& config, Date today,
                            bool rematch);

struct PairExplanation {
  std::string first_id;         // the mentor, in a mentor program
  std::string second_id;        // the mentee, in a mentor program
  bool already_paired = false;  // an open pair of the two exists in the store
  bool in_plan = false;         // the plan pairs them
  std::optional<Violation> violation;
  std::vector<ScorePart> score;
  int total = 0;
  int plan_total = 0;
  int plan_pairs = 0;
  std::optional<int> forced_total;  // the best total with the two forced together
  int forced_pairs = 0;
  std::map<std::string, std::string> plan_partner;  // each one's partner in the plan
  std::map<std::string, std::pair<std::string, int>> best_alternative;  // id, score
};

// Explains why `a` and `b` are or are not paired by pair_program in `program`. Throws
// DataError when they are not enrolled or, in a mentor program, not one mentor and one
// mentee.
PairExplanation explain_pair(const Store& store, const Program& program, const Config& config,
                             const std::string& a, const std::string& b);

// Records a mentee's request for or against a mentor, inside the caller's transaction.
// In a peer program both are peers. Throws DataError when either is not enrolled in
// that role, or they are the same person.
void record_request(Store& store, const Program& program, const MentorRequest& request);

// Formats a pair's score as "department +10 (Sales and R&D); ...; total 16".
std::string describe_score(const std::vector<ScorePart>& parts, int total);

// Pairs `mentor_id` with `mentee_id` by hand. Throws NotFoundError or DataError, naming
// the rule, when either is not enrolled in that role, the mentee already has a pair,
// the mentor has no free place, or the levels break the rule.
Pair pair_manually(Store& store, const Program& program, const Config& config,
                   const std::string& mentor_id, const std::string& mentee_id, Date today);

}  // namespace mentor
