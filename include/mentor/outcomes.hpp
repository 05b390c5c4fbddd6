// Retention and promotion of program participants against everyone else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/report_format.hpp"
#include "mentor/stats.hpp"
#include "mentor/store.hpp"

namespace mentor {

// When a person starts to count as a participant.
enum class CountFrom {
  enrolment,      // the day they were enrolled (the program's start for older enrolments)
  first_session,  // the day of their first held session; enrolled people without one do not count
};

struct OutcomeRequest {
  std::optional<std::string> program;  // none: every program
  Date from;
  Date to;
  CountFrom count_from = CountFrom::enrolment;
};

// One group's figures over the period: people in it, how many stayed to the end of
// the period, and how many were promoted during it.
struct GroupOutcome {
  Proportion retained;
  Proportion promoted;
};

struct Comparison {
  std::string label;  // "everyone", a department, or "level 3"
  GroupOutcome participants;
  GroupOutcome others;
  Interval retention_difference;  // participants minus others, 95%, Newcombe
  Interval promotion_difference;
};

// Participants against non-participants of the same department, job level and
// tenure band (a stratum), with the non-participants' rates weighted by the number of
// participants in each stratum (direct standardisation).
struct MatchedComparison {
  std::int64_t matched_participants = 0;
  std::int64_t unmatched_participants = 0;  // in a stratum with no non-participant
  std::int64_t control_people = 0;           // non-participants in the matched strata
  double participant_retention = 0;
  double control_retention = 0;
  Interval retention_difference;  // 95%, Wald, Agresti-Caffo adjusted variances
  double participant_promotion = 0;
  double control_promotion = 0;
  Interval promotion_difference;
};

struct OutcomeReport {
  OutcomeRequest request;
  Comparison overall;
  std::vector<Comparison> by_department;
  std::vector<Comparison> by_level;
  MatchedComparison matched;
};

// The tenure band of a person's years at the company: "0-2", "3-5", "6-10" or "11+".
std::string tenure_band(std::optional<int> years_at_company);

// Computes the report over everyone employed at `request.from`: not recorded as
// leaving before it, nor as joining after it. A participant is someone who started to
// count (see CountFrom) on or before `request.to`. Retained means not recorded as
// leaving on or before `request.to`, and promoted means a promotion recorded in
// [from, to]. Departments and levels are those held at `from`. Throws
// NotFoundError for an unknown program and UsageError when `to` is before `from`.
OutcomeReport compute_outcomes(const Store& store, const OutcomeRequest& request);

// The overall comparison of compute_outcomes(store, request).overall alone, which reads
// a fraction of what the whole report needs on a large company.
Comparison compute_overall_outcome(const Store& store, const OutcomeRequest& request);

// The JSON shape documented in docs/json.md ("outcomes", format 1).
nlohmann::json to_json(const OutcomeReport& report);

// The report as a document for text, Markdown, CSV and HTML.
ReportDocument to_document(const OutcomeReport& report);

}  // namespace mentor
