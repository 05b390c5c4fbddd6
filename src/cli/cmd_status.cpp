// mentor status: every pair of a program, its current session and what is due.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/status.hpp"
#include "mentor/text.hpp"

namespace mentor::cli {

namespace {

std::string due_cell(const PairStatus& row, Date today) {
  if (!row.next_due) {
    if (row.pair.state == PairState::completed) return "completed";
    return row.pair.end_reason.empty() ? "ended" : "ended: " + row.pair.end_reason;
  }
  const auto days = (*row.next_due - today).count();
  if (days < 0) return fmt::format("{} (overdue {} d)", format_date(*row.next_due), -days);
  if (days == 0) return fmt::format("{} (today)", format_date(*row.next_due));
  return fmt::format("{} (in {} d)", format_date(*row.next_due), days);
}

void print_status(const ProgramStatus& status) {
  const auto& program = status.program;
  const auto total = program.sessions.size();
  print_text(fmt::format("{}: template {}, started {}, today {}\n\n", program.name,
                           program.template_name, format_date(program.start),
                           format_date(status.today)));
  Table table{
      {"mentee", "name", "mentor", "name", "session", "last held", "next due", "goals"}, {}, {}};
  int overdue = 0;
  for (const auto& row : status.pairs) {
    overdue += row.overdue ? 1 : 0;
    std::string session = fmt::format("{}/{}", row.pair.sessions_held, total);
    if (row.pair.state == PairState::active) {
      session = fmt::format("{}/{} {}", row.pair.sessions_held + 1, total,
                            program.sessions[static_cast<std::size_t>(row.pair.sessions_held)].title);
    }
    table.rows.push_back(
        {row.mentee.employee_id, row.mentee.name, row.mentor.employee_id, row.mentor.name, session,
         row.last_held ? format_date(*row.last_held) : "-", due_cell(row, status.today),
         fmt::format("{}/{}", row.goals_done, row.goals_total)});
  }
  std::cout << render_table(table);
  print_text(fmt::format("\n{}, {} overdue; {} enrolled; {} unpaired; {}\n",
                         counted(status.pairs.size(), "pair", "pairs"), overdue,
                         counted(status.mentors, "mentor", "mentors"),
                         counted(status.unpaired_mentees.size(), "mentee", "mentees"),
                         counted(status.micro_sessions, "micro-session", "micro-sessions")));
  for (const auto& person : status.unpaired_mentees) {
    print_text(fmt::format("unpaired: {} {}\n", person.employee_id, person.name));
  }
}

}  // namespace

void register_status(CLI::App& app, Context& context) {
  struct Options {
    std::string program;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command =
      app.add_subcommand("status", "Show each pair of a program: its session and what is due");
  command->add_option("program", options->program, "Program name")->required();
  add_json_flag(*command, options->json);
  command->callback([&context, options]() {
    const auto status = program_status(context.store(), options->program, context.today());
    if (options->json) {
      print_json(to_json(status));
      return;
    }
    print_status(status);
  });
}

}  // namespace mentor::cli
