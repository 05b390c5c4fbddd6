// The weekly summary: one ISO week (Monday to Sunday) of every program, or of the
// programs and departments one recipient looks after.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/outcomes.hpp"
#include "mentor/report_format.hpp"
#include "mentor/store.hpp"

namespace mentor {

// The pairs a summary covers. Empty fields match everything; a pair is in scope when
// its program matches and its mentor or mentee is in the department.
struct WeeklyScope {
  std::string program;
  std::string department;
};

struct WeeklyPairLine {
  std::string program;
  std::string mentee_id;
  std::string mentee_name;
  std::string mentor_id;
  std::string mentor_name;
  std::string detail;  // what happened or is due, for people to read
};

struct WeeklySummary {
  Date monday;
  Date sunday;
  std::string week;  // "2027-W03"
  WeeklyScope scope;
  int sessions_held = 0;
  int sessions_missed = 0;
  int sessions_cancelled = 0;
  int minutes_held = 0;
  std::vector<WeeklyPairLine> new_pairs;
  std::vector<WeeklyPairLine> completed_pairs;
  std::vector<WeeklyPairLine> overdue_pairs;  // as of the Sunday
  // Enrolled people recorded as leaving that week; the mentee fields name the person
  // and the mentor fields are empty.
  std::vector<WeeklyPairLine> departures;
  std::optional<OutcomeReport> outcomes;       // since the first program in scope started
};

// The Monday of the last full week before `today`.
Date last_full_week(Date today);

// How much of the outcome report a weekly summary carries: the overall comparison that
// its text shows, or the whole report that its JSON holds.
enum class OutcomeDetail { overall, full };

// Summarises the week that starts on `monday`. With OutcomeDetail::overall, the outcome
// report contains its request and overall comparison only. Throws UsageError when
// `monday` is not a Monday, and NotFoundError for an unknown program in the scope.
WeeklySummary compute_weekly(const Store& store, Date monday, const WeeklyScope& scope,
                             OutcomeDetail detail);

// The JSON shape documented in docs/json.md ("weekly", format 1).
nlohmann::json to_json(const WeeklySummary& summary);

ReportDocument to_document(const WeeklySummary& summary);

}  // namespace mentor
