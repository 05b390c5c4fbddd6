#include "mentor/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <array>
#include <fmt/format.h>

namespace mentor {

namespace {

constexpr int k_busy_timeout_ms = 10'000;

// Each entry moves the schema from version i to i + 1. Append new entries; never
// edit a released one, because files in the field were made by it.
constexpr std::array<const char*, Store::k_schema_version> k_migrations = {
    R"sql(
CREATE TABLE people (
  employee_id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  department TEXT NOT NULL,
  job_role TEXT NOT NULL,
  job_level INTEGER NOT NULL,
  education_field TEXT NOT NULL,
  gender TEXT NOT NULL,
  age INTEGER,
  years_at_company INTEGER,
  years_since_last_promotion INTEGER,
  total_working_years INTEGER,
  timezone TEXT NOT NULL,
  manager_id TEXT NOT NULL
);
CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  template TEXT NOT NULL,
  start_date TEXT NOT NULL,
  cadence_days INTEGER NOT NULL CHECK (cadence_days > 0)
);
CREATE TABLE program_sessions (
  program_id INTEGER NOT NULL REFERENCES programs(id),
  number INTEGER NOT NULL CHECK (number > 0),
  title TEXT NOT NULL,
  mentee_objective TEXT NOT NULL,
  mentor_objective TEXT NOT NULL,
  PRIMARY KEY (program_id, number)
);
CREATE TABLE enrolments (
  program_id INTEGER NOT NULL REFERENCES programs(id),
  employee_id TEXT NOT NULL REFERENCES people(employee_id),
  role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
  capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
  PRIMARY KEY (program_id, employee_id)
);
CREATE TABLE pairs (
  id INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs(id),
  mentor_id TEXT NOT NULL,
  mentee_id TEXT NOT NULL,
  paired_on TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('auto', 'manual')),
  reasons TEXT NOT NULL,
  sessions_held INTEGER NOT NULL DEFAULT 0 CHECK (sessions_held >= 0),
  state TEXT NOT NULL CHECK (state IN ('active', 'completed', 'ended')),
  CHECK (mentor_id <> mentee_id),
  FOREIGN KEY (program_id, mentor_id) REFERENCES enrolments(program_id, employee_id),
  FOREIGN KEY (program_id, mentee_id) REFERENCES enrolments(program_id, employee_id)
);
CREATE UNIQUE INDEX pairs_open_mentee ON pairs(program_id, mentee_id) WHERE state <> 'ended';
CREATE INDEX pairs_mentor ON pairs(program_id, mentor_id);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER NOT NULL REFERENCES pairs(id),
  number INTEGER NOT NULL CHECK (number > 0),
  held_on TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  notes TEXT NOT NULL,
  UNIQUE (pair_id, number)
);
)sql",
    // Sessions over time: missed and cancelled sessions, both ratings, the mentee's
    // confidence, monthly cadences, pairs ended early, appointments, goals and
    // micro-sessions. The sessions table is rebuilt because SQLite cannot drop its
    // UNIQUE (pair_id, number) or NOT NULL rating, and a missed session has no rating
    // and repeats the number of the session held later. Existing rows become held
    // sessions with the same ids.
    R"sql(
CREATE TABLE sessions_v2 (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER NOT NULL REFERENCES pairs(id),
  number INTEGER NOT NULL CHECK (number > 0),
  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'missed', 'cancelled')),
  held_on TEXT NOT NULL,
  minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  mentor_rating INTEGER CHECK (mentor_rating BETWEEN 1 AND 5),
  confidence_before INTEGER CHECK (confidence_before BETWEEN 1 AND 5),
  confidence_after INTEGER CHECK (confidence_after BETWEEN 1 AND 5),
  notes TEXT NOT NULL DEFAULT '',
  CHECK (status <> 'held' OR (minutes > 0 AND rating IS NOT NULL))
);
INSERT INTO sessions_v2 (id, pair_id, number, status, held_on, minutes, rating, notes)
  SELECT id, pair_id, number, 'held', held_on, minutes, rating, notes FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v2 RENAME TO sessions;
CREATE UNIQUE INDEX sessions_held_number ON sessions(pair_id, number) WHERE status = 'held';
ALTER TABLE programs ADD COLUMN cadence_monthly INTEGER NOT NULL DEFAULT 0
  CHECK (cadence_monthly IN (0, 1));
ALTER TABLE pairs ADD COLUMN ended_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE pairs ADD COLUMN ended_on TEXT;
CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER NOT NULL REFERENCES pairs(id),
  number INTEGER NOT NULL CHECK (number > 0),
  uid TEXT NOT NULL UNIQUE,
  starts_at_utc TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  zone TEXT NOT NULL,
  sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  status TEXT NOT NULL DEFAULT 'scheduled'
    CHECK (status IN ('scheduled', 'held', 'missed', 'cancelled')),
  updated_at_utc TEXT NOT NULL
);
CREATE INDEX appointments_pair ON appointments(pair_id);
CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  pair_id INTEGER NOT NULL REFERENCES pairs(id),
  kind TEXT NOT NULL CHECK (kind IN ('goal', 'plan')),
  text TEXT NOT NULL CHECK (text <> ''),
  added_on TEXT NOT NULL,
  done_on TEXT
);
CREATE INDEX goals_pair ON goals(pair_id);
CREATE TABLE micro_sessions (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(employee_id),
  other_id TEXT NOT NULL REFERENCES people(employee_id),
  program_id INTEGER REFERENCES programs(id),
  held_on TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  topic TEXT NOT NULL,
  CHECK (person_id <> other_id)
);
)sql",
};

Role role_from_text(const std::string& text) {
  return text == "mentor" ? Role::mentor : Role::mentee;
}

PairState pair_state_from_text(const std::string& text) {
  if (text == "completed") return PairState::completed;
  if (text == "ended") return PairState::ended;
  return PairState::active;
}

Date date_column(const SQLite::Column& column) {
  const auto day = parse_date(column.getString());
  if (!day) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("the database holds an invalid date '{}' in column {}",
                                 column.getString(), column.getName()));
  }
  return *day;
}

std::optional<int> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt();
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<int>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

constexpr const char* k_person_columns =
    "employee_id, name, email, department, job_role, job_level, education_field, gender, age, "
    "years_at_company, years_since_last_promotion, total_working_years, timezone, manager_id";

Person read_person(SQLite::Statement& row) {
  Person person;
  person.employee_id = row.getColumn(0).getString();
  person.name = row.getColumn(1).getString();
  person.email = row.getColumn(2).getString();
  person.department = row.getColumn(3).getString();
  person.job_role = row.getColumn(4).getString();
  person.job_level = row.getColumn(5).getInt();
  person.education_field = row.getColumn(6).getString();
  person.gender = row.getColumn(7).getString();
  person.age = optional_int(row.getColumn(8));
  person.years_at_company = optional_int(row.getColumn(9));
  person.years_since_last_promotion = optional_int(row.getColumn(10));
  person.total_working_years = optional_int(row.getColumn(11));
  person.timezone = row.getColumn(12).getString();
  person.manager_id = row.getColumn(13).getString();
  return person;
}

void bind_person(SQLite::Statement& statement, const Person& person) {
  statement.bind(1, person.employee_id);
  statement.bind(2, person.name);
  statement.bind(3, person.email);
  statement.bind(4, person.department);
  statement.bind(5, person.job_role);
  statement.bind(6, person.job_level);
  statement.bind(7, person.education_field);
  statement.bind(8, person.gender);
  bind_optional(statement, 9, person.age);
  bind_optional(statement, 10, person.years_at_company);
  bind_optional(statement, 11, person.years_since_last_promotion);
  bind_optional(statement, 12, person.total_working_years);
  statement.bind(13, person.timezone);
  statement.bind(14, person.manager_id);
}

constexpr const char* k_pair_columns =
    "id, program_id, mentor_id, mentee_id, paired_on, method, reasons, sessions_held, state, "
    "ended_reason, ended_on";

std::optional<Date> optional_date_column(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return date_column(column);
}

Instant instant_column(const SQLite::Column& column) {
  const auto instant = parse_utc(column.getString());
  if (!instant) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("the database holds an invalid time '{}' in column {}",
                                 column.getString(), column.getName()));
  }
  return *instant;
}

void bind_optional_date(SQLite::Statement& statement, int index, const std::optional<Date>& day) {
  if (day) {
    statement.bind(index, format_date(*day));
  } else {
    statement.bind(index);
  }
}

Pair read_pair(SQLite::Statement& row) {
  Pair pair;
  pair.id = row.getColumn(0).getInt64();
  pair.program_id = row.getColumn(1).getInt64();
  pair.mentor_id = row.getColumn(2).getString();
  pair.mentee_id = row.getColumn(3).getString();
  pair.paired_on = date_column(row.getColumn(4));
  pair.method = row.getColumn(5).getString();
  pair.reasons = row.getColumn(6).getString();
  pair.sessions_held = row.getColumn(7).getInt();
  pair.state = pair_state_from_text(row.getColumn(8).getString());
  pair.ended_reason = row.getColumn(9).getString();
  pair.ended_on = optional_date_column(row.getColumn(10));
  return pair;
}

}  // namespace

std::string_view to_string(Role role) { return role == Role::mentor ? "mentor" : "mentee"; }

std::string_view to_string(PairState state) {
  switch (state) {
    case PairState::active: return "active";
    case PairState::completed: return "completed";
    case PairState::ended: return "ended";
  }
  return "active";
}

std::optional<StoreError> as_store_error(const std::exception& error) {
  const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error);
  if (sqlite_error == nullptr) return std::nullopt;
  const int code = sqlite_error->getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return StoreError(ExitStatus::temp_fail,
                      fmt::format("the database is locked by another process ({}); try again",
                                  sqlite_error->what()));
  }
  if (code == SQLITE_FULL) {
    return StoreError(ExitStatus::io_error,
                      "the disk is full: nothing was written; free some space and try again");
  }
  if (code == SQLITE_READONLY) {
    return StoreError(ExitStatus::io_error,
                      "the database is read-only: nothing was written; check its permissions");
  }
  return StoreError(ExitStatus::io_error, fmt::format("database error: {}", sqlite_error->what()));
}

struct Store::Impl {
  explicit Impl(SQLite::Database database) : db(std::move(database)) {}
  SQLite::Database db;
};

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

namespace {

void migrate(SQLite::Database& db, const std::string& name) {
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > Store::k_schema_version) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("{} has schema version {}, newer than the {} this mentor "
                                 "understands; upgrade mentor to open it (the file is unchanged)",
                                 name, version, Store::k_schema_version));
  }
  if (version == Store::k_schema_version) return;

  // All steps in one transaction: a failed migration leaves the old file as it was.
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (int step = version; step < Store::k_schema_version; ++step) {
    db.exec(k_migrations[static_cast<std::size_t>(step)]);
  }
  db.exec(fmt::format("PRAGMA user_version = {}", Store::k_schema_version));
  transaction.commit();
}

void configure(SQLite::Database& db) {
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA synchronous = NORMAL");
}

}  // namespace

Store Store::open(const std::filesystem::path& file, bool create) {
  if (!create && !std::filesystem::exists(file)) {
    throw StoreError(ExitStatus::no_input,
                     fmt::format("no database at {}: run 'mentor init' first, or name another "
                                 "with --db or MENTOR_DB",
                                 file.string()));
  }
  int flags = SQLite::OPEN_READWRITE;
  if (create) flags |= SQLite::OPEN_CREATE;
  try {
    SQLite::Database db(file.string(), flags, k_busy_timeout_ms);
    configure(db);
    migrate(db, file.string());
    // WAL lets readers (status, reports) run while one process writes. Switching the
    // journal mode rewrites the file header, so it runs after migrate() has accepted
    // the schema version, and a file from a newer mentor is left unchanged.
    db.exec("PRAGMA journal_mode = WAL");
    return Store(std::make_unique<Impl>(std::move(db)));
  } catch (const SQLite::Exception& error) {
    if (error.getErrorCode() == SQLITE_NOTADB) {
      throw StoreError(ExitStatus::io_error,
                       fmt::format("{} is not a mentor database (not an SQLite file); name "
                                   "another with --db",
                                   file.string()));
    }
    throw StoreError(ExitStatus::io_error,
                     fmt::format("cannot open the database {}: {}", file.string(), error.what()));
  }
}

Store Store::open_in_memory() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  configure(db);
  migrate(db, ":memory:");
  return Store(std::make_unique<Impl>(std::move(db)));
}

int Store::schema_version() const {
  return m_impl->db.execAndGet("PRAGMA user_version").getInt();
}

Store::Transaction::Transaction(Store& store) : m_store(store) {
  m_store.m_impl->db.exec("BEGIN IMMEDIATE");
}

Store::Transaction::~Transaction() {
  if (m_done) return;
  try {
    m_store.m_impl->db.exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
  }
}

void Store::Transaction::commit() {
  m_store.m_impl->db.exec("COMMIT");
  m_done = true;
}

// People.

Upsert Store::upsert_person(const Person& person) {
  const auto existing = find_person(person.employee_id);
  if (existing && *existing == person) return Upsert::unchanged;
  SQLite::Statement statement(
      m_impl->db, fmt::format("INSERT INTO people ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?) ON CONFLICT (employee_id) DO UPDATE SET name = "
                              "excluded.name, email = excluded.email, department = "
                              "excluded.department, job_role = excluded.job_role, job_level = "
                              "excluded.job_level, education_field = excluded.education_field, "
                              "gender = excluded.gender, age = excluded.age, years_at_company = "
                              "excluded.years_at_company, years_since_last_promotion = "
                              "excluded.years_since_last_promotion, total_working_years = "
                              "excluded.total_working_years, timezone = excluded.timezone, "
                              "manager_id = excluded.manager_id",
                              k_person_columns));
  bind_person(statement, person);
  statement.exec();
  return existing ? Upsert::updated : Upsert::added;
}

std::optional<Person> Store::find_person(const std::string& employee_id) const {
  SQLite::Statement query(
      m_impl->db, fmt::format("SELECT {} FROM people WHERE employee_id = ?", k_person_columns));
  query.bind(1, employee_id);
  if (!query.executeStep()) return std::nullopt;
  return read_person(query);
}

std::vector<Person> Store::list_people(const PersonFilter& filter) const {
  SQLite::Statement query(
      m_impl->db,
      fmt::format("SELECT {} FROM people WHERE (?1 = '' OR department = ?1) AND (?2 = '' OR "
                  "job_role = ?2) AND (?3 IS NULL OR job_level >= ?3) AND (?4 IS NULL OR "
                  "job_level <= ?4) ORDER BY employee_id",
                  k_person_columns));
  query.bind(1, filter.department);
  query.bind(2, filter.job_role);
  bind_optional(query, 3, filter.min_level);
  bind_optional(query, 4, filter.max_level);
  std::vector<Person> people;
  while (query.executeStep()) people.push_back(read_person(query));
  return people;
}

std::int64_t Store::count_people() const {
  return m_impl->db.execAndGet("SELECT count(*) FROM people").getInt64();
}

// Programs.

std::int64_t Store::insert_program(const Program& program) {
  SQLite::Statement insert(
      m_impl->db,
      "INSERT INTO programs (name, template, start_date, cadence_days, cadence_monthly) VALUES "
      "(?, ?, ?, ?, ?)");
  insert.bind(1, program.name);
  insert.bind(2, program.template_name);
  insert.bind(3, format_date(program.start));
  insert.bind(4, program.cadence_days);
  insert.bind(5, program.cadence_monthly ? 1 : 0);
  insert.exec();
  const std::int64_t id = m_impl->db.getLastInsertRowid();

  SQLite::Statement session(m_impl->db,
                            "INSERT INTO program_sessions (program_id, number, title, "
                            "mentee_objective, mentor_objective) VALUES (?, ?, ?, ?, ?)");
  int number = 1;
  for (const auto& step : program.sessions) {
    session.bind(1, id);
    session.bind(2, number++);
    session.bind(3, step.title);
    session.bind(4, step.mentee_objective);
    session.bind(5, step.mentor_objective);
    session.exec();
    session.reset();
  }
  return id;
}

namespace {

std::vector<Program> query_programs(SQLite::Database& db, const std::string* name) {
  SQLite::Statement query(
      db,
      "SELECT id, name, template, start_date, cadence_days, cadence_monthly FROM "
      "programs "
      "WHERE ?1 IS NULL OR name = ?1 ORDER BY name");
  if (name != nullptr) {
    query.bind(1, *name);
  } else {
    query.bind(1);
  }
  std::vector<Program> programs;
  while (query.executeStep()) {
    Program program;
    program.id = query.getColumn(0).getInt64();
    program.name = query.getColumn(1).getString();
    program.template_name = query.getColumn(2).getString();
    program.start = date_column(query.getColumn(3));
    program.cadence_days = query.getColumn(4).getInt();
    program.cadence_monthly = query.getColumn(5).getInt() != 0;
    programs.push_back(std::move(program));
  }

  SQLite::Statement steps(db,
                          "SELECT title, mentee_objective, mentor_objective FROM "
                          "program_sessions WHERE program_id = ? ORDER BY number");
  for (auto& program : programs) {
    steps.bind(1, program.id);
    while (steps.executeStep()) {
      program.sessions.push_back({steps.getColumn(0).getString(), steps.getColumn(1).getString(),
                                  steps.getColumn(2).getString()});
    }
    steps.reset();
  }
  return programs;
}

}  // namespace

std::optional<Program> Store::find_program(const std::string& name) const {
  auto programs = query_programs(m_impl->db, &name);
  if (programs.empty()) return std::nullopt;
  return std::move(programs.front());
}

std::vector<Program> Store::list_programs() const { return query_programs(m_impl->db, nullptr); }

// Enrolment.

Upsert Store::enrol(std::int64_t program_id, const Enrolment& enrolment) {
  const auto existing = find_enrolment(program_id, enrolment.employee_id);
  if (existing && existing->role == enrolment.role && existing->capacity == enrolment.capacity) {
    return Upsert::unchanged;
  }
  SQLite::Statement statement(
      m_impl->db,
      "INSERT INTO enrolments (program_id, employee_id, role, capacity) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (program_id, employee_id) DO UPDATE SET role = excluded.role, "
      "capacity = excluded.capacity");
  statement.bind(1, program_id);
  statement.bind(2, enrolment.employee_id);
  statement.bind(3, std::string(to_string(enrolment.role)));
  bind_optional(statement, 4, enrolment.capacity);
  statement.exec();
  return existing ? Upsert::updated : Upsert::added;
}

std::optional<Enrolment> Store::find_enrolment(std::int64_t program_id,
                                               const std::string& employee_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id, role, capacity FROM enrolments WHERE program_id = "
                          "? AND employee_id = ?");
  query.bind(1, program_id);
  query.bind(2, employee_id);
  if (!query.executeStep()) return std::nullopt;
  return Enrolment{query.getColumn(0).getString(), role_from_text(query.getColumn(1).getString()),
                   optional_int(query.getColumn(2))};
}

std::vector<Enrolment> Store::list_enrolments(std::int64_t program_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id, role, capacity FROM enrolments WHERE program_id = "
                          "? ORDER BY employee_id");
  query.bind(1, program_id);
  std::vector<Enrolment> enrolments;
  while (query.executeStep()) {
    enrolments.push_back({query.getColumn(0).getString(),
                          role_from_text(query.getColumn(1).getString()),
                          optional_int(query.getColumn(2))});
  }
  return enrolments;
}

// Pairs.

std::int64_t Store::insert_pair(const Pair& pair) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO pairs (program_id, mentor_id, mentee_id, paired_on, "
                           "method, reasons, sessions_held, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, pair.program_id);
  insert.bind(2, pair.mentor_id);
  insert.bind(3, pair.mentee_id);
  insert.bind(4, format_date(pair.paired_on));
  insert.bind(5, pair.method);
  insert.bind(6, pair.reasons);
  insert.bind(7, pair.sessions_held);
  insert.bind(8, std::string(to_string(pair.state)));
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<Pair> Store::list_pairs(std::int64_t program_id) const {
  SQLite::Statement query(
      m_impl->db,
      fmt::format("SELECT {} FROM pairs WHERE program_id = ? ORDER BY id", k_pair_columns));
  query.bind(1, program_id);
  std::vector<Pair> pairs;
  while (query.executeStep()) pairs.push_back(read_pair(query));
  return pairs;
}

std::vector<Pair> Store::find_open_pairs(std::int64_t program_id,
                                         const std::string& employee_id) const {
  SQLite::Statement query(m_impl->db,
                          fmt::format("SELECT {} FROM pairs WHERE program_id = ?1 AND state <> "
                                      "'ended' AND (mentor_id = ?2 OR mentee_id = ?2) ORDER BY id",
                                      k_pair_columns));
  query.bind(1, program_id);
  query.bind(2, employee_id);
  std::vector<Pair> pairs;
  while (query.executeStep()) pairs.push_back(read_pair(query));
  return pairs;
}

void Store::set_pair_progress(std::int64_t pair_id, int sessions_held, PairState state) {
  SQLite::Statement update(m_impl->db,
                           "UPDATE pairs SET sessions_held = ?, state = ? WHERE id = ?");
  update.bind(1, sessions_held);
  update.bind(2, std::string(to_string(state)));
  update.bind(3, pair_id);
  update.exec();
}

void Store::end_pair(std::int64_t pair_id, const std::string& reason, Date day) {
  SQLite::Statement update(m_impl->db,
                           "UPDATE pairs SET state = 'ended', ended_reason = ?, ended_on = ? "
                           "WHERE id = ?");
  update.bind(1, reason);
  update.bind(2, format_date(day));
  update.bind(3, pair_id);
  update.exec();
}

std::vector<Pair> Store::list_pairs_of(const std::string& employee_id) const {
  SQLite::Statement query(m_impl->db,
                          fmt::format("SELECT {} FROM pairs WHERE mentor_id = ?1 OR mentee_id = "
                                      "?1 ORDER BY id",
                                      k_pair_columns));
  query.bind(1, employee_id);
  std::vector<Pair> pairs;
  while (query.executeStep()) pairs.push_back(read_pair(query));
  return pairs;
}

// Sessions.

std::int64_t Store::insert_session(const SessionRecord& session) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO sessions (pair_id, number, status, held_on, minutes, "
                           "rating, mentor_rating, confidence_before, confidence_after, notes) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, session.pair_id);
  insert.bind(2, session.number);
  insert.bind(3, std::string(to_string(session.status)));
  insert.bind(4, format_date(session.held_on));
  insert.bind(5, session.minutes);
  bind_optional(insert, 6, session.rating);
  bind_optional(insert, 7, session.mentor_rating);
  bind_optional(insert, 8, session.confidence_before);
  bind_optional(insert, 9, session.confidence_after);
  insert.bind(10, session.notes);
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<SessionRecord> Store::list_sessions(std::int64_t pair_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT id, pair_id, number, status, held_on, minutes, rating, "
                          "mentor_rating, confidence_before, confidence_after, notes FROM "
                          "sessions WHERE pair_id = ? ORDER BY id");
  query.bind(1, pair_id);
  std::vector<SessionRecord> sessions;
  while (query.executeStep()) {
    SessionRecord session;
    session.id = query.getColumn(0).getInt64();
    session.pair_id = query.getColumn(1).getInt64();
    session.number = query.getColumn(2).getInt();
    session.status =
        parse_session_status(query.getColumn(3).getString()).value_or(SessionStatus::held);
    session.held_on = date_column(query.getColumn(4));
    session.minutes = query.getColumn(5).getInt();
    session.rating = optional_int(query.getColumn(6));
    session.mentor_rating = optional_int(query.getColumn(7));
    session.confidence_before = optional_int(query.getColumn(8));
    session.confidence_after = optional_int(query.getColumn(9));
    session.notes = query.getColumn(10).getString();
    sessions.push_back(std::move(session));
  }
  return sessions;
}

void Store::delete_session(std::int64_t session_id) {
  SQLite::Statement remove(m_impl->db, "DELETE FROM sessions WHERE id = ?");
  remove.bind(1, session_id);
  remove.exec();
}

// Appointments.

namespace {

AppointmentStatus appointment_status_from_text(const std::string& text) {
  for (const auto status : {AppointmentStatus::scheduled, AppointmentStatus::held,
                            AppointmentStatus::missed, AppointmentStatus::cancelled}) {
    if (text == to_string(status)) return status;
  }
  return AppointmentStatus::scheduled;
}

}  // namespace

std::int64_t Store::insert_appointment(const Appointment& appointment) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO appointments (pair_id, number, uid, starts_at_utc, "
                           "minutes, zone, sequence, status, updated_at_utc) VALUES (?, ?, ?, ?, "
                           "?, ?, ?, ?, ?)");
  insert.bind(1, appointment.pair_id);
  insert.bind(2, appointment.number);
  insert.bind(3, appointment.uid);
  insert.bind(4, format_utc(appointment.starts_at));
  insert.bind(5, appointment.minutes);
  insert.bind(6, appointment.zone);
  insert.bind(7, appointment.sequence);
  insert.bind(8, std::string(to_string(appointment.status)));
  insert.bind(9, format_utc(appointment.updated_at));
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

void Store::update_appointment(const Appointment& appointment) {
  SQLite::Statement update(m_impl->db,
                           "UPDATE appointments SET starts_at_utc = ?, minutes = ?, zone = ?, "
                           "sequence = ?, status = ?, updated_at_utc = ? WHERE id = ?");
  update.bind(1, format_utc(appointment.starts_at));
  update.bind(2, appointment.minutes);
  update.bind(3, appointment.zone);
  update.bind(4, appointment.sequence);
  update.bind(5, std::string(to_string(appointment.status)));
  update.bind(6, format_utc(appointment.updated_at));
  update.bind(7, appointment.id);
  update.exec();
}

std::vector<Appointment> Store::list_appointments(std::int64_t pair_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT id, pair_id, number, uid, starts_at_utc, minutes, zone, "
                          "sequence, status, updated_at_utc FROM appointments WHERE pair_id = ? "
                          "ORDER BY id");
  query.bind(1, pair_id);
  std::vector<Appointment> appointments;
  while (query.executeStep()) {
    Appointment appointment;
    appointment.id = query.getColumn(0).getInt64();
    appointment.pair_id = query.getColumn(1).getInt64();
    appointment.number = query.getColumn(2).getInt();
    appointment.uid = query.getColumn(3).getString();
    appointment.starts_at = instant_column(query.getColumn(4));
    appointment.minutes = query.getColumn(5).getInt();
    appointment.zone = query.getColumn(6).getString();
    appointment.sequence = query.getColumn(7).getInt();
    appointment.status = appointment_status_from_text(query.getColumn(8).getString());
    appointment.updated_at = instant_column(query.getColumn(9));
    appointments.push_back(std::move(appointment));
  }
  return appointments;
}

// Goals.

namespace {

constexpr const char* k_goal_columns = "id, pair_id, kind, text, added_on, done_on";

Goal read_goal(SQLite::Statement& row) {
  Goal goal;
  goal.id = row.getColumn(0).getInt64();
  goal.pair_id = row.getColumn(1).getInt64();
  goal.kind = row.getColumn(2).getString();
  goal.text = row.getColumn(3).getString();
  goal.added_on = date_column(row.getColumn(4));
  goal.done_on = optional_date_column(row.getColumn(5));
  return goal;
}

}  // namespace

std::int64_t Store::insert_goal(const Goal& goal) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO goals (pair_id, kind, text, added_on, done_on) VALUES "
                           "(?, ?, ?, ?, ?)");
  insert.bind(1, goal.pair_id);
  insert.bind(2, goal.kind);
  insert.bind(3, goal.text);
  insert.bind(4, format_date(goal.added_on));
  bind_optional_date(insert, 5, goal.done_on);
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<Goal> Store::list_goals(std::int64_t pair_id) const {
  SQLite::Statement query(
      m_impl->db,
      fmt::format("SELECT {} FROM goals WHERE pair_id = ? ORDER BY id", k_goal_columns));
  query.bind(1, pair_id);
  std::vector<Goal> goals;
  while (query.executeStep()) goals.push_back(read_goal(query));
  return goals;
}

std::optional<Goal> Store::find_goal(std::int64_t goal_id) const {
  SQLite::Statement query(m_impl->db,
                          fmt::format("SELECT {} FROM goals WHERE id = ?", k_goal_columns));
  query.bind(1, goal_id);
  if (!query.executeStep()) return std::nullopt;
  return read_goal(query);
}

void Store::set_goal_done(std::int64_t goal_id, std::optional<Date> done_on) {
  SQLite::Statement update(m_impl->db, "UPDATE goals SET done_on = ? WHERE id = ?");
  bind_optional_date(update, 1, done_on);
  update.bind(2, goal_id);
  update.exec();
}

// Micro-sessions.

std::int64_t Store::insert_micro_session(const MicroSession& session) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO micro_sessions (person_id, other_id, program_id, "
                           "held_on, minutes, topic) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, session.person);
  insert.bind(2, session.other);
  if (session.program_id) {
    insert.bind(3, *session.program_id);
  } else {
    insert.bind(3);
  }
  insert.bind(4, format_date(session.held_on));
  insert.bind(5, session.minutes);
  insert.bind(6, session.topic);
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<MicroSession> Store::list_micro_sessions(std::optional<std::int64_t> program_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT id, person_id, other_id, program_id, held_on, minutes, topic "
                          "FROM micro_sessions WHERE program_id IS ? ORDER BY id");
  if (program_id) {
    query.bind(1, *program_id);
  } else {
    query.bind(1);
  }
  std::vector<MicroSession> sessions;
  while (query.executeStep()) {
    MicroSession session;
    session.id = query.getColumn(0).getInt64();
    session.person = query.getColumn(1).getString();
    session.other = query.getColumn(2).getString();
    if (!query.getColumn(3).isNull()) session.program_id = query.getColumn(3).getInt64();
    session.held_on = date_column(query.getColumn(4));
    session.minutes = query.getColumn(5).getInt();
    session.topic = query.getColumn(6).getString();
    sessions.push_back(std::move(session));
  }
  return sessions;
}

}  // namespace mentor
