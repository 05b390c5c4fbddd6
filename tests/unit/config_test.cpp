#include "mentor/config.hpp"

#include <chrono>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

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

namespace {

// Writes `text` to `file` with mode 0600.
void write_owner_only(const std::filesystem::path& file, const std::string& text) {
  mentor::test::write_bytes(file, text);
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace

TEST_CASE("config_secret_problems private file") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  write_owner_only(file, "[email]\nsmtp_url = \"smtp://mail.example.com:587\"\n");
  CHECK(mentor::config_secret_problems(file, mentor::load_config(file)).empty());
}

TEST_CASE("config_secret_problems readable by others") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  mentor::test::write_bytes(file, "");
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write |
                                         std::filesystem::perms::others_read);
  const auto problems = mentor::config_secret_problems(file, mentor::load_config(file));
  REQUIRE(problems.size() == 1);
  CHECK(contains(problems[0], "mode 0604"));
  CHECK(contains(problems[0], "chmod 600"));
}

TEST_CASE("config_secret_problems password in smtp_url") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  write_owner_only(file, "[email]\nsmtp_url = \"smtp://ann:s3cret@mail.example.com:587\"\n");
  const auto problems = mentor::config_secret_problems(file, mentor::load_config(file));
  REQUIRE(problems.size() == 1);
  CHECK(contains(problems[0], "email.smtp_url contains a password"));
  CHECK_FALSE(contains(problems[0], "s3cret"));
}

TEST_CASE("config_secret_problems user without password") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "config.toml";
  write_owner_only(file, "[email]\nsmtp_url = \"smtp://ann@mail.example.com:587\"\n");
  CHECK(mentor::config_secret_problems(file, mentor::load_config(file)).empty());
}

TEST_CASE("config_secret_problems missing file") {
  const mentor::test::TempFolder folder;
  const auto file = folder / "none.toml";
  CHECK(mentor::config_secret_problems(file, mentor::load_config(file)).empty());
}

TEST_SUITE_END();
