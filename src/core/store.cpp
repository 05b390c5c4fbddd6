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
    // Pairing: program kinds, tags on people, mentees' requests about mentors.
    R"sql(
ALTER TABLE programs ADD COLUMN kind TEXT NOT NULL DEFAULT 'mentor'
  CHECK (kind IN ('mentor', 'peer'));
CREATE TABLE person_tags (
  employee_id TEXT NOT NULL REFERENCES people(employee_id),
  tag TEXT NOT NULL,
  PRIMARY KEY (employee_id, tag)
);
CREATE TABLE mentor_requests (
  program_id INTEGER NOT NULL REFERENCES programs(id),
  mentee_id TEXT NOT NULL REFERENCES people(employee_id),
  mentor_id TEXT NOT NULL REFERENCES people(employee_id),
  wanted INTEGER NOT NULL CHECK (wanted IN (0, 1)),
  PRIMARY KEY (program_id, mentee_id, mentor_id),
  CHECK (mentee_id <> mentor_id)
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
    "id, program_id, mentor_id, mentee_id, paired_on, method, reasons, sessions_held, state";

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
  return pair;
}

}  // namespace

std::string_view to_string(ProgramKind kind) {
  return kind == ProgramKind::peer ? "peer" : "mentor";
}

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

// Tags.

int Store::add_tags(const std::string& employee_id, const std::vector<std::string>& tags) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT OR IGNORE INTO person_tags (employee_id, tag) VALUES (?, ?)");
  int added = 0;
  for (const auto& tag : tags) {
    insert.bind(1, employee_id);
    insert.bind(2, tag);
    added += insert.exec();
    insert.reset();
  }
  return added;
}

std::vector<std::string> Store::list_tags(const std::string& employee_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT tag FROM person_tags WHERE employee_id = ? ORDER BY tag");
  query.bind(1, employee_id);
  std::vector<std::string> tags;
  while (query.executeStep()) tags.push_back(query.getColumn(0).getString());
  return tags;
}

std::map<std::string, std::vector<std::string>> Store::list_all_tags() const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id, tag FROM person_tags ORDER BY employee_id, tag");
  std::map<std::string, std::vector<std::string>> tags;
  while (query.executeStep()) {
    tags[query.getColumn(0).getString()].push_back(query.getColumn(1).getString());
  }
  return tags;
}

// Programs.

std::int64_t Store::insert_program(const Program& program) {
  SQLite::Statement insert(
      m_impl->db,
      "INSERT INTO programs (name, template, start_date, cadence_days, kind) VALUES (?, ?, ?, "
      "?, ?)");
  insert.bind(1, program.name);
  insert.bind(2, program.template_name);
  insert.bind(3, format_date(program.start));
  insert.bind(4, program.cadence_days);
  insert.bind(5, std::string(to_string(program.kind)));
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
  SQLite::Statement query(db,
                          "SELECT id, name, template, start_date, cadence_days, kind FROM programs "
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
    program.kind = query.getColumn(5).getString() == "peer" ? ProgramKind::peer
                                                           : ProgramKind::mentor;
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

// Mentor requests.

void Store::set_request(std::int64_t program_id, const MentorRequest& request) {
  SQLite::Statement statement(
      m_impl->db,
      "INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, wanted) VALUES (?, ?, ?, "
      "?) ON CONFLICT (program_id, mentee_id, mentor_id) DO UPDATE SET wanted = excluded.wanted");
  statement.bind(1, program_id);
  statement.bind(2, request.mentee_id);
  statement.bind(3, request.mentor_id);
  statement.bind(4, request.wanted ? 1 : 0);
  statement.exec();
}

std::vector<MentorRequest> Store::list_requests(std::int64_t program_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT mentee_id, mentor_id, wanted FROM mentor_requests WHERE "
                          "program_id = ? ORDER BY mentee_id, mentor_id");
  query.bind(1, program_id);
  std::vector<MentorRequest> requests;
  while (query.executeStep()) {
    requests.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                        query.getColumn(2).getInt() != 0});
  }
  return requests;
}

// Pairs.

std::vector<std::pair<std::string, std::string>> Store::list_pairs_outside(
    std::int64_t program_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT mentor_id, mentee_id FROM pairs WHERE program_id <> ? ORDER "
                          "BY id");
  query.bind(1, program_id);
  std::vector<std::pair<std::string, std::string>> pairs;
  while (query.executeStep()) {
    pairs.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString());
  }
  return pairs;
}

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

// Sessions.

std::int64_t Store::insert_session(const SessionRecord& session) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT INTO sessions (pair_id, number, held_on, minutes, rating, "
                           "notes) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, session.pair_id);
  insert.bind(2, session.number);
  insert.bind(3, format_date(session.held_on));
  insert.bind(4, session.minutes);
  insert.bind(5, session.rating);
  insert.bind(6, session.notes);
  insert.exec();
  return m_impl->db.getLastInsertRowid();
}

std::vector<SessionRecord> Store::list_sessions(std::int64_t pair_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT id, pair_id, number, held_on, minutes, rating, notes FROM "
                          "sessions WHERE pair_id = ? ORDER BY number");
  query.bind(1, pair_id);
  std::vector<SessionRecord> sessions;
  while (query.executeStep()) {
    SessionRecord session;
    session.id = query.getColumn(0).getInt64();
    session.pair_id = query.getColumn(1).getInt64();
    session.number = query.getColumn(2).getInt();
    session.held_on = date_column(query.getColumn(3));
    session.minutes = query.getColumn(4).getInt();
    session.rating = query.getColumn(5).getInt();
    session.notes = query.getColumn(6).getString();
    sessions.push_back(std::move(session));
  }
  return sessions;
}

}  // namespace mentor
