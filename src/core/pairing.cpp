#include "mentor/pairing.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"

namespace mentor {

namespace {

// Higher is better; compared as a tuple so each criterion only breaks ties of the last.
using Score = std::tuple<int, int, int>;

Score score(const Person& mentee, const MentorSlot& mentor) {
  const int other_department = mentor.person.department != mentee.department ? 1 : 0;
  const int gap_distance = std::abs(mentor.person.job_level - mentee.job_level - 1);
  return {other_department, -gap_distance, mentor.capacity - mentor.taken};
}

std::vector<std::string> reasons_for(const Person& mentee, const MentorSlot& mentor) {
  std::vector<std::string> reasons;
  reasons.push_back(fmt::format("mentor level {} for mentee level {}", mentor.person.job_level,
                                mentee.job_level));
  if (mentor.person.department != mentee.department) {
    reasons.push_back(fmt::format("across departments ({} and {})", mentor.person.department,
                                  mentee.department));
  } else {
    reasons.push_back(fmt::format("same department ({})", mentee.department));
  }
  reasons.push_back(fmt::format("mentor had {} of {} places free", mentor.capacity - mentor.taken,
                                mentor.capacity));
  return reasons;
}

std::string level_rule(const Person& mentee, int min_level_gap) {
  return fmt::format("job level at least {}", mentee.job_level + min_level_gap);
}

int capacity_of(const Enrolment& enrolment, const Config& config) {
  return enrolment.capacity.value_or(config.default_capacity);
}

}  // namespace

PairingPlan plan_pairs(const std::vector<Person>& mentees, std::vector<MentorSlot> mentors,
                       int min_level_gap,
                       const std::set<std::pair<std::string, std::string>>& excluded) {
  std::vector<const Person*> order;
  for (const auto& mentee : mentees) order.push_back(&mentee);
  std::sort(order.begin(), order.end(), [](const Person* a, const Person* b) {
    return std::tie(b->job_level, a->employee_id) < std::tie(a->job_level, b->employee_id);
  });
  std::sort(mentors.begin(), mentors.end(), [](const MentorSlot& a, const MentorSlot& b) {
    return a.person.employee_id < b.person.employee_id;
  });

  PairingPlan plan;
  for (const Person* mentee : order) {
    MentorSlot* best = nullptr;
    bool any_excluded = false;
    for (auto& mentor : mentors) {
      const bool was_excluded =
          excluded.count({mentor.person.employee_id, mentee->employee_id}) != 0;
      any_excluded = any_excluded || was_excluded;
      const bool eligible = mentor.person.employee_id != mentee->employee_id &&
                            mentor.taken < mentor.capacity && !was_excluded &&
                            mentor.person.job_level >= mentee->job_level + min_level_gap;
      if (eligible && (best == nullptr || score(*mentee, mentor) > score(*mentee, *best))) {
        best = &mentor;
      }
    }
    if (best == nullptr) {
      plan.unpaired.push_back(
          {mentee->employee_id,
           fmt::format("no mentor with a free place and a {}{}", level_rule(*mentee, min_level_gap),
                       any_excluded ? ", other than one whose pair with them was not a fit" : "")});
      continue;
    }
    plan.pairs.push_back({best->person.employee_id, mentee->employee_id, reasons_for(*mentee, *best)});
    ++best->taken;
  }
  return plan;
}

PairingOutcome pair_program(Store& store, const Program& program, const Config& config,
                            Date today) {
  std::map<std::string, int> taken;
  std::set<std::string> paired_mentees;
  std::set<std::pair<std::string, std::string>> not_a_fit;
  for (const auto& pair : store.list_pairs(program.id)) {
    if (pair.ended_reason == k_not_a_fit) not_a_fit.insert({pair.mentor_id, pair.mentee_id});
    if (pair.state == PairState::ended) continue;
    ++taken[pair.mentor_id];
    paired_mentees.insert(pair.mentee_id);
  }

  std::vector<Person> mentees;
  std::vector<MentorSlot> mentors;
  for (const auto& enrolment : store.list_enrolments(program.id)) {
    Person person = require_person(store, enrolment.employee_id);
    if (enrolment.role == Role::mentor) {
      mentors.push_back({std::move(person), capacity_of(enrolment, config),
                         taken[enrolment.employee_id]});
    } else if (paired_mentees.count(enrolment.employee_id) == 0) {
      mentees.push_back(std::move(person));
    }
  }

  PairingOutcome outcome;
  outcome.plan = plan_pairs(mentees, std::move(mentors), config.min_level_gap, not_a_fit);
  for (const auto& proposal : outcome.plan.pairs) {
    Pair pair;
    pair.program_id = program.id;
    pair.mentor_id = proposal.mentor_id;
    pair.mentee_id = proposal.mentee_id;
    pair.paired_on = today;
    pair.method = "auto";
    pair.reasons = fmt::format("{}", fmt::join(proposal.reasons, "; "));
    pair.id = store.insert_pair(pair);
    outcome.stored.push_back(std::move(pair));
  }
  return outcome;
}

Pair pair_manually(Store& store, const Program& program, const Config& config,
                   const std::string& mentor_id, const std::string& mentee_id, Date today) {
  const Person mentor = require_person(store, mentor_id);
  const Person mentee = require_person(store, mentee_id);
  if (mentor_id == mentee_id) {
    throw DataError(fmt::format("cannot pair {} with themself: name two different people",
                                mentor_id));
  }
  const auto mentor_enrolment = store.find_enrolment(program.id, mentor_id);
  if (!mentor_enrolment || mentor_enrolment->role != Role::mentor) {
    throw DataError(fmt::format("{} is not enrolled as a mentor in {}: run 'mentor enroll {} "
                                "--mentors {}' first",
                                mentor_id, program.name, program.name, mentor_id));
  }
  const auto mentee_enrolment = store.find_enrolment(program.id, mentee_id);
  if (!mentee_enrolment || mentee_enrolment->role != Role::mentee) {
    throw DataError(fmt::format("{} is not enrolled as a mentee in {}: run 'mentor enroll {} "
                                "--mentees {}' first",
                                mentee_id, program.name, program.name, mentee_id));
  }
  for (const auto& pair : store.find_open_pairs(program.id, mentee_id)) {
    if (pair.mentee_id == mentee_id) {
      throw DataError(fmt::format("{} is already paired with {} in {}", mentee_id, pair.mentor_id,
                                  program.name));
    }
  }
  const int capacity = capacity_of(*mentor_enrolment, config);
  const auto mentor_pairs = store.find_open_pairs(program.id, mentor_id);
  const auto taken = static_cast<int>(std::count_if(
      mentor_pairs.begin(), mentor_pairs.end(),
      [&mentor_id](const Pair& pair) { return pair.mentor_id == mentor_id; }));
  if (taken >= capacity) {
    throw DataError(fmt::format("{} already mentors {} of {} mentees in {}: raise the capacity "
                                "with 'mentor enroll {} --mentors {} --capacity N'",
                                mentor_id, taken, capacity, program.name, program.name,
                                mentor_id));
  }
  if (mentor.job_level < mentee.job_level + config.min_level_gap) {
    throw DataError(fmt::format("{} (level {}) cannot mentor {} (level {}): a mentor needs a {}",
                                mentor_id, mentor.job_level, mentee_id, mentee.job_level,
                                level_rule(mentee, config.min_level_gap)));
  }

  Pair pair;
  pair.program_id = program.id;
  pair.mentor_id = mentor_id;
  pair.mentee_id = mentee_id;
  pair.paired_on = today;
  pair.method = "manual";
  pair.reasons = fmt::format("chosen by hand; {}",
                             fmt::join(reasons_for(mentee, {mentor, capacity, taken}), "; "));
  pair.id = store.insert_pair(pair);
  return pair;
}

}  // namespace mentor
