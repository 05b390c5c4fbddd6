// mentor report: progress, engagement, mix, outcome and weekly figures of programs.
#include <unistd.h>

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/engagement.hpp"
#include "mentor/errors.hpp"
#include "mentor/mail.hpp"
#include "mentor/mix.hpp"
#include "mentor/outcomes.hpp"
#include "mentor/private_file.hpp"
#include "mentor/progress.hpp"
#include "mentor/text.hpp"
#include "mentor/weekly.hpp"
#include "mentor/zones.hpp"

namespace mentor::cli {

namespace {

void add_format_option(CLI::App& command, std::string& format) {
  command.add_option("--format", format, "Output: text (default), json, csv, markdown or html")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown", "html"}));
}

// Prints the report in the chosen format, in colour only when stdout is_interactive().
void print_report(const std::string& format, const nlohmann::json& json,
                  const ReportDocument& document) {
  if (format == "json") {
    print_json(json);
    return;
  }
  std::cout << render_report(document, parse_report_format(format),
                                 is_interactive(STDOUT_FILENO));
}

void register_progress(CLI::App& group, Context& context) {
  struct Options {
    std::string program;
    bool json = false;
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  auto* command =
      group.add_subcommand("progress",
                           "Pairs by the session they are on, completed, ended early and overdue; "
                           "sessions held against sessions due");
  command->add_option("program", options->program, "Program name")->required();
  add_json_flag(*command, options->json);
  add_format_option(*command, options->format);
  command->callback([&context, options]() {
    const ProgressReport report =
        compute_progress(context.store(), options->program, context.today());
    print_report(options->json ? "json" : options->format, to_json(report), to_document(report));
  });
}

void register_engagement(CLI::App& group, Context& context) {
  struct Options {
    std::optional<std::string> program;
    std::string from;
    std::string to;
    bool json = false;
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "engagement",
      "Sessions held, missed and cancelled, minutes, ratings, confidence change "
      "and micro-sessions, per program and per week");
  command->add_option("program", options->program, "Program (default: every program)");
  command->add_option("--from", options->from,
                      "First day of the period (YYYY-MM-DD; default: the first session)");
  command->add_option("--to", options->to,
                      "Last day of the period (YYYY-MM-DD; default: the last session)");
  add_json_flag(*command, options->json);
  add_format_option(*command, options->format);
  command->callback([&context, options]() {
    EngagementRequest request;
    request.program = options->program;
    if (!options->from.empty()) request.from = parse_date_option(options->from, "--from");
    if (!options->to.empty()) request.to = parse_date_option(options->to, "--to");
    const EngagementReport report = compute_engagement(context.store(), request);
    print_report(options->json ? "json" : options->format, to_json(report), to_document(report));
  });
}

void register_mix(CLI::App& group, Context& context) {
  struct Options {
    std::string program;
    bool json = false;
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  auto* command = group.add_subcommand(
      "mix",
      "Pairs across departments, education fields and time zones, their shared working "
      "hours, and the minutes mentored from each department to each other");
  command->add_option("program", options->program, "Program name")->required();
  add_json_flag(*command, options->json);
  add_format_option(*command, options->format);
  command->callback([&context, options]() {
    // The working day the pairing rules score overlap with, so both agree.
    const PairingRules& rules = context.config().pairing_for(options->program);
    const WorkingDay working_day{std::chrono::minutes{rules.working_day_start},
                                 std::chrono::minutes{rules.working_day_end}};
    const MixReport report = compute_mix(context.store(), options->program, working_day);
    print_report(options->json ? "json" : options->format, to_json(report), to_document(report));
  });
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

struct WeeklyOptions {
  std::string week;
  WeeklyScope scope;
  std::string format = "text";
  bool json = false;
  bool email = false;
  std::vector<std::string> to;
  bool dry_run = false;
  bool force = false;
  bool verbose = false;
};

// Mails the summary to each recipient, each scoped to their own people. A summary
// already sent for the week is skipped unless forced; a deferred one is not recorded,
// so the next run sends it. Throws Error (temp_fail) after the loop when any was
// deferred, so that cron reports the run as unfinished.
void mail_weekly(Context& context, const WeeklyOptions& options, Date monday) {
  const EmailConfig& email = context.config().email;
  std::vector<MailRecipient> recipients;
  for (const auto& address : options.to) {
    recipients.push_back({address, "", options.scope.program, options.scope.department});
  }
  if (recipients.empty()) recipients = email.recipients;
  if (recipients.empty()) {
    throw UsageError("no recipients: give --to ADDRESS, or add [[email.recipients]] to the "
                     "config file");
  }

  Store& store = context.store();
  // Two runs at once would both find the week unsent and both mail it, so a run holds
  // this lock from the check to the record. (A dry run sends nothing and needs none.)
  std::optional<FileLock> lock;
  if (!options.dry_run) {
    auto lock_file = context.paths().database_file;
    lock_file += ".weekly-mail.lock";
    lock.emplace(lock_file, lock_timeout_seconds());
  }
  std::size_t deferred = 0;
  for (const auto& recipient : recipients) {
    const WeeklySummary summary =
        compute_weekly(store, monday, {recipient.program, recipient.department},
                       OutcomeDetail::overall);
    if (!options.dry_run && !options.force &&
        store.was_report_sent("weekly", summary.week, recipient.address)) {
      // A cron job runs this again and again; a week already sent is no news to mail.
      if (options.verbose) {
        print_note(context, fmt::format("mentor: weekly summary {} was already sent to {}; "
                                        "--force sends it again\n",
                                        summary.week, recipient.address));
      }
      continue;
    }
    const ReportDocument document = to_document(summary);
    MailMessage message = new_message(email);
    message.to.push_back({recipient.name, recipient.address});
    message.subject = fmt::format("Mentoring summary, week {}", summary.week);
    message.text = render_report(document, ReportFormat::text);
    message.html = render_report(document, ReportFormat::html);
    const ComposedMessage composed = compose_mime(message);
    if (options.dry_run) {
      std::cout << composed.mime << "\r\n";
      continue;
    }
    if (deliver(email, {recipient.address}, composed.mime) == SendmailResult::deferred) {
      ++deferred;
      std::cerr << fmt::format("mentor: the mail system deferred the summary to {}; the next "
                               "run sends it again\n",
                               escape_control(recipient.address));
      continue;
    }
    run_in_transaction(context, false, [&] {
      store.record_report_sent("weekly", summary.week, recipient.address, composed.message_id,
                               format_utc(context.now()));
    });
    if (options.verbose) {
      print_text(fmt::format("sent weekly summary {} to {}\n", summary.week, recipient.address));
    }
  }
  if (deferred > 0) {
    throw Error(ExitStatus::temp_fail,
                fmt::format("{} of {} summaries were deferred by the mail system; run again later",
                            deferred, recipients.size()));
  }
}

void register_weekly(CLI::App& group, Context& context) {
  auto options = std::make_shared<WeeklyOptions>();
  auto* command = group.add_subcommand(
      "weekly", "Summary of one week (Monday to Sunday): sessions, new, completed and overdue "
                "pairs, departures and outcomes; --email mails it");
  command->add_option("--week", options->week,
                      "Any day of the week to report (YYYY-MM-DD; default: the last full week "
                      "in email.timezone)");
  command->add_option("--program", options->scope.program, "Only this program");
  command->add_option("--department", options->scope.department,
                      "Only pairs with a mentor or mentee in this department");
  add_format_option(*command, options->format);
  add_json_flag(*command, options->json);
  command->add_flag("--email", options->email,
                    "Mail the summary (text and HTML) to --to or to [[email.recipients]]");
  command->add_option("--to", options->to, "Recipient address; repeat for several");
  command->add_flag("--dry-run,-n", options->dry_run,
                    "With --email: print the MIME messages instead of sending them");
  command->add_flag("--force", options->force,
                    "With --email: send even when this week's summary was already sent");
  command->add_flag("--verbose,-v", options->verbose,
                    "With --email: say what was sent, and which weeks were sent before");
  command->callback([&context, options]() {
    const auto* zone = require_zone(context.config().email.timezone);
    const Date today = local_day(context.now(), zone);
    const Date monday = options->week.empty()
                            ? last_full_week(today)
                            : week_start(parse_date_option(options->week, "--week"));
    if (options->email) {
      if (options->json || options->format != "text") {
        throw UsageError("--json and --format choose how the summary is printed, and --email "
                         "mails it as text and HTML: leave them out, or drop --email");
      }
      mail_weekly(context, *options, monday);
      return;
    }
    if (!options->to.empty() || options->dry_run || options->force) {
      throw UsageError("--to, --dry-run and --force apply to --email: add --email to mail the "
                       "summary");
    }
    // The text shows the overall outcome figures only. The JSON contains the whole report.
    const std::string format = options->json ? "json" : options->format;
    const WeeklySummary summary =
        compute_weekly(context.store(), monday, options->scope,
                       format == "json" ? OutcomeDetail::full : OutcomeDetail::overall);
    print_report(format, to_json(summary), to_document(summary));
  });
}

}  // namespace

void register_report(CLI::App& app, Context& context) {
  auto* group = app.add_subcommand(
      "report", "Reports on programs: progress, engagement, mix, outcomes and the week");
  group->require_subcommand(1);
  register_progress(*group, context);
  register_engagement(*group, context);
  register_mix(*group, context);
  register_outcomes(*group, context);
  register_weekly(*group, context);
}

}  // namespace mentor::cli
