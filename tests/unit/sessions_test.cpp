#include "mentor/sessions.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "mentor/due.hpp"
#include "mentor/errors.hpp"
#include "mentor/goals.hpp"
#include "mentor/pairing.hpp"
#include "mentor/programs.hpp"
#include "mentor/schedule.hpp"
#include "mentor/status.hpp"
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

TEST_CASE("log_session rejects same day twice") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25), 45, 5);
  const auto error =
      mentor::test::thrown<mentor::DataError>([&] { fixture.log(ymd(2027, 1, 25)); });
  REQUIRE(error.has_value());
  const std::string message = error->what();
  CHECK(message.find("2027-01-25") != std::string::npos);
  CHECK(message.find("45 minutes") != std::string::npos);
  CHECK(message.find("--another") != std::string::npos);
  CHECK(fixture.sessions_stored() == 1);
}

TEST_CASE("log_session another on same day") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  SessionRequest request;
  request.person = "E1";
  request.held_on = ymd(2027, 1, 25);
  request.minutes = 30;
  request.rating = 3;
  request.another = true;
  const auto second = mentor::log_session(fixture.store, fixture.program, request, fixture.today);
  CHECK(second.session.number == 2);
  CHECK(fixture.sessions_stored() == 2);
}

TEST_CASE("log_session stores both ratings and confidence") {
  SessionFixture fixture;
  SessionRequest request;
  request.person = "M1";
  request.held_on = ymd(2027, 1, 25);
  request.minutes = 50;
  request.rating = 4;
  request.mentor_rating = 2;
  request.confidence_before = 1;
  request.confidence_after = 3;
  mentor::log_session(fixture.store, fixture.program, request, fixture.today);
  const auto stored = fixture.store.list_sessions(fixture.pair.id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].status == mentor::SessionStatus::held);
  CHECK(stored[0].rating == 4);
  CHECK(stored[0].mentor_rating == 2);
  CHECK(stored[0].confidence_before == 1);
  CHECK(stored[0].confidence_after == 3);
}

TEST_CASE("log_session rejects confidence out of range") {
  SessionFixture fixture;
  SessionRequest request;
  request.person = "E1";
  request.held_on = ymd(2027, 1, 25);
  request.minutes = 50;
  request.rating = 4;
  request.confidence_after = 6;
  CHECK_THROWS_AS(mentor::log_session(fixture.store, fixture.program, request, fixture.today),
                  mentor::UsageError);
  request.confidence_after = std::nullopt;
  request.rating = std::nullopt;
  CHECK_THROWS_AS(mentor::log_session(fixture.store, fixture.program, request, fixture.today),
                  mentor::UsageError);
  CHECK(fixture.sessions_stored() == 0);
}

TEST_CASE("missed session does not advance") {
  SessionFixture fixture;
  SessionRequest request;
  request.person = "E1";
  request.status = mentor::SessionStatus::missed;
  request.held_on = ymd(2027, 1, 25);
  const auto missed = mentor::log_session(fixture.store, fixture.program, request, fixture.today);
  CHECK(missed.session.number == 1);
  CHECK(missed.pair.sessions_held == 0);
  CHECK(missed.title == "Establish trust and define goals");

  // The held session after it is still session 1.
  const auto held = fixture.log(ymd(2027, 2, 1));
  CHECK(held.session.number == 1);
  CHECK(held.pair.sessions_held == 1);
  CHECK(fixture.sessions_stored() == 2);
}

TEST_CASE("missed session takes no rating") {
  SessionFixture fixture;
  SessionRequest request;
  request.person = "E1";
  request.status = mentor::SessionStatus::cancelled;
  request.held_on = ymd(2027, 1, 25);
  request.rating = 3;
  CHECK_THROWS_AS(mentor::log_session(fixture.store, fixture.program, request, fixture.today),
                  mentor::UsageError);
}

TEST_CASE("undo reverts last held session") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  fixture.log(ymd(2027, 2, 8));
  auto pair = fixture.store.list_pairs(fixture.program.id).front();
  const auto undone =
      mentor::undo_last_session(fixture.store, fixture.program, pair, fixture.today);
  CHECK(undone.session.number == 2);
  CHECK(undone.session.held_on == ymd(2027, 2, 8));
  CHECK(undone.pair.sessions_held == 1);
  CHECK(fixture.store.list_pairs(fixture.program.id).front().sessions_held == 1);
  CHECK(fixture.sessions_stored() == 1);

  // The same day can be logged again after an undo.
  CHECK(fixture.log(ymd(2027, 2, 8)).session.number == 2);
}

TEST_CASE("undo reopens completed pair") {
  SessionFixture fixture;
  for (unsigned day : {1U, 8U, 15U, 22U}) fixture.log(ymd(2027, 2, day));
  auto pair = fixture.store.list_pairs(fixture.program.id).front();
  REQUIRE(pair.state == PairState::completed);
  const auto undone =
      mentor::undo_last_session(fixture.store, fixture.program, pair, fixture.today);
  CHECK(undone.pair.state == PairState::active);
  CHECK(fixture.store.list_pairs(fixture.program.id).front().state == PairState::active);
}

TEST_CASE("undo without sessions") {
  SessionFixture fixture;
  CHECK_THROWS_AS(
      mentor::undo_last_session(fixture.store, fixture.program, fixture.pair, fixture.today),
      mentor::DataError);
}

TEST_CASE("not a fit needs a held session") {
  SessionFixture fixture;
  CHECK_THROWS_AS(mentor::end_not_a_fit(fixture.store, fixture.pair, fixture.today),
                  mentor::DataError);
  fixture.log(ymd(2027, 1, 25));
  const auto pair = fixture.store.list_pairs(fixture.program.id).front();
  const auto ended = mentor::end_not_a_fit(fixture.store, pair, fixture.today);
  CHECK(ended.state == PairState::ended);

  const auto stored = fixture.store.list_pairs(fixture.program.id).front();
  CHECK(stored.state == PairState::ended);
  CHECK(stored.end_reason == "not a fit");
  CHECK(stored.ended_on == fixture.today);
  CHECK(fixture.store.find_open_pairs(fixture.program.id, "E1").empty());
  CHECK(fixture.store.find_open_pairs(fixture.program.id, "M1").empty());
}

TEST_CASE("not a fit returns both to pool") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  mentor::end_not_a_fit(fixture.store, fixture.store.list_pairs(fixture.program.id).front(),
                        fixture.today);
  // E1 and E2 are both unpaired now and M1 has both places free, but M1 is not
  // proposed for E1 again.
  const auto outcome =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  REQUIRE(outcome.stored.size() == 1);
  CHECK(outcome.stored[0].mentor_id == "M1");
  CHECK(outcome.stored[0].mentee_id == "E2");
  const auto unpaired_mentee =
      std::find_if(outcome.plan.unpaired.begin(), outcome.plan.unpaired.end(),
                   [](const auto& person) { return person.role == "mentee"; });
  REQUIRE(unpaired_mentee != outcome.plan.unpaired.end());
  CHECK(unpaired_mentee->employee_id == "E1");
  CHECK(unpaired_mentee->reason.find("paired before") != std::string::npos);

  // A second mentor takes E1.
  fixture.store.upsert_person(make_person("M2", "Research", 4));
  fixture.store.enrol(fixture.program.id, {"M2", Role::mentor, std::nullopt});
  const auto again =
      mentor::pair_program(fixture.store, fixture.program, fixture.config, fixture.today, false);
  REQUIRE(again.stored.size() == 1);
  CHECK(again.stored[0].mentor_id == "M2");
  CHECK(again.stored[0].mentee_id == "E1");
}

TEST_CASE("booking moves on reschedule") {
  SessionFixture fixture;
  const mentor::Instant now{ymd(2027, 1, 20)};
  const auto first_time = mentor::Instant{ymd(2027, 1, 25)} + std::chrono::hours{9};
  const auto booked = mentor::book_session(fixture.store, fixture.program, fixture.pair, first_time,
                                           "Europe/Berlin", 60, now);
  CHECK_FALSE(booked.rescheduled);
  CHECK(booked.appointment.sequence == 0);
  CHECK(booked.appointment.number == 1);

  const auto moved =
      mentor::book_session(fixture.store, fixture.program, fixture.pair,
                           first_time + std::chrono::hours{2}, "Europe/Berlin", 60, now);
  CHECK(moved.rescheduled);
  CHECK(moved.appointment.uid == booked.appointment.uid);
  CHECK(moved.appointment.sequence == 1);
  const auto stored = fixture.store.list_appointments(fixture.pair.id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].starts_at == first_time + std::chrono::hours{2});
  CHECK(stored[0].sequence == 1);
}

TEST_CASE("booking in the past is rejected") {
  SessionFixture fixture;
  const mentor::Instant now{ymd(2027, 1, 20)};
  CHECK_THROWS_AS(mentor::book_session(fixture.store, fixture.program, fixture.pair,
                                       now - std::chrono::minutes{1}, "UTC", 60, now),
                  mentor::DataError);
}

TEST_CASE("logging marks the booking, undo restores it") {
  SessionFixture fixture;
  const mentor::Instant now{ymd(2027, 1, 20)};
  mentor::book_session(fixture.store, fixture.program, fixture.pair,
                       mentor::Instant{ymd(2027, 1, 25)} + std::chrono::hours{9}, "UTC", 60, now);
  SessionRequest request;
  request.person = "E1";
  request.status = mentor::SessionStatus::cancelled;
  request.held_on = ymd(2027, 1, 25);
  mentor::log_session(fixture.store, fixture.program, request, fixture.today);
  auto stored = fixture.store.list_appointments(fixture.pair.id);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].status == mentor::AppointmentStatus::cancelled);
  CHECK(stored[0].sequence == 1);

  mentor::undo_last_session(fixture.store, fixture.program, fixture.pair, fixture.today);
  stored = fixture.store.list_appointments(fixture.pair.id);
  CHECK(stored[0].status == mentor::AppointmentStatus::scheduled);
  CHECK(stored[0].sequence == 2);
}

TEST_CASE("resolve_person by id, email and name") {
  SessionFixture fixture;
  auto ana = make_person("E10", "Sales", 2);
  ana.name = "Ana Lima";
  ana.email = "ana.lima@example.com";
  auto anabel = make_person("E11", "Sales", 2);
  anabel.name = "Anabel Costa";
  fixture.store.upsert_person(ana);
  fixture.store.upsert_person(anabel);

  CHECK(mentor::resolve_person(fixture.store, "E10").employee_id == "E10");
  CHECK(mentor::resolve_person(fixture.store, "ANA.LIMA@example.com").employee_id == "E10");
  CHECK(mentor::resolve_person(fixture.store, "lima").employee_id == "E10");
  CHECK(mentor::resolve_person(fixture.store, "costa").employee_id == "E11");

  const auto error = mentor::test::thrown<mentor::DataError>(
      [&] { mentor::resolve_person(fixture.store, "ana"); });
  REQUIRE(error.has_value());
  const std::string message = error->what();
  CHECK(message.find("E10 Ana Lima") != std::string::npos);
  CHECK(message.find("E11 Anabel Costa") != std::string::npos);
  CHECK_THROWS_AS(mentor::resolve_person(fixture.store, "nobody"), mentor::NotFoundError);
}

TEST_CASE("goals count in status") {
  SessionFixture fixture;
  const auto first =
      mentor::add_goal(fixture.store, fixture.pair, "goal", "Lead a design review", fixture.today);
  mentor::add_goal(fixture.store, fixture.pair, "goal", "Mentor an intern", fixture.today);
  CHECK_THROWS_AS(mentor::add_goal(fixture.store, fixture.pair, "goal", "  ", fixture.today),
                  mentor::UsageError);
  const auto done = mentor::complete_goal(fixture.store, first.id, ymd(2027, 6, 1));
  CHECK(done.done_on == ymd(2027, 6, 1));
  // Completing twice keeps the first date.
  CHECK(mentor::complete_goal(fixture.store, first.id, fixture.today).done_on == ymd(2027, 6, 1));
  CHECK_THROWS_AS(mentor::complete_goal(fixture.store, 999, fixture.today), mentor::NotFoundError);

  const auto status = mentor::program_status(fixture.store, "tl-2027", fixture.today);
  REQUIRE(status.pairs.size() == 1);
  CHECK(status.pairs[0].goals_done == 1);
  CHECK(status.pairs[0].goals_total == 2);
}

TEST_CASE("micro-session counts in status") {
  SessionFixture fixture;
  mentor::MicroSession session;
  session.person = "E2";
  session.other = "M1";
  session.program_id = fixture.program.id;
  session.held_on = ymd(2027, 3, 1);
  session.minutes = 15;
  session.topic = "code review";
  mentor::log_micro_session(fixture.store, session, fixture.today);
  CHECK(mentor::program_status(fixture.store, "tl-2027", fixture.today).micro_sessions == 1);
  // A micro-session advances no pair.
  CHECK(fixture.store.list_pairs(fixture.program.id).front().sessions_held == 0);

  session.other = "E2";
  CHECK_THROWS_AS(mentor::log_micro_session(fixture.store, session, fixture.today),
                  mentor::DataError);
  session.other = "M1";
  session.minutes = 0;
  CHECK_THROWS_AS(mentor::log_micro_session(fixture.store, session, fixture.today),
                  mentor::UsageError);
}

TEST_CASE("due lists this period, stalled lists idle pairs") {
  SessionFixture fixture;
  fixture.log(ymd(2027, 1, 25));
  // Next due 2027-02-08, two weeks after the session.
  CHECK(mentor::list_due(fixture.store, std::nullopt, ymd(2027, 2, 7), ymd(2027, 2, 1)).empty());
  const auto due = mentor::list_due(fixture.store, std::nullopt, ymd(2027, 2, 8), ymd(2027, 2, 1));
  REQUIRE(due.size() == 1);
  CHECK(due[0].status.next_due == ymd(2027, 2, 8));
  CHECK(
      mentor::list_due(fixture.store, std::string("E2"), ymd(2027, 2, 8), ymd(2027, 2, 1)).empty());

  CHECK(mentor::list_stalled(fixture.store, std::nullopt, 21, ymd(2027, 2, 14)).empty());
  const auto stalled = mentor::list_stalled(fixture.store, std::nullopt, 21, ymd(2027, 2, 15));
  REQUIRE(stalled.size() == 1);
  CHECK(stalled[0].days_since_held == 21);
}

TEST_CASE("parse_period_days") {
  CHECK(mentor::parse_period_days("21d") == 21);
  CHECK(mentor::parse_period_days("3w") == 21);
  CHECK_FALSE(mentor::parse_period_days("21").has_value());
  CHECK_FALSE(mentor::parse_period_days("0d").has_value());
  CHECK_FALSE(mentor::parse_period_days("d").has_value());
}

TEST_CASE("cadence parse and add") {
  CHECK(mentor::parse_cadence("weekly") == mentor::Cadence{7, false});
  CHECK(mentor::parse_cadence("every two weeks") == mentor::Cadence{14, false});
  CHECK(mentor::parse_cadence("monthly")->monthly);
  CHECK(mentor::parse_cadence("10d") == mentor::Cadence{10, false});
  CHECK_FALSE(mentor::parse_cadence("yearly").has_value());
  CHECK_FALSE(mentor::parse_cadence("0d").has_value());

  const mentor::Cadence monthly{30, true};
  CHECK(mentor::add_cadence(ymd(2027, 1, 15), monthly) == ymd(2027, 2, 15));
  CHECK(mentor::add_cadence(ymd(2027, 1, 31), monthly) == ymd(2027, 2, 28));
  CHECK(mentor::add_cadence(ymd(2028, 1, 31), monthly) == ymd(2028, 2, 29));
  CHECK(mentor::add_cadence(ymd(2026, 12, 28), mentor::Cadence{7, false}) == ymd(2027, 1, 4));
}

TEST_CASE("monthly program due dates") {
  SessionFixture fixture;
  mentor::create_program(
      fixture.store, fixture.config,
      {"monthly-2027", "technical-leadership", ymd(2027, 1, 31), mentor::Cadence{30, true}});
  const auto program = mentor::require_program(fixture.store, "monthly-2027");
  CHECK(program.cadence_monthly);
  mentor::Pair pair;
  pair.state = PairState::active;
  pair.paired_on = ymd(2027, 1, 20);
  CHECK(mentor::next_due_date(program, pair, std::nullopt) == ymd(2027, 2, 28));
  CHECK(mentor::next_due_date(program, pair, ymd(2027, 3, 10)) == ymd(2027, 4, 10));
}

TEST_SUITE_END();
