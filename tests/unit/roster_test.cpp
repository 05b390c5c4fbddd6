#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "mentor/config.hpp"
#include "mentor/errors.hpp"
#include "mentor/roster.hpp"
#include "mentor/store.hpp"

using namespace mentor;

namespace {

Date day(int year, unsigned month, unsigned day_of_month) {
  return date::sys_days(date::year{year} / date::month{month} / date::day{day_of_month});
}

ImportOptions options_for(const std::string& source = "roster.csv") {
  ImportOptions options;
  options.source = source;
  options.as_of = day(2027, 1, 4);
  return options;
}

// Imports `csv` in one transaction, committed only when the import succeeds.
ImportSummary import_text(Store& store, const std::string& csv,
                          const ImportOptions& options = options_for()) {
  std::istringstream input(csv);
  Store::Transaction transaction(store);
  auto summary = import_roster(store, input, options);
  transaction.commit();
  return summary;
}

// Returns the message of the DataError that importing `csv` throws, or "" when none.
std::string import_error(Store& store, const std::string& csv,
                         const ImportOptions& options = options_for()) {
  try {
    import_text(store, csv, options);
  } catch (const DataError& error) {
    return error.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("roster") {
  TEST_CASE("byte-order mark, CRLF and blank lines") {
    auto store = Store::open_in_memory();
    const auto summary =
        import_text(store, "\xEF\xBB\xBF" "employee_id,name,job_level\r\n\r\nE1,Ann Lee,2\r\n"
                           "\r\n\r\nE2,Bo Chen,3\r\n");
    CHECK(summary.added == 2);
    CHECK(summary.rows == 2);
    REQUIRE(store.find_person("E1"));
    CHECK(store.find_person("E1")->name == "Ann Lee");
    CHECK(store.find_person("E2")->job_level == 3);
  }

  TEST_CASE("quoted commas, quotes and line breaks") {
    auto store = Store::open_in_memory();
    import_text(store,
                "employee_id,name,department,job_level\n"
                "E1,\"Lee, Ann \"\"Annie\"\"\",\"Sales\nNorth\",2\n");
    const auto person = store.find_person("E1");
    REQUIRE(person);
    CHECK(person->name == "Lee, Ann \"Annie\"");
    CHECK(person->department == "Sales\nNorth");
  }

  TEST_CASE("line numbers count quoted line breaks") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store,
                                    "employee_id,name,job_level\n"
                                    "E1,\"Ann\nLee\",2\n"
                                    "\n"
                                    "E2,Bo,x\n");
    CHECK(contains(error, "line 5, column job_level: 'x'"));
  }

  TEST_CASE("stray spaces and upper-case emails") {
    auto store = Store::open_in_memory();
    import_text(store, "employee_id , name , email, job_level\n  E1 ,  Ann Lee , ANN@EXAMPLE.COM ,2 \n");
    const auto person = store.find_person("E1");
    REQUIRE(person);
    CHECK(person->name == "Ann Lee");
    CHECK(person->email == "ann@example.com");
    CHECK(person->job_level == 2);
  }

  TEST_CASE("semicolon separator") {
    auto store = Store::open_in_memory();
    import_text(store, "employee_id;name;department;job_level\nE1;Lee, Ann;R&D;2\n");
    const auto person = store.find_person("E1");
    REQUIRE(person);
    CHECK(person->name == "Lee, Ann");
    CHECK(person->department == "R&D");
  }

  TEST_CASE("tab separator") {
    auto store = Store::open_in_memory();
    import_text(store, "employee_id\tname\tjob_level\nE1\tAnn Lee, PhD\t2\n");
    const auto person = store.find_person("E1");
    REQUIRE(person);
    CHECK(person->name == "Ann Lee, PhD");
    CHECK(person->job_level == 2);
  }

  TEST_CASE("Latin-1 rejected without encoding") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Ren\xE9,2\n");
    CHECK(contains(error, "line 3"));
    CHECK(contains(error, "not valid UTF-8"));
    CHECK(contains(error, "--encoding latin1"));
    CHECK(store.count_people() == 0);
  }

  TEST_CASE("Latin-1 converted with encoding") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.encoding = "latin1";
    import_text(store, "employee_id,name,job_level\nE2,Ren\xE9 M\xFCller,2\n", options);
    REQUIRE(store.find_person("E2"));
    CHECK(store.find_person("E2")->name == "Ren\xC3\xA9 M\xC3\xBCller");
  }

  TEST_CASE("unknown encoding is a usage error") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.encoding = "no-such-encoding";
    std::istringstream input("employee_id,name,job_level\n");
    CHECK_THROWS_AS(import_roster(store, input, options), UsageError);
  }

  TEST_CASE("leading-zero ids stay text") {
    auto store = Store::open_in_memory();
    import_text(store, "employee_id,name,job_level\n00123,Ann,2\n0042,Bo,1\n");
    CHECK(store.find_person("00123"));
    CHECK(store.find_person("0042"));
    CHECK_FALSE(store.find_person("123"));
  }

  TEST_CASE("duplicate header names both columns") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "employee_id,name,Full Name,job_level\nE1,A,B,2\n");
    CHECK(contains(error, "2 'name'"));
    CHECK(contains(error, "3 'Full Name'"));
  }

  TEST_CASE("trailing unnamed empty columns") {
    auto store = Store::open_in_memory();
    const auto summary = import_text(store, "employee_id,name,job_level,,\nE1,Ann,2,,\nE2,Bo,3,,\n");
    CHECK(summary.added == 2);
  }

  TEST_CASE("value in an unnamed column") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "employee_id,name,job_level,\nE1,Ann,2,oops\n");
    CHECK(contains(error, "line 2, column #4: 'oops'"));
  }

  TEST_CASE("header punctuation and line breaks") {
    auto store = Store::open_in_memory();
    const auto summary =
        import_text(store, "\"Employee-ID #\",\"Full Name:\",\"Job\nLevel\"\nE1,Ann,2\n");
    CHECK(summary.added == 1);
    REQUIRE(store.find_person("E1"));
    CHECK(store.find_person("E1")->job_level == 2);
  }

  TEST_CASE("header aliases") {
    auto store = Store::open_in_memory();
    import_text(store,
                "Emp No,First Name,Last Name,Work Email,Job Title,Grade,Time Zone,Dept\n"
                "7,Ann,Lee,ann@example.com,Engineer,4,Europe/Berlin,R&D\n");
    const auto person = store.find_person("7");
    REQUIRE(person);
    CHECK(person->name == "Ann Lee");
    CHECK(person->email == "ann@example.com");
    CHECK(person->job_role == "Engineer");
    CHECK(person->job_level == 4);
    CHECK(person->timezone == "Europe/Berlin");
    CHECK(person->department == "R&D");
  }

  TEST_CASE("missing column lists found and needed") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "Worker ID,Surname,Level\nE1,Lee,2\n");
    CHECK(contains(error, "missing required column(s) name (or first_name and last_name)"));
    CHECK(contains(error, "the file has columns: Worker ID, Surname, Level"));
  }

  TEST_CASE("config column mapping") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.columns = {{"Personalnummer", "employee_id"}, {"Stufe", "job_level"}};
    import_text(store, "Personalnummer,Name,Stufe\nP-1,Ann,3\n", options);
    REQUIRE(store.find_person("P-1"));
    CHECK(store.find_person("P-1")->job_level == 3);
  }

  TEST_CASE("config mapping read from TOML") {
    const auto config = parse_config("[import.columns]\n\"Personalnummer\" = \"employee_id\"\n",
                                     "config.toml");
    CHECK(config.import_columns.at("Personalnummer") == "employee_id");
    CHECK_THROWS_AS(parse_config("[import.columns]\nWho = \"boss\"\n", "config.toml"),
                    ConfigError);
  }

  TEST_CASE("manager missing from the file") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store,
                                    "employee_id,name,job_level,manager_id\n"
                                    "E1,Ann,3,\nE2,Bo,2,E9\n");
    CHECK(contains(error, "line 3, column manager_id: 'E9' is not the employee id"));
    CHECK(store.count_people() == 0);
  }

  TEST_CASE("person managing themselves") {
    auto store = Store::open_in_memory();
    const auto error =
        import_error(store, "employee_id,name,job_level,manager_id\nE1,Ann,3,E1\n");
    CHECK(contains(error, "line 2, column manager_id: 'E1' is the person's own employee id"));
  }

  TEST_CASE("loop of managers") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store,
                                    "employee_id,name,job_level,manager_id\n"
                                    "E1,Ann,3,E2\nE2,Bo,2,E3\nE3,Cy,2,E1\nE4,Di,1,E1\n");
    CHECK(contains(error, "makes a loop of managers"));
    CHECK(contains(error, "E1 -> E2 -> E3 -> E1"));
  }

  TEST_CASE("valid manager chain") {
    auto store = Store::open_in_memory();
    const auto summary = import_text(store,
                                     "employee_id,name,job_level,manager_id\n"
                                     "E2,Bo,2,E1\nE1,Ann,3,\nE3,Cy,1,E2\n");
    CHECK(summary.added == 3);
    CHECK(store.find_person("E3")->manager_id == "E2");
  }

  TEST_CASE("exact duplicate row is one person") {
    auto store = Store::open_in_memory();
    const auto summary = import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE1,Ann,2\n");
    CHECK(summary.added == 1);
    CHECK(summary.duplicates == 1);
    CHECK(store.count_people() == 1);
  }

  TEST_CASE("conflicting duplicate names both lines") {
    auto store = Store::open_in_memory();
    const auto error =
        import_error(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,1\nE1,Ann,3\n");
    CHECK(contains(error, "line 4, column employee_id: 'E1' is also on line 2"));
    CHECK(store.count_people() == 0);
  }

  TEST_CASE("invalid values name line, column and value") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store,
                                    "employee_id,name,Work Email,Level,Time Zone\n"
                                    "E1,Ann,ann@example.com,2,Europe/Berlin\n"
                                    "E2,Bo,bo.example.com,2,Europe/Berlin\n"
                                    "E3,Cy,cy@example.com,2.5,Europe/Berlin\n"
                                    "E4,Di,di@example.com,2,Mars/Olympus_Mons\n");
    CHECK(contains(error, "3 invalid value(s) in 3 row(s)"));
    CHECK(contains(error, "line 3, column Work Email: 'bo.example.com' is not an email"));
    CHECK(contains(error, "line 4, column Level: '2.5' is not a whole number"));
    CHECK(contains(error, "line 5, column Time Zone: 'Mars/Olympus_Mons' is not a time zone"));
    CHECK(store.count_people() == 0);
  }

  TEST_CASE("single row names no line") {
    auto store = Store::open_in_memory();
    auto options = options_for("mentor people add");
    options.single_row = true;
    const auto error =
        import_error(store, "employee_id,name,job_level,timezone\nE1,Ann,2,Mars/X\n", options);
    CHECK(contains(error, "mentor people add: timezone 'Mars/X' is not a time zone"));
    CHECK_FALSE(contains(error, "line"));
    CHECK_FALSE(contains(error, "--skip-invalid"));
  }

  TEST_CASE("problem list is capped with a count") {
    auto store = Store::open_in_memory();
    std::string csv = "employee_id,name,job_level\n";
    for (int i = 0; i < 30; ++i) csv += "E" + std::to_string(i) + ",Ann,x\n";
    const auto error = import_error(store, csv);
    CHECK(contains(error, "30 invalid value(s) in 30 row(s)"));
    CHECK(contains(error, "... and 10 more"));
  }

  TEST_CASE("malformed CSV names the line") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "employee_id,name,job_level\nE1,An\"n,2\n");
    CHECK(contains(error, "line 2: invalid CSV"));
  }

  TEST_CASE("empty file") {
    auto store = Store::open_in_memory();
    CHECK(contains(import_error(store, ""), "is empty"));
  }

  TEST_CASE("skip invalid writes rejected rows") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.skip_invalid = true;
    std::ostringstream rejected;
    options.open_rejected = [&rejected]() -> std::ostream& { return rejected; };
    const auto summary =
        import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,\"Bo, Jr\",x\n", options);
    CHECK(summary.added == 1);
    CHECK(summary.rejected == 1);
    CHECK_FALSE(store.find_person("E2"));
    CHECK(rejected.str() ==
          "employee_id,name,job_level,error\n"
          "E2,\"Bo, Jr\",x,\"line 3, column job_level: 'x' is not a whole number from 0 to "
          "1000\"\n");
  }

  TEST_CASE("rejected rows import again after fixing") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.skip_invalid = true;
    std::ostringstream rejected;
    options.open_rejected = [&rejected]() -> std::ostream& { return rejected; };
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,x\n", options);
    auto fixed = rejected.str();
    fixed.replace(fixed.find(",x,"), 3, ",4,");
    const auto summary = import_text(store, fixed);
    CHECK(summary.added == 1);
    CHECK(store.find_person("E2")->job_level == 4);
  }

  TEST_CASE("re-import changes nothing") {
    auto store = Store::open_in_memory();
    const std::string csv = "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,3\n";
    import_text(store, csv);
    const auto summary = import_text(store, csv);
    CHECK(summary.changed_nothing());
    CHECK(summary.unchanged == 2);
  }

  TEST_CASE("full import records departures and changes") {
    auto store = Store::open_in_memory();
    auto first = options_for();
    first.full = true;
    import_text(store,
                "employee_id,name,department,job_role,job_level\n"
                "E1,Ann,Sales,Rep,2\nE2,Bo,Sales,Rep,2\nE3,Cy,R&D,Engineer,3\n",
                first);

    const auto program_id = store.insert_program({0, "p", mentor::ProgramKind::mentor, "t", day(2027, 1, 1), 14, false, {}});
    store.enrol(program_id, {"E3", Role::mentor, std::nullopt});
    store.enrol(program_id, {"E2", Role::mentee, std::nullopt});
    store.insert_pair({0, program_id, "E3", "E2", day(2027, 1, 5), "manual", "", 0,
                       PairState::active, std::nullopt, ""});

    auto later = options_for();
    later.full = true;
    later.as_of = day(2027, 7, 5);
    const auto summary = import_text(store,
                                     "employee_id,name,department,job_role,job_level\n"
                                     "E1,Ann,Marketing,Lead,3\nE3,Cy,R&D,Engineer,3\n",
                                     later);
    CHECK(summary.left == 1);
    CHECK(summary.promoted == 1);
    CHECK(summary.department_changed == 1);
    CHECK(summary.role_changed == 1);
    CHECK(summary.pairs_ended == 1);

    const auto leaver = store.find_person("E2");
    REQUIRE(leaver);
    CHECK(leaver->left_on == day(2027, 7, 5));
    const auto pairs = store.list_pairs(program_id);
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0].state == PairState::ended);
    CHECK(pairs[0].end_reason == "left the company");
    CHECK(pairs[0].ended_on == day(2027, 7, 5));

    // The first roster is the baseline and records no join, so the promotion comes first.
    const auto events = store.list_person_events("E1");
    REQUIRE(events.size() == 3);
    CHECK(events[0].kind == PersonEventKind::promoted);
    CHECK(events[0].old_value == "2");
    CHECK(events[0].new_value == "3");
  }

  TEST_CASE("loop through stored manager rejected") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    import_text(store, "employee_id,name,job_level,manager_id\nM1,Ann,3,E2\nE2,Bo,2,\n",
                options);
    // Only E2 is in the second file; M1's stored manager is E2, so E2 -> M1 closes a loop.
    const auto error =
        import_error(store, "employee_id,name,job_level,manager_id\nE2,Bo,2,M1\n", options);
    CHECK(contains(error, "loop"));
    CHECK(store.find_person("E2")->manager_id.empty());
  }

  TEST_CASE("absent column keeps stored value") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    import_text(store,
                "employee_id,name,email,department,job_level\nE1,Ann,ann@x.com,Sales,2\n",
                options);
    const auto summary = import_text(store, "employee_id,name,job_level\nE1,Ann,3\n", options);
    CHECK(summary.updated == 1);
    const auto person = store.find_person("E1");
    REQUIRE(person);
    CHECK(person->email == "ann@x.com");
    CHECK(person->department == "Sales");
    CHECK(person->job_level == 3);
  }

  TEST_CASE("only later rosters record joins") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.full = true;
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\n", options);
    CHECK(store.list_person_events("E1").empty());
    options.as_of = day(2027, 3, 1);
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,2\n", options);
    const auto events = store.list_person_events("E2");
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == PersonEventKind::joined);
    CHECK(events[0].occurred_on == day(2027, 3, 1));
  }

  TEST_CASE("full import of no rows") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.full = true;
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\n", options);
    const auto error = import_error(store, "employee_id,name,job_level\n\n", options);
    CHECK(contains(error, "has no valid rows"));
    CHECK_FALSE(store.find_person("E1")->left_on);
  }

  TEST_CASE("person appearing again is rehired") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.full = true;
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,2\n", options);
    options.as_of = day(2027, 3, 1);
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\n", options);
    options.as_of = day(2027, 6, 1);
    const auto summary = import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,2\n",
                                     options);
    CHECK(summary.rehired == 1);
    CHECK(summary.left == 0);
    CHECK_FALSE(store.find_person("E2")->left_on);
    const auto events = store.list_person_events("E2");
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == PersonEventKind::left);
    CHECK(events[1].kind == PersonEventKind::rehired);
  }

  TEST_CASE("rejected row is not a departure") {
    auto store = Store::open_in_memory();
    auto options = options_for();
    options.full = true;
    import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,2\n", options);
    options.skip_invalid = true;
    const auto summary =
        import_text(store, "employee_id,name,job_level\nE1,Ann,2\nE2,Bo,x\n", options);
    CHECK(summary.left == 0);
    CHECK(summary.rejected == 1);
  }

  TEST_CASE("export reads back unchanged") {
    auto store = Store::open_in_memory();
    import_text(store,
                "employee_id,name,email,department,job_level,age,timezone\n"
                "007,\"=HYPERLINK(\"\"x\"\")\",a@example.com,\"R&D, Labs\",2,,Asia/Tokyo\n"
                "E2,+Bo,b@example.com,-Sales,3,41,\n");
    std::ostringstream exported;
    export_people_csv(store, exported);
    CHECK(contains(exported.str(), "\"'=HYPERLINK(\"\"x\"\")\""));
    CHECK(contains(exported.str(), "'+Bo"));
    CHECK(contains(exported.str(), "'-Sales"));

    const auto summary = import_text(store, exported.str());
    CHECK(summary.unchanged == 2);
    CHECK(summary.changed_nothing());
    CHECK(store.find_person("007")->name == "=HYPERLINK(\"x\")");
  }

  TEST_CASE("separator found after blank first line") {
    auto store = Store::open_in_memory();
    const auto summary = import_text(store, "\nemployee_id;name;job_level\nA1;Al;1\n");
    CHECK(summary.added == 1);
    CHECK(store.find_person("A1")->name == "Al");
  }

  TEST_CASE("job level above 1000 rejected") {
    auto store = Store::open_in_memory();
    const auto error = import_error(store, "employee_id,name,job_level\nA1,Al,1001\n");
    CHECK(contains(error, "'1001' is not a whole number from 0 to 1000"));
    CHECK_FALSE(store.find_person("A1"));
  }

  TEST_CASE("job level only in decimal digits") {
    for (const std::string level : {"-0", "+1", "0x1", "1e1", " 1x"}) {
      CAPTURE(level);
      auto store = Store::open_in_memory();
      const auto error =
          import_error(store, std::string("employee_id,name,job_level\nA1,Al,") + level + "\n");
      CHECK(contains(error, "is not a whole number from 0 to 1000"));
      CHECK_FALSE(store.find_person("A1"));
    }
  }

  TEST_CASE("job level with leading zeros is decimal") {
    auto store = Store::open_in_memory();
    import_text(store, "employee_id,name,job_level\nA1,Al,010\n");
    CHECK(store.find_person("A1")->job_level == 10);
  }
}
