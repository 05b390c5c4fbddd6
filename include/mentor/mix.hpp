// The inclusion and remote side of one program: how many pairs cross departments,
// education fields and time zones, the working hours cross-zone pairs share, and the
// mentoring minutes that flow from each department to each other one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mentor/report_format.hpp"
#include "mentor/store.hpp"
#include "mentor/zones.hpp"

namespace mentor {

// How many pairs cross one line, out of the pairs where both sides are known.
struct CrossCount {
  int crossing = 0;
  int known = 0;  // pairs where both people have a value
};

// One pair whose two people are in different time zones.
struct CrossZonePair {
  Person mentor;
  Person mentee;
  std::optional<int> overlap_minutes;  // none when a zone is not in the tz database
};

struct MixReport {
  Program program;
  WorkingDay working_day;
  int pairs = 0;  // pairs that have not ended
  CrossCount departments;
  CrossCount education_fields;
  CrossCount time_zones;
  std::vector<CrossZonePair> cross_zone_pairs;
  // Departments in the flow, sorted. flow_minutes[i][j] is the minutes from mentors in
  // department i to mentees in department j.
  std::vector<std::string> flow_departments;
  std::vector<std::vector<int>> flow_minutes;
};

// Computes the mix of the program's pairs that have not ended, with the working-hours
// overlap of each cross-zone pair on the program's start date, when both people work
// `working_day` in their own zone. The minute flow counts held sessions of every pair,
// ended ones too. Departments, fields and zones are the people's current ones.
// Throws NotFoundError for an unknown program.
MixReport compute_mix(const Store& store, const std::string& program_name,
                      const WorkingDay& working_day);

// Converts the report to the JSON shape in docs/json.md ("mix", format 1).
nlohmann::json to_json(const MixReport& report);

// Converts the report to a document for text, Markdown, CSV and HTML.
ReportDocument to_document(const MixReport& report);

}  // namespace mentor
