// How much the pairs meet: sessions held, missed and cancelled, minutes, ratings,
// confidence change and micro-sessions, per program and per ISO week.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/report_format.hpp"
#include "mentor/store.hpp"

namespace mentor {

struct EngagementRequest {
  std::optional<std::string> program;  // none: every program
  std::optional<Date> from;            // none: from the first logged session
  std::optional<Date> to;              // none: up to the last logged session
};

// A sum and a count, for averages over the sessions that carry a value.
struct Mean {
  double sum = 0;
  int count = 0;

  void add(double value) {
    sum += value;
    ++count;
  }
  std::optional<double> value() const {
    return count == 0 ? std::nullopt : std::optional<double>(sum / count);
  }
};

struct EngagementFigures {
  int held = 0;
  int missed = 0;
  int cancelled = 0;
  int minutes = 0;  // of held sessions
  Mean mentee_rating;
  Mean mentor_rating;
  Mean confidence_change;  // after minus before, over sessions with both
  int micro_sessions = 0;
  int micro_minutes = 0;
};

struct ProgramEngagement {
  std::string program;
  EngagementFigures figures;
};

struct WeekEngagement {
  std::string week;  // "2027-W04"
  Date monday;
  EngagementFigures figures;
};

struct EngagementReport {
  EngagementRequest request;
  EngagementFigures total;
  std::vector<ProgramEngagement> by_program;  // every program in scope, by name
  std::vector<WeekEngagement> by_week;        // weeks with a logged session, oldest first
};

// Computes the report over the sessions and micro-sessions logged in the programs in
// scope and dated within [from, to]. Micro-sessions outside any program are left out.
// Throws NotFoundError for an unknown program and UsageError when `to` is before `from`.
EngagementReport compute_engagement(const Store& store, const EngagementRequest& request);

// Converts the report to the JSON shape in docs/json.md ("engagement", format 1).
nlohmann::json to_json(const EngagementReport& report);

// Converts the report to a document for text, Markdown, CSV and HTML.
ReportDocument to_document(const EngagementReport& report);

}  // namespace mentor
