// The SQLite store: the only place in mentor that contains SQL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
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
};

// Returns `error` as a StoreError when it is an SQLite failure: busy maps to
// ExitStatus::temp_fail, anything else to ExitStatus::io_error. Returns nullopt
// for every other exception.
std::optional<StoreError> as_store_error(const std::exception& error);

class Store {
 public:
  // The schema version this build writes. Files from older versions are migrated
  // forward when opened; files from newer versions are rejected unchanged.
  static constexpr int k_schema_version = 2;

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
  std::optional<Person> find_person(const std::string& employee_id) const;
  std::vector<Person> list_people(const PersonFilter& filter) const;
  std::int64_t count_people() const;

  // Programs.
  std::int64_t insert_program(const Program& program);
  std::optional<Program> find_program(const std::string& name) const;
  std::vector<Program> list_programs() const;

  // Enrolment. Returns added or unchanged; an enrolment with another role or capacity
  // is updated only when the caller has checked that this is allowed.
  Upsert enrol(std::int64_t program_id, const Enrolment& enrolment);
  std::optional<Enrolment> find_enrolment(std::int64_t program_id,
                                          const std::string& employee_id) const;
  std::vector<Enrolment> list_enrolments(std::int64_t program_id) const;

  // Pairs.
  std::int64_t insert_pair(const Pair& pair);
  std::vector<Pair> list_pairs(std::int64_t program_id) const;
  // The pairs in `program_id` that `employee_id` belongs to, as mentor or mentee,
  // and that have not ended.
  std::vector<Pair> find_open_pairs(std::int64_t program_id, const std::string& employee_id) const;
  void set_pair_progress(std::int64_t pair_id, int sessions_held, PairState state);
  // Marks the pair ended on `day` with `reason`.
  void end_pair(std::int64_t pair_id, const std::string& reason, Date day);
  // Every pair in every program that `employee_id` belongs to, ended ones too.
  std::vector<Pair> list_pairs_of(const std::string& employee_id) const;

  // Sessions.
  std::int64_t insert_session(const SessionRecord& session);
  // Every logged session of the pair (held, missed and cancelled), in the order logged.
  std::vector<SessionRecord> list_sessions(std::int64_t pair_id) const;
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

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mentor
