#include "mentor/weekly.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/status.hpp"
#include "mentor/text.hpp"
#include "mentor/zones.hpp"

namespace mentor {

namespace {

bool in_week(Date day, const WeeklySummary& summary) {
  return day >= summary.monday && day <= summary.sunday;
}

bool in_scope(const PairStatus& row, const WeeklyScope& scope) {
  if (scope.department.empty()) return true;
  return row.mentor.department == scope.department || row.mentee.department == scope.department;
}

// Orders sessions by pair id, for searching a list sorted by pair.
struct PairIdLess {
  bool operator()(const SessionRecord& session, std::int64_t pair_id) const {
    return session.pair_id < pair_id;
  }
  bool operator()(std::int64_t pair_id, const SessionRecord& session) const {
    return pair_id < session.pair_id;
  }
};

WeeklyPairLine line_for(const std::string& program, const PairStatus& row, std::string detail) {
  return {program,         row.mentee.employee_id, row.mentee.name, row.mentor.employee_id,
          row.mentor.name, std::move(detail)};
}

// Everyone enrolled in the program counts as a participant here, paired or not, as in
// the outcome figures. `left` contains the departures of the week.
void add_departures(const Store& store, const Program& program, const WeeklyScope& scope,
                    const std::vector<PersonEvent>& left, WeeklySummary& summary) {
  std::set<std::string> leavers;
  for (const auto& event : left) leavers.insert(event.employee_id);
  for (const auto& employee_id : leavers) {
    const auto enrolment = store.find_enrolment(program.id, employee_id);
    if (!enrolment) continue;
    const Person person = require_person(store, employee_id);
    if (!scope.department.empty() && person.department != scope.department) continue;
    for (const auto& event : left) {
      if (event.employee_id != employee_id) continue;
      summary.departures.push_back({program.name, person.employee_id, person.name, "", "",
                                    fmt::format("{} ({}) left on {}", to_string(enrolment->role),
                                                person.department,
                                                format_date(event.occurred_on))});
    }
  }
}

}  // namespace

Date last_full_week(Date today) { return week_start(today) - date::days{7}; }

WeeklySummary compute_weekly(const Store& store, Date monday, const WeeklyScope& scope,
                             OutcomeDetail detail) {
  if (week_start(monday) != monday) {
    throw UsageError(fmt::format("{} is not a Monday: a weekly summary starts on a Monday, "
                                 "such as {}",
                                 format_date(monday), format_date(week_start(monday))));
  }
  WeeklySummary summary;
  summary.monday = monday;
  summary.sunday = monday + date::days{6};
  summary.week = iso_week_label(monday);
  summary.scope = scope;

  if (!scope.department.empty()) {
    PersonFilter filter;
    filter.department = scope.department;
    if (store.list_people(filter).empty()) {
      throw NotFoundError(fmt::format("no person is in department '{}': check its spelling "
                                      "with 'mentor people list'",
                                      scope.department));
    }
  }
  std::vector<Program> programs;
  if (scope.program.empty()) {
    programs = store.list_programs();
  } else {
    programs.push_back(require_program(store, scope.program));
  }

  const auto left =
      store.list_events_between(PersonEventKind::left, summary.monday, summary.sunday);
  // The week's sessions of every program, sorted by pair, so each pair's are one range.
  const auto week_sessions = store.list_sessions_between(summary.monday, summary.sunday);
  // Only an active pair can be overdue. Any other pair is in the summary only with a
  // session or its pairing in the week, so the finished pairs of past programs are not
  // read.
  PairSelection selection;
  if (!scope.program.empty()) selection.program_id = programs.front().id;
  selection.active_only = true;
  selection.or_touched = std::pair{summary.monday, summary.sunday};
  std::map<std::int64_t, std::vector<PairOverview>> overviews;
  for (auto& overview : store.list_pair_overviews(selection)) {
    overviews[overview.pair.program_id].push_back(std::move(overview));
  }

  std::optional<Date> first_start;
  for (const auto& program : programs) {
    // Pairs are often made before the program starts; they are still new that week.
    if (program.start <= summary.sunday) {
      first_start = first_start ? std::min(*first_start, program.start) : program.start;
    }
    for (auto& overview : overviews[program.id]) {
      const auto [first, last] = std::equal_range(week_sessions.begin(), week_sessions.end(),
                                                  overview.pair.id, PairIdLess{});
      const PairStatus row = pair_status(program, std::move(overview), summary.sunday);
      if (!in_scope(row, scope)) continue;
      for (auto session = first; session != last; ++session) {
        if (session->status == SessionStatus::held) {
          ++summary.sessions_held;
          summary.minutes_held += session->minutes;
        } else if (session->status == SessionStatus::missed) {
          ++summary.sessions_missed;
        } else {
          ++summary.sessions_cancelled;
        }
        if (session->status == SessionStatus::held && row.pair.state == PairState::completed &&
            row.last_held && *row.last_held == session->held_on &&
            session->number == static_cast<int>(program.sessions.size())) {
          summary.completed_pairs.push_back(
              line_for(program.name, row, fmt::format("completed on {}", format_date(session->held_on))));
        }
      }
      if (in_week(row.pair.paired_on, summary)) {
        summary.new_pairs.push_back(
            line_for(program.name, row, fmt::format("paired on {}", format_date(row.pair.paired_on))));
      }
      if (row.overdue && row.next_due) {
        summary.overdue_pairs.push_back(line_for(
            program.name, row,
            fmt::format("session {} was due {} ({} days overdue)", row.pair.sessions_held + 1,
                        format_date(*row.next_due), (summary.sunday - *row.next_due).count())));
      }
    }
    add_departures(store, program, scope, left, summary);
  }

  if (first_start && scope.department.empty()) {
    OutcomeRequest request;
    if (!scope.program.empty()) request.program = scope.program;
    request.from = *first_start;
    request.to = summary.sunday;
    if (detail == OutcomeDetail::full) {
      summary.outcomes = compute_outcomes(store, request);
    } else {
      summary.outcomes = OutcomeReport{request, compute_overall_outcome(store, request), {}, {}, {}};
    }
  }
  return summary;
}

namespace {

nlohmann::json lines_json(const std::vector<WeeklyPairLine>& lines) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& line : lines) {
    list.push_back({{"program", line.program},
                    {"mentee", {{"employee_id", line.mentee_id}, {"name", line.mentee_name}}},
                    {"mentor", {{"employee_id", line.mentor_id}, {"name", line.mentor_name}}},
                    {"detail", line.detail}});
  }
  return list;
}

Table lines_table(const std::vector<WeeklyPairLine>& lines) {
  Table table{{"program", "mentee", "mentor", "what"}, {}, {}};
  for (const auto& line : lines) {
    const auto who = [](const std::string& name, const std::string& id) {
      return id.empty() ? std::string("-") : fmt::format("{} ({})", name, id);
    };
    table.rows.push_back({line.program, who(line.mentee_name, line.mentee_id),
                          who(line.mentor_name, line.mentor_id), line.detail});
  }
  return table;
}

std::string scope_text(const WeeklyScope& scope) {
  if (scope.program.empty() && scope.department.empty()) return "all programs";
  if (scope.department.empty()) return "program " + scope.program;
  if (scope.program.empty()) return "department " + scope.department;
  return fmt::format("program {}, department {}", scope.program, scope.department);
}

}  // namespace

nlohmann::json to_json(const WeeklySummary& summary) {
  return {{"format", 1},
          {"week", summary.week},
          {"monday", format_date(summary.monday)},
          {"sunday", format_date(summary.sunday)},
          {"scope",
           {{"program", summary.scope.program.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(summary.scope.program)},
            {"department", summary.scope.department.empty()
                               ? nlohmann::json(nullptr)
                               : nlohmann::json(summary.scope.department)}}},
          {"sessions",
           {{"held", summary.sessions_held},
            {"missed", summary.sessions_missed},
            {"cancelled", summary.sessions_cancelled},
            {"minutes_held", summary.minutes_held}}},
          {"new_pairs", lines_json(summary.new_pairs)},
          {"completed_pairs", lines_json(summary.completed_pairs)},
          {"overdue_pairs", lines_json(summary.overdue_pairs)},
          {"departures", lines_json(summary.departures)},
          {"outcomes", summary.outcomes ? to_json(*summary.outcomes) : nlohmann::json(nullptr)}};
}

ReportDocument to_document(const WeeklySummary& summary) {
  ReportDocument document;
  document.title = fmt::format("Mentoring week {}", summary.week);
  document.summary.push_back(fmt::format("{} to {}, {}.", format_date(summary.monday),
                                         format_date(summary.sunday), scope_text(summary.scope)));
  document.summary.push_back(fmt::format(
      "Sessions: {} held ({}), {} missed, {} cancelled. {}, {} completed, {} overdue.",
      summary.sessions_held, counted(summary.minutes_held, "minute", "minutes"),
      summary.sessions_missed, summary.sessions_cancelled,
      counted(summary.new_pairs.size(), "new pair", "new pairs"), summary.completed_pairs.size(),
      summary.overdue_pairs.size()));

  const auto section = [&document](const char* heading, const std::vector<WeeklyPairLine>& lines,
                                   const char* none) {
    ReportSection part;
    part.heading = heading;
    if (lines.empty()) {
      part.paragraphs.emplace_back(none);
    } else {
      part.table = lines_table(lines);
    }
    document.sections.push_back(std::move(part));
  };
  section("Overdue pairs", summary.overdue_pairs, "No pair is overdue.");
  section("New pairs", summary.new_pairs, "No pair was made this week.");
  section("Completed pairs", summary.completed_pairs, "No pair completed its program this week.");
  ReportSection departures;
  departures.heading = "Departures among participants";
  if (summary.departures.empty()) {
    departures.paragraphs.emplace_back("No participant left the company this week.");
  } else {
    departures.table = Table{{"program", "person", "what"}, {}, {}};
    for (const auto& line : summary.departures) {
      departures.table->rows.push_back(
          {line.program, fmt::format("{} ({})", line.mentee_name, line.mentee_id), line.detail});
    }
  }
  document.sections.push_back(std::move(departures));

  if (summary.outcomes) {
    const auto& overall = summary.outcomes->overall;
    ReportSection outcomes;
    outcomes.heading = "Outcomes to date";
    outcomes.paragraphs.push_back(fmt::format(
        "From {} to {}: participants stayed at {:.1f}% ({} people), others at {:.1f}% ({} "
        "people); promoted {:.1f}% against {:.1f}%.",
        format_date(summary.outcomes->request.from), format_date(summary.outcomes->request.to),
        100 * overall.participants.retained.rate(), overall.participants.retained.total,
        100 * overall.others.retained.rate(), overall.others.retained.total,
        100 * overall.participants.promoted.rate(), 100 * overall.others.promoted.rate()));
    const auto& difference = overall.retention_difference;
    outcomes.notes.push_back(fmt::format(
        "Retention difference {:+.1f} points, 95% CI {:+.1f} to {:+.1f}{} (Newcombe).",
        100 * (overall.participants.retained.rate() - overall.others.retained.rate()),
        100 * difference.low, 100 * difference.high,
        excludes_zero(difference) ? "" : ", not significant"));
    outcomes.chart = BarChart{
        "Stayed",
        {{"participants", overall.participants.retained.rate(),
          fmt::format("{:.1f}%", 100 * overall.participants.retained.rate())},
         {"others", overall.others.retained.rate(),
          fmt::format("{:.1f}%", 100 * overall.others.retained.rate())}}};
    document.sections.push_back(std::move(outcomes));
  }
  return document;
}

}  // namespace mentor
