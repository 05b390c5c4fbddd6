// How far the pairs of one program have come: the session each pair is on, completed
// and ended pairs, overdue pairs, and sessions held against sessions due.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/report_format.hpp"
#include "mentor/status.hpp"

namespace mentor {

// The active pairs on one session of the template.
struct ProgressStage {
  int number = 0;  // 1-based position in the template
  std::string title;
  int pairs = 0;
  int overdue = 0;
};

// Pairs that ended before completing, grouped by the reason recorded.
struct EndedReason {
  std::string reason;
  int pairs = 0;
};

struct ProgressReport {
  Program program;
  Date today;
  int pairs = 0;
  int active = 0;
  int completed = 0;
  int ended = 0;
  int overdue = 0;
  std::vector<ProgressStage> stages;       // one per template session, in order
  std::vector<EndedReason> ended_reasons;  // most pairs first, then by reason
  std::vector<PairStatus> overdue_pairs;   // most overdue first
  int sessions_held = 0;
  int sessions_due = 0;
};

// Counts the sessions the cadence called for by `today`: one cadence after the later
// of the program's start and the pairing, and one cadence after each of those, at most
// the template's length. An ended pair counts up to the day it ended, and a completed
// pair counts the whole template.
int sessions_due(const Program& program, const Pair& pair, Date today);

// Computes the report as of `today`. Throws NotFoundError for an unknown program.
ProgressReport compute_progress(const Store& store, const std::string& program_name, Date today);

// Converts the report to the JSON shape in docs/json.md ("progress", format 1).
nlohmann::json to_json(const ProgressReport& report);

// Converts the report to a document for text, Markdown, CSV and HTML.
ReportDocument to_document(const ProgressReport& report);

}  // namespace mentor
