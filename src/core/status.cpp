#include "mentor/status.hpp"

#include <algorithm>

#include "mentor/programs.hpp"

namespace mentor {

namespace {

nlohmann::json person_json(const Person& person) {
  return {{"employee_id", person.employee_id},
          {"name", person.name},
          {"department", person.department},
          {"job_level", person.job_level}};
}

nlohmann::json optional_date(const std::optional<Date>& day) {
  return day ? nlohmann::json(format_date(*day)) : nlohmann::json(nullptr);
}

nlohmann::json appointment_json(const std::optional<Appointment>& appointment) {
  if (!appointment) return nullptr;
  return {{"starts_at", format_utc(appointment->starts_at)},
          {"minutes", appointment->minutes},
          {"zone", appointment->zone}};
}

}  // namespace

std::optional<Date> next_due_date(const Program& program, const Pair& pair,
                                  const std::optional<Date>& last_held) {
  if (pair.state != PairState::active) return std::nullopt;
  if (last_held) return add_cadence(*last_held, program.cadence());
  return add_cadence(std::max(program.start, pair.paired_on), program.cadence());
}

std::optional<Date> last_held_on(const std::vector<SessionRecord>& sessions) {
  std::optional<Date> last;
  for (const auto& session : sessions) {
    if (session.status == SessionStatus::held) last = session.held_on;
  }
  return last;
}

PairStatus pair_status(const Program& program, PairOverview overview, Date today) {
  PairStatus row;
  row.next_due = next_due_date(program, overview.pair, overview.last_held);
  row.overdue = row.next_due && today > *row.next_due;
  row.pair = std::move(overview.pair);
  row.mentor = std::move(overview.mentor);
  row.mentee = std::move(overview.mentee);
  row.last_held = overview.last_held;
  row.goals_done = overview.goals_done;
  row.goals_total = overview.goals_total;
  row.next_appointment = std::move(overview.next_appointment);
  return row;
}

ProgramStatus program_status(const Store& store, const std::string& program_name, Date today) {
  ProgramStatus status;
  status.program = require_program(store, program_name);
  status.today = today;

  PairSelection selection;
  selection.program_id = status.program.id;
  auto overviews = store.list_pair_overviews(selection);
  status.pairs.reserve(overviews.size());
  for (auto& overview : overviews) {
    status.pairs.push_back(pair_status(status.program, std::move(overview), today));
  }
  // Someone who leaves after `today` still works here on that day.
  status.mentors = static_cast<std::size_t>(store.count_enrolled_mentors(status.program.id, today));
  status.unpaired_mentees = store.list_unpaired_mentees(
      status.program.id, status.program.kind == ProgramKind::peer, today);
  status.micro_sessions = static_cast<std::size_t>(store.count_micro_sessions(status.program.id));
  return status;
}

nlohmann::json to_json(const ProgramStatus& status) {
  const auto& program = status.program;
  const auto total = static_cast<int>(program.sessions.size());
  nlohmann::json pairs = nlohmann::json::array();
  int active = 0;
  int completed = 0;
  int overdue = 0;
  for (const auto& row : status.pairs) {
    active += row.pair.state == PairState::active ? 1 : 0;
    completed += row.pair.state == PairState::completed ? 1 : 0;
    overdue += row.overdue ? 1 : 0;
    nlohmann::json current = nullptr;
    if (row.pair.state == PairState::active) {
      current = {{"number", row.pair.sessions_held + 1},
                 {"title", program.sessions[static_cast<std::size_t>(row.pair.sessions_held)].title}};
    }
    pairs.push_back(
        {{"id", row.pair.id},
         {"mentor", person_json(row.mentor)},
         {"mentee", person_json(row.mentee)},
         {"state", to_string(row.pair.state)},
         {"method", row.pair.method},
         {"paired_on", format_date(row.pair.paired_on)},
         {"sessions_held", row.pair.sessions_held},
         {"sessions_total", total},
         {"current_session", current},
         {"last_held", optional_date(row.last_held)},
         {"next_due", optional_date(row.next_due)},
         {"overdue", row.overdue},
         {"ended_reason", row.pair.end_reason.empty() ? nlohmann::json(nullptr)
                                                        : nlohmann::json(row.pair.end_reason)},
         {"goals", {{"done", row.goals_done}, {"total", row.goals_total}}},
         {"next_appointment", appointment_json(row.next_appointment)}});
  }
  nlohmann::json unpaired = nlohmann::json::array();
  for (const auto& person : status.unpaired_mentees) unpaired.push_back(person_json(person));

  return {{"format", 1},
          {"program",
           {{"name", program.name},
            {"template", program.template_name},
            {"start", format_date(program.start)},
            {"cadence_days", program.cadence_days},
            {"cadence", describe(program.cadence())},
            {"sessions_total", total}}},
          {"today", format_date(status.today)},
          {"summary",
           {{"mentors", status.mentors},
            {"pairs", status.pairs.size()},
            {"active", active},
            {"completed", completed},
            {"overdue", overdue},
            {"unpaired_mentees", status.unpaired_mentees.size()},
            {"micro_sessions", status.micro_sessions}}},
          {"pairs", pairs},
          {"unpaired_mentees", unpaired}};
}

}  // namespace mentor
