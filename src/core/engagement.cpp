#include "mentor/engagement.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor {

namespace {

bool in_period(Date day, const EngagementRequest& request) {
  return (!request.from || day >= *request.from) && (!request.to || day <= *request.to);
}

void add_session(EngagementFigures& figures, const SessionRecord& session) {
  if (session.status == SessionStatus::missed) {
    ++figures.missed;
    return;
  }
  if (session.status == SessionStatus::cancelled) {
    ++figures.cancelled;
    return;
  }
  ++figures.held;
  figures.minutes += session.minutes;
  if (session.rating) figures.mentee_rating.add(*session.rating);
  if (session.mentor_rating) figures.mentor_rating.add(*session.mentor_rating);
  if (session.confidence_before && session.confidence_after) {
    figures.confidence_change.add(*session.confidence_after - *session.confidence_before);
  }
}

void add_micro_session(EngagementFigures& figures, const MicroSession& session) {
  ++figures.micro_sessions;
  figures.micro_minutes += session.minutes;
}

}  // namespace

EngagementReport compute_engagement(const Store& store, const EngagementRequest& request) {
  if (request.from && request.to && *request.to < *request.from) {
    throw UsageError(fmt::format("--to {} is before --from {}", format_date(*request.to),
                                 format_date(*request.from)));
  }
  EngagementReport report;
  report.request = request;
  std::vector<Program> programs;
  if (request.program) {
    programs.push_back(require_program(store, *request.program));
  } else {
    programs = store.list_programs();
  }
  std::sort(programs.begin(), programs.end(),
            [](const Program& a, const Program& b) { return a.name < b.name; });

  // Each session adds to its program's row, its week's row and the total.
  std::map<Date, EngagementFigures> weeks;
  for (const auto& program : programs) {
    EngagementFigures figures;
    for (const auto& pair : store.list_pairs(program.id)) {
      for (const auto& session : store.list_sessions(pair.id)) {
        if (!in_period(session.held_on, request)) continue;
        for (auto* target : {&figures, &weeks[week_start(session.held_on)], &report.total}) {
          add_session(*target, session);
        }
      }
    }
    for (const auto& session : store.list_micro_sessions(program.id)) {
      if (!in_period(session.held_on, request)) continue;
      for (auto* target : {&figures, &weeks[week_start(session.held_on)], &report.total}) {
        add_micro_session(*target, session);
      }
    }
    report.by_program.push_back({program.name, figures});
  }
  for (const auto& [monday, figures] : weeks) {
    report.by_week.push_back({iso_week_label(monday), monday, figures});
  }
  return report;
}

namespace {

nlohmann::json mean_json(const Mean& mean) {
  const auto value = mean.value();
  return {{"average", value ? nlohmann::json(*value) : nlohmann::json(nullptr)},
          {"count", mean.count}};
}

nlohmann::json figures_json(const EngagementFigures& figures) {
  return {
      {"sessions",
       {{"held", figures.held}, {"missed", figures.missed}, {"cancelled", figures.cancelled}}},
      {"minutes", figures.minutes},
      {"mentee_rating", mean_json(figures.mentee_rating)},
      {"mentor_rating", mean_json(figures.mentor_rating)},
      {"confidence_change", mean_json(figures.confidence_change)},
      {"micro_sessions", {{"count", figures.micro_sessions}, {"minutes", figures.micro_minutes}}}};
}

nlohmann::json optional_date(const std::optional<Date>& day) {
  return day ? nlohmann::json(format_date(*day)) : nlohmann::json(nullptr);
}

std::string mean_text(const Mean& mean, const char* format) {
  const auto value = mean.value();
  return value ? fmt::format(fmt::runtime(format), *value) : "-";
}

std::vector<std::string> figures_cells(std::string label, const EngagementFigures& figures) {
  return {std::move(label),
          std::to_string(figures.held),
          std::to_string(figures.missed),
          std::to_string(figures.cancelled),
          std::to_string(figures.minutes),
          mean_text(figures.mentee_rating, "{:.2f}"),
          mean_text(figures.mentor_rating, "{:.2f}"),
          mean_text(figures.confidence_change, "{:+.2f}"),
          fmt::format("{} ({} min)", figures.micro_sessions, figures.micro_minutes)};
}

Table figures_table(const char* first_column) {
  // Short headers keep the table inside 100 columns; the note under it explains them.
  return Table{{first_column, "held", "missed", "cancelled", "minutes", "mentee avg",
                "mentor avg", "confidence", "micro"},
               {},
               {false, true, true, true, true, true, true, true, true}};
}

std::string period_text(const EngagementRequest& request) {
  const std::string scope = request.program ? "program " + *request.program : "all programs";
  if (!request.from && !request.to) return scope + ", every logged session";
  return fmt::format("{}, {} to {}", scope,
                     request.from ? format_date(*request.from) : "the first session",
                     request.to ? format_date(*request.to) : "the last session");
}

}  // namespace

nlohmann::json to_json(const EngagementReport& report) {
  nlohmann::json programs = nlohmann::json::array();
  for (const auto& row : report.by_program) {
    auto item = figures_json(row.figures);
    item["program"] = row.program;
    programs.push_back(std::move(item));
  }
  nlohmann::json weeks = nlohmann::json::array();
  for (const auto& row : report.by_week) {
    auto item = figures_json(row.figures);
    item["week"] = row.week;
    item["monday"] = format_date(row.monday);
    weeks.push_back(std::move(item));
  }
  return {{"format", 1},
          {"program", report.request.program ? nlohmann::json(*report.request.program)
                                             : nlohmann::json(nullptr)},
          {"from", optional_date(report.request.from)},
          {"to", optional_date(report.request.to)},
          {"total", figures_json(report.total)},
          {"by_program", programs},
          {"by_week", weeks}};
}

ReportDocument to_document(const EngagementReport& report) {
  ReportDocument document;
  document.title = "Engagement";
  document.summary.push_back(period_text(report.request) + ".");
  const auto& total = report.total;
  document.summary.push_back(fmt::format(
      "Sessions: {} held ({}), {} missed, {} cancelled; {} ({}).", total.held,
      counted(total.minutes, "minute", "minutes"), total.missed, total.cancelled,
      counted(total.micro_sessions, "micro-session", "micro-sessions"),
      counted(total.micro_minutes, "minute", "minutes")));

  ReportSection programs;
  programs.heading = "By program";
  programs.table = figures_table("program");
  for (const auto& row : report.by_program) {
    programs.table->rows.push_back(figures_cells(row.program, row.figures));
  }
  programs.table->rows.push_back(figures_cells("total", total));
  programs.notes.emplace_back(
      "Mentee avg and mentor avg are the average ratings, from 1 to 5, of the held sessions "
      "that have one. Confidence is the average change, after minus before. Micro counts "
      "micro-sessions and their minutes.");
  document.sections.push_back(std::move(programs));

  ReportSection weeks;
  weeks.heading = "By week";
  if (report.by_week.empty()) {
    weeks.paragraphs.emplace_back("No session was logged in the period.");
  } else {
    weeks.table = figures_table("week");
    int max_held = 0;
    for (const auto& row : report.by_week) {
      weeks.table->rows.push_back(figures_cells(row.week, row.figures));
      max_held = std::max(max_held, row.figures.held);
    }
    BarChart chart{"Sessions held each week", {}};
    for (const auto& row : report.by_week) {
      const double share = max_held == 0 ? 0.0 : static_cast<double>(row.figures.held) / max_held;
      chart.bars.push_back(
          {row.week, share, fmt::format("{} held, {} min", row.figures.held, row.figures.minutes)});
    }
    weeks.chart = std::move(chart);
  }
  document.sections.push_back(std::move(weeks));
  return document;
}

}  // namespace mentor
