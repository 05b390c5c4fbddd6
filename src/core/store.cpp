#include "mentor/store.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <array>
#include <charconv>
#include <chrono>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "mentor/paths.hpp"
#include "mentor/private_file.hpp"

namespace mentor {

namespace {

constexpr int k_default_lock_timeout_s = 60;
constexpr int k_max_lock_timeout_s = 3600;

}  // namespace

// Returns how long a command waits for another process's lock before it fails: 60 s,
// or MENTOR_LOCK_TIMEOUT seconds. The default is long because a roster import holds
// the write lock throughout, which takes about 10 s for a million rows (see
// docs/benchmarks.md), and a session logged meanwhile should wait, not fail.
int lock_timeout_seconds() {
  const auto text = process_env("MENTOR_LOCK_TIMEOUT");
  if (!text) return k_default_lock_timeout_s;
  int seconds = -1;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (error != std::errc() || end != text->data() + text->size() || seconds < 0 ||
      seconds > k_max_lock_timeout_s) {
    throw UsageError(
        fmt::format("invalid MENTOR_LOCK_TIMEOUT '{}': give whole seconds from 0 to {}", *text,
                    k_max_lock_timeout_s));
  }
  return seconds;
}

namespace {

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
    // Version 2: departures and the history that roster imports record.
    R"sql(
ALTER TABLE people ADD COLUMN left_on TEXT;
ALTER TABLE pairs ADD COLUMN ended_on TEXT;
ALTER TABLE pairs ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE person_events (
  id INTEGER PRIMARY KEY,
  employee_id TEXT NOT NULL REFERENCES people(employee_id),
  kind TEXT NOT NULL CHECK (kind IN ('joined', 'left', 'promoted', 'department_changed',
                                     'role_changed', 'rehired')),
  occurred_on TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
);
CREATE INDEX person_events_person ON person_events(employee_id, occurred_on);
)sql",
    // Version 3: the day each person was enrolled, from which outcome reports can count
    // participation. Enrolments made before it have none; reports use the program's start.
    R"sql(
ALTER TABLE enrolments ADD COLUMN enrolled_on TEXT;
)sql",
    // Version 4: program kinds, tags on people, mentees' requests about mentors.
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
    // Version 5, sessions over time: missed and cancelled sessions, both ratings, the mentee's
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
    // Version 6: reports already mailed, so that a second cron run in the same week
    // does not send the same summary twice.
    R"sql(
CREATE TABLE sent_reports (
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  recipient TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sent_at_utc TEXT NOT NULL,
  PRIMARY KEY (kind, period, recipient)
);
)sql",
    // Version 7: indexes that keep status, due and reports fast on a company's history
    // (100,000 people, 1,000,000 sessions; see docs/benchmarks.md). Without them, reading
    // one pair's sessions scans every session ever logged, and the outcome figures scan
    // all enrolments and pairs once per person.
    R"sql(
CREATE INDEX sessions_pair ON sessions(pair_id, status, held_on);
CREATE INDEX sessions_held_on ON sessions(held_on);
CREATE INDEX enrolments_person ON enrolments(employee_id);
CREATE INDEX pairs_mentor_person ON pairs(mentor_id);
CREATE INDEX pairs_mentee_person ON pairs(mentee_id);
CREATE INDEX person_events_kind ON person_events(kind, occurred_on);
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

std::optional<Date> optional_date(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return date_column(column);
}

void bind_optional_date(SQLite::Statement& statement, int index, const std::optional<Date>& day) {
  if (day) {
    statement.bind(index, format_date(*day));
  } else {
    statement.bind(index);
  }
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
    "years_at_company, years_since_last_promotion, total_working_years, timezone, manager_id, "
    "left_on";

// Returns `columns` ("a, b, c") with each name qualified by `table` ("t.a, t.b, t.c").
std::string prefixed_columns(std::string_view table, std::string_view columns) {
  std::string result;
  std::size_t start = 0;
  while (start < columns.size()) {
    const auto comma = std::min(columns.find(',', start), columns.size());
    auto name = columns.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (!result.empty()) result += ", ";
    result += fmt::format("{}.{}", table, name);
    start = comma + 1;
  }
  return result;
}

// Reads the person whose k_person_columns start at column `first` of `row`.
Person read_person(SQLite::Statement& row, int first = 0) {
  const auto column = [&row, first](int index) { return row.getColumn(first + index); };
  Person person;
  person.employee_id = column(0).getString();
  person.name = column(1).getString();
  person.email = column(2).getString();
  person.department = column(3).getString();
  person.job_role = column(4).getString();
  person.job_level = column(5).getInt();
  person.education_field = column(6).getString();
  person.gender = column(7).getString();
  person.age = optional_int(column(8));
  person.years_at_company = optional_int(column(9));
  person.years_since_last_promotion = optional_int(column(10));
  person.total_working_years = optional_int(column(11));
  person.timezone = column(12).getString();
  person.manager_id = column(13).getString();
  person.left_on = optional_date(column(14));
  return person;
}

// The text is bound without a copy: the person outlives the statement's one step, and
// `Impl::cached` clears the bindings before the statement is used again.
void bind_person(SQLite::Statement& statement, const Person& person) {
  statement.bindNoCopy(1, person.employee_id);
  statement.bindNoCopy(2, person.name);
  statement.bindNoCopy(3, person.email);
  statement.bindNoCopy(4, person.department);
  statement.bindNoCopy(5, person.job_role);
  statement.bind(6, person.job_level);
  statement.bindNoCopy(7, person.education_field);
  statement.bindNoCopy(8, person.gender);
  bind_optional(statement, 9, person.age);
  bind_optional(statement, 10, person.years_at_company);
  bind_optional(statement, 11, person.years_since_last_promotion);
  bind_optional(statement, 12, person.total_working_years);
  statement.bindNoCopy(13, person.timezone);
  statement.bindNoCopy(14, person.manager_id);
  bind_optional_date(statement, 15, person.left_on);
}

constexpr const char* k_pair_columns =
    "id, program_id, mentor_id, mentee_id, paired_on, method, reasons, sessions_held, state, "
    "ended_on, end_reason";

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

// Reads the pair whose k_pair_columns start at column `first` of `row`.
Pair read_pair(SQLite::Statement& row, int first = 0) {
  const auto column = [&row, first](int index) { return row.getColumn(first + index); };
  Pair pair;
  pair.id = column(0).getInt64();
  pair.program_id = column(1).getInt64();
  pair.mentor_id = column(2).getString();
  pair.mentee_id = column(3).getString();
  pair.paired_on = date_column(column(4));
  pair.method = column(5).getString();
  pair.reasons = column(6).getString();
  pair.sessions_held = column(7).getInt();
  pair.state = pair_state_from_text(column(8).getString());
  pair.ended_on = optional_date(column(9));
  pair.end_reason = column(10).getString();
  return pair;
}

AppointmentStatus appointment_status_from_text(const std::string& text) {
  for (const auto status : {AppointmentStatus::scheduled, AppointmentStatus::held,
                            AppointmentStatus::missed, AppointmentStatus::cancelled}) {
    if (text == to_string(status)) return status;
  }
  return AppointmentStatus::scheduled;
}

constexpr const char* k_appointment_columns =
    "id, pair_id, number, uid, starts_at_utc, minutes, zone, sequence, status, updated_at_utc";

// Reads the appointment whose k_appointment_columns start at column `first` of `row`.
Appointment read_appointment(SQLite::Statement& row, int first = 0) {
  const auto column = [&row, first](int index) { return row.getColumn(first + index); };
  Appointment appointment;
  appointment.id = column(0).getInt64();
  appointment.pair_id = column(1).getInt64();
  appointment.number = column(2).getInt();
  appointment.uid = column(3).getString();
  appointment.starts_at = instant_column(column(4));
  appointment.minutes = column(5).getInt();
  appointment.zone = column(6).getString();
  appointment.sequence = column(7).getInt();
  appointment.status = appointment_status_from_text(column(8).getString());
  appointment.updated_at = instant_column(column(9));
  return appointment;
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

std::string_view to_string(PersonEventKind kind) {
  switch (kind) {
    case PersonEventKind::joined: return "joined";
    case PersonEventKind::left: return "left";
    case PersonEventKind::promoted: return "promoted";
    case PersonEventKind::department_changed: return "department_changed";
    case PersonEventKind::role_changed: return "role_changed";
    case PersonEventKind::rehired: return "rehired";
  }
  return "joined";
}

namespace {

PersonEventKind event_kind_from_text(const std::string& text) {
  for (const auto kind :
       {PersonEventKind::joined, PersonEventKind::left, PersonEventKind::promoted,
        PersonEventKind::department_changed, PersonEventKind::role_changed,
        PersonEventKind::rehired}) {
    if (text == to_string(kind)) return kind;
  }
  throw StoreError(ExitStatus::io_error,
                   fmt::format("the database holds an unknown person event kind '{}'", text));
}

}  // namespace

bool is_database_file(const std::filesystem::path& file,
                      const std::filesystem::path& database_file) {
  namespace fs = std::filesystem;
  std::error_code error;
  const auto target = fs::weakly_canonical(file, error);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    auto companion = database_file;
    companion += suffix;
    std::error_code ignored;
    if (fs::equivalent(file, companion, ignored)) return true;
    if (!error && target == fs::weakly_canonical(companion, ignored)) return true;
  }
  return false;
}

std::optional<StoreError> as_store_error(const std::exception& error) {
  const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error);
  if (sqlite_error == nullptr) return std::nullopt;
  const int code = sqlite_error->getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return StoreError(ExitStatus::temp_fail,
                      fmt::format("the database stayed locked by another process for {} s: "
                                  "nothing was written; try again",
                                  lock_timeout_seconds()));
  }
  if (code == SQLITE_FULL) {
    return StoreError(ExitStatus::io_error,
                      "the disk is full: nothing was written; free some space and try again");
  }
  if (code == SQLITE_READONLY) {
    return StoreError(ExitStatus::io_error,
                      "the database is read-only: nothing was written; check its permissions");
  }
  // A write past the file size limit (EFBIG) or a failing disk, among others.
  if ((code & 0xFF) == SQLITE_IOERR) {
    return StoreError(ExitStatus::io_error,
                      fmt::format("cannot write the database ({}): nothing was written; check "
                                  "that the disk has free space and is working",
                                  sqlite_error->what()));
  }
  return StoreError(ExitStatus::io_error, fmt::format("database error: {}", sqlite_error->what()));
}

struct Store::Impl {
  explicit Impl(SQLite::Database database) : db(std::move(database)) {}

  // Returns the statement prepared once for `sql` and reset for new bindings. A roster
  // import runs the same few statements per row, and preparing them each time would
  // cost more than running them.
  SQLite::Statement& cached(const std::string& sql) {
    auto& statement = statements[sql];
    if (!statement) {
      statement = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      statement->reset();
      statement->clearBindings();
    }
    return *statement;
  }

  SQLite::Database db;  // declared first, so the statements are finalized before it closes
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements;
};

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

namespace {

void reject_newer(int version, const std::string& name) {
  throw StoreError(ExitStatus::io_error,
                   fmt::format("{} has schema version {}, newer than the {} this mentor "
                               "understands; upgrade mentor to open it (the file is unchanged)",
                               name, version, Store::k_schema_version));
}

StoreError foreign_database(const std::string& name) {
  return StoreError(ExitStatus::io_error,
                    fmt::format("{} is an SQLite database of another program, not a mentor "
                                "database; name another file with --db",
                                name));
}

// Throws StoreError for a file without a mentor schema (user_version 0): io_error when
// it has tables of another program, and no_input when it has none, unless `empty_ok`.
void reject_foreign_or_empty(SQLite::Database& db, const std::string& name, bool empty_ok) {
  const auto tables =
      db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").getInt();
  if (tables > 0) throw foreign_database(name);
  if (!empty_ok) {
    throw StoreError(ExitStatus::no_input,
                     fmt::format("{} holds no mentor data yet: run 'mentor init' to set it up",
                                 name));
  }
}

// Throws StoreError (io_error) for a file whose user_version is set but which lacks the
// tables every mentor schema has: another program may set user_version too.
void reject_without_mentor_tables(SQLite::Database& db, const std::string& name) {
  const auto tables = db.execAndGet(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('people', "
      "'programs', 'enrolments', 'pairs', 'sessions')").getInt();
  if (tables < 5) throw foreign_database(name);
}

// Brings the schema up to k_schema_version. A file at version 0 gets the schema only
// when `create` is true and it has no tables of its own, so that no command but init
// writes into an empty file, and nothing writes into another program's database.
void migrate(SQLite::Database& db, const std::string& name, bool create) {
  const int seen = db.execAndGet("PRAGMA user_version").getInt();
  if (seen > Store::k_schema_version) reject_newer(seen, name);
  if (seen > 0) reject_without_mentor_tables(db, name);
  if (seen == Store::k_schema_version) return;

  // All steps in one transaction: a failed migration leaves the old file as it was.
  // The version is read again under the write lock, because another process may have
  // migrated the file since the first read (two `mentor init` at once, say).
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  const int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > Store::k_schema_version) reject_newer(version, name);
  if (version == Store::k_schema_version) return;
  if (version == 0) reject_foreign_or_empty(db, name, create);
  for (int step = version; step < Store::k_schema_version; ++step) {
    db.exec(k_migrations[static_cast<std::size_t>(step)]);
  }
  db.exec(fmt::format("PRAGMA user_version = {}", Store::k_schema_version));
  transaction.commit();
}

void configure(SQLite::Database& db) {
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA synchronous = NORMAL");
  // Reading pages through a memory map saves a system call and a copy per page, a
  // fifth of the time of `status` on a large company. SQLite still writes with write(2).
  // The cost: a disk read error ends the process with SIGBUS instead of an error line.
  db.exec("PRAGMA mmap_size = 268435456");
}

// Opens the file, checks or creates its schema, and turns on WAL.
SQLite::Database open_connection(const std::filesystem::path& file, int flags, bool create) {
  SQLite::Database db(file.string(), flags, lock_timeout_seconds() * 1000);
  configure(db);
  migrate(db, file.string(), create);
  // WAL lets readers (status, reports) run while one process writes. Switching the
  // journal mode rewrites the file header, so it runs after migrate() has accepted
  // the schema version, and a file from a newer mentor is left unchanged.
  db.exec("PRAGMA journal_mode = WAL");
  return db;
}

[[noreturn]] void throw_open_error(const std::filesystem::path& file,
                                 const SQLite::Exception& error) {
  if (error.getErrorCode() == SQLITE_NOTADB) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("{} is not a mentor database (not an SQLite file); name "
                                 "another with --db",
                                 file.string()));
  }
  const int code = error.getErrorCode() & 0xFF;  // the primary code, without the extended bits
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    throw StoreError(ExitStatus::temp_fail,
                     fmt::format("the database {} is locked by another process; try again",
                                 file.string()));
  }
  // NOTE: a read-only command fails here too when the folder is read-only and the
  // -wal and -shm files are missing, because SQLite must create them to read a WAL
  // database, so the message speaks of writing even then.
  if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("cannot open the database {} for writing ({}): check that you "
                                 "can write to the file and to its folder",
                                 file.string(), error.what()));
  }
  throw StoreError(ExitStatus::io_error,
                   fmt::format("cannot open the database {}: {}", file.string(), error.what()));
}

}  // namespace

Store Store::open(const std::filesystem::path& file, bool create) {
  if (file.empty()) throw UsageError("the database path is empty: give a file name with --db");
  if (std::filesystem::is_directory(file)) {
    throw StoreError(ExitStatus::io_error,
                     fmt::format("{} is a folder, not a database file; name a file with --db",
                                 file.string()));
  }
  if (!create && !std::filesystem::exists(file)) {
    throw StoreError(ExitStatus::no_input,
                     fmt::format("no database at {}: run 'mentor init' first, or name another "
                                 "with --db or MENTOR_DB",
                                 file.string()));
  }
  // Each Store is used by one thread, so SQLite's own locking of the connection is not needed.
  int flags = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;
  if (create) flags |= SQLite::OPEN_CREATE;
  // SQLite would create the file with mode 0644 less the umask. Created here first, it
  // is 0600, and SQLite gives the -wal and -shm files the same mode as the database.
  if (create) create_private_file(file);
  // Some steps of opening, such as the switch to WAL while another process sets up the
  // same new file, fail at once with SQLITE_BUSY instead of waiting in the busy
  // handler, so opening is retried until the lock timeout.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(lock_timeout_seconds());
  while (true) {
    try {
      return Store(std::make_unique<Impl>(open_connection(file, flags, create)));
    } catch (const SQLite::Exception& error) {
      const int code = error.getErrorCode() & 0xFF;
      const bool busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
      if (!busy || std::chrono::steady_clock::now() >= deadline) throw_open_error(file, error);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}


Store Store::open_in_memory() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  configure(db);
  migrate(db, ":memory:", true);
  return Store(std::make_unique<Impl>(std::move(db)));
}

int Store::schema_version() const {
  return m_impl->db.execAndGet("PRAGMA user_version").getInt();
}

void Store::copy_to(const std::filesystem::path& file) const {
  try {
    SQLite::Database copy(file.string(), SQLite::OPEN_READWRITE);
    SQLite::Backup backup(copy, m_impl->db);
    // One step copies every page under one read transaction, so the copy is a single
    // snapshot. In WAL mode that read blocks no writer, and writers do not block it.
    // A step that finds a lock it needs taken copies nothing, and is tried again.
    constexpr int k_retry_ms = 50;
    for (int waited_ms = 0; backup.executeStep(-1) != SQLITE_DONE; waited_ms += k_retry_ms) {
      if (waited_ms >= lock_timeout_seconds() * 1000) {
        throw StoreError(ExitStatus::temp_fail,
                         fmt::format("the database stayed locked by another process for {} s: "
                                     "no backup was made; try again",
                                     lock_timeout_seconds()));
      }
      sqlite3_sleep(k_retry_ms);
    }
    // The copy would otherwise inherit WAL mode and need -wal and -shm files beside it.
    copy.exec("PRAGMA journal_mode = DELETE");
  } catch (const SQLite::Exception& error) {
    throw StoreError(ExitStatus::io_error, fmt::format("cannot copy the database to {}: {}",
                                                       file.string(), error.what()));
  }
}

namespace {

std::vector<std::string> integrity_problems(SQLite::Database& db) {
  std::vector<std::string> problems;
  SQLite::Statement check(db, "PRAGMA integrity_check");
  while (check.executeStep()) {
    const auto message = check.getColumn(0).getString();
    if (message != "ok") problems.push_back(message);
  }
  return problems;
}

std::vector<std::string> foreign_key_problems(SQLite::Database& db) {
  std::vector<std::string> problems;
  SQLite::Statement check(db, "PRAGMA foreign_key_check");
  while (check.executeStep()) {
    problems.push_back(fmt::format("{} row {} refers to a missing row of {}",
                                   check.getColumn(0).getString(), check.getColumn(1).getInt64(),
                                   check.getColumn(2).getString()));
  }
  return problems;
}

}  // namespace

StoreCheck Store::check_file(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) {
    throw StoreError(ExitStatus::no_input,
                     fmt::format("no database file at {}: check the path", file.string()));
  }
  StoreCheck result;
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY, lock_timeout_seconds() * 1000);
    // A file that other commands would reject is rejected with their message, read
    // only: a check never migrates or sets up a file.
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > k_schema_version) reject_newer(version, file.string());
    if (version == 0) reject_foreign_or_empty(db, file.string(), false);
    reject_without_mentor_tables(db, file.string());
    result.integrity_problems = integrity_problems(db);
    if (result.integrity_problems.empty()) result.foreign_key_problems = foreign_key_problems(db);
  } catch (const SQLite::Exception& error) {
    const int code = error.getErrorCode() & 0xFF;
    if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB) throw;
    result.integrity_problems.push_back(
        fmt::format("the file cannot be read as a database: {}", error.what()));
  }
  return result;
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
  write_person(person);
  return existing ? Upsert::updated : Upsert::added;
}

void Store::write_person(const Person& person) {
  static const std::string sql = fmt::format(
      "INSERT INTO people ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
      "(employee_id) DO UPDATE SET name = excluded.name, email = excluded.email, department = "
      "excluded.department, job_role = excluded.job_role, job_level = excluded.job_level, "
      "education_field = excluded.education_field, gender = excluded.gender, age = excluded.age, "
      "years_at_company = excluded.years_at_company, years_since_last_promotion = "
      "excluded.years_since_last_promotion, total_working_years = excluded.total_working_years, "
      "timezone = excluded.timezone, manager_id = excluded.manager_id, left_on = excluded.left_on",
      k_person_columns);
  auto& statement = m_impl->cached(sql);
  bind_person(statement, person);
  statement.exec();
}

std::optional<Person> Store::find_person(const std::string& employee_id) const {
  static const std::string sql =
      fmt::format("SELECT {} FROM people WHERE employee_id = ?", k_person_columns);
  auto& query = m_impl->cached(sql);
  query.bind(1, employee_id);
  if (!query.executeStep()) return std::nullopt;
  auto person = read_person(query);
  query.reset();
  return person;
}

void Store::for_each_person(const std::function<void(const Person&)>& visit,
                            bool include_left) const {
  SQLite::Statement query(m_impl->db,
                          fmt::format("SELECT {} FROM people WHERE ?1 OR left_on IS NULL ORDER "
                                      "BY employee_id",
                                      k_person_columns));
  query.bind(1, include_left ? 1 : 0);
  while (query.executeStep()) visit(read_person(query));
}

// Roster imports.

void Store::begin_import() {
  // A larger page cache keeps a big import from spilling pages to the write-ahead log
  // row by row. At a million rows, 16 MiB was as fast as 32 MiB, in id order and shuffled.
}

void Store::for_each_employee_id(const std::function<void(const std::string&)>& visit,
                                 bool include_left) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id FROM people WHERE ?1 OR left_on IS NULL ORDER BY "
                          "employee_id");
  query.bind(1, include_left ? 1 : 0);
  while (query.executeStep()) visit(query.getColumn(0).getString());
}

void Store::set_left_on(const std::string& employee_id, std::optional<Date> day) {
  auto& update = m_impl->cached("UPDATE people SET left_on = ? WHERE employee_id = ?");
  bind_optional_date(update, 1, day);
  update.bind(2, employee_id);
  update.exec();
}

void Store::insert_person_event(const PersonEvent& event) {
  auto& insert = m_impl->cached(
      "INSERT INTO person_events (employee_id, kind, occurred_on, old_value, new_value) VALUES "
      "(?, ?, ?, ?, ?)");
  insert.bind(1, event.employee_id);
  insert.bind(2, std::string(to_string(event.kind)));
  insert.bind(3, format_date(event.occurred_on));
  insert.bind(4, event.old_value);
  insert.bind(5, event.new_value);
  insert.exec();
}

std::vector<PersonEvent> Store::list_person_events(const std::string& employee_id) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id, kind, occurred_on, old_value, new_value FROM "
                          "person_events WHERE employee_id = ? ORDER BY occurred_on, id");
  query.bind(1, employee_id);
  std::vector<PersonEvent> events;
  while (query.executeStep()) {
    events.push_back({query.getColumn(0).getString(),
                      event_kind_from_text(query.getColumn(1).getString()),
                      date_column(query.getColumn(2)), query.getColumn(3).getString(),
                      query.getColumn(4).getString()});
  }
  return events;
}

std::optional<Date> Store::latest_person_event_day() const {
  SQLite::Statement query(m_impl->db, "SELECT max(occurred_on) FROM person_events");
  query.executeStep();
  return optional_date(query.getColumn(0));
}

std::vector<PersonEvent> Store::list_events_between(PersonEventKind kind, Date from,
                                                   Date to) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT employee_id, kind, occurred_on, old_value, new_value FROM "
                          "person_events WHERE kind = ? AND occurred_on BETWEEN ? AND ? ORDER BY "
                          "occurred_on, id");
  query.bind(1, std::string(to_string(kind)));
  query.bind(2, format_date(from));
  query.bind(3, format_date(to));
  std::vector<PersonEvent> events;
  while (query.executeStep()) {
    events.push_back({query.getColumn(0).getString(),
                      event_kind_from_text(query.getColumn(1).getString()),
                      date_column(query.getColumn(2)), query.getColumn(3).getString(),
                      query.getColumn(4).getString()});
  }
  return events;
}

int Store::end_active_pairs(const std::string& employee_id, Date day, const std::string& reason) {
  SQLite::Statement update(m_impl->db,
                           "UPDATE pairs SET state = 'ended', ended_on = max(?1, paired_on), "
                           "end_reason = ?2 "
                           "WHERE state = 'active' AND (mentor_id = ?3 OR mentee_id = ?3)");
  update.bind(1, format_date(day));
  update.bind(2, reason);
  update.bind(3, employee_id);
  return update.exec();
}

std::vector<Person> Store::list_people(const PersonFilter& filter) const {
  SQLite::Statement query(
      m_impl->db,
      fmt::format("SELECT {} FROM people WHERE (?1 = '' OR department = ?1) AND (?2 = '' OR "
                  "job_role = ?2) AND (?3 IS NULL OR job_level >= ?3) AND (?4 IS NULL OR "
                  "job_level <= ?4) AND (?5 OR left_on IS NULL) ORDER BY employee_id",
                  k_person_columns));
  query.bind(1, filter.department);
  query.bind(2, filter.job_role);
  bind_optional(query, 3, filter.min_level);
  bind_optional(query, 4, filter.max_level);
  query.bind(5, filter.include_left ? 1 : 0);
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
      "INSERT INTO programs (name, template, start_date, cadence_days, kind, cadence_monthly) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, program.name);
  insert.bind(2, program.template_name);
  insert.bind(3, format_date(program.start));
  insert.bind(4, program.cadence_days);
  insert.bind(5, std::string(to_string(program.kind)));
  insert.bind(6, program.cadence_monthly ? 1 : 0);
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
                          "SELECT id, name, template, start_date, cadence_days, kind, "
                          "cadence_monthly FROM programs WHERE ?1 IS NULL OR name = ?1 ORDER BY "
                          "name");
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
    program.cadence_monthly = query.getColumn(6).getInt() != 0;
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
      "INSERT INTO enrolments (program_id, employee_id, role, capacity, enrolled_on) VALUES (?, "
      "?, ?, ?, ?) ON CONFLICT (program_id, employee_id) DO UPDATE SET role = excluded.role, "
      "capacity = excluded.capacity");
  statement.bind(1, program_id);
  statement.bind(2, enrolment.employee_id);
  statement.bind(3, std::string(to_string(enrolment.role)));
  bind_optional(statement, 4, enrolment.capacity);
  if (enrolment.enrolled_on) {
    statement.bind(5, format_date(*enrolment.enrolled_on));
  } else {
    statement.bind(5);
  }
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

std::int64_t Store::count_enrolled_mentors(std::int64_t program_id, Date day) const {
  auto& query = m_impl->cached(
      "SELECT count(*) FROM enrolments e JOIN people person ON person.employee_id = "
      "e.employee_id WHERE e.program_id = ? AND e.role = 'mentor' AND (person.left_on IS NULL "
      "OR person.left_on > ?)");
  query.bind(1, program_id);
  query.bind(2, format_date(day));
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::vector<Person> Store::list_unpaired_mentees(std::int64_t program_id, bool peer,
                                                 Date day) const {
  // The unary + keeps each pair lookup on the indexes by mentee and by mentor.
  auto& query = m_impl->cached(fmt::format(R"sql(
SELECT {} FROM enrolments e JOIN people person ON person.employee_id = e.employee_id
WHERE e.program_id = ?1 AND e.role = 'mentee' AND (person.left_on IS NULL OR person.left_on > ?2)
  AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.mentee_id = e.employee_id
                  AND +p.program_id = ?1 AND p.state <> 'ended')
  AND NOT (?3 AND EXISTS (SELECT 1 FROM pairs p WHERE p.mentor_id = e.employee_id
                          AND +p.program_id = ?1 AND p.state <> 'ended'))
ORDER BY e.employee_id)sql",
      prefixed_columns("person", k_person_columns)));
  query.bind(1, program_id);
  query.bind(2, format_date(day));
  query.bind(3, peer ? 1 : 0);
  std::vector<Person> mentees;
  while (query.executeStep()) mentees.push_back(read_person(query));
  return mentees;
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
  // The unary + makes SQLite find the person's few pairs through the indexes by mentor
  // and by mentee, rather than read every pair of the program through pairs_mentor.
  SQLite::Statement query(m_impl->db,
                          fmt::format("SELECT {} FROM pairs WHERE +program_id = ?1 AND state <> "
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
                           "UPDATE pairs SET state = 'ended', end_reason = ?, ended_on = ? "
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

std::vector<PairOverview> Store::list_pair_overviews(const PairSelection& selection) const {
  // Columns: the pair, its mentor, its mentee, then the last held session, the goal
  // counts, and the booking of the next session (all NULL when there is none).
  std::string where = "TRUE";
  if (selection.program_id) where += " AND p.program_id = :program";
  if (selection.active_only && selection.or_touched) {
    where += " AND (p.state = 'active' OR p.paired_on BETWEEN :first AND :last OR p.id IN "
             "(SELECT s.pair_id FROM sessions s WHERE s.held_on BETWEEN :first AND :last))";
  } else if (selection.active_only) {
    where += " AND p.state = 'active'";
  }
  auto& query = m_impl->cached(fmt::format(R"sql(
SELECT {pair}, {mentor}, {mentee},
       (SELECT max(s.held_on) FROM sessions s WHERE s.pair_id = p.id AND s.status = 'held'),
       (SELECT count(g.done_on) FROM goals g WHERE g.pair_id = p.id),
       (SELECT count(*) FROM goals g WHERE g.pair_id = p.id),
       {appointment}
FROM pairs p
JOIN people mentor ON mentor.employee_id = p.mentor_id
JOIN people mentee ON mentee.employee_id = p.mentee_id
LEFT JOIN appointments a ON a.id = (
  SELECT max(b.id) FROM appointments b
  WHERE b.pair_id = p.id AND b.status = 'scheduled' AND b.number = p.sessions_held + 1)
WHERE {where}
ORDER BY p.id)sql",
      fmt::arg("pair", prefixed_columns("p", k_pair_columns)),
      fmt::arg("mentor", prefixed_columns("mentor", k_person_columns)),
      fmt::arg("mentee", prefixed_columns("mentee", k_person_columns)),
      fmt::arg("appointment", prefixed_columns("a", k_appointment_columns)),
      fmt::arg("where", where)));
  if (selection.program_id) query.bind(":program", *selection.program_id);
  if (selection.active_only && selection.or_touched) {
    query.bind(":first", format_date(selection.or_touched->first));
    query.bind(":last", format_date(selection.or_touched->second));
  }
  constexpr int pair_columns = 11;
  constexpr int person_columns = 15;
  constexpr int mentor_first = pair_columns;
  constexpr int mentee_first = mentor_first + person_columns;
  constexpr int figures_first = mentee_first + person_columns;
  constexpr int appointment_first = figures_first + 3;
  std::vector<PairOverview> overviews;
  while (query.executeStep()) {
    PairOverview overview;
    overview.pair = read_pair(query);
    overview.mentor = read_person(query, mentor_first);
    overview.mentee = read_person(query, mentee_first);
    overview.last_held = optional_date(query.getColumn(figures_first));
    overview.goals_done = query.getColumn(figures_first + 1).getInt();
    overview.goals_total = query.getColumn(figures_first + 2).getInt();
    if (!query.getColumn(appointment_first).isNull()) {
      overview.next_appointment = read_appointment(query, appointment_first);
    }
    overviews.push_back(std::move(overview));
  }
  return overviews;
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

namespace {

constexpr const char* k_session_columns =
    "id, pair_id, number, status, held_on, minutes, rating, mentor_rating, confidence_before, "
    "confidence_after, notes";

SessionRecord read_session(SQLite::Statement& row) {
  SessionRecord session;
  session.id = row.getColumn(0).getInt64();
  session.pair_id = row.getColumn(1).getInt64();
  session.number = row.getColumn(2).getInt();
  session.status = parse_session_status(row.getColumn(3).getString()).value_or(SessionStatus::held);
  session.held_on = date_column(row.getColumn(4));
  session.minutes = row.getColumn(5).getInt();
  session.rating = optional_int(row.getColumn(6));
  session.mentor_rating = optional_int(row.getColumn(7));
  session.confidence_before = optional_int(row.getColumn(8));
  session.confidence_after = optional_int(row.getColumn(9));
  session.notes = row.getColumn(10).getString();
  return session;
}

}  // namespace

std::vector<SessionRecord> Store::list_sessions(std::int64_t pair_id) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM sessions WHERE pair_id = ? ORDER BY id", k_session_columns);
  auto& query = m_impl->cached(sql);
  query.bind(1, pair_id);
  std::vector<SessionRecord> sessions;
  while (query.executeStep()) sessions.push_back(read_session(query));
  return sessions;
}

std::vector<SessionRecord> Store::list_sessions_between(Date from, Date to) const {
  static const std::string sql = fmt::format(
      "SELECT {} FROM sessions WHERE held_on BETWEEN ? AND ? ORDER BY pair_id, id",
      k_session_columns);
  auto& query = m_impl->cached(sql);
  query.bind(1, format_date(from));
  query.bind(2, format_date(to));
  std::vector<SessionRecord> sessions;
  while (query.executeStep()) sessions.push_back(read_session(query));
  return sessions;
}

std::optional<Date> Store::find_last_held(std::int64_t pair_id) const {
  auto& query = m_impl->cached(
      "SELECT max(held_on) FROM sessions WHERE pair_id = ? AND status = 'held'");
  query.bind(1, pair_id);
  query.executeStep();
  auto day = optional_date(query.getColumn(0));
  query.reset();
  return day;
}

void Store::delete_session(std::int64_t session_id) {
  SQLite::Statement remove(m_impl->db, "DELETE FROM sessions WHERE id = ?");
  remove.bind(1, session_id);
  remove.exec();
}

// Appointments.

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
  auto& query = m_impl->cached(fmt::format(
      "SELECT {} FROM appointments WHERE pair_id = ? ORDER BY id", k_appointment_columns));
  query.bind(1, pair_id);
  std::vector<Appointment> appointments;
  while (query.executeStep()) appointments.push_back(read_appointment(query));
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
  static const std::string sql =
      fmt::format("SELECT {} FROM goals WHERE pair_id = ? ORDER BY id", k_goal_columns);
  auto& query = m_impl->cached(sql);
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

std::int64_t Store::count_micro_sessions(std::int64_t program_id) const {
  auto& query = m_impl->cached("SELECT count(*) FROM micro_sessions WHERE program_id = ?");
  query.bind(1, program_id);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

// Outcomes.

namespace {

// Binds the parameters the outcome queries share: ?1 the program (NULL for every
// program), ?2 and ?3 the first and last day of the period.
void bind_outcome_period(SQLite::Statement& query, std::optional<std::int64_t> program_id,
                         Date from, Date to) {
  if (program_id) {
    query.bind(1, *program_id);
  } else {
    query.bind(1);
  }
  query.bind(2, format_date(from));
  query.bind(3, format_date(to));
}

// Each person's first held session, in the programs that ?1 selects.
constexpr const char* k_first_session_tables = R"sql(pair_first AS (
  SELECT pr.mentor_id, pr.mentee_id,
         (SELECT min(s.held_on) FROM sessions s WHERE s.pair_id = pr.id AND s.status = 'held')
           AS first_held
  FROM pairs pr WHERE ?1 IS NULL OR pr.program_id = ?1),
first_session AS (
  SELECT person, min(first_held) AS first_held
  FROM (SELECT mentor_id AS person, first_held FROM pair_first
        UNION ALL SELECT mentee_id, first_held FROM pair_first)
  GROUP BY person),
)sql";

}  // namespace

std::vector<OutcomeSubject> Store::list_outcome_subjects(std::optional<std::int64_t> program_id,
                                                         Date from, Date to,
                                                         bool with_first_session) const {
  // The level and department at `from` are the old values of the first promotion or
  // department change recorded on or after `from`, else the current ones.
  // Each part is computed once for everyone and joined by employee id, rather than
  // looked up once per person. The parts are the first enrolment, the first held
  // session, and the first department change and promotion on or after `from`.
  // `events` keeps the first event of each of these kinds, and every hire. The unary +
  // keeps each of its lookups on the index by person.
  // The first held sessions cost as much as the rest together, so they are read only
  // when asked for.
  const auto sql = fmt::format(R"sql(
WITH
enrolled AS (
  SELECT e.employee_id, min(coalesce(e.enrolled_on, pg.start_date)) AS enrolled_on
  FROM enrolments e JOIN programs pg ON pg.id = e.program_id
  WHERE ?1 IS NULL OR e.program_id = ?1
  GROUP BY e.employee_id),
{first_session_tables}events AS (
  SELECT employee_id, kind, old_value, occurred_on FROM person_events e
  WHERE kind IN ('department_changed', 'promoted', 'joined') AND occurred_on >= ?2
    AND (kind = 'joined' OR NOT EXISTS (
      SELECT 1 FROM person_events o
      WHERE o.employee_id = e.employee_id AND +o.kind = e.kind AND o.occurred_on >= ?2
        AND (o.occurred_on < e.occurred_on OR (o.occurred_on = e.occurred_on AND o.id < e.id))))),
changes AS (
  SELECT employee_id,
         max(CASE WHEN kind = 'department_changed' THEN old_value END) AS department,
         max(CASE WHEN kind = 'promoted' THEN CAST(old_value AS INTEGER) END) AS job_level,
         max(kind = 'promoted' AND occurred_on <= ?3) AS promoted,
         max(kind = 'joined' AND occurred_on > ?2) AS joined_later
  FROM events GROUP BY employee_id)
SELECT p.employee_id,
       coalesce(c.department, p.department),
       coalesce(c.job_level, p.job_level),
       p.years_at_company,
       p.left_on,
       en.enrolled_on,
       {first_held},
       coalesce(c.promoted, 0)
FROM people p
LEFT JOIN enrolled en ON en.employee_id = p.employee_id
{first_session_join}LEFT JOIN changes c ON c.employee_id = p.employee_id
WHERE (p.left_on IS NULL OR p.left_on >= ?2) AND coalesce(c.joined_later, 0) = 0
)sql",
      fmt::arg("first_session_tables", with_first_session ? k_first_session_tables : ""),
      fmt::arg("first_held", with_first_session ? "f.first_held" : "NULL"),
      fmt::arg("first_session_join",
               with_first_session ? "LEFT JOIN first_session f ON f.person = p.employee_id\n" : ""));
  SQLite::Statement query(m_impl->db, sql);
  bind_outcome_period(query, program_id, from, to);
  const auto optional_date = [](const SQLite::Column& column) -> std::optional<Date> {
    if (column.isNull()) return std::nullopt;
    return date_column(column);
  };
  std::vector<OutcomeSubject> subjects;
  while (query.executeStep()) {
    OutcomeSubject subject;
    subject.employee_id = query.getColumn(0).getString();
    subject.department = query.getColumn(1).getString();
    subject.job_level = query.getColumn(2).getInt();
    subject.years_at_company = optional_int(query.getColumn(3));
    subject.left_on = optional_date(query.getColumn(4));
    subject.enrolled_on = optional_date(query.getColumn(5));
    subject.first_session = optional_date(query.getColumn(6));
    subject.promoted = query.getColumn(7).getInt() != 0;
    subjects.push_back(std::move(subject));
  }
  return subjects;
}

OutcomeCounts Store::count_outcomes(std::optional<std::int64_t> program_id, Date from,
                                   Date to) const {
  // The rules of list_outcome_subjects and compute_outcomes, counted in one pass. A
  // subject is employed at `from` and not hired after it. A participant is enrolled by
  // `to`, and a retained person has not left by `to`.
  // NOTE: a second copy of those rules, so keep the two in step. test_outcomes.py checks
  // the weekly text's figures, which come from here, against the rosters.
  SQLite::Statement query(m_impl->db, R"sql(
SELECT p.employee_id IN (
         SELECT e.employee_id FROM enrolments e JOIN programs pg ON pg.id = e.program_id
         WHERE (?1 IS NULL OR e.program_id = ?1) AND coalesce(e.enrolled_on, pg.start_date) <= ?3),
       count(*),
       sum(p.left_on IS NULL OR p.left_on > ?3),
       sum(p.employee_id IN (SELECT employee_id FROM person_events
                             WHERE kind = 'promoted' AND occurred_on BETWEEN ?2 AND ?3))
FROM people p
WHERE (p.left_on IS NULL OR p.left_on >= ?2)
  AND p.employee_id NOT IN (SELECT employee_id FROM person_events
                            WHERE kind = 'joined' AND occurred_on > ?2)
GROUP BY 1
)sql");
  bind_outcome_period(query, program_id, from, to);
  OutcomeCounts counts;
  while (query.executeStep()) {
    auto& group = query.getColumn(0).getInt() != 0 ? counts.participants : counts.others;
    group.people = query.getColumn(1).getInt64();
    group.retained = query.getColumn(2).getInt64();
    group.promoted = query.getColumn(3).getInt64();
  }
  return counts;
}

// Mailed reports.

bool Store::was_report_sent(const std::string& kind, const std::string& period,
                            const std::string& recipient) const {
  SQLite::Statement query(m_impl->db,
                          "SELECT 1 FROM sent_reports WHERE kind = ? AND period = ? AND "
                          "recipient = ?");
  query.bind(1, kind);
  query.bind(2, period);
  query.bind(3, recipient);
  return query.executeStep();
}

void Store::record_report_sent(const std::string& kind, const std::string& period,
                               const std::string& recipient, const std::string& message_id,
                               const std::string& sent_at_utc) {
  SQLite::Statement insert(m_impl->db,
                           "INSERT OR REPLACE INTO sent_reports (kind, period, recipient, "
                           "message_id, sent_at_utc) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, kind);
  insert.bind(2, period);
  insert.bind(3, recipient);
  insert.bind(4, message_id);
  insert.bind(5, sent_at_utc);
  insert.exec();
}

}  // namespace mentor
