#include <doctest/doctest.h>

#include "mentor/config.hpp"
#include "mentor/engagement.hpp"
#include "mentor/errors.hpp"
#include "mentor/mix.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "mentor/progress.hpp"
#include "test_support.hpp"

using mentor::PairState;
using mentor::Role;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

mentor::Program four_sessions(mentor::Cadence cadence) {
  mentor::Program program;
  program.start = ymd(2027, 1, 4);
  program.cadence_days = cadence.days;
  program.cadence_monthly = cadence.monthly;
  program.sessions.resize(4);
  return program;
}

mentor::Pair pair_made_on(mentor::Date day) {
  mentor::Pair pair;
  pair.paired_on = day;
  return pair;
}

}  // namespace

TEST_SUITE("reports") {
  TEST_CASE("sessions due count the cadence up to today") {
    const auto program = four_sessions({14, false});
    const auto pair = pair_made_on(ymd(2027, 1, 1));
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 1, 17)) == 0);
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 1, 18)) == 1);
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 2, 14)) == 2);
    CHECK(mentor::sessions_due(program, pair, ymd(2028, 1, 1)) == 4);
  }

  TEST_CASE("sessions due start from a later pairing") {
    const auto program = four_sessions({14, false});
    CHECK(mentor::sessions_due(program, pair_made_on(ymd(2027, 2, 1)), ymd(2027, 2, 14)) == 0);
    CHECK(mentor::sessions_due(program, pair_made_on(ymd(2027, 2, 1)), ymd(2027, 2, 15)) == 1);
  }

  TEST_CASE("sessions due follow a monthly cadence") {
    const auto program = four_sessions({30, true});
    const auto pair = pair_made_on(ymd(2027, 1, 4));
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 2, 3)) == 0);
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 2, 4)) == 1);
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 3, 4)) == 2);
  }

  TEST_CASE("sessions due stop when a pair ends") {
    const auto program = four_sessions({14, false});
    auto pair = pair_made_on(ymd(2027, 1, 4));
    pair.state = PairState::ended;
    pair.ended_on = ymd(2027, 1, 25);
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 6, 1)) == 1);
  }

  TEST_CASE("sessions due of a completed pair") {
    const auto program = four_sessions({14, false});
    auto pair = pair_made_on(ymd(2027, 1, 4));
    pair.state = PairState::completed;
    CHECK(mentor::sessions_due(program, pair, ymd(2027, 1, 20)) == 4);
  }

  TEST_CASE("engagement rejects a period ending first") {
    Store store = Store::open_in_memory();
    mentor::EngagementRequest request;
    request.from = ymd(2027, 2, 1);
    request.to = ymd(2027, 1, 1);
    CHECK(mentor::test::thrown<mentor::UsageError>([&] {
            mentor::compute_engagement(store, request);
          }).has_value());
  }

  TEST_CASE("mix leaves unknown values out") {
    Store store = Store::open_in_memory();
    const mentor::Config config = mentor::parse_config("", "test.toml");
    auto mentor_person = make_person("M1", "Research", 4);
    mentor_person.timezone = "Europe/Berlin";
    mentor_person.education_field = "Medical";
    auto mentee_person = make_person("E1", "Sales", 2);
    mentee_person.timezone = "Not/A_Zone";
    store.upsert_person(mentor_person);
    store.upsert_person(mentee_person);
    mentor::create_program(store, config,
                           {"tl-2027", "technical-leadership", ymd(2027, 1, 11), std::nullopt});
    const auto program = mentor::require_program(store, "tl-2027");
    store.enrol(program.id, {"M1", Role::mentor, std::nullopt});
    store.enrol(program.id, {"E1", Role::mentee, std::nullopt});
    mentor::pair_manually(store, program, config, "M1", "E1", ymd(2027, 1, 11));

    const auto report = mentor::compute_mix(store, "tl-2027", {});
    CHECK(report.pairs == 1);
    CHECK(report.departments.crossing == 1);
    CHECK(report.education_fields.known == 0);
    CHECK(report.time_zones.crossing == 1);
    REQUIRE(report.cross_zone_pairs.size() == 1);
    CHECK_FALSE(report.cross_zone_pairs[0].overlap_minutes.has_value());
    CHECK(report.flow_departments.empty());
  }
}
