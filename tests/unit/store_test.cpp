#include "mentor/store.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "test_support.hpp"

using mentor::PairState;
using mentor::Role;
using mentor::Store;
using mentor::StoreError;
using mentor::Upsert;
using mentor::test::make_person;
using mentor::test::TempFolder;
using mentor::test::thrown;
using mentor::test::ymd;

namespace {

mentor::Program make_program(const std::string& name) {
  mentor::Program program;
  program.name = name;
  program.template_name = "technical-leadership";
  program.start = ymd(2027, 1, 11);
  program.cadence_days = 14;
  program.sessions = {{"First", "mentee one", "mentor one"},
                      {"Second", "mentee two", "mentor two"}};
  return program;
}

// A store with one program, mentor M1 (level 4) and mentee E1 (level 2) enrolled.
struct EnrolledStore {
  Store store = Store::open_in_memory();
  std::int64_t program_id = 0;

  EnrolledStore() {
    store.upsert_person(make_person("M1", "Sales", 4));
    store.upsert_person(make_person("E1", "Research", 2));
    program_id = store.insert_program(make_program("tl-2027"));
    store.enrol(program_id, {"M1", Role::mentor, std::nullopt});
    store.enrol(program_id, {"E1", Role::mentee, std::nullopt});
  }

  mentor::Pair make_pair() const {
    mentor::Pair pair;
    pair.program_id = program_id;
    pair.mentor_id = "M1";
    pair.mentee_id = "E1";
    pair.paired_on = ymd(2027, 1, 12);
    pair.method = "manual";
    pair.reasons = "chosen by hand";
    return pair;
  }
};

// SQLite stores PRAGMA user_version as a big-endian 32-bit integer at byte offset 60
// of the database header, and the journal mode's write and read versions at offsets
// 18 and 19 (1 for a rollback journal, 2 for WAL).
void set_header_user_version(std::string& bytes, int version) {
  const auto value = static_cast<unsigned>(version);
  bytes.at(60) = static_cast<char>((value >> 24U) & 0xFFU);
  bytes.at(61) = static_cast<char>((value >> 16U) & 0xFFU);
  bytes.at(62) = static_cast<char>((value >> 8U) & 0xFFU);
  bytes.at(63) = static_cast<char>(value & 0xFFU);
}

void set_header_rollback_journal(std::string& bytes) {
  bytes.at(18) = 1;
  bytes.at(19) = 1;
}

// Creates a database file with the current schema and one person, then closes it.
void create_database(const std::filesystem::path& file) {
  auto store = Store::open(file, true);
  store.upsert_person(make_person("E1", "Research", 2));
}

}  // namespace

TEST_SUITE_BEGIN("store");

TEST_CASE("in-memory store has current schema") {
  const auto store = Store::open_in_memory();
  CHECK(store.schema_version() == Store::k_schema_version);
  CHECK(store.count_people() == 0);
}

TEST_CASE("open with create makes the file") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  {
    const auto store = Store::open(file, true);
    CHECK(store.schema_version() == Store::k_schema_version);
  }
  CHECK(std::filesystem::exists(file));
}

TEST_CASE("file store keeps data after reopening") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  create_database(file);
  const auto store = Store::open(file, false);
  CHECK(store.schema_version() == Store::k_schema_version);
  CHECK(store.count_people() == 1);
  const auto person = store.find_person("E1");
  REQUIRE(person.has_value());
  CHECK(person->department == "Research");
}

TEST_CASE("open missing file without create") {
  const TempFolder folder;
  const auto file = folder / "missing.db";
  const auto error = thrown<StoreError>([&file] { Store::open(file, false); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::no_input);
  CHECK(std::string(error->what()).find(file.string()) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("open rejects non-SQLite file") {
  const TempFolder folder;
  const auto file = folder / "roster.csv";
  const std::string text =
      "employee_id,name,department,job_level\n"
      "E1,Ana Lopez,Research,2\n"
      "E2,Bo Chen,Sales,3\n"
      "E3,Chidi Okafor,Sales,4\n";
  mentor::test::write_bytes(file, text);
  const auto error = thrown<StoreError>([&file] { Store::open(file, false); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::io_error);
  CHECK(mentor::test::read_bytes(file) == text);
}

TEST_CASE("open rejects newer schema unchanged") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  create_database(file);
  auto bytes = mentor::test::read_bytes(file);
  set_header_user_version(bytes, Store::k_schema_version + 1);
  mentor::test::write_bytes(file, bytes);

  const auto error = thrown<StoreError>([&file] { Store::open(file, false); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::io_error);
  CHECK(mentor::test::read_bytes(file) == bytes);
}

TEST_CASE("open rejects newer rollback-journal file unchanged") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  create_database(file);
  auto bytes = mentor::test::read_bytes(file);
  set_header_user_version(bytes, Store::k_schema_version + 1);
  set_header_rollback_journal(bytes);
  mentor::test::write_bytes(file, bytes);

  const auto error = thrown<StoreError>([&file] { Store::open(file, false); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::io_error);
  CHECK(mentor::test::read_bytes(file) == bytes);
}

TEST_CASE("upsert_person added, unchanged, updated") {
  auto store = Store::open_in_memory();
  auto person = make_person("E1", "Research", 2);
  CHECK(store.upsert_person(person) == Upsert::added);
  CHECK(store.upsert_person(person) == Upsert::unchanged);
  person.name = "Ana Lopez";
  CHECK(store.upsert_person(person) == Upsert::updated);
  const auto stored = store.find_person("E1");
  REQUIRE(stored.has_value());
  CHECK(stored->name == "Ana Lopez");
  CHECK(store.count_people() == 1);
}

TEST_CASE("person round-trips every field") {
  auto store = Store::open_in_memory();
  mentor::Person person = make_person("E7", "Research & Development", 3);
  person.name = "Åsa Petrov";
  person.email = "asa.petrov@example.com";
  person.job_role = "Research Scientist";
  person.education_field = "Life Sciences";
  person.gender = "Female";
  person.age = 41;
  person.years_at_company = 9;
  person.total_working_years = 17;
  person.timezone = "Europe/Stockholm";
  person.manager_id = "E2";
  store.upsert_person(person);
  const auto stored = store.find_person("E7");
  REQUIRE(stored.has_value());
  CHECK(*stored == person);
  CHECK_FALSE(stored->years_since_last_promotion.has_value());
}

TEST_CASE("find_person unknown id") {
  const auto store = Store::open_in_memory();
  CHECK_FALSE(store.find_person("E404").has_value());
}

TEST_CASE("list_people applies filter") {
  auto store = Store::open_in_memory();
  store.upsert_person(make_person("E1", "Research", 1));
  store.upsert_person(make_person("E2", "Research", 3));
  store.upsert_person(make_person("E3", "Sales", 3));
  store.upsert_person(make_person("E4", "Research", 5));

  CHECK(store.list_people({}).size() == 4);

  mentor::PersonFilter research;
  research.department = "Research";
  CHECK(store.list_people(research).size() == 3);

  mentor::PersonFilter middle = research;
  middle.min_level = 2;
  middle.max_level = 4;
  const auto found = store.list_people(middle);
  REQUIRE(found.size() == 1);
  CHECK(found[0].employee_id == "E2");
}

TEST_CASE("program round-trips with sessions") {
  auto store = Store::open_in_memory();
  const auto id = store.insert_program(make_program("tl-2027"));
  const auto program = store.find_program("tl-2027");
  REQUIRE(program.has_value());
  CHECK(program->id == id);
  CHECK(program->template_name == "technical-leadership");
  CHECK(program->start == ymd(2027, 1, 11));
  CHECK(program->cadence_days == 14);
  REQUIRE(program->sessions.size() == 2);
  CHECK(program->sessions[0].title == "First");
  CHECK(program->sessions[1].title == "Second");
  CHECK(program->sessions[1].mentee_objective == "mentee two");
  CHECK(program->sessions[1].mentor_objective == "mentor two");
  CHECK_FALSE(store.find_program("other").has_value());
  CHECK(store.list_programs().size() == 1);
}

TEST_CASE("enrol added, unchanged, updated") {
  auto store = Store::open_in_memory();
  store.upsert_person(make_person("M1", "Sales", 4));
  const auto program_id = store.insert_program(make_program("tl-2027"));
  CHECK(store.enrol(program_id, {"M1", Role::mentor, std::nullopt}) == Upsert::added);
  CHECK(store.enrol(program_id, {"M1", Role::mentor, std::nullopt}) == Upsert::unchanged);
  CHECK(store.enrol(program_id, {"M1", Role::mentor, 3}) == Upsert::updated);

  const auto enrolment = store.find_enrolment(program_id, "M1");
  REQUIRE(enrolment.has_value());
  CHECK(enrolment->role == Role::mentor);
  CHECK(enrolment->capacity == 3);
  CHECK(store.list_enrolments(program_id).size() == 1);
  CHECK_FALSE(store.find_enrolment(program_id, "E404").has_value());
}

TEST_CASE("pair round-trips") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  const auto pairs = fixture.store.list_pairs(fixture.program_id);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].id == pair_id);
  CHECK(pairs[0].mentor_id == "M1");
  CHECK(pairs[0].mentee_id == "E1");
  CHECK(pairs[0].paired_on == ymd(2027, 1, 12));
  CHECK(pairs[0].method == "manual");
  CHECK(pairs[0].reasons == "chosen by hand");
  CHECK(pairs[0].sessions_held == 0);
  CHECK(pairs[0].state == PairState::active);
}

TEST_CASE("find_open_pairs finds both roles") {
  EnrolledStore fixture;
  fixture.store.insert_pair(fixture.make_pair());
  CHECK(fixture.store.find_open_pairs(fixture.program_id, "M1").size() == 1);
  CHECK(fixture.store.find_open_pairs(fixture.program_id, "E1").size() == 1);
  CHECK(fixture.store.find_open_pairs(fixture.program_id, "E2").empty());
}

TEST_CASE("set_pair_progress updates the pair") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  fixture.store.set_pair_progress(pair_id, 2, PairState::completed);
  const auto pairs = fixture.store.list_pairs(fixture.program_id);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].sessions_held == 2);
  CHECK(pairs[0].state == PairState::completed);
  CHECK(fixture.store.find_open_pairs(fixture.program_id, "E1").size() == 1);
}

TEST_CASE("ended pair is not open") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  fixture.store.set_pair_progress(pair_id, 1, PairState::ended);
  CHECK(fixture.store.find_open_pairs(fixture.program_id, "E1").empty());
  CHECK(fixture.store.list_pairs(fixture.program_id).size() == 1);
}

TEST_CASE("session round-trips") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  mentor::SessionRecord session;
  session.pair_id = pair_id;
  session.number = 1;
  session.held_on = ymd(2027, 1, 25);
  session.minutes = 45;
  session.rating = 4;
  session.notes = "Agreed two goals.";
  const auto session_id = fixture.store.insert_session(session);

  const auto sessions = fixture.store.list_sessions(pair_id);
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].id == session_id);
  CHECK(sessions[0].pair_id == pair_id);
  CHECK(sessions[0].number == 1);
  CHECK(sessions[0].held_on == ymd(2027, 1, 25));
  CHECK(sessions[0].minutes == 45);
  CHECK(sessions[0].rating == 4);
  CHECK(sessions[0].notes == "Agreed two goals.");
}

TEST_CASE("last held ignores missed sessions") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  CHECK_FALSE(fixture.store.find_last_held(pair_id).has_value());

  mentor::SessionRecord held;
  held.pair_id = pair_id;
  held.number = 1;
  held.held_on = ymd(2027, 1, 25);
  held.minutes = 45;
  held.rating = 4;
  fixture.store.insert_session(held);
  mentor::SessionRecord missed;
  missed.pair_id = pair_id;
  missed.number = 2;
  missed.status = mentor::SessionStatus::missed;
  missed.held_on = ymd(2027, 2, 8);
  fixture.store.insert_session(missed);

  CHECK(fixture.store.find_last_held(pair_id) == ymd(2027, 1, 25));
}

TEST_CASE("sessions between two days") {
  EnrolledStore fixture;
  const auto pair_id = fixture.store.insert_pair(fixture.make_pair());
  for (const auto day : {ymd(2027, 1, 17), ymd(2027, 1, 18), ymd(2027, 1, 24), ymd(2027, 1, 25)}) {
    mentor::SessionRecord session;
    session.pair_id = pair_id;
    session.number = 1;
    session.status = mentor::SessionStatus::cancelled;
    session.held_on = day;
    fixture.store.insert_session(session);
  }

  const auto week = fixture.store.list_sessions_between(ymd(2027, 1, 18), ymd(2027, 1, 24));
  REQUIRE(week.size() == 2);
  CHECK(week[0].held_on == ymd(2027, 1, 18));
  CHECK(week[1].held_on == ymd(2027, 1, 24));
  CHECK(week[1].status == mentor::SessionStatus::cancelled);
  CHECK(fixture.store.list_sessions_between(ymd(2027, 1, 19), ymd(2027, 1, 23)).empty());
}

namespace {

void add_session(Store& store, std::int64_t pair_id, int number, mentor::SessionStatus status,
                 mentor::Date day) {
  mentor::SessionRecord session;
  session.pair_id = pair_id;
  session.number = number;
  session.status = status;
  session.held_on = day;
  if (status == mentor::SessionStatus::held) {
    session.minutes = 45;
    session.rating = 4;
  }
  store.insert_session(session);
}

mentor::Appointment booking(std::int64_t pair_id, int number, const char* uid,
                            mentor::AppointmentStatus status) {
  mentor::Appointment appointment;
  appointment.pair_id = pair_id;
  appointment.number = number;
  appointment.uid = uid;
  appointment.starts_at = mentor::Instant{ymd(2027, 2, 1)} + std::chrono::hours{9};
  appointment.updated_at = appointment.starts_at;
  appointment.zone = "UTC";
  appointment.status = status;
  return appointment;
}

}  // namespace

TEST_CASE("pair overviews read people, last held session, goals and the next booking") {
  EnrolledStore fixture;
  auto& store = fixture.store;
  auto pair = fixture.make_pair();
  pair.sessions_held = 1;
  const auto pair_id = store.insert_pair(pair);
  add_session(store, pair_id, 1, mentor::SessionStatus::held, ymd(2027, 1, 20));
  add_session(store, pair_id, 2, mentor::SessionStatus::missed, ymd(2027, 1, 27));
  mentor::Goal open_goal;
  open_goal.pair_id = pair_id;
  open_goal.text = "Lead a review";
  open_goal.added_on = ymd(2027, 1, 20);
  store.insert_goal(open_goal);
  mentor::Goal done_goal = open_goal;
  done_goal.text = "Read the design guide";
  done_goal.done_on = ymd(2027, 1, 25);
  store.insert_goal(done_goal);
  // The next booking is the latest one of session 2 whose status is still scheduled.
  store.insert_appointment(booking(pair_id, 1, "first", mentor::AppointmentStatus::held));
  store.insert_appointment(booking(pair_id, 2, "moved", mentor::AppointmentStatus::cancelled));
  store.insert_appointment(booking(pair_id, 2, "early", mentor::AppointmentStatus::scheduled));
  store.insert_appointment(booking(pair_id, 2, "late", mentor::AppointmentStatus::scheduled));
  store.insert_appointment(booking(pair_id, 3, "after", mentor::AppointmentStatus::scheduled));

  mentor::PairSelection selection;
  selection.program_id = fixture.program_id;
  const auto overviews = store.list_pair_overviews(selection);
  REQUIRE(overviews.size() == 1);
  const auto& overview = overviews.front();
  CHECK(overview.pair.id == pair_id);
  CHECK(overview.mentor.employee_id == "M1");
  CHECK(overview.mentor.department == "Sales");
  CHECK(overview.mentee.employee_id == "E1");
  CHECK(overview.mentee.job_level == 2);
  CHECK(overview.last_held == ymd(2027, 1, 20));
  CHECK(overview.goals_done == 1);
  CHECK(overview.goals_total == 2);
  REQUIRE(overview.next_appointment.has_value());
  CHECK(overview.next_appointment->uid == "late");
  CHECK(overview.next_appointment->number == 2);
}

TEST_CASE("pair overviews select by program, state and the period touched") {
  EnrolledStore fixture;
  auto& store = fixture.store;
  store.upsert_person(make_person("M2", "Sales", 5));
  store.upsert_person(make_person("E2", "Research", 1));
  const auto other_program = store.insert_program(make_program("tl-2028"));
  store.enrol(fixture.program_id, {"M2", Role::mentor, std::nullopt});
  store.enrol(fixture.program_id, {"E2", Role::mentee, std::nullopt});
  store.enrol(other_program, {"M1", Role::mentor, std::nullopt});
  store.enrol(other_program, {"E1", Role::mentee, std::nullopt});

  auto active = fixture.make_pair();
  const auto active_id = store.insert_pair(active);
  auto finished = fixture.make_pair();
  finished.mentor_id = "M2";
  finished.mentee_id = "E2";
  finished.state = mentor::PairState::completed;
  const auto finished_id = store.insert_pair(finished);
  add_session(store, finished_id, 1, mentor::SessionStatus::held, ymd(2027, 3, 3));
  auto elsewhere = fixture.make_pair();
  elsewhere.program_id = other_program;
  elsewhere.state = mentor::PairState::ended;
  elsewhere.paired_on = ymd(2027, 5, 4);
  const auto elsewhere_id = store.insert_pair(elsewhere);

  const auto ids = [&store](const mentor::PairSelection& selection) {
    std::vector<std::int64_t> found;
    for (const auto& overview : store.list_pair_overviews(selection)) {
      found.push_back(overview.pair.id);
    }
    return found;
  };
  mentor::PairSelection selection;
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id, finished_id, elsewhere_id});
  selection.program_id = fixture.program_id;
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id, finished_id});
  selection.active_only = true;
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id});
  // A session in the period brings the completed pair back.
  selection.or_touched = std::pair{ymd(2027, 3, 1), ymd(2027, 3, 7)};
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id, finished_id});
  selection.or_touched = std::pair{ymd(2027, 3, 4), ymd(2027, 3, 10)};
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id});
  // So does a pairing in the period, here in the other program.
  selection.program_id.reset();
  selection.or_touched = std::pair{ymd(2027, 5, 3), ymd(2027, 5, 9)};
  CHECK(ids(selection) == std::vector<std::int64_t>{active_id, elsewhere_id});
}

TEST_CASE("enrolled mentors and unpaired mentees on a day") {
  EnrolledStore fixture;
  auto& store = fixture.store;
  auto leaver = make_person("A0", "Finance", 4);
  leaver.left_on = ymd(2027, 3, 1);
  store.upsert_person(leaver);
  store.upsert_person(make_person("E2", "Research", 1));
  store.upsert_person(make_person("E3", "Research", 1));
  store.enrol(fixture.program_id, {"A0", Role::mentor, std::nullopt});
  store.enrol(fixture.program_id, {"E2", Role::mentee, std::nullopt});
  store.enrol(fixture.program_id, {"E3", Role::mentee, std::nullopt});
  store.insert_pair(fixture.make_pair());  // M1 with E1
  auto ended = fixture.make_pair();
  ended.mentee_id = "E2";
  ended.state = mentor::PairState::ended;
  store.insert_pair(ended);

  // A0 still works here on the day before leaving, not on the day itself.
  CHECK(store.count_enrolled_mentors(fixture.program_id, ymd(2027, 2, 28)) == 2);
  CHECK(store.count_enrolled_mentors(fixture.program_id, ymd(2027, 3, 1)) == 1);

  const auto ids = [](const std::vector<mentor::Person>& people) {
    std::vector<std::string> found;
    for (const auto& person : people) found.push_back(person.employee_id);
    return found;
  };
  // E2's only pair has ended, so E2 is unpaired again.
  CHECK(ids(store.list_unpaired_mentees(fixture.program_id, false, ymd(2027, 3, 1))) ==
        std::vector<std::string>{"E2", "E3"});

  // In a peer program, being the first member of a pair counts as paired too.
  const auto peers = store.insert_program(make_program("peers-2027"));
  for (const char* id : {"E1", "E2", "E3"}) store.enrol(peers, {id, Role::mentee, std::nullopt});
  auto peer_pair = fixture.make_pair();
  peer_pair.program_id = peers;
  peer_pair.mentor_id = "E3";
  peer_pair.mentee_id = "E1";
  store.insert_pair(peer_pair);
  CHECK(ids(store.list_unpaired_mentees(peers, true, ymd(2027, 3, 1))) ==
        std::vector<std::string>{"E2"});
  CHECK(ids(store.list_unpaired_mentees(peers, false, ymd(2027, 3, 1))) ==
        std::vector<std::string>{"E2", "E3"});
}

TEST_CASE("micro-sessions are counted per program") {
  EnrolledStore fixture;
  const auto other_program = fixture.store.insert_program(make_program("tl-2028"));
  mentor::MicroSession session;
  session.person = "M1";
  session.other = "E1";
  session.program_id = fixture.program_id;
  session.held_on = ymd(2027, 2, 2);
  session.minutes = 15;
  session.topic = "code review";
  fixture.store.insert_micro_session(session);
  fixture.store.insert_micro_session(session);
  session.program_id.reset();
  fixture.store.insert_micro_session(session);
  CHECK(fixture.store.count_micro_sessions(fixture.program_id) == 2);
  CHECK(fixture.store.count_micro_sessions(other_program) == 0);
}

TEST_CASE("events between two days by kind") {
  EnrolledStore fixture;
  using mentor::PersonEventKind;
  fixture.store.insert_person_event({"M1", PersonEventKind::left, ymd(2027, 1, 17), "", ""});
  fixture.store.insert_person_event({"E1", PersonEventKind::left, ymd(2027, 1, 20), "", ""});
  fixture.store.insert_person_event({"E1", PersonEventKind::promoted, ymd(2027, 1, 21), "2", "3"});

  const auto left =
      fixture.store.list_events_between(PersonEventKind::left, ymd(2027, 1, 18), ymd(2027, 1, 24));
  REQUIRE(left.size() == 1);
  CHECK(left[0].employee_id == "E1");
  CHECK(left[0].occurred_on == ymd(2027, 1, 20));
}

TEST_CASE("transaction commit keeps writes") {
  auto store = Store::open_in_memory();
  {
    Store::Transaction transaction(store);
    store.upsert_person(make_person("E1", "Research", 2));
    transaction.commit();
  }
  CHECK(store.find_person("E1").has_value());
}

TEST_CASE("transaction without commit rolls back") {
  auto store = Store::open_in_memory();
  {
    const Store::Transaction transaction(store);
    store.upsert_person(make_person("E1", "Research", 2));
  }
  CHECK_FALSE(store.find_person("E1").has_value());
  CHECK(store.count_people() == 0);
}

TEST_CASE("transaction rolls back when a step throws") {
  auto store = Store::open_in_memory();
  store.upsert_person(make_person("E1", "Research", 2));
  const auto write_then_fail = [&store] {
    const Store::Transaction transaction(store);
    store.upsert_person(make_person("E2", "Sales", 3));
    store.upsert_person(make_person("E1", "Sales", 5));
    throw std::runtime_error("a later step failed");
  };
  CHECK_THROWS_AS(write_then_fail(), std::runtime_error);
  CHECK_FALSE(store.find_person("E2").has_value());
  const auto original = store.find_person("E1");
  REQUIRE(original.has_value());
  CHECK(original->job_level == 2);
}

TEST_CASE("file transaction rolls back on disk") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  {
    auto store = Store::open(file, true);
    const Store::Transaction transaction(store);
    store.upsert_person(make_person("E1", "Research", 2));
  }
  const auto store = Store::open(file, false);
  CHECK(store.count_people() == 0);
}

TEST_CASE("as_store_error ignores other exceptions") {
  const std::runtime_error error("not a database error");
  CHECK_FALSE(mentor::as_store_error(error).has_value());
}

TEST_CASE("tags added once") {
  Store store = Store::open_in_memory();
  store.upsert_person(mentor::test::make_person("E1", "Sales", 2));
  CHECK(store.add_tags("E1", {"rust", "kubernetes"}) == 2);
  CHECK(store.add_tags("E1", {"rust"}) == 0);
  CHECK(store.list_tags("E1") == std::vector<std::string>{"kubernetes", "rust"});
  CHECK(store.list_all_tags().at("E1").size() == 2);
}

TEST_CASE("program kind stored") {
  Store store = Store::open_in_memory();
  mentor::Program program;
  program.name = "peers";
  program.template_name = "t";
  program.start = mentor::test::ymd(2027, 1, 11);
  program.kind = mentor::ProgramKind::peer;
  store.insert_program(program);
  CHECK(store.find_program("peers")->kind == mentor::ProgramKind::peer);
}

TEST_CASE("open with create makes file 0600") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  const auto previous = ::umask(0);
  { const auto store = Store::open(file, true); }
  ::umask(previous);
  const auto permissions = std::filesystem::status(file).permissions();
  CHECK(permissions == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("copy_to copies every person") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  const auto copy = folder / "copy.db";
  create_database(file);
  mentor::test::write_bytes(copy, "");
  Store::open(file, false).copy_to(copy);
  const auto copied = Store::open(copy, false);
  CHECK(copied.count_people() == 1);
  CHECK(copied.find_person("E1").has_value());
}

TEST_CASE("copy_to needs an existing file") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  create_database(file);
  const auto store = Store::open(file, false);
  const auto error =
      thrown<StoreError>([&store, &folder] { store.copy_to(folder / "missing" / "copy.db"); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::io_error);
}

TEST_CASE("check_file sound database") {
  const TempFolder folder;
  const auto file = folder / "mentor.db";
  create_database(file);
  const auto check = Store::check_file(file);
  CHECK(check.ok());
  CHECK(check.integrity_problems.empty());
  CHECK(check.foreign_key_problems.empty());
}

TEST_CASE("check_file not a database") {
  const TempFolder folder;
  const auto file = folder / "notes.db";
  const std::string text(8192, 'x');
  mentor::test::write_bytes(file, text);
  const auto check = Store::check_file(file);
  CHECK_FALSE(check.ok());
  REQUIRE(check.integrity_problems.size() == 1);
  CHECK(check.integrity_problems[0].find("cannot be read as a database") != std::string::npos);
  CHECK(mentor::test::read_bytes(file) == text);
}

TEST_CASE("check_file missing file") {
  const TempFolder folder;
  const auto error = thrown<StoreError>([&folder] { Store::check_file(folder / "none.db"); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::no_input);
}

TEST_SUITE_END();
