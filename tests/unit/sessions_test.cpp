#include "mentor/sessions.hpp"

#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "test_support.hpp"

using mentor::PairState;
using mentor::Role;
using mentor::SessionRequest;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

// The program tl-2027 (four sessions, starting 2027-01-11) with mentor M1 paired with
// mentee E1 on `paired_on`, and mentee E2 enrolled but not paired. Today is 2027-06-30.
struct SessionFixture {
  Store store = Store::open_in_memory();
  mentor::Config config = mentor::parse_config("", "test.toml");
  mentor::Program program;
  mentor::Pair pair;
  mentor::Date today = ymd(2027, 6, 30);

  explicit SessionFixture(mentor::Date paired_on = ymd(2027, 1, 11)) {
    store.upsert_person(make_person("M1", "Research", 4));
    store.upsert_person(make_person("E1", "Sales", 2));
    store.upsert_person(make_person("E2", "Sales", 2));
    mentor::create_program(store, config,
                           {"tl-2027", "technical-leadership", ymd(2027, 1, 11), std::nullopt});
    program = mentor::require_program(store, "tl-2027");
    store.enrol(program.id, {"M1", Role::mentor, std::nullopt});
    store.enrol(program.id, {"E1", Role::mentee, std::nullopt});
    store.enrol(program.id, {"E2", Role::mentee, std::nullopt});
    pair = mentor::pair_manually(store, program, config, "M1", "E1", paired_on);
  }

  mentor::LoggedSession log(mentor::Date held_on, int minutes = 60, int rating = 4,
                            const std::string& person = "E1") {
    SessionRequest request;
    request.person = person;
    request.held_on = held_on;
    request.minutes = minutes;
    request.rating = rating;
    request.notes = "notes";
    return mentor::log_session(store, program, request, today);
  }

  std::size_t sessions_stored() const { return store.list_sessions(pair.id).size(); }
};

}  // namespace

TEST_SUITE_BEGIN("sessions");

TEST_CASE("log_session records the first session") {
  SessionFixture fixture;
  const auto logged = fixture.log(ymd(2027, 1, 25), 45, 5);
  CHECK(logged.session.number == 1);
  CHECK(logged.session.held_on == ymd(2027, 1, 25));
  CHECK(logged.session.minutes == 45);
  CHECK(logged.session.rating == 5);
  CHECK(logged.title == "Establish trust and define goals");
  CHECK_FALSE(logged.completed);
  CHECK(logged.pair.sessions_held == 1);
  CHECK(logged.pair.state == PairState::active);

  const auto stored = fixture.store.list_sessions(fixture.pair.id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].id == logged.session.id);
  CHECK(stored[0].notes == "notes");
}

TEST_CASE("log_session advances through template") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  const auto second = fixture.log(ymd(2027, 2, 8));
  CHECK(second.session.number == 2);
  CHECK(second.title == "Analyze leadership strengths and gaps");
  const auto pairs = fixture.store.list_pairs(fixture.program.id);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].sessions_held == 2);
  CHECK(pairs[0].state == PairState::active);
}

TEST_CASE("log_session completes after last session") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  fixture.log(ymd(2027, 2, 8));
  CHECK_FALSE(fixture.log(ymd(2027, 2, 22)).completed);
  const auto last = fixture.log(ymd(2027, 3, 8));
  CHECK(last.completed);
  CHECK(last.session.number == 4);
  CHECK(last.title == "Consolidate growth and sustain momentum");
  CHECK(last.pair.state == PairState::completed);
  const auto pairs = fixture.store.list_pairs(fixture.program.id);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].sessions_held == 4);
  CHECK(pairs[0].state == PairState::completed);
}

TEST_CASE("completed pair rejects more sessions") {
  SessionFixture fixture;
  for (const auto day : {ymd(2027, 1, 25), ymd(2027, 2, 8), ymd(2027, 2, 22), ymd(2027, 3, 8)}) {
    fixture.log(day);
  }
  CHECK_THROWS_AS(fixture.log(ymd(2027, 3, 22)), mentor::DataError);
  CHECK(fixture.sessions_stored() == 4);
}

TEST_CASE("log_session by mentor with one mentee") {
  SessionFixture fixture;
  const auto logged = fixture.log(ymd(2027, 1, 25), 60, 4, "M1");
  CHECK(logged.pair.id == fixture.pair.id);
  CHECK(logged.session.number == 1);
}

TEST_CASE("log_session rejects rating out of range") {
  SessionFixture fixture;
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 60, 0), mentor::UsageError);
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 60, 6), mentor::UsageError);
  CHECK(fixture.sessions_stored() == 0);
}

TEST_CASE("log_session accepts rating 1 and 5") {
  SessionFixture fixture;
  CHECK(fixture.log(ymd(2027, 1, 25), 60, 1).session.rating == 1);
  CHECK(fixture.log(ymd(2027, 2, 8), 60, 5).session.rating == 5);
}

TEST_CASE("log_session rejects minutes out of range") {
  SessionFixture fixture;
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 0), mentor::UsageError);
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), -30), mentor::UsageError);
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 1441), mentor::UsageError);
  CHECK(fixture.sessions_stored() == 0);
}

TEST_CASE("log_session accepts minutes 1 and 1440") {
  SessionFixture fixture;
  CHECK(fixture.log(ymd(2027, 1, 25), 1).session.minutes == 1);
  CHECK(fixture.log(ymd(2027, 2, 8), 1440).session.minutes == 1440);
}

TEST_CASE("log_session rejects date before start") {
  // Paired before the program starts, so only the start date rule applies.
  SessionFixture fixture(ymd(2027, 1, 4));
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 10)), mentor::DataError);
  CHECK(fixture.sessions_stored() == 0);
  CHECK(fixture.log(ymd(2027, 1, 11)).session.number == 1);
}

TEST_CASE("log_session rejects date before pairing") {
  SessionFixture fixture(ymd(2027, 1, 20));
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 15)), mentor::DataError);
  CHECK(fixture.sessions_stored() == 0);
  CHECK(fixture.log(ymd(2027, 1, 20)).session.number == 1);
}

TEST_CASE("log_session rejects future date") {
  SessionFixture fixture;
  CHECK_THROWS_AS(fixture.log(ymd(2027, 7, 1)), mentor::DataError);
  CHECK(fixture.sessions_stored() == 0);
  CHECK(fixture.log(fixture.today).session.held_on == fixture.today);
}

TEST_CASE("log_session rejects out-of-order date") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 2, 1));
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25)), mentor::DataError);
  CHECK(fixture.sessions_stored() == 1);
  CHECK(fixture.log(ymd(2027, 2, 2)).session.number == 2);
}

TEST_CASE("log_session without a pair") {
  SessionFixture fixture;
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 60, 4, "E2"), mentor::NotFoundError);
  CHECK_THROWS_AS(fixture.log(ymd(2027, 1, 25), 60, 4, "E404"), mentor::NotFoundError);
}

TEST_CASE("find_pair_of needs partner for several pairs") {
  SessionFixture fixture;
  mentor::pair_manually(fixture.store, fixture.program, fixture.config, "M1", "E2",
                        ymd(2027, 1, 11));
  CHECK_THROWS_AS(mentor::find_pair_of(fixture.store, fixture.program, "M1", std::nullopt),
                  mentor::DataError);
  const auto pair = mentor::find_pair_of(fixture.store, fixture.program, "M1", std::string("E2"));
  CHECK(pair.mentee_id == "E2");
  CHECK_THROWS_AS(mentor::find_pair_of(fixture.store, fixture.program, "M1", std::string("E404")),
                  mentor::NotFoundError);
}

TEST_SUITE_END();
