// mentor report: outcome figures of programs.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"
#include "mentor/outcomes.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

void add_format_option(CLI::App& command, std::string& format) {
  command.add_option("--format", format, "Output: text (default), json, csv, markdown or html")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown", "html"}));
}

// Prints the report in the chosen format. Colour only on a terminal, never with NO_COLOR.
void print_report(const std::string& format, const nlohmann::json& json,
                  const ReportDocument& document) {
  if (format == "json") {
    print_json(json);
    return;
  }
  const bool color = isatty(STDOUT_FILENO) != 0 && !process_env("NO_COLOR");
  std::cout << render_report(document, parse_report_format(format), color);
}

void register_outcomes(CLI::App& group, Context& context) {
  struct Options {
    std::optional<std::string> program;
    std::string from;
    std::string to;
    std::string count_from = "enrolment";
    bool json = false;
    std::string format = "text";
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
  add_format_option(*command, options->format);
  command->callback([&context, options]() {
    OutcomeRequest request;
    request.program = options->program;
    request.from = parse_date_option(options->from, "--from");
    request.to = parse_date_option(options->to, "--to");
    request.count_from =
        options->count_from == "first-session" ? CountFrom::first_session : CountFrom::enrolment;
    const OutcomeReport report = compute_outcomes(context.store(), request);
    print_report(options->json ? "json" : options->format, to_json(report), to_document(report));
  });
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand("report", "Reports on programs and their outcomes");
  group->require_subcommand(1);
  register_outcomes(*group, context);
}

}  // namespace mentor::cli
