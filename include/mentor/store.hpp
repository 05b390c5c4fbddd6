// The SQLite store: the only place in mentor that contains SQL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mentor/errors.hpp"
#include "mentor/model.hpp"

namespace mentor {

enum class Upsert { added, updated, unchanged };

// Filters for listing people; an empty field matches everyone.
struct PersonFilter {
  std::string department;
  std::string job_role;
  std::optional<int> min_level;
  std::optional<int> max_level;
  bool include_left = false;  // also list people who have left
};

// How long a command waits for another process's lock before it fails: 60 s, or
// MENTOR_LOCK_TIMEOUT seconds. Throws UsageError for an invalid MENTOR_LOCK_TIMEOUT.
int lock_timeout_seconds();

// Returns `error` as a StoreError when it is an SQLite failure: busy maps to
// ExitStatus::temp_fail, anything else to ExitStatus::io_error. Returns nullopt
// for every other exception.
std::optional<StoreError> as_store_error(const std::exception& error);

// Returns whether `file` is the database at `database_file` or one of the files SQLite
// keeps beside it (-wal, -shm, -journal), by path or as the same file on disk. Writing
// anything else into one of them would destroy the database.
bool is_database_file(const std::filesystem::path& file,
                      const std::filesystem::path& database_file);

// The result of `Store::check_file`. Both lists are empty for a sound file.
struct StoreCheck {
  // Messages of SQLite's integrity check (damaged pages, broken indexes), or the
  // reason the file could not be read as a database at all.
  std::vector<std::string> integrity_problems;
  // Rows that refer to a row missing from another table, each as "<table> row <rowid>
  // refers to a missing row of <parent table>".
  std::vector<std::string> foreign_key_problems;

  bool ok() const { return integrity_problems.empty() && foreign_key_problems.empty(); }
};

// One person as the outcome reports see a period [from, to].
struct OutcomeSubject {
  std::string employee_id;
  std::string department;  // at `from`: before any department change recorded after it
  int job_level = 0;       // at `from`: before any promotion recorded after it
  std::optional<int> years_at_company;
  std::optional<Date> left_on;
  std::optional<Date> enrolled_on;    // earliest enrolment in the programs considered
  std::optional<Date> first_session;  // earliest held session in those programs
  bool promoted = false;              // a promotion recorded in [from, to]
};

// The selection of pairs that Store::list_pair_overviews returns.
struct PairSelection {
  std::optional<std::int64_t> program_id;  // every program when empty
  bool active_only = false;
  // With active_only, also the pairs made, or with a session logged, from `first` to
  // `last` (both included), whatever their state.
  std::optional<std::pair<Date, Date>> or_touched;
};

// A pair with what `status`, `due` and the weekly report show of it.
struct PairOverview {
  Pair pair;
  Person mentor;
  Person mentee;
  std::optional<Date> last_held;
  int goals_done = 0;
  int goals_total = 0;
  // The latest booking, still scheduled, of the pair's next session.
  std::optional<Appointment> next_appointment;
};

// The counts behind the overall outcome figures, for participants (enrolled by the
// period's end) and for everyone else employed at its start.
struct OutcomeCounts {
  struct Group {
    std::int64_t people = 0;
    std::int64_t retained = 0;  // still employed at the period's end
    std::int64_t promoted = 0;  // promoted during the period
  };
  Group participants;
  Group others;
};

class Store {
 public:
  // The schema version this build writes. Files from older versions are migrated
  // forward when opened; files from newer versions are rejected unchanged.
  static constexpr int k_schema_version = 7;

  // Opens the database file, creating it (and its schema) when `create` is true.
  // Throws StoreError with ExitStatus::no_input when the file does not exist and
  // `create` is false, and ExitStatus::io_error when it cannot be opened or migrated.
  static Store open(const std::filesystem::path& file, bool create);

  // An in-memory database with the current schema, for tests.
  static Store open_in_memory();

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;

  // Copies the whole database, as one consistent snapshot, into `file`, which must
  // exist and be empty. Other processes may write meanwhile. The copy is a single file
  // in rollback-journal mode. Throws StoreError (temp_fail) when the database stays
  // locked past the busy timeout, and StoreError (io_error) when the copy fails.
  void copy_to(const std::filesystem::path& file) const;

  // Runs SQLite's integrity and foreign key checks on `file`, opened read-only and
  // neither migrated nor changed. A file too damaged to open as a database is reported
  // in `integrity_problems`. Throws StoreError (no_input) when the file does not exist
  // or is empty, and StoreError (io_error) for another program's SQLite file or a file
  // from a newer schema version, with the messages of `open`.
  static StoreCheck check_file(const std::filesystem::path& file);

  // A write transaction that takes the write lock up front (BEGIN IMMEDIATE), so two
  // writers wait on the busy timeout instead of failing half-way. Rolls back on
  // destruction unless commit() was called.
  class Transaction {
   public:
    explicit Transaction(Store& store);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

   private:
    Store& m_store;
    bool m_done = false;
  };

  // People.
  Upsert upsert_person(const Person& person);
  // Inserts the person or replaces every field of the one with the same employee id.
  void write_person(const Person& person);
  std::optional<Person> find_person(const std::string& employee_id) const;
  // Calls `visit` for each person in employee id order, without holding them all in
  // memory. People who left are included only when `include_left` is true.
  void for_each_person(const std::function<void(const Person&)>& visit, bool include_left) const;
  std::vector<Person> list_people(const PersonFilter& filter) const;
  std::int64_t count_people() const;

  // Prepares the connection for writing a large roster.
  void begin_import();
  // Calls `visit` with each employee id in order; people who left only when
  // `include_left` is true.
  void for_each_employee_id(const std::function<void(const std::string&)>& visit,
                            bool include_left) const;
  void set_left_on(const std::string& employee_id, std::optional<Date> day);
  void insert_person_event(const PersonEvent& event);
  // The person's events, oldest first.
  std::vector<PersonEvent> list_person_events(const std::string& employee_id) const;
  // The day of the latest event of anyone, or nullopt when none is recorded.
  std::optional<Date> latest_person_event_day() const;
  // Everyone's events of `kind` on days from `from` to `to`, both included, oldest first.
  std::vector<PersonEvent> list_events_between(PersonEventKind kind, Date from, Date to) const;
  // Ends every active pair that `employee_id` is in, as mentor or mentee, on `day` with
  // `reason`. Returns how many pairs were ended.
  int end_active_pairs(const std::string& employee_id, Date day, const std::string& reason);
  // Tags: interests or goals on a person, used to score shared interests in pairing.
  // Adding a tag the person already has changes nothing; returns how many were new.
  int add_tags(const std::string& employee_id, const std::vector<std::string>& tags);
  std::vector<std::string> list_tags(const std::string& employee_id) const;
  // Every person's tags, keyed by employee id, each list sorted.
  std::map<std::string, std::vector<std::string>> list_all_tags() const;

  // Programs.
  std::int64_t insert_program(const Program& program);
  std::optional<Program> find_program(const std::string& name) const;
  std::vector<Program> list_programs() const;

  // Enrolment. Returns added or unchanged; an enrolment with another role or capacity
  // is updated only when the caller has checked that this is allowed.
  // A new enrolment stores enrolment.enrolled_on; an updated one keeps its first date.
  Upsert enrol(std::int64_t program_id, const Enrolment& enrolment);
  std::optional<Enrolment> find_enrolment(std::int64_t program_id,
                                          const std::string& employee_id) const;
  std::vector<Enrolment> list_enrolments(std::int64_t program_id) const;
  // The mentors enrolled in `program_id` and still employed on `day` (not recorded as
  // leaving on or before it).
  std::int64_t count_enrolled_mentors(std::int64_t program_id, Date day) const;
  // The mentees enrolled in `program_id` and still employed on `day` who are in no pair
  // of the program that has not ended. In a `peer` program, a pair's first member counts
  // as paired too. Ordered by employee id.
  std::vector<Person> list_unpaired_mentees(std::int64_t program_id, bool peer, Date day) const;

  // Mentor requests: replaces an earlier request of the same mentee about that mentor.
  void set_request(std::int64_t program_id, const MentorRequest& request);
  std::vector<MentorRequest> list_requests(std::int64_t program_id) const;

  // Pairs.
  // The (mentor, mentee) ids of every pair in programs other than `program_id`, in any
  // state, for the rule that never pairs the same two people twice.
  std::vector<std::pair<std::string, std::string>> list_pairs_outside(
      std::int64_t program_id) const;
  std::int64_t insert_pair(const Pair& pair);
  std::vector<Pair> list_pairs(std::int64_t program_id) const;
  // The selected pairs with their people, last held session, goals and next booking,
  // read in one query, ordered by pair id.
  std::vector<PairOverview> list_pair_overviews(const PairSelection& selection) const;
  // The pairs in `program_id` that `employee_id` belongs to, as mentor or mentee,
  // and that have not ended.
  std::vector<Pair> find_open_pairs(std::int64_t program_id, const std::string& employee_id) const;
  void set_pair_progress(std::int64_t pair_id, int sessions_held, PairState state);
  // Marks the pair ended on `day` with `reason`.
  void end_pair(std::int64_t pair_id, const std::string& reason, Date day);
  // Every pair in every program that `employee_id` belongs to, ended ones too.
  std::vector<Pair> list_pairs_of(const std::string& employee_id) const;

  // Outcomes: everyone employed at `from` (not recorded as leaving before it), with
  // their participation in `program_id`, or in any program when it is empty, in no
  // particular order. Their first held session is left empty unless
  // `with_first_session`.
  std::vector<OutcomeSubject> list_outcome_subjects(std::optional<std::int64_t> program_id,
                                                    Date from, Date to,
                                                    bool with_first_session) const;

  // The same people as list_outcome_subjects, counted as participants by their
  // enrolment, with only the overall counts: a fraction of its work on a large company.
  OutcomeCounts count_outcomes(std::optional<std::int64_t> program_id, Date from, Date to) const;

  // Mailed reports. `kind` is e.g. "weekly", `period` the week ("2027-W03").
  bool was_report_sent(const std::string& kind, const std::string& period,
                       const std::string& recipient) const;
  // Records the report as sent, replacing an earlier record (a forced resend).
  void record_report_sent(const std::string& kind, const std::string& period,
                          const std::string& recipient, const std::string& message_id,
                          const std::string& sent_at_utc);

  // Sessions.
  std::int64_t insert_session(const SessionRecord& session);
  // Every logged session of the pair (held, missed and cancelled), in the order logged.
  std::vector<SessionRecord> list_sessions(std::int64_t pair_id) const;
  // The sessions of every pair logged for days from `from` to `to`, both included, by
  // pair and then in the order logged.
  std::vector<SessionRecord> list_sessions_between(Date from, Date to) const;
  // The day of the pair's latest held session, or nullopt when none was held.
  std::optional<Date> find_last_held(std::int64_t pair_id) const;
  void delete_session(std::int64_t session_id);

  // Appointments (sessions booked for a time).
  std::int64_t insert_appointment(const Appointment& appointment);
  // Writes the time, zone, length, sequence, status and update time of an existing one.
  void update_appointment(const Appointment& appointment);
  std::vector<Appointment> list_appointments(std::int64_t pair_id) const;

  // Goals.
  std::int64_t insert_goal(const Goal& goal);
  std::vector<Goal> list_goals(std::int64_t pair_id) const;
  std::optional<Goal> find_goal(std::int64_t goal_id) const;
  void set_goal_done(std::int64_t goal_id, std::optional<Date> done_on);

  // Micro-sessions.
  std::int64_t insert_micro_session(const MicroSession& session);
  // Micro-sessions in `program_id`, or outside any program when it is nullopt.
  std::vector<MicroSession> list_micro_sessions(std::optional<std::int64_t> program_id) const;
  std::int64_t count_micro_sessions(std::int64_t program_id) const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mentor
