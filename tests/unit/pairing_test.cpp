#include "mentor/pairing.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "test_support.hpp"

using mentor::MentorSlot;
using mentor::Person;
using mentor::plan_pairs;
using mentor::Role;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

MentorSlot slot(const std::string& id, const std::string& department, int level, int capacity,
                int taken = 0) {
  return {make_person(id, department, level), capacity, taken};
}

// The (mentor, mentee) ids of a plan, sorted by mentee.
std::vector<std::pair<std::string, std::string>> pair_ids(const mentor::PairingPlan& plan) {
  std::vector<std::pair<std::string, std::string>> ids;
  for (const auto& pair : plan.pairs) ids.emplace_back(pair.mentor_id, pair.mentee_id);
  std::sort(ids.begin(), ids.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  return ids;
}

std::vector<std::string> unpaired_ids(const mentor::PairingPlan& plan) {
  std::vector<std::string> ids;
  for (const auto& mentee : plan.unpaired) ids.push_back(mentee.mentee_id);
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
  const std::vector<Person> mentees = {make_person("A", "Sales", 2)};
  const auto alone = plan_pairs(mentees, {slot("A", "Sales", 2, 1)}, 0);
  CHECK(alone.pairs.empty());
  CHECK(unpaired_ids(alone) == std::vector<std::string>{"A"});

  const auto with_other =
      plan_pairs(mentees, {slot("A", "Research", 3, 1), slot("B", "Sales", 2, 1)}, 0);
  REQUIRE(with_other.pairs.size() == 1);
  CHECK(with_other.pairs[0].mentor_id == "B");
}

TEST_CASE("plan_pairs skips self in a crowd") {
  // Everyone is both a mentee and a mentor with room for all.
  std::vector<Person> mentees;
  std::vector<MentorSlot> mentors;
  for (int number = 1; number <= 6; ++number) {
    const auto id = "P" + std::to_string(number);
    mentees.push_back(make_person(id, number % 2 == 0 ? "Sales" : "Research", 3));
    mentors.push_back({mentees.back(), 6, 0});
  }
  const auto plan = plan_pairs(mentees, mentors, 0);
  CHECK(plan.pairs.size() == 6);
  for (const auto& pair : plan.pairs) {
    CAPTURE(pair.mentee_id);
    CHECK(pair.mentor_id != pair.mentee_id);
  }
}

TEST_CASE("plan_pairs respects capacity") {
  const std::vector<Person> mentees = {make_person("E1", "Sales", 1), make_person("E2", "Sales", 1),
                                       make_person("E3", "Sales", 1)};
  const auto plan = plan_pairs(mentees, {slot("M1", "Research", 3, 2)}, 0);
  CHECK(plan.pairs.size() == 2);
  CHECK(plan.unpaired.size() == 1);
}

TEST_CASE("plan_pairs counts taken places") {
  const std::vector<Person> mentees = {make_person("E1", "Sales", 1),
                                       make_person("E2", "Sales", 1)};
  const auto one_free = plan_pairs(mentees, {slot("M1", "Research", 3, 2, 1)}, 0);
  CHECK(one_free.pairs.size() == 1);

  const auto full = plan_pairs(mentees, {slot("M1", "Research", 3, 2, 2)}, 0);
  CHECK(full.pairs.empty());
  CHECK(full.unpaired.size() == 2);
}

TEST_CASE("plan_pairs respects min_level_gap") {
  const std::vector<Person> mentees = {make_person("E1", "Sales", 2)};
  CHECK(plan_pairs(mentees, {slot("M1", "Research", 3, 1)}, 2).pairs.empty());
  CHECK(plan_pairs(mentees, {slot("M1", "Research", 4, 1)}, 2).pairs.size() == 1);
}

TEST_CASE("plan_pairs level rule without gap") {
  const std::vector<Person> mentees = {make_person("E1", "Sales", 2)};
  CHECK(plan_pairs(mentees, {slot("M1", "Research", 2, 1)}, 0).pairs.size() == 1);
  CHECK(plan_pairs(mentees, {slot("M1", "Research", 1, 1)}, 0).pairs.empty());
}

TEST_CASE("plan_pairs unpaired has a reason") {
  const auto plan = plan_pairs({make_person("E1", "Sales", 5)}, {slot("M1", "Research", 3, 1)}, 0);
  REQUIRE(plan.unpaired.size() == 1);
  CHECK(plan.unpaired[0].mentee_id == "E1");
  CHECK_FALSE(plan.unpaired[0].reason.empty());
}

TEST_CASE("plan_pairs prefers another department") {
  // M1 shares the mentee's department and has the ideal level gap of one. M2 is in
  // another department but three levels further off, and the department counts first.
  const auto plan = plan_pairs({make_person("E1", "Sales", 2)},
                               {slot("M1", "Sales", 3, 1), slot("M2", "Research", 6, 1)}, 0);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M2");
  CHECK_FALSE(plan.pairs[0].reasons.empty());
}

TEST_CASE("plan_pairs prefers level gap of one") {
  const auto plan = plan_pairs({make_person("E1", "Sales", 2)},
                               {slot("M1", "Research", 5, 1), slot("M2", "Research", 3, 1)}, 0);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M2");
}

TEST_CASE("plan_pairs prefers more free places") {
  const auto plan = plan_pairs({make_person("E1", "Sales", 2)},
                               {slot("M1", "Research", 3, 3, 2), slot("M2", "Research", 3, 2)}, 0);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M2");
}

TEST_CASE("plan_pairs breaks ties by id") {
  const auto plan = plan_pairs({make_person("E1", "Sales", 2)},
                               {slot("M2", "Research", 3, 1), slot("M1", "Research", 3, 1)}, 0);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentor_id == "M1");
}

TEST_CASE("plan_pairs serves higher levels first") {
  const auto plan = plan_pairs({make_person("E1", "Sales", 1), make_person("E4", "Sales", 4)},
                               {slot("M1", "Research", 5, 1)}, 0);
  REQUIRE(plan.pairs.size() == 1);
  CHECK(plan.pairs[0].mentee_id == "E4");
  CHECK(unpaired_ids(plan) == std::vector<std::string>{"E1"});
}

TEST_CASE("plan_pairs ignores input order") {
  std::vector<Person> mentees = {
      make_person("E1", "Sales", 1),     make_person("E2", "Research", 2),
      make_person("E3", "Sales", 2),     make_person("E4", "Research", 1),
      make_person("E5", "Marketing", 3), make_person("E6", "Sales", 1)};
  std::vector<MentorSlot> mentors = {slot("M1", "Sales", 3, 2), slot("M2", "Research", 3, 2),
                                     slot("M3", "Research", 4, 1)};
  const auto first = plan_pairs(mentees, mentors, 0);
  CHECK(pair_ids(plan_pairs(mentees, mentors, 0)) == pair_ids(first));

  std::reverse(mentees.begin(), mentees.end());
  std::reverse(mentors.begin(), mentors.end());
  const auto reversed = plan_pairs(mentees, mentors, 0);
  CHECK(pair_ids(reversed) == pair_ids(first));
  CHECK(unpaired_ids(reversed) == unpaired_ids(first));
}

TEST_CASE("pair_program stores the plan") {
  PairingFixture fixture;
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
  // E1 and E2 (level 2) choose first, and each takes the mentor from another
  // department. E3 then takes M1, the only mentor with a free place.
  CHECK(pair_ids(outcome.plan) ==
        std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}, {"M2", "E2"}, {"M1", "E3"}});
  CHECK(outcome.plan.unpaired.empty());
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
  mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
  const auto again =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
  CHECK(again.stored.empty());
  CHECK(again.plan.unpaired.empty());
  CHECK(fixture.store.list_pairs(fixture.program.id).size() == 3);
}

TEST_CASE("pair_program leaves extra mentee unpaired") {
  PairingFixture fixture;
  fixture.store.enrol(fixture.program.id, {"E5", Role::mentee, std::nullopt});
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
  // M1 and M2 have three places in all. E3 and E5 are both level 1, and E3 has the
  // lower id, so E5 is left over.
  CHECK(outcome.stored.size() == 3);
  CHECK(unpaired_ids(outcome.plan) == std::vector<std::string>{"E5"});
}

TEST_CASE("pair_program counts existing pairs") {
  PairingFixture fixture;
  fixture.pair("M2", "E3");
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
  // M2 is full, so E1 and E2 both go to M1.
  CHECK(pair_ids(outcome.plan) ==
        std::vector<std::pair<std::string, std::string>>{{"M1", "E1"}, {"M1", "E2"}});
}

TEST_CASE("pair_program re-pairs after an ended pair") {
  PairingFixture fixture;
  const auto ended = fixture.pair("M2", "E2");
  fixture.store.set_pair_progress(ended.id, 0, mentor::PairState::ended);
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today);
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

TEST_SUITE_END();
