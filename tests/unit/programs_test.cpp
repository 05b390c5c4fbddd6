#include "mentor/programs.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::EnrolRequest;
using mentor::ProgramRequest;
using mentor::Role;
using mentor::Store;
using mentor::test::make_person;
using mentor::test::ymd;

namespace {

constexpr const char* k_onboarding = R"toml(
[templates.onboarding]
cadence_days = 7

[[templates.onboarding.sessions]]
title = "Meet the team"
)toml";

// The header does not promise an order for enrolment results, so tests compare sorted ids.
std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

ProgramRequest leadership_request() {
  return {"tl-2027", "technical-leadership", ymd(2027, 1, 11), std::nullopt};
}

// A store with five people and the program tl-2027, and a config with the built-in
// template and one more, onboarding.
struct ProgramFixture {
  Store store = Store::open_in_memory();
  mentor::Config config = mentor::parse_config(k_onboarding, "test.toml");
  mentor::Program program;

  ProgramFixture() {
    store.upsert_person(make_person("E1", "Research", 1));
    store.upsert_person(make_person("E2", "Research", 2));
    store.upsert_person(make_person("E3", "Sales", 3));
    store.upsert_person(make_person("E4", "Sales", 4));
    store.upsert_person(make_person("E5", "Research", 5));
    mentor::create_program(store, config, leadership_request());
    program = mentor::require_program(store, "tl-2027");
  }

  EnrolRequest request(Role role, std::vector<std::string> ids) const {
    EnrolRequest result;
    result.role = role;
    result.employee_ids = std::move(ids);
    return result;
  }
};

}  // namespace

TEST_SUITE_BEGIN("programs");

TEST_CASE("create_program copies the template") {
  auto store = Store::open_in_memory();
  const auto config = mentor::parse_config("", "test.toml");
  CHECK(mentor::create_program(store, config, leadership_request()));
  const auto program = mentor::require_program(store, "tl-2027");
  CHECK(program.template_name == "technical-leadership");
  CHECK(program.start == ymd(2027, 1, 11));
  CHECK(program.cadence_days == 14);
  CHECK(program.sessions.size() == 4);
}

TEST_CASE("create_program cadence override") {
  auto store = Store::open_in_memory();
  const auto config = mentor::parse_config("", "test.toml");
  auto request = leadership_request();
  request.cadence = mentor::Cadence{21, false};
  mentor::create_program(store, config, request);
  CHECK(mentor::require_program(store, "tl-2027").cadence_days == 21);
}

TEST_CASE("create_program is idempotent") {
  ProgramFixture fixture;
  CHECK_FALSE(mentor::create_program(fixture.store, fixture.config, leadership_request()));
  CHECK(fixture.store.list_programs().size() == 1);
}

TEST_CASE("create_program same cadence given explicitly") {
  ProgramFixture fixture;
  auto request = leadership_request();
  request.cadence = mentor::Cadence{14, false};
  CHECK_FALSE(mentor::create_program(fixture.store, fixture.config, request));
}

TEST_CASE("create_program conflicting settings throw") {
  ProgramFixture fixture;
  auto other_start = leadership_request();
  other_start.start = ymd(2027, 2, 1);
  CHECK_THROWS_AS(mentor::create_program(fixture.store, fixture.config, other_start),
                  mentor::DataError);

  auto other_cadence = leadership_request();
  other_cadence.cadence = mentor::Cadence{7, false};
  CHECK_THROWS_AS(mentor::create_program(fixture.store, fixture.config, other_cadence),
                  mentor::DataError);

  auto other_template = leadership_request();
  other_template.template_name = "onboarding";
  CHECK_THROWS_AS(mentor::create_program(fixture.store, fixture.config, other_template),
                  mentor::DataError);

  const auto program = mentor::require_program(fixture.store, "tl-2027");
  CHECK(program.start == ymd(2027, 1, 11));
  CHECK(program.cadence_days == 14);
}

TEST_CASE("create_program invalid name") {
  auto store = Store::open_in_memory();
  const auto config = mentor::parse_config("", "test.toml");
  for (const char* name : {"", "tl 2027", "tl/2027", "tl;drop"}) {
    CAPTURE(name);
    auto request = leadership_request();
    request.name = name;
    CHECK_THROWS_AS(mentor::create_program(store, config, request), mentor::UsageError);
  }
  CHECK(store.list_programs().empty());
}

TEST_CASE("create_program unknown template") {
  auto store = Store::open_in_memory();
  const auto config = mentor::parse_config("", "test.toml");
  auto request = leadership_request();
  request.template_name = "sales-onboarding";
  CHECK_THROWS_AS(mentor::create_program(store, config, request), mentor::NotFoundError);
}

TEST_CASE("require_program and require_person unknown") {
  const auto store = Store::open_in_memory();
  CHECK_THROWS_AS(mentor::require_program(store, "tl-2027"), mentor::NotFoundError);
  CHECK_THROWS_AS(mentor::require_person(store, "E404"), mentor::NotFoundError);
}

TEST_CASE("enrol by ids") {
  ProgramFixture fixture;
  const auto result =
      mentor::enrol(fixture.store, fixture.program, fixture.request(Role::mentee, {"E2", "E1"}));
  CHECK(sorted(result.added) == std::vector<std::string>{"E1", "E2"});
  CHECK(result.updated.empty());
  CHECK(result.unchanged.empty());
  const auto enrolment = fixture.store.find_enrolment(fixture.program.id, "E1");
  REQUIRE(enrolment.has_value());
  CHECK(enrolment->role == Role::mentee);
}

TEST_CASE("enrol twice is unchanged") {
  ProgramFixture fixture;
  const auto request = fixture.request(Role::mentor, {"E4"});
  mentor::enrol(fixture.store, fixture.program, request);
  const auto again = mentor::enrol(fixture.store, fixture.program, request);
  CHECK(again.added.empty());
  CHECK(again.unchanged == std::vector<std::string>{"E4"});
}

TEST_CASE("enrol by filter") {
  ProgramFixture fixture;
  auto request = fixture.request(Role::mentee, {"E3"});
  request.filter = mentor::PersonFilter{};
  request.filter->department = "Research";
  request.filter->max_level = 2;
  const auto result = mentor::enrol(fixture.store, fixture.program, request);
  CHECK(sorted(result.added) == std::vector<std::string>{"E1", "E2", "E3"});
}

TEST_CASE("enrol filter matching nobody") {
  ProgramFixture fixture;
  auto request = fixture.request(Role::mentee, {});
  request.filter = mentor::PersonFilter{};
  request.filter->department = "Legal";
  CHECK_THROWS_AS(mentor::enrol(fixture.store, fixture.program, request), mentor::DataError);
}

TEST_CASE("enrol unknown id enrols nobody") {
  ProgramFixture fixture;
  CHECK_THROWS_AS(
      mentor::enrol(fixture.store, fixture.program, fixture.request(Role::mentee, {"E1", "E404"})),
      mentor::NotFoundError);
  CHECK(fixture.store.list_enrolments(fixture.program.id).empty());
}

TEST_CASE("enrol in other role throws") {
  ProgramFixture fixture;
  mentor::enrol(fixture.store, fixture.program, fixture.request(Role::mentee, {"E2"}));
  CHECK_THROWS_AS(
      mentor::enrol(fixture.store, fixture.program, fixture.request(Role::mentor, {"E2"})),
      mentor::DataError);
  const auto enrolment = fixture.store.find_enrolment(fixture.program.id, "E2");
  REQUIRE(enrolment.has_value());
  CHECK(enrolment->role == Role::mentee);
}

TEST_CASE("enrol mentor capacity update") {
  ProgramFixture fixture;
  auto request = fixture.request(Role::mentor, {"E5"});
  mentor::enrol(fixture.store, fixture.program, request);
  request.capacity = 3;
  const auto result = mentor::enrol(fixture.store, fixture.program, request);
  CHECK(result.updated == std::vector<std::string>{"E5"});
  const auto enrolment = fixture.store.find_enrolment(fixture.program.id, "E5");
  REQUIRE(enrolment.has_value());
  CHECK(enrolment->capacity == 3);
}

TEST_CASE("enrol keeps capacity when omitted") {
  ProgramFixture fixture;
  auto request = fixture.request(Role::mentor, {"E5"});
  request.capacity = 3;
  mentor::enrol(fixture.store, fixture.program, request);
  request.capacity.reset();
  const auto result = mentor::enrol(fixture.store, fixture.program, request);
  CHECK(result.unchanged == std::vector<std::string>{"E5"});
  CHECK(fixture.store.find_enrolment(fixture.program.id, "E5")->capacity == 3);
}

TEST_CASE("enrol capacity on mentees throws") {
  ProgramFixture fixture;
  auto request = fixture.request(Role::mentee, {"E1"});
  request.capacity = 1;
  CHECK_THROWS_AS(mentor::enrol(fixture.store, fixture.program, request), mentor::UsageError);
}

TEST_CASE("parse_level_range single level") {
  const auto filter = mentor::parse_level_range("3");
  CHECK(filter.min_level == 3);
  CHECK(filter.max_level == 3);
}

TEST_CASE("parse_level_range closed range") {
  const auto filter = mentor::parse_level_range("3..5");
  CHECK(filter.min_level == 3);
  CHECK(filter.max_level == 5);
}

TEST_CASE("parse_level_range open ends") {
  const auto from = mentor::parse_level_range("3..");
  CHECK(from.min_level == 3);
  CHECK_FALSE(from.max_level.has_value());

  const auto up_to = mentor::parse_level_range("..5");
  CHECK_FALSE(up_to.min_level.has_value());
  CHECK(up_to.max_level == 5);
}

TEST_CASE("parse_level_range keeps other fields") {
  mentor::PersonFilter base;
  base.department = "Sales";
  const auto filter = mentor::parse_level_range("2..4", base);
  CHECK(filter.department == "Sales");
  CHECK(filter.min_level == 2);
}

TEST_CASE("parse_level_range rejects bad text") {
  for (const char* text : {"", "..", "5..3", "three", "3..x", "x..3", "3-5", "3...5", "3.5"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(mentor::parse_level_range(text), mentor::UsageError);
  }
}

TEST_SUITE_END();
