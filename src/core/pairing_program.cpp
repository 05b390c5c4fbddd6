// The engine applied to a stored program: reading its input, storing the plan,
// explaining one pair, and pairing by hand.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"

namespace mentor {

namespace {

std::pair<std::string, std::string> ordered(const std::string& a, const std::string& b) {
  return a < b ? std::pair{a, b} : std::pair{b, a};
}

bool is_open(const Pair& pair) { return pair.state != PairState::ended; }

Candidate candidate_of(const Store& store, const std::string& employee_id,
                       const std::map<std::string, std::vector<std::string>>& tags) {
  Candidate candidate;
  candidate.person = require_person(store, employee_id);
  const auto found = tags.find(employee_id);
  if (found != tags.end()) candidate.tags = found->second;
  return candidate;
}

}  // namespace

PairingInput pairing_input(const Store& store, const Program& program, const Config& config) {
  PairingInput input;
  input.kind = program.kind;
  input.rules = config.pairing_for(program.name);
  input.day = program.start;
  input.requests = store.list_requests(program.id);
  for (const auto& person : store.list_people({})) {
    if (!person.manager_id.empty()) input.managers[person.employee_id] = person.manager_id;
  }
  // Earlier pairs: those of other programs, and ended ones of this program.
  for (const auto& [a, b] : store.list_pairs_outside(program.id))
    input.past_pairs.insert(ordered(a, b));

  // NOTE: someone who leaves the company stays enrolled, and their open pair stays open
  // until it is ended; only then is their partner paired again.
  std::map<std::string, int> open_pairs;
  std::set<std::string> paired_mentees;
  for (const auto& pair : store.list_pairs(program.id)) {
    if (!is_open(pair)) {
      input.past_pairs.insert(ordered(pair.mentor_id, pair.mentee_id));
      continue;
    }
    ++open_pairs[pair.mentor_id];
    paired_mentees.insert(pair.mentee_id);
    if (program.kind == ProgramKind::peer) paired_mentees.insert(pair.mentor_id);
  }

  const auto tags = store.list_all_tags();
  const PairingRules& rules = input.rules;
  for (const auto& enrolment : store.list_enrolments(program.id)) {
    // People who left the company stay enrolled, for the history, but are not paired.
    if (require_person(store, enrolment.employee_id).left_on) continue;
    if (enrolment.role == Role::mentor && program.kind == ProgramKind::mentor) {
      Candidate mentor = candidate_of(store, enrolment.employee_id, tags);
      mentor.capacity = enrolment.capacity.value_or(rules.default_capacity);
      mentor.taken = open_pairs[enrolment.employee_id];
      input.mentors.push_back(std::move(mentor));
    } else if (paired_mentees.count(enrolment.employee_id) == 0) {
      input.mentees.push_back(candidate_of(store, enrolment.employee_id, tags));
    }
  }
  return input;
}

PairingOutcome pair_program(Store& store, const Program& program, const Config& config, Date today,
                            bool rematch) {
  PairingOutcome outcome;
  std::set<std::pair<std::string, std::string>> rematched;
  if (rematch) {
    for (auto pair : store.list_pairs(program.id)) {
      if (pair.state != PairState::active) continue;
      store.set_pair_progress(pair.id, pair.sessions_held, PairState::ended);
      rematched.insert(ordered(pair.mentor_id, pair.mentee_id));
      pair.state = PairState::ended;
      outcome.ended.push_back(std::move(pair));
    }
  }

  PairingInput input = pairing_input(store, program, config);
  // A rematch may form the pairs it has just ended again.
  for (const auto& key : rematched) input.past_pairs.erase(key);
  outcome.plan = plan_pairs(std::move(input));
  for (const auto& proposal : outcome.plan.pairs) {
    Pair pair;
    pair.program_id = program.id;
    pair.mentor_id = proposal.mentor_id;
    pair.mentee_id = proposal.mentee_id;
    pair.paired_on = today;
    pair.method = "auto";
    pair.reasons = describe_score(proposal.score, proposal.total);
    pair.id = store.insert_pair(pair);
    outcome.stored.push_back(std::move(pair));
  }
  return outcome;
}

namespace {

std::optional<int> index_of(const std::vector<Candidate>& people, const std::string& id) {
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (people[i].person.employee_id == id) return static_cast<int>(i);
  }
  return std::nullopt;
}

// Adds `id` to `people` when an open pair kept them out of the engine's input.
int ensure_candidate(const Store& store, std::vector<Candidate>& people, const std::string& id) {
  if (const auto index = index_of(people, id)) return *index;
  Candidate candidate;
  candidate.person = require_person(store, id);
  candidate.tags = store.list_tags(id);
  people.push_back(std::move(candidate));
  return static_cast<int>(people.size()) - 1;
}

std::pair<std::string, int> best_partner(const PairScorer& scorer, bool of_first, int index,
                                         const std::string& excluded) {
  std::pair<std::string, int> best{"", 0};
  const int count = of_first ? scorer.second_count() : scorer.first_count();
  for (int other = 0; other < count; ++other) {
    const int first = of_first ? index : other;
    const int second = of_first ? other : index;
    const std::string& id =
        of_first ? scorer.second(other).person.employee_id : scorer.first(other).person.employee_id;
    if (id == excluded || scorer.violation(first, second)) continue;
    const int total = scorer.total(first, second);
    if (best.first.empty() || total > best.second || (total == best.second && id < best.first)) {
      best = {id, total};
    }
  }
  return best;
}

// Works out which of the two is the mentor. Throws DataError when the roles do not fit.
std::pair<std::string, std::string> mentor_and_mentee(const Store& store, const Program& program,
                                                      const std::string& a, const std::string& b) {
  const auto role_a = store.find_enrolment(program.id, a);
  const auto role_b = store.find_enrolment(program.id, b);
  for (const auto& [id, role] : {std::pair{a, role_a}, std::pair{b, role_b}}) {
    if (!role) {
      throw DataError(fmt::format("{} is not enrolled in {}: run 'mentor enroll {} ...' first", id,
                                  program.name, program.name));
    }
  }
  if (program.kind == ProgramKind::peer) return ordered(a, b);
  if (role_a->role == role_b->role) {
    throw DataError(fmt::format("{} and {} are both {}s in {}: name one mentor and one mentee", a,
                                b, to_string(role_a->role), program.name));
  }
  return role_a->role == Role::mentor ? std::pair{a, b} : std::pair{b, a};
}

}  // namespace

PairExplanation explain_pair(const Store& store, const Program& program, const Config& config,
                             const std::string& a, const std::string& b) {
  PairExplanation result;
  std::tie(result.first_id, result.second_id) = mentor_and_mentee(store, program, a, b);
  for (const auto& pair : store.find_open_pairs(program.id, result.first_id)) {
    if (ordered(pair.mentor_id, pair.mentee_id) == ordered(a, b)) result.already_paired = true;
  }

  PairingInput input = pairing_input(store, program, config);
  const PairingPlan plan = plan_pairs(input);
  result.plan_total = plan.total;
  result.plan_pairs = static_cast<int>(plan.pairs.size());
  for (const auto& pair : plan.pairs) {
    for (const auto& id : {result.first_id, result.second_id}) {
      if (pair.mentor_id == id) result.plan_partner[id] = pair.mentee_id;
      if (pair.mentee_id == id) result.plan_partner[id] = pair.mentor_id;
    }
    if (pair.mentor_id == result.first_id && pair.mentee_id == result.second_id) {
      result.in_plan = true;
    }
  }
  for (const auto& id : {result.first_id, result.second_id}) {
    if (result.plan_partner.count(id) != 0) continue;
    for (const auto& pair : store.find_open_pairs(program.id, id)) {
      result.plan_partner[id] = pair.mentor_id == id ? pair.mentee_id : pair.mentor_id;
    }
  }

  // Score the two even when an open pair keeps one of them out of the plan.
  auto& firsts = program.kind == ProgramKind::peer ? input.mentees : input.mentors;
  const bool first_was_free = index_of(firsts, result.first_id).has_value();
  const bool second_was_free = index_of(input.mentees, result.second_id).has_value();
  const int first = ensure_candidate(store, firsts, result.first_id);
  const int second = ensure_candidate(store, input.mentees, result.second_id);
  const PairScorer scorer(input);
  result.violation = scorer.violation(first, second);
  result.score = scorer.score(first, second);
  result.total = scorer.total(first, second);
  result.best_alternative[result.first_id] = best_partner(scorer, true, first, result.second_id);
  if (program.kind == ProgramKind::peer) {
    result.best_alternative[result.second_id] = best_partner(scorer, true, second, result.first_id);
  } else {
    result.best_alternative[result.second_id] =
        best_partner(scorer, false, second, result.first_id);
  }

  // The best plan with the two forced together: the rest paired without them.
  const bool room = program.kind == ProgramKind::peer
                        ? first_was_free
                        : scorer.first(first).taken < scorer.first(first).capacity;
  if (!result.violation && !result.already_paired && room && second_was_free) {
    PairingInput rest = pairing_input(store, program, config);
    const auto drop = [&rest](const std::string& id) {
      rest.mentees.erase(
          std::remove_if(rest.mentees.begin(), rest.mentees.end(),
                         [&id](const Candidate& c) { return c.person.employee_id == id; }),
          rest.mentees.end());
    };
    drop(result.second_id);
    if (program.kind == ProgramKind::peer) {
      drop(result.first_id);
    } else if (const auto mentor = index_of(rest.mentors, result.first_id)) {
      ++rest.mentors[static_cast<std::size_t>(*mentor)].taken;
    }
    const PairingPlan forced = plan_pairs(std::move(rest));
    result.forced_total = forced.total + result.total;
    result.forced_pairs = static_cast<int>(forced.pairs.size()) + 1;
  }
  return result;
}

void record_request(Store& store, const Program& program, const MentorRequest& request) {
  require_person(store, request.mentee_id);
  require_person(store, request.mentor_id);
  if (request.mentee_id == request.mentor_id) {
    throw DataError(fmt::format("{} cannot request themself: name a mentor", request.mentee_id));
  }
  const bool peers = program.kind == ProgramKind::peer;
  const auto mentee = store.find_enrolment(program.id, request.mentee_id);
  const auto mentor = store.find_enrolment(program.id, request.mentor_id);
  if (!mentee || mentee->role != Role::mentee) {
    throw DataError(fmt::format("{} is not enrolled as a {} in {}", request.mentee_id,
                                peers ? "peer" : "mentee", program.name));
  }
  if (!mentor || mentor->role != (peers ? Role::mentee : Role::mentor)) {
    throw DataError(fmt::format("{} is not enrolled as a {} in {}", request.mentor_id,
                                peers ? "peer" : "mentor", program.name));
  }
  store.set_request(program.id, request);
}

Pair pair_manually(Store& store, const Program& program, const Config& config,
                   const std::string& mentor_id, const std::string& mentee_id, Date today) {
  const PairingRules& rules = config.pairing_for(program.name);
  const Person mentor = require_person(store, mentor_id);
  const Person mentee = require_person(store, mentee_id);
  if (mentor_id == mentee_id) {
    throw DataError(
        fmt::format("cannot pair {} with themself: name two different people", mentor_id));
  }
  if (program.kind == ProgramKind::peer) {
    // NOTE: pairing peers by hand is not supported yet; the engine pairs peer programs.
    throw DataError(fmt::format("{} is a peer program: pair it with 'mentor pair {}'", program.name,
                                program.name));
  }
  const auto mentor_enrolment = store.find_enrolment(program.id, mentor_id);
  if (!mentor_enrolment || mentor_enrolment->role != Role::mentor) {
    throw DataError(
        fmt::format("{} is not enrolled as a mentor in {}: run 'mentor enroll {} "
                    "--mentors {}' first",
                    mentor_id, program.name, program.name, mentor_id));
  }
  const auto mentee_enrolment = store.find_enrolment(program.id, mentee_id);
  if (!mentee_enrolment || mentee_enrolment->role != Role::mentee) {
    throw DataError(
        fmt::format("{} is not enrolled as a mentee in {}: run 'mentor enroll {} "
                    "--mentees {}' first",
                    mentee_id, program.name, program.name, mentee_id));
  }
  for (const auto& pair : store.find_open_pairs(program.id, mentee_id)) {
    if (pair.mentee_id == mentee_id) {
      throw DataError(fmt::format("{} is already paired with {} in {}", mentee_id, pair.mentor_id,
                                  program.name));
    }
  }
  const int capacity = mentor_enrolment->capacity.value_or(rules.default_capacity);
  const auto mentor_pairs = store.find_open_pairs(program.id, mentor_id);
  const auto taken = static_cast<int>(
      std::count_if(mentor_pairs.begin(), mentor_pairs.end(),
                    [&mentor_id](const Pair& pair) { return pair.mentor_id == mentor_id; }));
  if (taken >= capacity) {
    throw DataError(
        fmt::format("{} already mentors {} of {} mentees in {}: raise the capacity "
                    "with 'mentor enroll {} --mentors {} --capacity N'",
                    mentor_id, taken, capacity, program.name, program.name, mentor_id));
  }
  if (mentor.job_level < mentee.job_level + rules.min_level_gap) {
    throw DataError(
        fmt::format("{} (level {}) cannot mentor {} (level {}): a mentor needs a "
                    "job level at least {}",
                    mentor_id, mentor.job_level, mentee_id, mentee.job_level,
                    mentee.job_level + rules.min_level_gap));
  }

  // The remaining hard constraints (managers, avoid list, earlier pairs, working hours).
  PairingInput input = pairing_input(store, program, config);
  const int first = ensure_candidate(store, input.mentors, mentor_id);
  const int second = ensure_candidate(store, input.mentees, mentee_id);
  const PairScorer scorer(input);
  if (const auto violation = scorer.violation(first, second)) {
    throw DataError(
        fmt::format("cannot pair {} with {}: {}", mentor_id, mentee_id, violation->reason));
  }

  Pair pair;
  pair.program_id = program.id;
  pair.mentor_id = mentor_id;
  pair.mentee_id = mentee_id;
  pair.paired_on = today;
  pair.method = "manual";
  pair.reasons =
      "chosen by hand; " + describe_score(scorer.score(first, second), scorer.total(first, second));
  pair.id = store.insert_pair(pair);
  return pair;
}

}  // namespace mentor
