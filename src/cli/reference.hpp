// The manual page, the Markdown command reference and the shell completions, all
// generated from the CLI11 command tree. They list exactly the commands and options
// the parser accepts, so they cannot drift from it when a command is added.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace mentor::cli {

// One command of the tree: its words after "mentor" (empty for mentor itself).
struct CommandEntry {
  std::vector<std::string> path;
  const CLI::App* app = nullptr;
};

// Returns `app` and every visible subcommand below it, depth first in the order the
// commands were added. Hidden commands (CLI11 group "") and their subcommands are left out.
std::vector<CommandEntry> list_commands(const CLI::App& app);

// Returns the manual page (roff, man section 1) for the command tree under `app`.
std::string generate_man_page(const CLI::App& app);

// Returns the Markdown reference of every command and option under `app`.
std::string generate_markdown(const CLI::App& app);

// Returns a completion script for `shell` (bash, zsh or fish). Throws
// std::invalid_argument for any other shell name.
std::string generate_completion(const CLI::App& app, const std::string& shell);

// CLI11's help layout with an option's "Needs:" and "Excludes:" lists on lines of
// their own under its description. CLI11 puts them in the name column, where they run
// into the description. Set it on the app before adding commands, which copy it.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
};

// Adds the hidden option --generate FORMAT to `app`. It prints the man page (man),
// the reference (markdown) or a completion script (bash, zsh, fish) on stdout and
// exits 0 before any command runs, so the build can call it without a config file.
void add_generate_option(CLI::App& app);

}  // namespace mentor::cli
