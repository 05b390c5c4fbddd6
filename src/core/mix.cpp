#include "mentor/mix.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mentor/programs.hpp"
#include "mentor/working_hours.hpp"

namespace mentor {

namespace {

void count_cross(CrossCount& count, const std::string& first, const std::string& second) {
  if (first.empty() || second.empty()) return;
  ++count.known;
  if (first != second) ++count.crossing;
}

}  // namespace

MixReport compute_mix(const Store& store, const std::string& program_name,
                      const WorkingDay& working_day) {
  MixReport report;
  report.program = require_program(store, program_name);
  report.working_day = working_day;

  std::map<std::pair<std::string, std::string>, int> flow;
  std::set<std::string> departments;
  for (const auto& pair : store.list_pairs(report.program.id)) {
    const Person mentor = require_person(store, pair.mentor_id);
    const Person mentee = require_person(store, pair.mentee_id);
    int minutes = 0;
    for (const auto& session : store.list_sessions(pair.id)) {
      if (session.status == SessionStatus::held) minutes += session.minutes;
    }
    if (minutes > 0) {
      flow[{mentor.department, mentee.department}] += minutes;
      departments.insert(mentor.department);
      departments.insert(mentee.department);
    }
    if (pair.state == PairState::ended) continue;

    ++report.pairs;
    count_cross(report.departments, mentor.department, mentee.department);
    count_cross(report.education_fields, mentor.education_field, mentee.education_field);
    count_cross(report.time_zones, mentor.timezone, mentee.timezone);
    if (!mentor.timezone.empty() && !mentee.timezone.empty() &&
        mentor.timezone != mentee.timezone) {
      const auto overlap =
          working_overlap(mentor.timezone, mentee.timezone, report.program.start, working_day);
      report.cross_zone_pairs.push_back(
          {mentor, mentee,
           overlap ? std::optional<int>(static_cast<int>(overlap->count())) : std::nullopt});
    }
  }

  report.flow_departments.assign(departments.begin(), departments.end());
  const auto size = report.flow_departments.size();
  report.flow_minutes.assign(size, std::vector<int>(size, 0));
  for (std::size_t i = 0; i < size; ++i) {
    for (std::size_t j = 0; j < size; ++j) {
      const auto found = flow.find({report.flow_departments[i], report.flow_departments[j]});
      if (found != flow.end()) report.flow_minutes[i][j] = found->second;
    }
  }
  return report;
}

namespace {

nlohmann::json cross_json(const CrossCount& count) {
  return {{"crossing", count.crossing}, {"known", count.known}};
}

nlohmann::json optional_minutes(const std::optional<int>& minutes) {
  return minutes ? nlohmann::json(*minutes) : nlohmann::json(nullptr);
}

nlohmann::json zone_person(const Person& person) {
  return {{"employee_id", person.employee_id},
          {"name", person.name},
          {"department", person.department},
          {"timezone", person.timezone}};
}

double share(const CrossCount& count) {
  return count.known == 0 ? 0.0 : static_cast<double>(count.crossing) / count.known;
}

std::string share_text(const CrossCount& count) {
  if (count.known == 0) return "no pair with both known";
  return fmt::format("{} of {} ({:.0f}%)", count.crossing, count.known, 100 * share(count));
}

ReportSection crossing_section(const MixReport& report) {
  ReportSection section;
  section.heading = "Pairs across lines";
  section.table = Table{{"line", "crossing", "pairs with both known"}, {}, {false, true, true}};
  const std::pair<const char*, const CrossCount*> lines[] = {
      {"department", &report.departments},
      {"education field", &report.education_fields},
      {"time zone", &report.time_zones}};
  BarChart chart{"Share of pairs that cross", {}};
  for (const auto& [label, count] : lines) {
    section.table->rows.push_back(
        {label, std::to_string(count->crossing), std::to_string(count->known)});
    chart.bars.push_back({label, share(*count), share_text(*count)});
  }
  section.chart = std::move(chart);
  return section;
}

ReportSection overlap_section(const MixReport& report) {
  ReportSection section;
  section.heading = "Working hours shared across time zones";
  if (report.cross_zone_pairs.empty()) {
    section.paragraphs.emplace_back("Every pair works in one time zone.");
    return section;
  }
  section.paragraphs.push_back(fmt::format("On {}, with a working day of {} in each zone.",
                                           format_date(report.program.start),
                                           format_working_day(report.working_day)));
  section.table = Table{{"mentor", "mentor zone", "mentee", "mentee zone", "shared minutes"}, {}, {}};
  const auto day_minutes = (report.working_day.end - report.working_day.start).count();
  BarChart chart{"Share of the working day both are at work", {}};
  for (const auto& pair : report.cross_zone_pairs) {
    const std::string minutes =
        pair.overlap_minutes ? std::to_string(*pair.overlap_minutes) : "unknown zone";
    section.table->rows.push_back(
        {fmt::format("{} ({})", pair.mentor.name, pair.mentor.employee_id), pair.mentor.timezone,
         fmt::format("{} ({})", pair.mentee.name, pair.mentee.employee_id), pair.mentee.timezone,
         minutes});
    const double value =
        pair.overlap_minutes && day_minutes > 0
            ? static_cast<double>(*pair.overlap_minutes) / static_cast<double>(day_minutes)
            : 0.0;
    chart.bars.push_back({fmt::format("{} / {}", pair.mentor.employee_id, pair.mentee.employee_id),
                          value, minutes + (pair.overlap_minutes ? " min" : "")});
  }
  section.chart = std::move(chart);
  return section;
}

ReportSection flow_section(const MixReport& report) {
  ReportSection section;
  section.heading = "Mentoring minutes from department to department";
  if (report.flow_departments.empty()) {
    section.paragraphs.emplace_back("No session was held.");
    return section;
  }
  Table table{{"mentor's department"}, {}, {false}};
  for (const auto& department : report.flow_departments) {
    table.headers.push_back(department);
    table.right_aligned.push_back(true);
  }
  for (std::size_t i = 0; i < report.flow_departments.size(); ++i) {
    std::vector<std::string> row{report.flow_departments[i]};
    for (const int minutes : report.flow_minutes[i]) row.push_back(std::to_string(minutes));
    table.rows.push_back(std::move(row));
  }
  section.table = std::move(table);
  section.notes.emplace_back(
      "Rows are the mentors' departments and columns the mentees'; each "
      "cell is the minutes of held sessions.");
  return section;
}

}  // namespace

nlohmann::json to_json(const MixReport& report) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& pair : report.cross_zone_pairs) {
    pairs.push_back({{"mentor", zone_person(pair.mentor)},
                     {"mentee", zone_person(pair.mentee)},
                     {"overlap_minutes", optional_minutes(pair.overlap_minutes)}});
  }
  nlohmann::json flows = nlohmann::json::array();
  for (std::size_t i = 0; i < report.flow_departments.size(); ++i) {
    for (std::size_t j = 0; j < report.flow_departments.size(); ++j) {
      if (report.flow_minutes[i][j] == 0) continue;
      flows.push_back({{"from", report.flow_departments[i]},
                       {"to", report.flow_departments[j]},
                       {"minutes", report.flow_minutes[i][j]}});
    }
  }
  return {{"format", 1},
          {"program", report.program.name},
          {"pairs", report.pairs},
          {"departments", cross_json(report.departments)},
          {"education_fields", cross_json(report.education_fields)},
          {"time_zones", cross_json(report.time_zones)},
          {"working_hours",
           {{"date", format_date(report.program.start)},
            {"working_day", format_working_day(report.working_day)},
            {"cross_zone_pairs", pairs}}},
          {"minute_flow",
           {{"departments", report.flow_departments},
            {"minutes", report.flow_minutes},
            {"flows", flows}}}};
}

ReportDocument to_document(const MixReport& report) {
  ReportDocument document;
  document.title = fmt::format("Mix of {}", report.program.name);
  document.summary.push_back(fmt::format(
      "{} pairs that have not ended: {} cross departments, {} education fields, {} time zones.",
      report.pairs, share_text(report.departments), share_text(report.education_fields),
      share_text(report.time_zones)));
  document.sections.push_back(crossing_section(report));
  document.sections.push_back(overlap_section(report));
  document.sections.push_back(flow_section(report));
  return document;
}

}  // namespace mentor
