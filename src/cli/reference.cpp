#include "reference.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "mentor/version.hpp"

namespace mentor::cli {

namespace {

bool is_visible(const CLI::Option* option) { return !option->get_group().empty(); }

bool is_visible(const CLI::App* command) { return !command->get_group().empty(); }

bool takes_value(const CLI::Option* option) { return option->get_items_expected_max() > 0; }

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  std::vector<const CLI::App*> commands;
  for (const auto* command : app.get_subcommands({})) {
    if (is_visible(command)) commands.push_back(command);
  }
  return commands;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const auto& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

std::string command_line(const CommandEntry& entry) {
  std::vector<std::string> words{"mentor"};
  words.insert(words.end(), entry.path.begin(), entry.path.end());
  return join(words, " ");
}

void collect_commands(const CLI::App& app, std::vector<std::string> path,
                      std::vector<CommandEntry>& entries) {
  entries.push_back({path, &app});
  for (const auto* command : visible_subcommands(app)) {
    auto child = path;
    child.push_back(command->get_name());
    collect_commands(*command, child, entries);
  }
}

// The options listed for a command: visible ones, without the help flag that every
// command has (the global options list it once).
std::vector<const CLI::Option*> listed_options(const CLI::App& command, bool positional) {
  std::vector<const CLI::Option*> options;
  for (const auto* option : command.get_options()) {
    if (!is_visible(option) || option->get_positional() != positional) continue;
    if (command.get_parent() != nullptr && option == command.get_help_ptr()) continue;
    options.push_back(option);
  }
  return options;
}

// The placeholder for an option's value: the choices when CLI11 checks the value
// against a set ("{csv,json}"), else the CLI11 type name such as TEXT or INT.
std::string value_name(const CLI::Option* option) {
  const std::string type = option->get_type_name();
  const auto choices = type.find('{');
  if (choices != std::string::npos) {
    return type.substr(choices, type.find('}', choices) - choices + 1);
  }
  std::string name = type.substr(0, type.find(':'));
  if (option->get_expected_max() > 1) name += " ...";
  return name;
}

std::vector<std::string> option_names(const CLI::Option* option) {
  std::vector<std::string> names;
  for (const auto& name : option->get_snames()) names.push_back("-" + name);
  for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

std::string positional_name(const CLI::Option* option) {
  std::string name = option->get_name(true);
  if (option->get_expected_max() > 1) name += "...";
  return option->get_required() ? "<" + name + ">" : "[" + name + "]";
}

// The description with the default value and "required" added when the
// description does not already say them.
std::string option_description(const CLI::Option* option) {
  std::string text = option->get_description();
  const std::string default_value = option->get_default_str();
  if (!default_value.empty() && text.find("default") == std::string::npos) {
    text += fmt::format(" (default: {})", default_value);
  }
  if (option->get_required() && !option->get_positional()) text += " (required)";
  return text;
}

// The usage line of a command: its path, options, then arguments.
std::string usage_line(const CommandEntry& entry) {
  const CLI::App& command = *entry.app;
  std::vector<std::string> words{command_line(entry)};
  if (!listed_options(command, false).empty()) words.push_back("[options]");
  for (const auto* option : listed_options(command, true)) words.push_back(positional_name(option));
  if (!visible_subcommands(command).empty()) {
    words.push_back(command.get_require_subcommand_min() > 0 ? "<command>" : "[command]");
  }
  return join(words, " ");
}

// Escapes text for roff: backslashes, hyphens (so they print as ASCII hyphen-minus
// and can be searched for) and a leading dot or quote, which would start a request.
// A line break becomes a space, so no later line can start a request either.
std::string roff(std::string_view text) {
  std::string out;
  if (!text.empty() && (text.front() == '.' || text.front() == '\'')) out += "\\&";
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string man_option_tag(const CLI::Option* option) {
  std::vector<std::string> names;
  for (const auto& name : option_names(option)) names.push_back("\\fB" + roff(name) + "\\fR");
  std::string tag = join(names, ", ");
  if (takes_value(option)) tag += " \\fI" + roff(value_name(option)) + "\\fR";
  return tag;
}

void write_man_options(std::string& out, const CLI::App& command) {
  for (const auto* option : listed_options(command, true)) {
    out += fmt::format(".TP\n\\fI{}\\fR\n{}\n", roff(positional_name(option)),
                       roff(option_description(option)));
  }
  for (const auto* option : listed_options(command, false)) {
    out += fmt::format(".TP\n{}\n{}\n", man_option_tag(option), roff(option_description(option)));
  }
}

// The NAME line's summary: the root description up to its first colon or full stop,
// starting in lower case as man pages do.
std::string short_summary(const CLI::App& app) {
  std::string summary = app.get_description();
  summary = summary.substr(0, summary.find_first_of(":."));
  if (!summary.empty()) {
    summary[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(summary[0])));
  }
  return summary;
}

std::string markdown_option(const std::string& names, const std::string& description) {
  return fmt::format("- `{}`: {}\n", names, description);
}

void write_markdown_options(std::string& out, const CLI::App& command) {
  for (const auto* option : listed_options(command, true)) {
    out += markdown_option(positional_name(option), option_description(option));
  }
  for (const auto* option : listed_options(command, false)) {
    std::string names = join(option_names(option), ", ");
    if (takes_value(option)) names += " " + value_name(option);
    out += markdown_option(names, option_description(option));
  }
}

// The words a completion offers after a command path: its subcommands, its options
// and the global options, and which of those options take a value.
struct CompletionWords {
  std::string path;
  std::vector<const CLI::App*> commands;
  std::vector<std::string> options;
  std::vector<std::string> value_options;
};

std::vector<std::string> command_names(const std::vector<const CLI::App*>& commands) {
  std::vector<std::string> names;
  for (const auto* command : commands) names.push_back(command->get_name());
  return names;
}

void add_option_words(const CLI::App& command, CompletionWords& words) {
  for (const auto* option : command.get_options()) {
    if (!is_visible(option) || option->get_positional()) continue;
    for (const auto& name : option_names(option)) {
      words.options.push_back(name);
      if (takes_value(option)) words.value_options.push_back(name);
    }
  }
}

std::vector<CompletionWords> completion_words(const CLI::App& app) {
  std::vector<CompletionWords> table;
  for (const auto& entry : list_commands(app)) {
    CompletionWords words;
    words.path = join(entry.path, " ");
    words.commands = visible_subcommands(*entry.app);
    add_option_words(*entry.app, words);
    // Global options may follow the command, because the root app falls through.
    if (entry.app != &app) add_option_words(app, words);
    table.push_back(std::move(words));
  }
  return table;
}

// The shell functions that bash and zsh share: _mentor_words sets mentor_commands,
// mentor_options and mentor_value_options for the command path in $1, and
// _mentor_walk finds the command path in the words it is given, skipping the values
// of options.
std::string posix_words_function(const CLI::App& app) {
  std::string out = "_mentor_words() {\n  case \"$1\" in\n";
  for (const auto& words : completion_words(app)) {
    out += fmt::format(
        "    \"{}\")\n      mentor_commands=\"{}\"\n      mentor_options=\"{}\"\n"
        "      mentor_value_options=\"{}\" ;;\n",
        words.path, join(command_names(words.commands), " "), join(words.options, " "),
        join(words.value_options, " "));
  }
  out += "    *) mentor_commands=\"\" mentor_options=\"\" mentor_value_options=\"\" ;;\n";
  out += "  esac\n}\n";
  out += R"(
_mentor_walk() {
  local word skip=0
  mentor_path=""
  _mentor_words ""
  for word in "$@"; do
    if ((skip)); then
      skip=0
    elif [[ " $mentor_value_options " == *" $word "* ]]; then
      skip=1
    elif [[ $word != -* && " $mentor_commands " == *" $word "* ]]; then
      mentor_path="${mentor_path:+$mentor_path }$word"
      _mentor_words "$mentor_path"
    fi
  done
}
)";
  return out;
}

std::string bash_completion(const CLI::App& app) {
  std::string out = "# bash completion for mentor, generated by 'mentor --generate bash'.\n\n";
  out += posix_words_function(app);
  out += R"(
# Offers the subcommands or the options of the command before the cursor. After an
# option that takes a value, or when nothing matches, bash completes file names.
_mentor() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local mentor_path mentor_commands mentor_options mentor_value_options
  _mentor_walk "${COMP_WORDS[@]:1:COMP_CWORD-1}"
  COMPREPLY=()
  if [[ " $mentor_value_options " == *" $prev "* ]]; then
    return
  fi
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$mentor_options" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "$mentor_commands" -- "$cur")
  fi
}
complete -o default -F _mentor mentor
)";
  return out;
}

std::string zsh_completion(const CLI::App& app) {
  std::string out =
      "#compdef mentor\n# zsh completion for mentor, generated by "
      "'mentor --generate zsh'.\n\n";
  out += posix_words_function(app);
  out += R"(
# Offers the subcommands or the options of the command before the cursor, or file
# names after an option that takes a value.
_mentor() {
  local mentor_path mentor_commands mentor_options mentor_value_options
  _mentor_walk "${(@)words[2,CURRENT-1]}"
  if [[ " $mentor_value_options " == *" ${words[CURRENT-1]} "* ]]; then
    _files
  elif [[ ${words[CURRENT]} == -* ]]; then
    compadd -- ${=mentor_options}
  elif [[ -n $mentor_commands ]]; then
    compadd -- ${=mentor_commands}
  else
    _files
  fi
}

_mentor "$@"
)";
  return out;
}

std::string fish_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_completion(const CLI::App& app) {
  std::string out = "# fish completion for mentor, generated by 'mentor --generate fish'.\n\n";
  out += "function __mentor_words --argument-names mentor_path\n    switch $mentor_path\n";
  for (const auto& words : completion_words(app)) {
    std::vector<std::string> commands;
    for (const auto* command : words.commands) {
      commands.push_back(fish_quote(command->get_name() + "\t" + command->get_description()));
    }
    std::vector<std::string> options;
    for (const auto& name : words.options) options.push_back(fish_quote(name));
    std::vector<std::string> value_options;
    for (const auto& name : words.value_options) value_options.push_back(fish_quote(name));
    out += fmt::format(
        "        case {}\n            set -g __mentor_commands {}\n"
        "            set -g __mentor_options {}\n            set -g __mentor_value_options {}\n",
        fish_quote(words.path), join(commands, " "), join(options, " "), join(value_options, " "));
  }
  out +=
      "        case '*'\n            set -g __mentor_commands\n            set -g "
      "__mentor_options\n            set -g __mentor_value_options\n    end\nend\n";
  out += R"(
# Walks the tokens before the cursor to find the command path, skipping option
# values, then prints the subcommands or the options of that command, or file
# names after an option that takes a value.
function __mentor_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l mentor_path ''
    set -l skip 0
    __mentor_words ''
    for word in $tokens[2..-1]
        if test $skip -eq 1
            set skip 0
        else if contains -- $word $__mentor_value_options
            set skip 1
        else if not string match -q -- '-*' $word
            and contains -- $word (string replace -r '\t.*' '' -- $__mentor_commands)
            set mentor_path (string trim -- "$mentor_path $word")
            __mentor_words $mentor_path
        end
    end
    if test $skip -eq 1
        __fish_complete_path $current
    else if string match -q -- '-*' $current
        printf '%s\n' $__mentor_options
    else if test (count $__mentor_commands) -gt 0
        printf '%s\n' $__mentor_commands
    else
        __fish_complete_path $current
    end
end

complete -c mentor -f -a '(__mentor_complete)'
)";
  return out;
}

// The ENVIRONMENT and FILES sections, which no option of the command tree describes.
std::string man_environment_and_files() {
  std::string out =
      ".SH ENVIRONMENT\n"
      ".TP\n.B MENTOR_CONFIG\nThe config file, when \\-\\-config is not given.\n"
      ".TP\n.B MENTOR_DB\nThe database file, when \\-\\-db is not given.\n"
      ".TP\n.B MENTOR_NOW\nThe current instant, when \\-\\-now is not given.\n"
      ".TP\n.B NO_COLOR\nWhen set, mentor prints no colour or progress and opens no editor.\n"
      ".TP\n.B EDITOR\nThe editor for session notes, when standard input and output are "
      "terminals.\n";
  out +=
      ".SH FILES\n"
      ".TP\n.I $XDG_CONFIG_HOME/mentor/config.toml\nThe config file "
      "(~/.config/mentor/config.toml when XDG_CONFIG_HOME is not set).\n"
      ".TP\n.I $XDG_DATA_HOME/mentor/mentor.db\nThe SQLite database "
      "(~/.local/share/mentor/mentor.db when XDG_DATA_HOME is not set).\n";
  return out;
}

}  // namespace

std::vector<CommandEntry> list_commands(const CLI::App& app) {
  std::vector<CommandEntry> entries;
  collect_commands(app, {}, entries);
  return entries;
}

std::string generate_man_page(const CLI::App& app) {
  std::string out = fmt::format(".TH MENTOR 1 \"\" \"mentor {}\" \"User Commands\"\n",
                                roff(std::string(version())));
  out += ".nh\n.ad l\n";  // no hyphenation, ragged right: option names stay whole
  out += fmt::format(".SH NAME\nmentor \\- {}\n", roff(short_summary(app)));
  out +=
      ".SH SYNOPSIS\n\\fBmentor\\fR [\\fIglobal options\\fR] \\fIcommand\\fR "
      "[\\fIoptions\\fR] [\\fIarguments\\fR]\n";
  out += fmt::format(".SH DESCRIPTION\n{}\n.PP\n", roff(app.get_description()));
  out +=
      "Global options may come before or after the command. "
      "\\fBmentor help\\fR \\fIcommand\\fR shows the help of one command.\n";
  out += ".SH GLOBAL OPTIONS\n";
  write_man_options(out, app);
  out += ".SH COMMANDS\n";
  for (const auto& entry : list_commands(app)) {
    if (entry.path.empty()) continue;
    out += fmt::format(".SS \"{}\"\n", roff(command_line(entry)));
    out += fmt::format("\\fB{}\\fR{}\n.PP\n{}\n", roff(command_line(entry)),
                       roff(usage_line(entry).substr(command_line(entry).size())),
                       roff(entry.app->get_description()));
    write_man_options(out, *entry.app);
  }
  out += fmt::format(".SH EXIT STATUS\n{}\n", roff(app.get_footer()));
  out += man_environment_and_files();
  return out;
}

std::string generate_markdown(const CLI::App& app) {
  std::string out = "# Command reference\n\n";
  out +=
      "<!-- Generated by 'mentor --generate markdown' from the command definitions; "
      "do not edit. Regenerate with: build/mentor --generate markdown > "
      "docs/reference.md -->\n\n";
  out += fmt::format("{}\n\n", app.get_description());
  out += "```\nmentor [global options] <command> [options] [arguments]\n```\n\n";
  out +=
      "Global options may come before or after the command. `mentor help COMMAND` "
      "shows the help of one command.\n\n## Global options\n\n";
  write_markdown_options(out, app);
  out += "\n## Commands\n";
  for (const auto& entry : list_commands(app)) {
    if (entry.path.empty()) continue;
    out += fmt::format("\n### {}\n\n{}\n\n```\n{}\n```\n", command_line(entry),
                       entry.app->get_description(), usage_line(entry));
    if (!listed_options(*entry.app, true).empty() || !listed_options(*entry.app, false).empty()) {
      out += "\n";
      write_markdown_options(out, *entry.app);
    }
  }
  out += fmt::format("\n## Exit status\n\n{}\n", app.get_footer());
  return out;
}

std::string generate_completion(const CLI::App& app, const std::string& shell) {
  if (shell == "bash") return bash_completion(app);
  if (shell == "zsh") return zsh_completion(app);
  if (shell == "fish") return fish_completion(app);
  throw std::invalid_argument("no completion for the shell " + shell);
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (!option->get_option_text().empty()) return " " + option->get_option_text();
  std::string text;
  if (option->get_type_size() != 0) {
    if (!option->get_type_name().empty()) text += " " + get_label(option->get_type_name());
    if (!option->get_default_str().empty()) text += "=" + option->get_default_str();
    if (option->get_expected_max() == CLI::detail::expected_max_vector_size) {
      text += " ...";
    } else if (option->get_expected_min() > 1) {
      text += fmt::format(" x {}", option->get_expected());
    }
    if (option->get_required()) text += " " + get_label("REQUIRED");
  }
  if (!option->get_envname().empty()) {
    text += fmt::format(" ({}:{})", get_label("Env"), option->get_envname());
  }
  return text;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string text = option->get_description();
  const auto add_list = [&](const std::string& label, const std::set<CLI::Option*>& options) {
    if (options.empty()) return;
    std::vector<std::string> names;
    for (const auto* other : options) names.push_back(other->get_name());
    std::sort(names.begin(), names.end());  // the set is ordered by address
    text += fmt::format("\n{}: {}", get_label(label), join(names, " "));
  };
  add_list("Needs", option->get_needs());
  add_list("Excludes", option->get_excludes());
  return text;
}

void add_generate_option(CLI::App& app) {
  app.add_option_function<std::string>(
         "--generate",
         [&app](const std::string& format) {
           if (format == "man") {
             std::cout << generate_man_page(app);
           } else if (format == "markdown") {
             std::cout << generate_markdown(app);
           } else {
             std::cout << generate_completion(app, format);
           }
           throw CLI::Success();
         },
         "Print the man page, the Markdown reference or a shell completion script")
      ->check(CLI::IsMember({"man", "markdown", "bash", "zsh", "fish"}))
      ->trigger_on_parse()
      ->group("");
}

}  // namespace mentor::cli
