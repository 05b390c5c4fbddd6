#include "mentor/progress.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "mentor/text.hpp"

namespace mentor {

int sessions_due(const Program& program, const Pair& pair, Date today) {
  const int total = static_cast<int>(program.sessions.size());
  if (pair.state == PairState::completed) return total;
  const Date until = pair.ended_on ? std::min(*pair.ended_on, today) : today;

  // Step through the due dates one cadence apart, as next_due_date sets them when each
  // session is held on the day it is due.
  int due = 0;
  Date next = add_cadence(std::max(program.start, pair.paired_on), program.cadence());
  while (due < total && next <= until) {
    ++due;
    next = add_cadence(next, program.cadence());
  }
  return due;
}

ProgressReport compute_progress(const Store& store, const std::string& program_name, Date today) {
  const ProgramStatus status = program_status(store, program_name, today);
  ProgressReport report;
  report.program = status.program;
  report.today = today;
  for (std::size_t i = 0; i < status.program.sessions.size(); ++i) {
    report.stages.push_back({static_cast<int>(i) + 1, status.program.sessions[i].title, 0, 0});
  }

  std::map<std::string, int> ended_reasons;
  for (const auto& row : status.pairs) {
    ++report.pairs;
    report.sessions_held += row.pair.sessions_held;
    report.sessions_due += sessions_due(status.program, row.pair, today);
    if (row.pair.state == PairState::completed) {
      ++report.completed;
      continue;
    }
    if (row.pair.state == PairState::ended) {
      ++report.ended;
      ++ended_reasons[row.pair.end_reason.empty() ? "no reason recorded" : row.pair.end_reason];
      continue;
    }
    ++report.active;
    auto& stage = report.stages.at(static_cast<std::size_t>(row.pair.sessions_held));
    ++stage.pairs;
    if (row.overdue) {
      ++stage.overdue;
      ++report.overdue;
      report.overdue_pairs.push_back(row);
    }
  }

  for (const auto& [reason, pairs] : ended_reasons) report.ended_reasons.push_back({reason, pairs});
  std::stable_sort(report.ended_reasons.begin(), report.ended_reasons.end(),
                   [](const EndedReason& a, const EndedReason& b) { return a.pairs > b.pairs; });
  std::stable_sort(
      report.overdue_pairs.begin(), report.overdue_pairs.end(),
      [](const PairStatus& a, const PairStatus& b) { return *a.next_due < *b.next_due; });
  return report;
}

namespace {

nlohmann::json person_ref(const Person& person) {
  return {{"employee_id", person.employee_id}, {"name", person.name}};
}

nlohmann::json held_rate(const ProgressReport& report) {
  if (report.sessions_due == 0) return nullptr;
  return static_cast<double>(report.sessions_held) / report.sessions_due;
}

std::string share_text(int count, int total) {
  if (total == 0) return fmt::format("{}", count);
  return fmt::format("{} ({:.0f}%)", count, 100.0 * count / total);
}

}  // namespace

nlohmann::json to_json(const ProgressReport& report) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : report.stages) {
    stages.push_back({{"number", stage.number},
                      {"title", stage.title},
                      {"pairs", stage.pairs},
                      {"overdue", stage.overdue}});
  }
  nlohmann::json ended = nlohmann::json::array();
  for (const auto& reason : report.ended_reasons) {
    ended.push_back({{"reason", reason.reason}, {"pairs", reason.pairs}});
  }
  nlohmann::json overdue = nlohmann::json::array();
  for (const auto& row : report.overdue_pairs) {
    overdue.push_back({{"pair", row.pair.id},
                       {"mentee", person_ref(row.mentee)},
                       {"mentor", person_ref(row.mentor)},
                       {"session", row.pair.sessions_held + 1},
                       {"next_due", format_date(*row.next_due)},
                       {"days_overdue", (report.today - *row.next_due).count()}});
  }
  return {{"format", 1},
          {"program",
           {{"name", report.program.name},
            {"start", format_date(report.program.start)},
            {"cadence", describe(report.program.cadence())},
            {"sessions_total", report.program.sessions.size()}}},
          {"today", format_date(report.today)},
          {"pairs",
           {{"total", report.pairs},
            {"active", report.active},
            {"completed", report.completed},
            {"ended", report.ended},
            {"overdue", report.overdue}}},
          {"by_session", stages},
          {"ended", ended},
          {"overdue_pairs", overdue},
          {"sessions",
           {{"held", report.sessions_held},
            {"due", report.sessions_due},
            {"held_rate", held_rate(report)}}}};
}

ReportDocument to_document(const ProgressReport& report) {
  ReportDocument document;
  document.title = fmt::format("Progress of {}", report.program.name);
  document.summary.push_back(
      fmt::format("As of {}: {}, {} active, {} completed, {} ended early, {} overdue.",
                  format_date(report.today), counted(report.pairs, "pair", "pairs"),
                  report.active, report.completed, report.ended, report.overdue));
  document.summary.push_back(fmt::format("Sessions held: {} of {} due, meeting {}.",
                                         report.sessions_held, report.sessions_due,
                                         describe(report.program.cadence())));

  ReportSection stages;
  stages.heading = "Active pairs by session";
  stages.table = Table{{"session", "title", "pairs", "overdue"}, {}, {}};
  BarChart chart{"Share of active pairs on each session", {}};
  for (const auto& stage : report.stages) {
    stages.table->rows.push_back({std::to_string(stage.number), stage.title,
                                  std::to_string(stage.pairs), std::to_string(stage.overdue)});
    const double share =
        report.active == 0 ? 0.0 : static_cast<double>(stage.pairs) / report.active;
    chart.bars.push_back(
        {fmt::format("session {}", stage.number), share, share_text(stage.pairs, report.active)});
  }
  stages.chart = std::move(chart);
  document.sections.push_back(std::move(stages));

  ReportSection ended;
  ended.heading = "Pairs ended early";
  if (report.ended_reasons.empty()) {
    ended.paragraphs.emplace_back("No pair ended before completing the program.");
  } else {
    ended.table = Table{{"reason", "pairs"}, {}, {}};
    for (const auto& reason : report.ended_reasons) {
      ended.table->rows.push_back({reason.reason, std::to_string(reason.pairs)});
    }
  }
  document.sections.push_back(std::move(ended));

  ReportSection overdue;
  overdue.heading = "Overdue pairs";
  if (report.overdue_pairs.empty()) {
    overdue.paragraphs.emplace_back("No pair is overdue.");
  } else {
    overdue.table = Table{{"mentee", "mentor", "session", "due", "days overdue"}, {}, {}};
    for (const auto& row : report.overdue_pairs) {
      overdue.table->rows.push_back(
          {fmt::format("{} ({})", row.mentee.name, row.mentee.employee_id),
           fmt::format("{} ({})", row.mentor.name, row.mentor.employee_id),
           std::to_string(row.pair.sessions_held + 1), format_date(*row.next_due),
           std::to_string((report.today - *row.next_due).count())});
    }
  }
  document.sections.push_back(std::move(overdue));

  ReportSection held;
  held.heading = "Sessions held against sessions due";
  held.table = Table{{"held", "due"}, {}, {}};
  held.table->rows.push_back(
      {std::to_string(report.sessions_held), std::to_string(report.sessions_due)});
  if (report.sessions_due > 0) {
    const double rate = static_cast<double>(report.sessions_held) / report.sessions_due;
    held.chart = BarChart{"Held as a share of due",
                          {{"held", std::min(1.0, rate), fmt::format("{:.0f}%", 100 * rate)}}};
  }
  held.notes.emplace_back(
      "A completed pair counts every session of the template as due; an "
      "ended pair counts those due by the day it ended.");
  document.sections.push_back(std::move(held));
  return document;
}

}  // namespace mentor
