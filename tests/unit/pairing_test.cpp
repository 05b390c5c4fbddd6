#include "mentor/pairing.hpp"

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "core/matching_solver.hpp"
#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "test_support.hpp"

using mentor::Candidate;
using mentor::PairingInput;
using mentor::PairingPlan;
using mentor::Person;
using mentor::ProgramKind;
using mentor::Role;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

Candidate candidate(const std::string& id, const std::string& department, int level,
                    int capacity = 1, int taken = 0) {
  return {make_person(id, department, level), capacity, taken, {}};
}

PairingInput mentor_input(std::vector<Candidate> mentees, std::vector<Candidate> mentors) {
  PairingInput input;
  input.kind = ProgramKind::mentor;
  input.day = ymd(2027, 1, 11);
  input.mentees = std::move(mentees);
  input.mentors = std::move(mentors);
  return input;
}

// The (mentor, mentee) ids of a plan, sorted by mentee.
std::vector<std::pair<std::string, std::string>> pair_ids(const PairingPlan& plan) {
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& pair : plan.pairs) ids.emplace_back(pair.mentor_id, pair.mentee_id);
  std::sort(ids.begin(), ids.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return ids;
}

std::vector<std::string> unpaired_ids(const PairingPlan& plan) {
  std::vector<std::string> ids;
  for (const auto& person : plan.unpaired) ids.push_back(person.employee_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A store with the program tl-2027 under the built-in config, which gives each mentor
// two places and no level gap. The mentors are M1 (Research, 4) and M2 (Sales, 4,
// capacity 1), and the mentees E1 (Sales, 2), E2 (Research, 2) and E3 (Sales, 1).
// E5 (Sales, 1) exists but is not enrolled.
struct PairingFixture {
  Store store = Store::open_in_memory();
  mentor::Config config = mentor::parse_config("", "test.toml");
  mentor::Program program;
  mentor::Date today = ymd(2027, 1, 12);

  PairingFixture() {
    for (const auto& person : {make_person("M1", "Research", 4), make_person("M2", "Sales", 4),
                               make_person("E1", "Sales", 2), make_person("E2", "Research", 2),
                               make_person("E3", "Sales", 1), make_person("E5", "Sales", 1)}) {
      store.upsert_person(person);
    }
    mentor::create_program(store, config,
                           {"tl-2027", "technical-leadership", ymd(2027, 1, 11), std::nullopt});
    program = mentor::require_program(store, "tl-2027");
    store.enrol(program.id, {"M1", Role::mentor, std::nullopt});
    store.enrol(program.id, {"M2", Role::mentor, 1});
    for (const char* mentee : {"E1", "E2", "E3"}) {
      store.enrol(program.id, {mentee, Role::mentee, std::nullopt});
    }
  }

  mentor::Pair pair(const std::string& mentor_id, const std::string& mentee_id) {
    return mentor::pair_manually(store, program, config, mentor_id, mentee_id, today);
  }
};

}  // namespace

TEST_SUITE_BEGIN("pairing");

TEST_CASE("plan_pairs never pairs self") {
  const auto alone =
      mentor::plan_pairs(mentor_input({candidate("A", "Sales", 2)}, {candidate("A", "Sales", 2)}));
  CHECK(alone.pairs.empty());
  // A is listed twice: as a mentee without a mentor and as a mentor without a mentee.
  CHECK(unpaired_ids(alone) == std::vector<std::string>{"A", "A"});

  const auto with_other = mentor::plan_pairs(mentor_input(
      {candidate("A", "Sales", 2)}, {candidate("A", "Research", 3), candidate("B", "Sales", 2)}));
  REQUIRE(with_other.pairs.size() == 1);
  CHECK(with_other.pairs[0].mentor_id == "B");
}

TEST_CASE("plan_pairs respects capacity") {
  const auto plan = mentor::plan_pairs(mentor_input(
      {candidate("E1", "Sales", 1), candidate("E2", "Sales", 1), candidate("E3", "Sales", 1)},
      {candidate("M1", "Research", 3, 2)}));
  CHECK(plan.pairs.size() == 2);
  REQUIRE(plan.unpaired.size() == 1);
  CHECK(plan.unpaired[0].role == "mentee");
  CHECK(plan.unpaired[0].reason.find("capacity") != std::string::npos);
}

TEST_CASE("plan_pairs counts taken places") {
  const std::vector<Candidate> mentees = {candidate("E1", "Sales", 1), candidate("E2", "Sales", 1)};
  CHECK(mentor::plan_pairs(mentor_input(mentees, {candidate("M1", "Research", 3, 2, 1)}))
            .pairs.size() == 1);
  const auto full =
      mentor::plan_pairs(mentor_input(mentees, {candidate("M1", "Research", 3, 2, 2)}));
  CHECK(full.pairs.empty());
  CHECK(full.unpaired.size() == 2);
}

TEST_CASE("plan_pairs respects min_level_gap") {
  auto input = mentor_input({candidate("E1", "Sales", 2)}, {candidate("M1", "Research", 3)});
  input.rules.min_level_gap = 2;
  const auto too_close = mentor::plan_pairs(input);
  CHECK(too_close.pairs.empty());
  REQUIRE(too_close.unpaired.size() == 2);  // the mentee, and the mentor with no mentee
  CHECK(too_close.unpaired[0].reason.find("level") != std::string::npos);
  input.mentors = {candidate("M1", "Research", 4)};
  CHECK(mentor::plan_pairs(input).pairs.size() == 1);
}

TEST_CASE("plan_pairs prefers another department") {
  // M1: same department, ideal gap: 0 + 6. M2: other department, gap 4: 10 + 0.
  const auto plan = mentor::plan_pairs(
      mentor_input({candidate("E1", "Sales", 2)},
                   {candidate("M1", "Sales", 3), candidate("M2", "Research", 6)}));
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M2");
  CHECK(plan.pairs[0].total == 10);
  CHECK(plan.total == 10);
}

TEST_CASE("plan_pairs objective decides") {
  // E1 (Sales 1) with M1 (Research 3): 10 + 3 = 13; with M2 (Sales 2): 0 + 6 = 6.
  // E2 (Research 3) may only have M1 (level 3, gap 0): 0 + 3 = 3. A mentee choosing
  // alone would take M1 for E1 and leave E2 out.
  auto input = mentor_input({candidate("E1", "Sales", 1), candidate("E2", "Research", 3)},
                            {candidate("M1", "Research", 3), candidate("M2", "Sales", 2)});
  const auto most_pairs = mentor::plan_pairs(input);
  CHECK(pair_ids(most_pairs) ==
        std::vector<std::pair<std::string, std::string>>{{"M2", "E1"}, {"M1", "E2"}});
  CHECK(most_pairs.total == 9);

  input.rules.objective = mentor::PairingObjective::max_score;
  const auto best_score = mentor::plan_pairs(input);
  CHECK(pair_ids(best_score) == std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}});
  CHECK(best_score.total == 13);
}

TEST_CASE("plan_pairs max_score skips negative") {
  // E1 declined M1, their only choice: -20 + 10 + 6 = -4. The default objective still
  // pairs them; max-score leaves E1 out because the pair lowers the total.
  auto input = mentor_input({candidate("E1", "Sales", 2)}, {candidate("M1", "Research", 3)});
  input.requests = {{"E1", "M1", false}};
  const auto most_pairs = mentor::plan_pairs(input);
  REQUIRE(most_pairs.pairs.size() == 1);
  CHECK(most_pairs.total == -4);
  input.rules.objective = mentor::PairingObjective::max_score;
  const auto best_score = mentor::plan_pairs(input);
  CHECK(best_score.pairs.empty());
  CHECK(best_score.total == 0);
  REQUIRE(best_score.unpaired.size() == 2);
  CHECK(best_score.unpaired[0].reason.find("lower the total") != std::string::npos);
}

TEST_CASE("plan_pairs request and tags") {
  auto e1 = candidate("E1", "Sales", 2);
  e1.tags = {"kubernetes", "rust"};
  auto m1 = candidate("M1", "Research", 3);
  m1.tags = {"kubernetes", "rust"};
  auto m2 = candidate("M2", "Research", 3);
  // M1: 10 + 6 + 2 tags * 4 = 24. M2 requested: 10 + 6 + 20 = 36.
  auto input = mentor_input({e1}, {m1, m2});
  input.requests = {{"E1", "M2", true}};
  const auto plan = mentor::plan_pairs(input);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M2");
  CHECK(plan.total == 36);
}

TEST_CASE("plan_pairs manager and avoid rules") {
  auto input = mentor_input({candidate("E1", "Sales", 1), candidate("E2", "Sales", 1)},
                            {candidate("M1", "Research", 3, 2), candidate("M2", "Research", 3, 2)});
  input.managers = {{"E1", "B1"}, {"B1", "M1"}, {"E2", "M2"}};
  input.rules.avoid = {{"M2", "E1"}};
  // E1's manager's manager is M1 and M2 is on the avoid list with E1: nobody for E1.
  // E2's manager is M2, so E2 goes to M1.
  const auto plan = mentor::plan_pairs(input);
  CHECK(pair_ids(plan) == std::vector<std::pair<std::string, std::string>>{{"M1", "E2"}});
  REQUIRE(!plan.unpaired.empty());
  CHECK(plan.unpaired[0].employee_id == "E1");
  CHECK(plan.unpaired[0].reason.find("no eligible mentor") != std::string::npos);
}

TEST_CASE("plan_pairs never repeats a pair") {
  auto input = mentor_input({candidate("E1", "Sales", 1)},
                            {candidate("M1", "Research", 3), candidate("M2", "Sales", 3)});
  input.past_pairs = {{"E1", "M1"}};
  CHECK(pair_ids(mentor::plan_pairs(input)) ==
        std::vector<std::pair<std::string, std::string>>{{"M2", "E1"}});
  input.rules.avoid_repeat_pairs = false;
  CHECK(pair_ids(mentor::plan_pairs(input)) ==
        std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}});
}

TEST_CASE("plan_pairs minimum overlap") {
  auto e1 = candidate("E1", "Sales", 1);
  e1.person.timezone = "Europe/Berlin";
  auto m1 = candidate("M1", "Research", 3);
  m1.person.timezone = "America/Los_Angeles";  // 9 hours behind Berlin in January
  auto m2 = candidate("M2", "Research", 3);
  m2.person.timezone = "America/New_York";  // 6 hours behind: 2 hours shared
  auto input = mentor_input({e1}, {m1, m2});
  input.rules.min_overlap_hours = 2;
  CHECK(pair_ids(mentor::plan_pairs(input)) ==
        std::vector<std::pair<std::string, std::string>>{{"M2", "E1"}});
  input.rules.min_overlap_hours = 3;
  const auto none = mentor::plan_pairs(input);
  CHECK(none.pairs.empty());
  REQUIRE(!none.unpaired.empty());
  CHECK(none.unpaired[0].reason.find("overlap") != std::string::npos);
}

TEST_CASE("plan_pairs ignores input order") {
  std::vector<Candidate> mentees = {candidate("E1", "Sales", 1),     candidate("E2", "Research", 2),
                                    candidate("E3", "Sales", 2),     candidate("E4", "Research", 1),
                                    candidate("E5", "Marketing", 3), candidate("E6", "Sales", 1)};
  std::vector<Candidate> mentors = {candidate("M1", "Sales", 3, 2),
                                    candidate("M2", "Research", 3, 2),
                                    candidate("M3", "Research", 4, 1)};
  const auto first = mentor::plan_pairs(mentor_input(mentees, mentors));
  std::reverse(mentees.begin(), mentees.end());
  std::reverse(mentors.begin(), mentors.end());
  const auto reversed = mentor::plan_pairs(mentor_input(mentees, mentors));
  CHECK(pair_ids(reversed) == pair_ids(first));
  CHECK(unpaired_ids(reversed) == unpaired_ids(first));
}

TEST_CASE("peer plan odd pool and trio") {
  PairingInput input;
  input.kind = ProgramKind::peer;
  input.day = ymd(2027, 1, 11);
  input.mentees = {candidate("P1", "Sales", 2), candidate("P2", "Research", 2),
                   candidate("P3", "Sales", 2)};
  const auto plan = mentor::plan_pairs(input);
  CHECK(plan.pairs.size() == 1);
  REQUIRE(plan.unpaired.size() == 1);
  CHECK(plan.unpaired[0].role == "peer");
  CHECK(plan.unpaired[0].reason.find("odd") != std::string::npos);

  input.rules.allow_trio = true;
  const auto trio = mentor::plan_pairs(input);
  CHECK(trio.pairs.size() == 3);
  CHECK(trio.unpaired.empty());
  std::set<std::string> mentees;
  for (const auto& pair : trio.pairs) {
    CHECK(pair.trio == 1);
    mentees.insert(pair.mentee_id);
  }
  CHECK(mentees.size() == 3);
}

TEST_CASE("peer plan max level difference") {
  PairingInput input;
  input.kind = ProgramKind::peer;
  input.day = ymd(2027, 1, 11);
  input.mentees = {candidate("P1", "Sales", 1), candidate("P2", "Research", 3)};
  input.rules.max_level_difference = 1;
  CHECK(mentor::plan_pairs(input).pairs.empty());
  input.rules.max_level_difference = 2;
  CHECK(mentor::plan_pairs(input).pairs.size() == 1);
}

TEST_CASE("pair_program stores the plan") {
  PairingFixture fixture;
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  // Default weights: another department 10, a level gap one off the target of 1 gives
  // 3, two off gives 0. M1-E1 13, M1-E2 3, M1-E3 10, M2-E1 3, M2-E2 13, M2-E3 0. M2 has
  // one place, so the best total is M2-E2 + M1-E1 + M1-E3 = 36.
  CHECK(pair_ids(outcome.plan) ==
        std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}, {"M2", "E2"}, {"M1", "E3"}});
  CHECK(outcome.plan.unpaired.empty());
  CHECK(outcome.plan.total == 36);
  REQUIRE(outcome.stored.size() == 3);
  for (const auto& pair : outcome.stored) {
    CAPTURE(pair.mentee_id);
    CHECK(pair.id > 0);
    CHECK(pair.paired_on == fixture.today);
    CHECK(pair.method == "auto");
    CHECK_FALSE(pair.reasons.empty());
    CHECK(pair.state == mentor::PairState::active);
  }
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 3);
}

TEST_CASE("pair_program twice adds nothing") {
  PairingFixture fixture;
  mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  const auto again =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  CHECK(again.stored.empty());
  CHECK(again.plan.unpaired.empty());
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 3);
}

TEST_CASE("pair_program leaves extra mentee unpaired") {
  PairingFixture fixture;
  fixture.store.enrol(fixture.program.id, {"E5", Role::mentee, std::nullopt});
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  // M1 and M2 have three places in all. E3 and E5 (both Sales, level 1) score the same
  // with every mentor, so either may be left over, but the total stays 36.
  CHECK(outcome.stored.size() == 3);
  CHECK(outcome.plan.total == 36);
  const auto left = unpaired_ids(outcome.plan);
  REQUIRE(left.size() == 1);
  CHECK((left[0] == "E3" || left[0] == "E5"));
}

TEST_CASE("pair_program counts existing pairs") {
  PairingFixture fixture;
  fixture.pair("M2", "E3");
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  // M2 is full, so E1 and E2 both go to M1.
  CHECK(pair_ids(outcome.plan) ==
        std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}, {"M1", "E2"}});
}

TEST_CASE("pair_program re-pairs after an ended pair") {
  PairingFixture fixture;
  const auto ended = fixture.pair("M2", "E2");
  fixture.store.set_pair_progress(ended.id, 0, mentor::PairState::ended);
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  CHECK(outcome.stored.size() == 3);
  CHECK(outcome.plan.unpaired.empty());
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 4);
}

TEST_CASE("pair_manually stores the pair") {
  PairingFixture fixture;
  const auto pair = fixture.pair("M1", "E1");
  CHECK(pair.id > 0);
  CHECK(pair.mentor_id == "M1");
  CHECK(pair.mentee_id == "E1");
  CHECK(pair.method == "manual");
  CHECK(pair.paired_on == fixture.today);
  const auto stored = fixture.store.list_pairs(fixture.program.id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].id == pair.id);
}

TEST_CASE("pair_manually rejects self") {
  PairingFixture fixture;
  CHECK_THROWS_AS(fixture.pair("E1", "E1"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).empty());
}

TEST_CASE("pair_manually unknown person") {
  PairingFixture fixture;
  CHECK_THROWS_AS(fixture.pair("M404", "E1"), mentor::NotFoundError);
  CHECK_THROWS_AS(fixture.pair("M1", "E404"), mentor::NotFoundError);
  CHECK(fixture.store.list_pairs(fixture.program.id).empty());
}

TEST_CASE("pair_manually checks enrolment roles") {
  PairingFixture fixture;
  // E2 is a mentee, M2 a mentor, and E5 is not enrolled at all.
  CHECK_THROWS_AS(fixture.pair("E2", "E1"), mentor::DataError);
  CHECK_THROWS_AS(fixture.pair("M1", "M2"), mentor::DataError);
  CHECK_THROWS_AS(fixture.pair("M1", "E5"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).empty());
}

TEST_CASE("pair_manually mentee already paired") {
  PairingFixture fixture;
  fixture.pair("M1", "E1");
  CHECK_THROWS_AS(fixture.pair("M2", "E1"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 1);
}

TEST_CASE("pair_manually mentor at capacity") {
  PairingFixture fixture;
  fixture.pair("M2", "E1");
  CHECK_THROWS_AS(fixture.pair("M2", "E2"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 1);
}

TEST_CASE("pair_manually default capacity") {
  PairingFixture fixture;
  fixture.pair("M1", "E1");
  fixture.pair("M1", "E2");
  CHECK_THROWS_AS(fixture.pair("M1", "E3"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 2);
}

TEST_CASE("pair_manually checks level gap") {
  PairingFixture fixture;
  fixture.store.upsert_person(make_person("M3", "Research", 2));
  fixture.store.enrol(fixture.program.id, {"M3", Role::mentor, std::nullopt});
  fixture.config = mentor::parse_config("[pairing]\nmin_level_gap = 1\n", "test.toml");
  CHECK_THROWS_AS(fixture.pair("M3", "E1"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).empty());

  // Without a gap the same levels are allowed.
  fixture.config = mentor::parse_config("", "test.toml");
  CHECK(fixture.pair("M3", "E1").mentor_id == "M3");
}

TEST_CASE("explain_pair pair left out") {
  PairingFixture fixture;
  // The plan is M2-E2, M1-E1, M1-E3 (36). Forcing M2-E1 (3) leaves M1 with E2 (3) and
  // E3 (10): 16 in all.
  const auto why = mentor::explain_pair(fixture.store, fixture.program, fixture.config, "E1", "M2");
  CHECK(why.first_id == "M2");
  CHECK(why.second_id == "E1");
  CHECK_FALSE(why.in_plan);
  CHECK_FALSE(why.violation.has_value());
  CHECK(why.total == 3);
  CHECK(why.plan_total == 36);
  REQUIRE(why.forced_total.has_value());
  CHECK(*why.forced_total == 16);
  CHECK(why.forced_pairs == 3);
  CHECK(why.plan_partner.at("E1") == "M1");
  CHECK(why.best_alternative.at("E1") == std::pair<std::string, int>{"M1", 13});
  CHECK(why.best_alternative.at("M2") == std::pair<std::string, int>{"E2", 13});
}

TEST_CASE("explain_pair rejects two mentees") {
  PairingFixture fixture;
  CHECK_THROWS_AS(mentor::explain_pair(fixture.store, fixture.program, fixture.config, "E1", "E2"),
                  mentor::DataError);
}

TEST_CASE("pair_program rematch ends active pairs") {
  PairingFixture fixture;
  fixture.pair("M2", "E3");
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, true);
  REQUIRE(outcome.ended.size() == 1);
  CHECK(outcome.ended[0].mentee_id == "E3");
  CHECK(outcome.plan.total == 36);
  CHECK(outcome.stored.size() == 3);
}

TEST_CASE("pair_manually checks avoid list") {
  PairingFixture fixture;
  fixture.config = mentor::parse_config("[pairing]\navoid = [[\"E1\", \"M1\"]]\n", "test.toml");
  CHECK_THROWS_AS(fixture.pair("M1", "E1"), mentor::DataError);
  CHECK(fixture.store.list_pairs(fixture.program.id).empty());
}

TEST_CASE("peer program pairs those left alone") {
  Store store = Store::open_in_memory();
  const auto config = mentor::parse_config("", "test.toml");
  for (const char* id : {"P1", "P2", "P3"}) store.upsert_person(make_person(id, "Sales", 2));
  mentor::ProgramRequest request{"peers", "technical-leadership", ymd(2027, 1, 11), std::nullopt,
                                 ProgramKind::peer};
  mentor::create_program(store, config, request);
  const auto program = mentor::require_program(store, "peers");
  for (const char* id : {"P1", "P2", "P3"})
    store.enrol(program.id, {id, Role::mentee, std::nullopt});

  // Three peers: one pair and one left out.
  const auto first = mentor::pair_program(store, program, config, ymd(2027, 1, 12), false);
  REQUIRE(first.stored.size() == 1);
  REQUIRE(first.plan.unpaired.size() == 1);
  const std::string alone = first.plan.unpaired[0].employee_id;

  // The pair ends, so all three are free, but the two may not be paired again.
  store.set_pair_progress(first.stored[0].id, 0, mentor::PairState::ended);
  const auto second = mentor::pair_program(store, program, config, ymd(2027, 2, 1), false);
  REQUIRE(second.stored.size() == 1);
  const auto& pair = second.stored[0];
  CHECK((pair.mentor_id == alone || pair.mentee_id == alone));
}

TEST_SUITE_END();
