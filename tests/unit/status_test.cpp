#include "mentor/status.hpp"

#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "mentor/sessions.hpp"
#include "test_support.hpp"

using mentor::PairState;
using mentor::Role;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

// The program tl-2027 (four sessions, starting 2027-01-11, cadence 14 days) with
// M1 paired with E1 on 2027-01-04, before the start, and M2 paired with E2 on
// 2027-01-20, after it. E3 is enrolled but not paired.
struct StatusFixture {
  Store store = Store::open_in_memory();
  mentor::Config config = mentor::parse_config("", "test.toml");
  mentor::Program program;
  mentor::Pair early_pair;
  mentor::Pair late_pair;

  StatusFixture() {
    for (const auto& person : {make_person("M1", "Research", 4), make_person("M2", "Sales", 4),
                               make_person("E1", "Sales", 2), make_person("E2", "Research", 2),
                               make_person("E3", "Sales", 1)}) {
      store.upsert_person(person);
    }
    mentor::create_program(store, config,
                           {"tl-2027", "technical-leadership", ymd(2027, 1, 11), std::nullopt});
    program = mentor::require_program(store, "tl-2027");
    store.enrol(program.id, {"M1", Role::mentor, std::nullopt});
    store.enrol(program.id, {"M2", Role::mentor, std::nullopt});
    for (const char* mentee : {"E1", "E2", "E3"}) {
      store.enrol(program.id, {mentee, Role::mentee, std::nullopt});
    }
    early_pair = mentor::pair_manually(store, program, config, "M1", "E1", ymd(2027, 1, 4));
    late_pair = mentor::pair_manually(store, program, config, "M2", "E2", ymd(2027, 1, 20));
  }

  void log(const std::string& mentee, mentor::Date held_on) {
    mentor::SessionRequest request;
    request.person = mentee;
    request.held_on = held_on;
    request.minutes = 60;
    request.rating = 4;
    mentor::log_session(store, program, request, held_on);
  }

  mentor::ProgramStatus status(mentor::Date today) const {
    return mentor::program_status(store, "tl-2027", today);
  }
};

const mentor::PairStatus& row_of(const mentor::ProgramStatus& status, const std::string& mentee) {
  for (const auto& row : status.pairs) {
    if (row.pair.mentee_id == mentee) return row;
  }
  FAIL("no pair with mentee " << mentee);
  throw std::logic_error("unreachable");
}

const nlohmann::json& json_row_of(const nlohmann::json& status, const std::string& mentee) {
  for (const auto& row : status.at("pairs")) {
    if (row.at("mentee").at("employee_id") == mentee) return row;
  }
  FAIL("no JSON pair with mentee " << mentee);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_SUITE_BEGIN("status");

TEST_CASE("first due counts from program start") {
  const StatusFixture fixture;
  const auto row = row_of(fixture.status(ymd(2027, 1, 12)), "E1");
  CHECK_FALSE(row.last_held.has_value());
  CHECK(row.next_due == ymd(2027, 1, 25));
}

TEST_CASE("first due counts from pairing day") {
  const StatusFixture fixture;
  const auto row = row_of(fixture.status(ymd(2027, 1, 21)), "E2");
  CHECK(row.next_due == ymd(2027, 2, 3));
}

TEST_CASE("next due counts from last held") {
  StatusFixture fixture;
  fixture.log("E1", ymd(2027, 1, 20));
  fixture.log("E1", ymd(2027, 1, 28));
  const auto row = row_of(fixture.status(ymd(2027, 2, 1)), "E1");
  CHECK(row.last_held == ymd(2027, 1, 28));
  CHECK(row.next_due == ymd(2027, 2, 11));
  CHECK(row.pair.sessions_held == 2);
}

TEST_CASE("overdue only after due date") {
  const StatusFixture fixture;
  CHECK_FALSE(row_of(fixture.status(ymd(2027, 2, 2)), "E2").overdue);
  CHECK_FALSE(row_of(fixture.status(ymd(2027, 2, 3)), "E2").overdue);
  CHECK(row_of(fixture.status(ymd(2027, 2, 4)), "E2").overdue);
}

TEST_CASE("completed pair has no due date") {
  StatusFixture fixture;
  for (const auto day : {ymd(2027, 1, 25), ymd(2027, 2, 8), ymd(2027, 2, 22), ymd(2027, 3, 8)}) {
    fixture.log("E1", day);
  }
  const auto row = row_of(fixture.status(ymd(2027, 12, 31)), "E1");
  CHECK(row.pair.state == PairState::completed);
  CHECK_FALSE(row.next_due.has_value());
  CHECK_FALSE(row.overdue);
}

TEST_CASE("ended pair mentee counts unpaired") {
  StatusFixture fixture;
  fixture.store.set_pair_progress(fixture.late_pair.id, 0, PairState::ended);
  const auto status = fixture.status(ymd(2027, 3, 1));
  const auto& row = row_of(status, "E2");
  CHECK_FALSE(row.next_due.has_value());
  CHECK_FALSE(row.overdue);
  REQUIRE(status.unpaired_mentees.size() == 2);
  CHECK(status.unpaired_mentees[0].employee_id != status.unpaired_mentees[1].employee_id);
  for (const auto& person : status.unpaired_mentees) {
    CAPTURE(person.employee_id);
    CHECK((person.employee_id == "E2" || person.employee_id == "E3"));
  }
}

TEST_CASE("program_status lists people") {
  const StatusFixture fixture;
  const auto status = fixture.status(ymd(2027, 1, 21));
  CHECK(status.program.name == "tl-2027");
  CHECK(status.today == ymd(2027, 1, 21));
  CHECK(status.pairs.size() == 2);
  CHECK(status.mentors == 2);
  REQUIRE(status.unpaired_mentees.size() == 1);
  CHECK(status.unpaired_mentees[0].employee_id == "E3");
}

TEST_CASE("program_status unknown program") {
  const auto store = Store::open_in_memory();
  CHECK_THROWS_AS(mentor::program_status(store, "tl-2027", ymd(2027, 1, 11)),
                  mentor::NotFoundError);
}

TEST_CASE("to_json program and summary") {
  StatusFixture fixture;
  fixture.log("E1", ymd(2027, 1, 28));
  const auto json = mentor::to_json(fixture.status(ymd(2027, 2, 4)));

  CHECK(json.at("format") == 1);
  CHECK(json.at("today") == "2027-02-04");
  const auto& program = json.at("program");
  CHECK(program.at("name") == "tl-2027");
  CHECK(program.at("template") == "technical-leadership");
  CHECK(program.at("start") == "2027-01-11");
  CHECK(program.at("cadence_days") == 14);
  CHECK(program.at("sessions_total") == 4);

  // E2's first session fell due on 2027-02-03, so that pair is overdue.
  const auto& summary = json.at("summary");
  CHECK(summary.at("mentors") == 2);
  CHECK(summary.at("pairs") == 2);
  CHECK(summary.at("active") == 2);
  CHECK(summary.at("completed") == 0);
  CHECK(summary.at("overdue") == 1);
  CHECK(summary.at("unpaired_mentees") == 1);
}

TEST_CASE("to_json pair fields") {
  StatusFixture fixture;
  fixture.log("E1", ymd(2027, 1, 28));
  const auto json = mentor::to_json(fixture.status(ymd(2027, 2, 4)));
  REQUIRE(json.at("pairs").size() == 2);

  const auto& with_session = json_row_of(json, "E1");
  CHECK(with_session.at("id") == fixture.early_pair.id);
  CHECK(with_session.at("mentor").at("employee_id") == "M1");
  CHECK(with_session.at("mentor").at("name") == "M1");
  CHECK(with_session.at("mentor").at("department") == "Research");
  CHECK(with_session.at("mentor").at("job_level") == 4);
  CHECK(with_session.at("mentee").at("department") == "Sales");
  CHECK(with_session.at("state") == "active");
  CHECK(with_session.at("method") == "manual");
  CHECK(with_session.at("paired_on") == "2027-01-04");
  CHECK(with_session.at("sessions_held") == 1);
  CHECK(with_session.at("sessions_total") == 4);
  CHECK(with_session.at("current_session").at("number") == 2);
  CHECK(with_session.at("current_session").at("title") == "Analyze leadership strengths and gaps");
  CHECK(with_session.at("last_held") == "2027-01-28");
  CHECK(with_session.at("next_due") == "2027-02-11");
  CHECK(with_session.at("overdue") == false);

  const auto& without_session = json_row_of(json, "E2");
  CHECK(without_session.at("last_held").is_null());
  CHECK(without_session.at("next_due") == "2027-02-03");
  CHECK(without_session.at("overdue") == true);
  CHECK(without_session.at("current_session").at("number") == 1);
}

TEST_CASE("to_json completed pair") {
  StatusFixture fixture;
  for (const auto day : {ymd(2027, 1, 25), ymd(2027, 2, 8), ymd(2027, 2, 22), ymd(2027, 3, 8)}) {
    fixture.log("E1", day);
  }
  const auto json = mentor::to_json(fixture.status(ymd(2027, 3, 9)));
  const auto& row = json_row_of(json, "E1");
  CHECK(row.at("state") == "completed");
  CHECK(row.at("current_session").is_null());
  CHECK(row.at("next_due").is_null());
  CHECK(row.at("last_held") == "2027-03-08");
  CHECK(json.at("summary").at("completed") == 1);
}

TEST_CASE("to_json unpaired mentees") {
  const StatusFixture fixture;
  const auto json = mentor::to_json(fixture.status(ymd(2027, 1, 21)));
  const auto& unpaired = json.at("unpaired_mentees");
  REQUIRE(unpaired.size() == 1);
  CHECK(unpaired[0].at("employee_id") == "E3");
  CHECK(unpaired[0].at("name") == "E3");
  CHECK(unpaired[0].at("department") == "Sales");
  CHECK(unpaired[0].at("job_level") == 1);
}

TEST_SUITE_END();
