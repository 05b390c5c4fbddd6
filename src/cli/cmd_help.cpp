// mentor help: the help of a command, as `mentor COMMAND --help` prints it.
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mentor/errors.hpp"

namespace mentor::cli {

namespace {

// Returns the visible subcommand of `parent` named `name`, or nullptr.
const CLI::App* find_subcommand(const CLI::App& parent, const std::string& name) {
  for (const auto* command : parent.get_subcommands({})) {
    if (!command->get_group().empty() && command->check_name(name)) return command;
  }
  return nullptr;
}

}  // namespace

void register_help(CLI::App& app) {
  auto words = std::make_shared<std::vector<std::string>>();
  auto* command =
      app.add_subcommand("help",
                         "Show the help of a command, e.g. 'mentor help people import'; with no "
                         "command, list the commands");
  command->add_option("command", *words, "A command and its subcommands, e.g. people import");
  command->callback([&app, words]() {
    const CLI::App* target = &app;
    std::string command_path = app.get_name();
    for (const auto& word : *words) {
      target = find_subcommand(*target, word);
      if (target == nullptr) {
        throw UsageError(
            fmt::format("unknown command '{}': run 'mentor help' to list the "
                        "commands",
                        fmt::join(*words, " ")));
      }
      command_path += " " + word;
    }
    std::cout << target->get_formatter()->make_help(target, command_path,
                                                    CLI::AppFormatMode::Normal);
  });
}

}  // namespace mentor::cli
