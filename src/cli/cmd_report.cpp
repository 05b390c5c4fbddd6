// mentor report: outcome figures of programs.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/outcomes.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

std::string percent(double rate) { return fmt::format("{:.1f}%", 100 * rate); }

std::string difference_cell(Proportion participants, Proportion others, Interval interval) {
  if (participants.total == 0 || others.total == 0) return "no comparison";
  return fmt::format("{:+.1f} pts [{:+.1f}, {:+.1f}]{}", 100 * (participants.rate() - others.rate()),
                     100 * interval.low, 100 * interval.high,
                     excludes_zero(interval) ? "" : " not significant");
}

// A 20-character bar of `rate`, for a picture of the rates in a terminal.
std::string bar(double rate) {
  const auto filled = static_cast<std::size_t>(std::lround(rate * 20));
  std::string out;
  for (std::size_t i = 0; i < 20; ++i) out += i < filled ? "\u2588" : "\u00b7";
  return out;
}

void add_rows(Table& table, const Comparison& comparison) {
  const auto& p = comparison.participants;
  const auto& o = comparison.others;
  table.rows.push_back({comparison.label, "participants", std::to_string(p.retained.total),
                        percent(p.retained.rate()), bar(p.retained.rate()),
                        percent(p.promoted.rate()), ""});
  table.rows.push_back({"", "others", std::to_string(o.retained.total), percent(o.retained.rate()),
                        bar(o.retained.rate()), percent(o.promoted.rate()), ""});
  table.rows.push_back({"", "retention", "", "", "",
                        "", difference_cell(p.retained, o.retained,
                                            comparison.retention_difference)});
  table.rows.push_back({"", "promotion", "", "", "", "",
                        difference_cell(p.promoted, o.promoted, comparison.promotion_difference)});
}

void print_outcomes(const OutcomeReport& report) {
  const auto& request = report.request;
  print_text(fmt::format("Outcomes of {} from {} to {}, participants counted from {}\n\n",
                         request.program ? *request.program : "all programs",
                         format_date(request.from), format_date(request.to),
                         request.count_from == CountFrom::enrolment ? "enrolment"
                                                                    : "their first session"));
  Table table{{"group", "", "people", "stayed", "", "promoted", "difference (95% CI)"},
              {},
              {false, false, true, true, false, true, false}};
  add_rows(table, report.overall);
  for (const auto& comparison : report.by_department) add_rows(table, comparison);
  for (const auto& comparison : report.by_level) add_rows(table, comparison);
  std::cout << render_table(table);

  const auto& matched = report.matched;
  print_text(fmt::format(
      "\nMatched on department, job level and tenure band: {} participants matched against "
      "{} others; {} participants had no match.\n",
      matched.matched_participants, matched.control_people, matched.unmatched_participants));
  if (matched.matched_participants > 0) {
    print_text(fmt::format("  stayed:   {} against {} ({:+.1f} pts, 95% CI {:+.1f} to {:+.1f})\n",
                           percent(matched.participant_retention),
                           percent(matched.control_retention),
                           100 * (matched.participant_retention - matched.control_retention),
                           100 * matched.retention_difference.low,
                           100 * matched.retention_difference.high));
    print_text(fmt::format("  promoted: {} against {} ({:+.1f} pts, 95% CI {:+.1f} to {:+.1f})\n",
                           percent(matched.participant_promotion),
                           percent(matched.control_promotion),
                           100 * (matched.participant_promotion - matched.control_promotion),
                           100 * matched.promotion_difference.low,
                           100 * matched.promotion_difference.high));
  }
  print_text("\nIntervals: Newcombe's hybrid score method from Wilson intervals; matched "
             "figures are standardised to the participants' strata with a Wald interval. "
             "'not significant' means the interval includes zero.\n");
}

void register_outcomes(CLI::App& group, Context& context) {
  struct Options {
    std::optional<std::string> program;
    std::string from;
    std::string to;
    std::string count_from = "enrolment";
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "outcomes", "Retention and promotion of participants against everyone else over a period");
  command->add_option("program", options->program, "Program (default: every program)");
  command->add_option("--from", options->from, "First day of the period (YYYY-MM-DD)")
      ->required();
  command->add_option("--to", options->to, "Last day of the period (YYYY-MM-DD)")->required();
  command->add_option("--count-from", options->count_from,
                      "When a person becomes a participant: enrolment (default) or "
                      "first-session")
      ->check(CLI::IsMember({"enrolment", "first-session"}));
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    OutcomeRequest request;
    request.program = options->program;
    request.from = parse_date_option(options->from, "--from");
    request.to = parse_date_option(options->to, "--to");
    request.count_from =
        options->count_from == "first-session" ? CountFrom::first_session : CountFrom::enrolment;
    const OutcomeReport report = compute_outcomes(context.store(), request);
    if (options->json) {
      print_json(to_json(report));
      return;
    }
    print_outcomes(report);
  });
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("report", "Reports on programs and their outcomes");
  group->require_subcommand(1);
  register_outcomes(*group, context);
}

}  // namespace mentor::cli
