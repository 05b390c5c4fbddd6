#include "mentor/outcomes.hpp"

#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/text.hpp"

namespace mentor {

namespace {

constexpr double k_z95 = 1.959963984540054;

struct Subject {
  const OutcomeSubject* data;
  bool participant;
  bool retained;
};

void count(GroupOutcome& group, const Subject& subject) {
  ++group.retained.total;
  ++group.promoted.total;
  group.retained.count += subject.retained ? 1 : 0;
  group.promoted.count += subject.data->promoted ? 1 : 0;
}

Comparison comparison_of(std::string label, GroupOutcome participants, GroupOutcome others) {
  Comparison comparison;
  comparison.label = std::move(label);
  comparison.participants = participants;
  comparison.others = others;
  comparison.retention_difference = newcombe_difference(participants.retained, others.retained);
  comparison.promotion_difference = newcombe_difference(participants.promoted, others.promoted);
  return comparison;
}

Comparison compare(std::string label, const std::vector<const Subject*>& subjects) {
  GroupOutcome participants;
  GroupOutcome others;
  for (const Subject* subject : subjects) count(subject->participant ? participants : others, *subject);
  return comparison_of(std::move(label), participants, others);
}

// Accumulates one outcome's standardised difference over the strata.
struct StandardisedRate {
  double participant = 0;
  double control = 0;
  double variance = 0;

  void add(double weight, Proportion participants, Proportion controls) {
    participant += weight * participants.rate();
    control += weight * controls.rate();
    // The variance uses Agresti and Caffo's adjusted rates (one success and one failure
    // added to each group), so that a stratum where everyone stayed, common in small
    // strata, still adds its uncertainty instead of none.
    const auto adjusted = [](Proportion group) {
      return static_cast<double>(group.count + 1) / static_cast<double>(group.total + 2);
    };
    const double p1 = adjusted(participants);
    const double p0 = adjusted(controls);
    variance += weight * weight *
                (p1 * (1 - p1) / static_cast<double>(participants.total + 2) +
                 p0 * (1 - p0) / static_cast<double>(controls.total + 2));
  }

  Interval interval() const {
    const double half = k_z95 * std::sqrt(variance);
    return {participant - control - half, participant - control + half};
  }
};

MatchedComparison match(const std::vector<Subject>& subjects) {
  using Stratum = std::tuple<std::string, int, std::string>;
  std::map<Stratum, std::pair<GroupOutcome, GroupOutcome>> strata;
  for (const auto& subject : subjects) {
    auto& [participants, others] = strata[{subject.data->department, subject.data->job_level,
                                           tenure_band(subject.data->years_at_company)}];
    count(subject.participant ? participants : others, subject);
  }

  MatchedComparison matched;
  for (const auto& [key, groups] : strata) {
    const auto& [participants, others] = groups;
    if (participants.retained.total == 0) continue;
    if (others.retained.total == 0) {
      matched.unmatched_participants += participants.retained.total;
      continue;
    }
    matched.matched_participants += participants.retained.total;
    matched.control_people += others.retained.total;
  }
  if (matched.matched_participants == 0) return matched;

  StandardisedRate retention;
  StandardisedRate promotion;
  for (const auto& [key, groups] : strata) {
    const auto& [participants, others] = groups;
    if (participants.retained.total == 0 || others.retained.total == 0) continue;
    const double weight = static_cast<double>(participants.retained.total) /
                          static_cast<double>(matched.matched_participants);
    retention.add(weight, participants.retained, others.retained);
    promotion.add(weight, participants.promoted, others.promoted);
  }
  matched.participant_retention = retention.participant;
  matched.control_retention = retention.control;
  matched.retention_difference = retention.interval();
  matched.participant_promotion = promotion.participant;
  matched.control_promotion = promotion.control;
  matched.promotion_difference = promotion.interval();
  return matched;
}

bool counts_as_participant(const OutcomeSubject& subject, const OutcomeRequest& request) {
  const auto& start =
      request.count_from == CountFrom::enrolment ? subject.enrolled_on : subject.first_session;
  return start && *start <= request.to;
}

}  // namespace

std::string tenure_band(std::optional<int> years_at_company) {
  if (!years_at_company) return "unknown";
  if (*years_at_company <= 2) return "0-2";
  if (*years_at_company <= 5) return "3-5";
  if (*years_at_company <= 10) return "6-10";
  return "11+";
}

namespace {

// Checks the request's period and returns the id of its program, if it names one.
std::optional<std::int64_t> checked_program(const Store& store, const OutcomeRequest& request) {
  if (request.to < request.from) {
    throw UsageError(fmt::format("--to {} is before --from {}: give the period's first day "
                                 "with --from and its last with --to",
                                 format_date(request.to), format_date(request.from)));
  }
  if (!request.program) return std::nullopt;
  return require_program(store, *request.program).id;
}

}  // namespace

Comparison compute_overall_outcome(const Store& store, const OutcomeRequest& request) {
  const auto program_id = checked_program(store, request);
  if (request.count_from != CountFrom::enrolment) return compute_outcomes(store, request).overall;
  const auto counts = store.count_outcomes(program_id, request.from, request.to);
  const auto group = [](const OutcomeCounts::Group& counted) {
    return GroupOutcome{{counted.retained, counted.people}, {counted.promoted, counted.people}};
  };
  return comparison_of("everyone", group(counts.participants), group(counts.others));
}

OutcomeReport compute_outcomes(const Store& store, const OutcomeRequest& request) {
  const auto program_id = checked_program(store, request);

  const auto data = store.list_outcome_subjects(program_id, request.from, request.to,
                                                request.count_from == CountFrom::first_session);
  std::vector<Subject> subjects;
  subjects.reserve(data.size());
  for (const auto& subject : data) {
    subjects.push_back({&subject, counts_as_participant(subject, request),
                        !subject.left_on || *subject.left_on > request.to});
  }

  OutcomeReport report;
  report.request = request;
  std::vector<const Subject*> everyone;
  std::map<std::string, std::vector<const Subject*>> by_department;
  std::map<int, std::vector<const Subject*>> by_level;
  for (const auto& subject : subjects) {
    everyone.push_back(&subject);
    by_department[subject.data->department].push_back(&subject);
    by_level[subject.data->job_level].push_back(&subject);
  }
  report.overall = compare("everyone", everyone);
  for (const auto& [department, group] : by_department) {
    report.by_department.push_back(compare(department, group));
  }
  for (const auto& [level, group] : by_level) {
    report.by_level.push_back(compare(fmt::format("level {}", level), group));
  }
  report.matched = match(subjects);
  return report;
}

namespace {

nlohmann::json proportion_json(Proportion proportion) {
  const Interval interval = wilson_interval(proportion);
  return {{"count", proportion.count},
          {"total", proportion.total},
          {"rate", proportion.total == 0 ? nlohmann::json(nullptr) : nlohmann::json(proportion.rate())},
          {"ci95", {interval.low, interval.high}}};
}

nlohmann::json difference_json(Proportion participants, Proportion others, Interval interval) {
  if (participants.total == 0 || others.total == 0) {
    // No difference exists between a group and nobody.
    return {{"difference", nullptr}, {"ci95", {interval.low, interval.high}}, {"significant", false}};
  }
  return {{"difference", participants.rate() - others.rate()},
          {"ci95", {interval.low, interval.high}},
          {"significant", excludes_zero(interval)}};
}

nlohmann::json comparison_json(const Comparison& comparison) {
  const auto group = [](const GroupOutcome& outcome) {
    return nlohmann::json{{"people", outcome.retained.total},
                          {"retained", proportion_json(outcome.retained)},
                          {"promoted", proportion_json(outcome.promoted)}};
  };
  return {{"group", comparison.label},
          {"participants", group(comparison.participants)},
          {"others", group(comparison.others)},
          {"retention", difference_json(comparison.participants.retained,
                                        comparison.others.retained,
                                        comparison.retention_difference)},
          {"promotion", difference_json(comparison.participants.promoted,
                                        comparison.others.promoted,
                                        comparison.promotion_difference)}};
}

}  // namespace

nlohmann::json to_json(const OutcomeReport& report) {
  const auto& request = report.request;
  nlohmann::json departments = nlohmann::json::array();
  for (const auto& comparison : report.by_department) {
    departments.push_back(comparison_json(comparison));
  }
  nlohmann::json levels = nlohmann::json::array();
  for (const auto& comparison : report.by_level) levels.push_back(comparison_json(comparison));
  const auto& matched = report.matched;
  const auto matched_outcome = [](double participants, double controls, Interval interval) {
    return nlohmann::json{{"participants", participants},
                          {"control", controls},
                          {"difference", participants - controls},
                          {"ci95", {interval.low, interval.high}},
                          {"significant", excludes_zero(interval)}};
  };
  return {{"format", 1},
          {"program", request.program ? nlohmann::json(*request.program) : nlohmann::json(nullptr)},
          {"from", format_date(request.from)},
          {"to", format_date(request.to)},
          {"count_from",
           request.count_from == CountFrom::enrolment ? "enrolment" : "first-session"},
          {"method", "Newcombe hybrid score interval from Wilson intervals, 95%"},
          {"overall", comparison_json(report.overall)},
          {"by_department", departments},
          {"by_level", levels},
          {"matched",
           {{"strata", "department, job level, tenure band"},
            {"matched_participants", matched.matched_participants},
            {"unmatched_participants", matched.unmatched_participants},
            {"control_people", matched.control_people},
            {"method", "direct standardisation to the participants' strata, 95% Wald interval with Agresti-Caffo adjusted variances"},
            {"retention", matched_outcome(matched.participant_retention,
                                          matched.control_retention,
                                          matched.retention_difference)},
            {"promotion", matched_outcome(matched.participant_promotion,
                                          matched.control_promotion,
                                          matched.promotion_difference)}}}};
}

namespace {

std::string percent(double rate) { return fmt::format("{:.1f}%", 100 * rate); }

// A group's rate, or a dash for an empty group, which has none.
std::string rate_cell(Proportion proportion) {
  return proportion.total == 0 ? "-" : percent(proportion.rate());
}

std::string difference_text(Proportion participants, Proportion others, Interval interval) {
  if (participants.total == 0 || others.total == 0) return "no comparison (an empty group)";
  return fmt::format("{} pts [{}, {}]{}", format_points(participants.rate() - others.rate()),
                     format_points(interval.low), format_points(interval.high),
                     excludes_zero(interval) ? "" : " not significant");
}

enum class Outcome { stayed, promoted };

// One outcome of one comparison: the two groups' counts and the interval of the difference.
struct OutcomeFigures {
  const Proportion& participants;
  const Proportion& others;
  const Interval& difference;
};

OutcomeFigures figures(const Comparison& comparison, Outcome outcome) {
  if (outcome == Outcome::stayed) {
    return {comparison.participants.retained, comparison.others.retained,
            comparison.retention_difference};
  }
  return {comparison.participants.promoted, comparison.others.promoted,
          comparison.promotion_difference};
}

// One row per comparison for one outcome, so that each table fits a terminal.
void add_rows(Table& table, const Comparison& comparison, Outcome outcome) {
  const auto [p, o, interval] = figures(comparison, outcome);
  table.rows.push_back({comparison.label, std::to_string(p.total), std::to_string(o.total),
                        rate_cell(p), rate_cell(o), difference_text(p, o, interval)});
}

// A number for the CSV data tables: a fraction or a difference of fractions, to six places.
std::string number_cell(double value) { return fmt::format("{:.6f}", value); }

// The CSV row of one comparison: sizes, rates, the difference and its interval as plain
// numbers, empty where a group is empty.
void add_data_row(Table& table, const Comparison& comparison, Outcome outcome) {
  const auto [p, o, interval] = figures(comparison, outcome);
  const auto rate = [](Proportion proportion) {
    return proportion.total == 0 ? std::string() : number_cell(proportion.rate());
  };
  std::vector<std::string> row{comparison.label, std::to_string(p.total), std::to_string(o.total),
                               rate(p), rate(o)};
  if (p.total == 0 || o.total == 0) {
    row.insert(row.end(), {"", "", "", ""});
  } else {
    row.insert(row.end(), {number_cell(p.rate() - o.rate()), number_cell(interval.low),
                           number_cell(interval.high), excludes_zero(interval) ? "yes" : "no"});
  }
  table.rows.push_back(std::move(row));
}

Table comparison_data_table() {
  return Table{{"group", "participants", "others", "rate_participants", "rate_others",
                "difference", "ci95_low", "ci95_high", "significant"},
               {},
               {}};
}

// The section heading names the outcome, so the rate columns can stay short.
Table comparison_table() {
  return Table{{"group", "n (p)", "n (o)", "rate (p)", "rate (o)", "difference, 95% CI"},
               {},
               {false, true, true, true, true, false}};
}

// Adds a section per outcome with one row per comparison.
void add_sections(ReportDocument& document, const std::string& heading,
                  const std::vector<Comparison>& comparisons) {
  for (const auto outcome : {Outcome::stayed, Outcome::promoted}) {
    ReportSection section;
    section.heading = fmt::format("{}: {}", outcome == Outcome::stayed ? "Stayed" : "Promoted",
                                  heading);
    section.table = comparison_table();
    section.data = comparison_data_table();
    for (const auto& comparison : comparisons) {
      add_rows(*section.table, comparison, outcome);
      add_data_row(*section.data, comparison, outcome);
    }
    document.sections.push_back(std::move(section));
  }
}

}  // namespace

ReportDocument to_document(const OutcomeReport& report) {
  const auto& request = report.request;
  ReportDocument document;
  document.title = fmt::format("Outcomes of {}", request.program ? *request.program : "all programs");
  document.summary.push_back(fmt::format(
      "From {} to {}; participants counted from {}.", format_date(request.from),
      format_date(request.to),
      request.count_from == CountFrom::enrolment ? "enrolment" : "their first held session"));

  document.summary.push_back(
      "(p) is participants, (o) everyone else, and n the number of people in the group.");
  add_sections(document, "participants against everyone else", {report.overall});
  const auto& p = report.overall.participants;
  const auto& o = report.overall.others;
  document.sections.front().chart = BarChart{
      "Stayed to the end of the period",
      {{"participants", p.retained.rate(),
        fmt::format("{} of {}", rate_cell(p.retained), p.retained.total)},
       {"others", o.retained.rate(),
        fmt::format("{} of {}", rate_cell(o.retained), o.retained.total)}}};
  add_sections(document, "by department", report.by_department);
  add_sections(document, "by job level", report.by_level);

  const auto& matched = report.matched;
  ReportSection strata;
  strata.heading = "Against a matched control group";
  strata.paragraphs.push_back(fmt::format(
      "Participants compared with non-participants of the same department, job level and "
      "tenure band: {} matched against {}; {} no match.",
      counted(matched.matched_participants, "participant", "participants"),
      counted(matched.control_people, "other", "others"),
      counted(matched.unmatched_participants, "participant had", "participants had")));
  if (matched.matched_participants > 0) {
    strata.table = Table{{"outcome", "participants", "control", "difference (95% CI)"},
                         {},
                         {false, true, true, false}};
    const auto row = [](const char* name, double participants, double control, Interval interval) {
      return std::vector<std::string>{
          name, percent(participants), percent(control),
          fmt::format("{} points, {} to {}{}", format_points(participants - control),
                      format_points(interval.low), format_points(interval.high),
                      excludes_zero(interval) ? "" : ", not significant")};
    };
    strata.table->rows.push_back(row("stayed", matched.participant_retention,
                                     matched.control_retention, matched.retention_difference));
    strata.table->rows.push_back(row("promoted", matched.participant_promotion,
                                     matched.control_promotion, matched.promotion_difference));

    strata.data = Table{{"outcome", "rate_participants", "rate_control", "difference", "ci95_low",
                         "ci95_high", "significant"},
                        {},
                        {}};
    const auto data_row = [](const char* name, double participants, double control,
                             Interval interval) {
      return std::vector<std::string>{name,
                                      number_cell(participants),
                                      number_cell(control),
                                      number_cell(participants - control),
                                      number_cell(interval.low),
                                      number_cell(interval.high),
                                      excludes_zero(interval) ? "yes" : "no"};
    };
    strata.data->rows.push_back(data_row("stayed", matched.participant_retention,
                                         matched.control_retention,
                                         matched.retention_difference));
    strata.data->rows.push_back(data_row("promoted", matched.participant_promotion,
                                         matched.control_promotion,
                                         matched.promotion_difference));
  }
  strata.notes.push_back(
      "Intervals: Newcombe's hybrid score method from Wilson intervals; the matched figures are "
      "standardised to the participants' strata, with a Wald interval from Agresti-Caffo adjusted variances. 'Not significant' means "
      "the 95% interval includes zero, so the data do not show a difference.");
  document.sections.push_back(std::move(strata));
  return document;
}

}  // namespace mentor
