#include "mentor/config.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "mentor/config_show.hpp"
#include "mentor/errors.hpp"
#include "test_support.hpp"

using mentor::parse_config;
using mentor::test::thrown;

namespace {

// Returns the message of the ConfigError that parsing `text` as "team.toml" throws,
// or an empty string when it throws none.
std::string config_error(const std::string& text) {
  const auto error = thrown<mentor::ConfigError>([&text] { parse_config(text, "team.toml"); });
  return error ? error->what() : "";
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* k_onboarding = R"toml(
[templates.onboarding]
title = "Onboarding"
cadence_days = 7

[[templates.onboarding.sessions]]
title = "Meet the team"
mentee = "List the people you work with."
mentor = "Introduce the mentee to three of them."

[[templates.onboarding.sessions]]
title = "Ship a first change"
mentee = "Pick a small fix."
mentor = "Review it the same day."
)toml";

}  // namespace

TEST_SUITE_BEGIN("config");

TEST_CASE("parse_config empty gives defaults") {
  const auto config = parse_config("", "team.toml");
  CHECK(config.pairing.default_capacity == 2);
  CHECK(config.pairing.min_level_gap == 0);
  CHECK(config.templates.count("technical-leadership") == 1);
}

TEST_CASE("built-in technical-leadership template") {
  const auto config = parse_config("", "team.toml");
  const auto& leadership = config.find_template("technical-leadership");
  CHECK(leadership.name == "technical-leadership");
  CHECK(leadership.title == "Technical leadership");
  CHECK(leadership.cadence.days == 14);
  REQUIRE(leadership.sessions.size() == 4);
  CHECK(leadership.sessions[0].title == "Establish trust and define goals");
  CHECK(leadership.sessions[3].title == "Consolidate growth and sustain momentum");
  for (const auto& session : leadership.sessions) {
    CAPTURE(session.title);
    CHECK_FALSE(session.mentee_objective.empty());
    CHECK_FALSE(session.mentor_objective.empty());
  }
}

TEST_CASE("parse_config reads pairing keys") {
  const auto config =
      parse_config("[pairing]\ndefault_capacity = 3\nmin_level_gap = 1\n", "team.toml");
  CHECK(config.pairing.default_capacity == 3);
  CHECK(config.pairing.min_level_gap == 1);
}

TEST_CASE("parse_config keeps omitted defaults") {
  const auto config = parse_config("[pairing]\nmin_level_gap = 2\n", "team.toml");
  CHECK(config.pairing.default_capacity == 2);
  CHECK(config.pairing.min_level_gap == 2);
}

TEST_CASE("user template is added") {
  const auto config = parse_config(k_onboarding, "team.toml");
  CHECK(config.templates.count("technical-leadership") == 1);
  const auto& onboarding = config.find_template("onboarding");
  CHECK(onboarding.title == "Onboarding");
  CHECK(onboarding.cadence.days == 7);
  REQUIRE(onboarding.sessions.size() == 2);
  CHECK(onboarding.sessions[0].title == "Meet the team");
  CHECK(onboarding.sessions[0].mentee_objective == "List the people you work with.");
  CHECK(onboarding.sessions[0].mentor_objective == "Introduce the mentee to three of them.");
  CHECK(onboarding.sessions[1].title == "Ship a first change");
}

TEST_CASE("user template replaces built-in") {
  const auto config = parse_config(R"toml(
[templates.technical-leadership]
cadence_days = 21

[[templates.technical-leadership.sessions]]
title = "One long session"
)toml",
                                   "team.toml");
  const auto& leadership = config.find_template("technical-leadership");
  CHECK(leadership.cadence.days == 21);
  REQUIRE(leadership.sessions.size() == 1);
  CHECK(leadership.sessions[0].title == "One long session");
}

TEST_CASE("unknown pairing key throws") {
  // The error points at the unknown key, which starts line 3.
  const auto message = config_error("[pairing]\ndefault_capacity = 2\nmentees_per_mentor = 3\n");
  CHECK(starts_with(message, "team.toml:3:1: "));
  CHECK(contains(message, "mentees_per_mentor"));
}

TEST_CASE("unknown session key throws") {
  const auto message = config_error(
      "[[templates.onboarding.sessions]]\ntitle = \"Meet the team\"\nagenda = \"intros\"\n");
  CHECK(starts_with(message, "team.toml:3:1: "));
  CHECK(contains(message, "agenda"));
}

TEST_CASE("unknown top-level table throws") {
  const auto message = config_error("[pairing]\nmin_level_gap = 1\n\n[reports]\nweekly = true\n");
  CHECK(starts_with(message, "team.toml:4:"));
  CHECK(contains(message, "reports"));
}

TEST_CASE("wrong value type throws") {
  // The string "two" starts in column 20 of line 2.
  const auto message = config_error("[pairing]\ndefault_capacity = \"two\"\n");
  CHECK(starts_with(message, "team.toml:2:20: "));
  CHECK(contains(message, "default_capacity"));
}

TEST_CASE("wrong session type throws") {
  const auto message =
      config_error("[[templates.onboarding.sessions]]\ntitle = \"Meet the team\"\nmentee = 5\n");
  CHECK(starts_with(message, "team.toml:3:10: "));
  CHECK(contains(message, "mentee"));
}

TEST_CASE("TOML syntax error throws") {
  const auto message = config_error("[pairing]\ndefault_capacity = = 2\n");
  CHECK(starts_with(message, "team.toml:2:"));
}

TEST_CASE("ConfigError has config status") {
  const auto error = thrown<mentor::ConfigError>(
      [] { parse_config("[pairing]\ncolour = \"blue\"\n", "team.toml"); });
  REQUIRE(error.has_value());
  CHECK(error->status() == mentor::ExitStatus::config);
}

TEST_CASE("find_template unknown lists known") {
  const auto config = parse_config(k_onboarding, "team.toml");
  const auto error = thrown<mentor::NotFoundError>([&config] { config.find_template("sales"); });
  REQUIRE(error.has_value());
  const std::string message = error->what();
  CHECK(contains(message, "'sales'"));
  CHECK(contains(message, "onboarding"));
  CHECK(contains(message, "technical-leadership"));
  CHECK(error->status() == mentor::ExitStatus::not_found);
}

TEST_CASE("load_config missing file gives defaults") {
  const mentor::test::TempFolder folder;
  const auto config = mentor::load_config(folder / "missing.toml");
  CHECK(config.pairing.default_capacity == 2);
  CHECK(config.templates.count("technical-leadership") == 1);
}

TEST_CASE("load_config reads the file") {
  const mentor::test::TempFolder folder;
  mentor::test::write_bytes(folder / "config.toml", "[pairing]\ndefault_capacity = 4\n");
  const auto config = mentor::load_config(folder / "config.toml");
  CHECK(config.pairing.default_capacity == 4);
}

TEST_CASE("load_config error names the file") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  mentor::test::write_bytes(file, "[pairing]\nmin_level_gap = \"one\"\n");
  const auto error = thrown<mentor::ConfigError>([&file] { mentor::load_config(file); });
  REQUIRE(error.has_value());
  CHECK(starts_with(error->what(), file.string() + ":2:17: "));
}

TEST_CASE("pairing defaults documented") {
  const auto rules = parse_config("", "team.toml").pairing;
  CHECK(rules.target_level_gap == 1);
  CHECK(rules.max_level_difference == 1);
  CHECK(rules.min_overlap_hours == 0);
  CHECK(rules.working_day_start == 9 * 60);
  CHECK(rules.working_day_end == 17 * 60);
  CHECK(rules.avoid_repeat_pairs);
  CHECK_FALSE(rules.allow_trio);
  CHECK(rules.avoid.empty());
  CHECK(rules.objective == mentor::PairingObjective::max_pairs);
  CHECK(rules.weights.different_department == 10);
  CHECK(rules.weights.declined == 20);
}

TEST_CASE("pairing keys parsed") {
  const auto rules = parse_config(
                         "[pairing]\nworking_day = \"08:30-16:00\"\nobjective = \"max-score\"\n"
                         "avoid = [[\"E1\", \"E2\"]]\nallow_trio = true\n"
                         "[pairing.weights]\nshared_tag = 7\n",
                         "team.toml")
                         .pairing;
  CHECK(rules.working_day_start == 8 * 60 + 30);
  CHECK(rules.working_day_end == 16 * 60);
  CHECK(rules.objective == mentor::PairingObjective::max_score);
  REQUIRE(rules.avoid.size() == 1);
  CHECK(rules.avoid[0] == std::pair<std::string, std::string>{"E1", "E2"});
  CHECK(rules.allow_trio);
  CHECK(rules.weights.shared_tag == 7);
  CHECK(rules.weights.level_gap == 6);
}

TEST_CASE("program override over pairing") {
  // The override comes first in the file but applies over the [pairing] values.
  const auto config = parse_config(
      "[programs.peers]\nallow_trio = true\n[pairing]\ndefault_capacity = 3\n", "team.toml");
  CHECK(config.pairing_for("peers").allow_trio);
  CHECK(config.pairing_for("peers").default_capacity == 3);
  CHECK_FALSE(config.pairing_for("other").allow_trio);
  CHECK(config.pairing_for("other").default_capacity == 3);
}

TEST_CASE("invalid pairing values rejected") {
  CHECK(contains(config_error("[pairing]\nworking_day = \"9-17\"\n"), "working_day"));
  CHECK(contains(config_error("[pairing]\nworking_day = \"17:00-09:00\"\n"), "working_day"));
  CHECK(contains(config_error("[pairing]\nobjective = \"fair\"\n"), "objective"));
  CHECK(contains(config_error("[pairing.weights]\nkindness = 3\n"), "kindness"));
  CHECK(contains(config_error("[pairing]\navoid = [[\"E1\"]]\n"), "avoid"));
  CHECK(contains(config_error("[programs.p1]\nmentees = 3\n"), "programs.p1.mentees"));
}

TEST_CASE("schedule defaults") {
  const auto config = parse_config("", "test.toml");
  CHECK(config.me.empty());
  CHECK(config.schedule.working_day.start == std::chrono::minutes{9 * 60});
  CHECK(config.schedule.working_day.end == std::chrono::minutes{17 * 60});
  CHECK(config.schedule.session_minutes == 60);
  CHECK(config.schedule.proposals == 3);
  CHECK(config.schedule.people.empty());
}

TEST_CASE("schedule keys and per-person override") {
  const auto config = parse_config(R"(me = "E00016"
[schedule]
working_day = "08:00-16:30"
session_minutes = 45
[schedule.people]
E00001 = "07:00-15:00"
)",
                                   "test.toml");
  CHECK(config.me == "E00016");
  CHECK(config.schedule.session_minutes == 45);
  CHECK(config.schedule.working_day_of("E00002").end == std::chrono::minutes{16 * 60 + 30});
  CHECK(config.schedule.working_day_of("E00001").start == std::chrono::minutes{7 * 60});
  CHECK(config.schedule.working_day_of("E00001").end == std::chrono::minutes{15 * 60});
}

TEST_CASE("invalid working day throws at value") {
  const auto error = thrown<mentor::ConfigError>(
      [] { parse_config("[schedule]\nworking_day = \"17:00-09:00\"\n", "test.toml"); });
  REQUIRE(error.has_value());
  CHECK(std::string(error->what()).find("test.toml:2:") == 0);
  CHECK(std::string(error->what()).find("working_day") != std::string::npos);
}

TEST_CASE("template cadence names") {
  const auto config = parse_config(R"([templates.technical-leadership]
cadence = "monthly"
[[templates.technical-leadership.sessions]]
title = "Only"
)",
                                   "test.toml");
  const auto& leadership = config.find_template("technical-leadership");
  CHECK(leadership.cadence.monthly);
  CHECK_THROWS_AS(parse_config("[templates.x]\ncadence = \"yearly\"\n[[templates.x.sessions]]\n"
                               "title = \"t\"\n",
                               "test.toml"),
                  mentor::ConfigError);
}

TEST_CASE("check_config lists every problem in order") {
  // Line 2: an unknown key; line 3: a string where a number belongs; line 5: an
  // unknown time zone; line 6: an unknown table. The reader goes on after each.
  const auto problems = mentor::check_config(
      "[pairing]\ncolour = \"blue\"\ndefault_capacity = \"two\"\n[email]\n"
      "timezone = \"Mars/Olympus\"\n[reports]\nweekly = true\n",
      "team.toml");
  REQUIRE(problems.size() == 4);
  CHECK(mentor::to_string(problems[0]).starts_with("team.toml:2:1: unknown key 'pairing.colour'"));
  CHECK(problems[1].line == 3);
  CHECK(problems[1].column == 20);
  CHECK(contains(problems[1].message, "default_capacity"));
  CHECK(problems[2].line == 5);
  CHECK(contains(problems[2].message, "Mars/Olympus"));
  CHECK(problems[3].line == 6);
  CHECK(contains(problems[3].message, "reports"));
}

TEST_CASE("check_config stops at syntax error") {
  const auto problems = mentor::check_config("[pairing]\ncolour = \"blue\"\nx = = 2\n", "t.toml");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
}

TEST_CASE("check_config accepts default config") {
  CHECK(mentor::check_config(mentor::default_config_text(), "default.toml").empty());
}

TEST_CASE("parse_config counts further problems") {
  const auto message = config_error("[pairing]\ncolour = 1\nshade = 2\nhue = 3\n");
  CHECK(starts_with(message, "team.toml:2:1: "));
  CHECK(contains(message, "and 2 more"));
}

TEST_CASE("template problems not repeated") {
  // A session whose title has the wrong type gets that problem only, not also
  // "has no title" and "has no sessions".
  const auto problems = mentor::check_config(
      "[templates.x]\n[[templates.x.sessions]]\ntitle = 5\n", "t.toml");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
}

TEST_CASE("empty template sessions rejected") {
  const auto problems = mentor::check_config("[templates.x]\nsessions = []\n", "t.toml");
  REQUIRE(problems.size() == 1);
  CHECK(contains(problems[0].message, "no sessions"));
}

TEST_CASE("hooks keys read") {
  const auto config = parse_config("[hooks]\ndir = \"scripts\"\ntimeout_seconds = 3\n", "t.toml");
  CHECK(config.hooks.dir == "scripts");
  CHECK(config.hooks.timeout_seconds == 3);
  CHECK(contains(config_error("[hooks]\ntimeout_seconds = 0\n"), "timeout_seconds"));
  CHECK(contains(config_error("[hooks]\nfolder = \"x\"\n"), "hooks.folder"));
}

namespace {

// Returns `key` with the parts a user names (program and template names) replaced by
// NAME, as known_config_keys writes them.
std::string key_pattern(const std::string& key) {
  for (const std::string table : {"programs.", "templates."}) {
    if (key.starts_with(table)) {
      const auto end = key.find('.', table.size());
      return table + "NAME" + key.substr(end);
    }
  }
  return key;
}

}  // namespace

TEST_CASE("config_entries keys are known keys") {
  const auto config = parse_config("[programs.peers]\nallow_trio = true\n", "t.toml");
  const auto known = mentor::known_config_keys();
  const auto entries = mentor::config_entries(config, "");
  std::set<std::string> shown;
  for (const auto& entry : entries) {
    const auto pattern = key_pattern(entry.key);
    CHECK_MESSAGE(std::find(known.begin(), known.end(), pattern) != known.end(), pattern);
    shown.insert(pattern);
  }
  // Every known key is shown except those a table entry or a choice covers.
  const std::set<std::string> not_shown = {
      "email.recipients.address", "email.recipients.name", "email.recipients.program",
      "email.recipients.department", "templates.NAME.cadence",
      "templates.NAME.sessions.title", "templates.NAME.sessions.mentee",
      "templates.NAME.sessions.mentor"};
  for (const auto& key : known) {
    if (!not_shown.contains(key)) CHECK_MESSAGE(shown.contains(key), key);
  }
}

TEST_CASE("config_entries marks file keys") {
  const std::string text = "[pairing]\ndefault_capacity = 3\n[programs.peers]\nallow_trio = true\n";
  const auto entries = mentor::config_entries(parse_config(text, "t.toml"), text);
  const auto find = [&entries](const std::string& key) {
    return *std::find_if(entries.begin(), entries.end(),
                         [&key](const auto& entry) { return entry.key == key; });
  };
  CHECK(find("pairing.default_capacity").from_file);
  CHECK(find("pairing.default_capacity").value == 3);
  CHECK_FALSE(find("pairing.min_level_gap").from_file);
  CHECK(find("programs.peers.allow_trio").from_file);
  CHECK(find("programs.peers.default_capacity").value == 3);
  CHECK_FALSE(find("programs.peers.min_level_gap").from_file);
  CHECK(find("templates.technical-leadership.cadence_days").value == 14);
}

TEST_CASE("to_toml_value writes TOML") {
  CHECK(mentor::to_toml_value("a \"b\"") == "\"a \\\"b\\\"\"");
  CHECK(mentor::to_toml_value(nlohmann::json::array({1, 2})) == "[1, 2]");
  CHECK(mentor::to_toml_value({{"Emp No", "employee_id"}}) == "{ \"Emp No\" = \"employee_id\" }");
  CHECK(mentor::to_toml_value(nlohmann::json::object()) == "{}");
  CHECK(mentor::to_toml_value("tab\there") == "\"tab\\there\"");
  CHECK(mentor::to_toml_value("del\x7f") == "\"del\\u007F\"");
}

TEST_CASE("exposed password found in readable file") {
  mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  const std::string text = "[email]\n  # smtp_password = \"hunter2\"\nsmtp_password_env = \"X\"\n";
  mentor::test::write_bytes(file, text);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write |
                                         std::filesystem::perms::others_read);
  const auto problem = mentor::find_exposed_password(file, text);
  REQUIRE(problem.has_value());
  CHECK(problem->line == 2);
  CHECK(problem->column == 5);
  CHECK(contains(problem->message, "0604"));

  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
  CHECK_FALSE(mentor::find_exposed_password(file, text).has_value());
}

TEST_CASE("password env name not a password") {
  mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  const std::string text =
      "[email]\nsmtp_password_env = \"X\"\nsmtp_password_command = [\"pass\"]\n";
  mentor::test::write_bytes(file, text);
  std::filesystem::permissions(file, std::filesystem::perms::all);
  CHECK_FALSE(mentor::find_exposed_password(file, text).has_value());
}

TEST_CASE("password in smtp url found") {
  mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  const std::string text =
      "[email]\nsmtp_url = \"smtp://ann:s3cret@mail.example.com:587\"\n";
  mentor::test::write_bytes(file, text);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read);
  const auto problem = mentor::find_exposed_password(file, text);
  REQUIRE(problem.has_value());
  CHECK(problem->line == 2);
  CHECK_FALSE(contains(problem->message, "s3cret"));
}

TEST_CASE("smtp url user without password") {
  mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  const std::string text = "[email]\nsmtp_url = \"smtp://ann@mail.example.com:587\"\n";
  mentor::test::write_bytes(file, text);
  std::filesystem::permissions(file, std::filesystem::perms::all);
  CHECK_FALSE(mentor::find_exposed_password(file, text).has_value());
}

TEST_CASE("line break in from_name rejected") {
  const auto message = config_error("[email]\nfrom_name = \"a\\r\\nBcc: x@example.com\"\n");
  CHECK(starts_with(message, "team.toml:2:"));
  CHECK(contains(message, "from_name"));
}

TEST_SUITE_END();
