"""Rejected input: each bad command exits with its documented status, prints one
"mentor: error: " line naming the bad value and nothing on stdout, and leaves the
database exactly as it was. Dry runs print their plan and write nothing."""

import csv
import json
import unittest

from mentor_e2e import (
    EXIT_CONFIG,
    EXIT_DATA_ERROR,
    EXIT_NO_INPUT,
    EXIT_NOT_FOUND,
    EXIT_USAGE,
    ROSTER_FILE,
    MentorTestCase,
    SharedBaseTestCase,
    Sandbox,
    contains_token,
    help_sections,
    option_names,
    read_roster,
)

PROGRAM = "tl-2027"
TODAY = "2027-01-20"
MENTOR_DEPARTMENT = "Research Development"

# The demo flow's program with all four mentees paired automatically and one session logged.
SETUP_COMMANDS = [
    ["init"],
    ["people", "import", ROSTER_FILE],
    ["program", "create", PROGRAM, "--start", "2027-01-11"],
    ["enroll", PROGRAM, "--mentors", "--level", "3..5", "--department", MENTOR_DEPARTMENT],
    ["enroll", PROGRAM, "--mentees", "E00004", "E00012", "E00031", "E00020"],
    ["--now", "2027-01-08", "pair", PROGRAM],
    ["--now", TODAY, "session", "log", PROGRAM, "E00004", "--date", "2027-01-13",
     "--minutes", "45", "--rating", "4"],
]
PAIRED_MENTEE = "E00012"


def session_log(date="2027-01-14", minutes="45", rating="4", mentee=PAIRED_MENTEE):
    """Return the arguments of a valid `session log` with one value replaced."""
    return ["--now", TODAY, "session", "log", PROGRAM, mentee, "--date", date,
            "--minutes", minutes, "--rating", rating]


class ErrorTestCase(SharedBaseTestCase):
    """Gives every test a copy of the demo program's database in its own sandbox."""

    @classmethod
    def build_base(cls, base):
        for command in SETUP_COMMANDS:
            base.run_ok(*command)
        cls.roster = read_roster()
        cls.people = {row["employee_id"]: row for row in cls.roster}

    def assertRejected(self, args, status, *values, listing_lines=0):
        """Run mentor with `args`, check its error output and that nothing was written."""
        before = self.sandbox.dump()
        result = self.sandbox.run(*args)
        self.assertErrorLine(result, status, *values, listing_lines=listing_lines)
        self.assertEqual(self.sandbox.dump(), before)
        return result

    def mentor_with_free_place(self):
        """Return the lowest-id level 3 mentor who is in no pair yet."""
        paired = {row[0] for row in self.sandbox.query("SELECT mentor_id FROM pairs")}
        candidates = sorted(row["employee_id"] for row in self.roster
                            if row["department"] == MENTOR_DEPARTMENT
                            and row["job_level"] == 3 and row["employee_id"] not in paired)
        self.assertTrue(candidates)
        return candidates[0]


class NotFoundTest(ErrorTestCase):
    def test_unknown_program_in_status(self):
        self.assertRejected(["status", "tl-2099"], EXIT_NOT_FOUND, "tl-2099")

    def test_unknown_program_in_enroll(self):
        self.assertRejected(["enroll", "tl-2099", "--mentees", "E00001"], EXIT_NOT_FOUND,
                            "tl-2099")

    def test_unknown_person_in_enroll(self):
        self.assertNotIn("E99999", self.people)
        self.assertRejected(["enroll", PROGRAM, "--mentees", "E00001", "E99999"],
                            EXIT_NOT_FOUND, "E99999")

    def test_unknown_template(self):
        self.assertRejected(["program", "create", "tl-2028", "--template", "coaching",
                             "--start", "2028-01-10"], EXIT_NOT_FOUND, "coaching")


class UsageTest(ErrorTestCase):
    def test_invalid_dates(self):
        cases = [
            (["program", "create", "tl-2028", "--start", "2027-02-30"], "2027-02-30"),
            (["program", "create", "tl-2028", "--start", "11/01/2027"], "11/01/2027"),
            (session_log(date="2027-02-30"), "2027-02-30"),
            (session_log(date="11/01/2027"), "11/01/2027"),
            (["--now", "2027-13-01", "status", PROGRAM], "2027-13-01"),
        ]
        for args, value in cases:
            with self.subTest(args=args):
                self.assertRejected(args, EXIT_USAGE, value)

    def test_rating_seven(self):
        self.assertRejected(session_log(rating="7"), EXIT_USAGE, "--rating", "7")

    def test_rating_zero(self):
        self.assertRejected(session_log(rating="0"), EXIT_USAGE, "--rating", "0")

    def test_minutes_zero(self):
        self.assertRejected(session_log(minutes="0"), EXIT_USAGE, "--minutes", "0")

    def test_minutes_not_a_number(self):
        self.assertRejected(session_log(minutes="abc"), EXIT_USAGE, "--minutes", "abc")

    def test_integers_only_in_decimal(self):
        # CLI11 alone would read 0x10 as 16, 0b100 as 4 and 0o7 as 7.
        cases = [
            (session_log(minutes="0x10"), "--minutes", "0x10"),
            (session_log(minutes="0X1E"), "--minutes", "0X1E"),
            (session_log(rating="0b100"), "--rating", "0b100"),
            (session_log(rating="+4"), "--rating", "+4"),
            (session_log(rating=" 4"), "--rating", " 4"),
            (session_log(minutes="4e1"), "--minutes", "4e1"),
            ([*session_log(), "--confidence-before", "0x3"], "--confidence-before", "0x3"),
            (["due", "--days", "0o7"], "--days", "0o7"),
            (["due", "--days=-1"], "--days", "-1"),
            (["program", "create", "tl-2028", "--start", "2027-02-01", "--cadence-days", "0x7"],
             "--cadence-days", "0x7"),
            (["people", "add", "E99999", "--name", "New Person", "--level", "0x3"],
             "--level", "0x3"),
            (["enroll", PROGRAM, "--mentors", "E00023", "--capacity", "0x2"],
             "--capacity", "0x2"),
            (["goal", "done", "0x1"], "0x1"),
        ]
        for args, *values in cases:
            with self.subTest(args=args):
                result = self.assertRejected(args, EXIT_USAGE, *values)
                self.assertIn("decimal", result.stderr)

    def test_leading_zeros_are_decimal(self):
        # strtoll in base 0 would read 010 as octal 8.
        self.sandbox.run_ok(*session_log(minutes="010", rating="04"))
        rows = self.sandbox.query(
            "SELECT s.minutes, s.rating FROM sessions s JOIN pairs p ON p.id = s.pair_id "
            "WHERE p.mentee_id = ? AND s.held_on = '2027-01-14'", (PAIRED_MENTEE,))
        self.assertEqual(rows, [(10, 4)])

    def test_value_cannot_add_error_lines(self):
        # Two spaces after a line break is how a message lists items; a value must not
        # be able to forge such an item.
        result = self.assertRejected(["people", "show", "zz\n  injected line"], EXIT_NOT_FOUND,
                                     "injected")
        self.assertEqual(len(result.stderr.splitlines()), 1)

    def test_notes_over_limit(self):
        self.assertRejected([*session_log(), "--notes", "x" * (64 * 1024 + 1)], EXIT_USAGE,
                            "--notes", "65537")

    def test_usage_error_names_command_help(self):
        result = self.sandbox.run("pair", "explain")
        self.assertErrorLine(result, EXIT_USAGE, "program", "'mentor pair explain --help'")

    def test_enroll_without_role(self):
        self.assertRejected(["enroll", PROGRAM, "E00001"], EXIT_USAGE, "--mentors", "--mentees")

    def test_enroll_with_both_roles(self):
        self.assertRejected(["enroll", PROGRAM, "--mentors", "--mentees", "E00001"], EXIT_USAGE,
                            "--mentors", "--mentees")


class PairingRuleTest(ErrorTestCase):
    def test_lower_level_mentor_by_hand(self):
        mentor_id = self.mentor_with_free_place()
        mentee_id = min(row["employee_id"] for row in self.roster
                        if row["department"] != MENTOR_DEPARTMENT and row["job_level"] == 5)
        self.assertLess(self.people[mentor_id]["job_level"], self.people[mentee_id]["job_level"])
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", mentee_id)
        self.assertRejected(["pair", PROGRAM, "--mentor", mentor_id, "--mentee", mentee_id],
                            EXIT_DATA_ERROR, mentor_id, mentee_id)

    def test_pair_with_themself(self):
        mentor_id = self.mentor_with_free_place()
        self.assertRejected(["pair", PROGRAM, "--mentor", mentor_id, "--mentee", mentor_id],
                            EXIT_DATA_ERROR, mentor_id)

    def test_mentee_paired_twice(self):
        mentor_id = self.mentor_with_free_place()
        self.assertRejected(["pair", PROGRAM, "--mentor", mentor_id, "--mentee", PAIRED_MENTEE],
                            EXIT_DATA_ERROR, PAIRED_MENTEE)


class SessionRuleTest(ErrorTestCase):
    def test_session_in_future(self):
        self.assertRejected(session_log(date="2027-01-21"), EXIT_DATA_ERROR, "2027-01-21")

    def test_session_before_start(self):
        self.assertRejected(session_log(date="2027-01-10"), EXIT_DATA_ERROR, "2027-01-10")


class MissingInputTest(MentorTestCase):
    def test_missing_roster_file(self):
        self.sandbox.run_ok("init")
        before = self.sandbox.dump()
        missing = self.sandbox.root / "missing.csv"
        result = self.sandbox.run("people", "import", missing)
        self.assertErrorLine(result, EXIT_NO_INPUT, str(missing))
        self.assertEqual(self.sandbox.dump(), before)

    def test_command_before_init(self):
        cases = [
            ["people", "import", ROSTER_FILE],
            ["status", PROGRAM],
        ]
        for args in cases:
            with self.subTest(args=args):
                result = self.sandbox.run(*args)
                self.assertErrorLine(result, EXIT_NO_INPUT, str(self.sandbox.database_file))
                self.assertFalse(self.sandbox.database_file.exists())
                self.assertFalse(self.sandbox.config_file.exists())


class RosterTest(MentorTestCase):
    """Invalid rosters, imported into an empty database so that any write would show."""

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        with open(ROSTER_FILE, encoding="utf-8") as file:
            self.roster_lines = file.read().splitlines()

    def write_roster(self, lines):
        path = self.sandbox.root / "roster.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def import_rejected(self, path, *values, listing_lines=0):
        before = self.sandbox.dump()
        result = self.sandbox.run("people", "import", path)
        self.assertErrorLine(result, EXIT_DATA_ERROR, *values, listing_lines=listing_lines)
        self.assertEqual(self.sandbox.dump(), before)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(0,)])
        return result

    def test_missing_job_level_column(self):
        header = self.roster_lines[0].split(",")
        level_index = header.index("job_level")
        lines = []
        for line in self.roster_lines[:11]:
            fields = line.split(",")
            del fields[level_index]
            lines.append(",".join(fields))
        path = self.write_roster(lines)
        remaining = [column for column in header if column != "job_level"]
        result = self.import_rejected(path, "job_level")
        for column in remaining:
            with self.subTest(column=column):
                self.assertTrue(contains_token(result.stderr, column))

    def test_invalid_rows_all_named(self):
        header = self.roster_lines[0].split(",")
        zone_index = header.index("timezone")
        level_index = header.index("job_level")
        lines = list(self.roster_lines[:11])
        # Row numbers count the header as row 1, so lines[k] is row k + 1.
        bad_zone_line, bad_level_line = 3, 7
        fields = lines[bad_zone_line].split(",")
        fields[zone_index] = "Mars/Olympus_Mons"
        lines[bad_zone_line] = ",".join(fields)
        fields = lines[bad_level_line].split(",")
        fields[level_index] = "senior"
        lines[bad_level_line] = ",".join(fields)
        path = self.write_roster(lines)

        result = self.import_rejected(path, listing_lines=2)
        listing = result.stderr.splitlines()[1:]
        for row, value in ((bad_zone_line + 1, "Mars/Olympus_Mons"),
                           (bad_level_line + 1, "senior")):
            with self.subTest(row=row):
                named = [line for line in listing
                         if contains_token(line, str(row)) and value in line]
                self.assertEqual(len(named), 1, msg=f"stderr: {result.stderr!r}")


class ConfigTest(ErrorTestCase):
    def test_unknown_config_key(self):
        self.sandbox.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.sandbox.config_file.write_text(
            "[pairing]\ndefault_capacity = 2\nmentees_per_mentor = 3\n", encoding="utf-8")
        unknown_key_line = 3
        result = self.assertRejected(["program", "create", "tl-2028", "--start", "2028-01-10"],
                                     EXIT_CONFIG, "mentees_per_mentor")
        self.assertIn(f"{self.sandbox.config_file}:{unknown_key_line}:", result.stderr)


class DryRunTest(ErrorTestCase):
    def assertDryRun(self, args):
        """Run `args` with --dry-run and --json, check that nothing was written, and
        return the printed JSON."""
        before = self.sandbox.dump()
        result = self.sandbox.run(*args, "--dry-run", "--json")
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertIn("dry run", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)
        printed = json.loads(result.stdout)
        self.assertIs(printed["dry_run"], True)
        return printed

    def test_import_dry_run(self):
        empty = Sandbox()
        self.addCleanup(empty.cleanup)
        empty.run_ok("init")
        before = empty.dump()
        result = empty.run("people", "import", ROSTER_FILE, "--dry-run")
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertRegex(result.stdout, rf"\b{len(self.people)} would be added\b")
        self.assertIn("add E00001 ", result.stdout)
        self.assertIn("dry run", result.stderr)
        self.assertEqual(empty.dump(), before)
        self.assertEqual(empty.query("SELECT count(*) FROM people"), [(0,)])

    def test_import_dry_run_json(self):
        changed = [dict(row) for row in self.roster[:5]]
        changed[0]["job_level"] += 1
        path = self.sandbox.root / "changed.csv"
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(changed[0]))
            writer.writeheader()
            writer.writerows(changed)
        printed = self.assertDryRun(["people", "import", path])
        self.assertEqual(printed["added"], 0)
        self.assertEqual(printed["updated"], 1)
        self.assertEqual(printed["unchanged"], len(changed) - 1)

    def test_enroll_dry_run(self):
        printed = self.assertDryRun(["enroll", PROGRAM, "--mentees", "E00002", "E00001"])
        self.assertEqual(printed["added"], ["E00001", "E00002"])
        self.assertEqual(printed["role"], "mentee")

    def test_auto_pair_dry_run(self):
        new_mentees = ["E00001", "E00002"]
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", *new_mentees)
        printed = self.assertDryRun(["--now", TODAY, "pair", PROGRAM])
        self.assertEqual(sorted(pair["mentee"] for pair in printed["pairs"]), new_mentees)
        self.assertEqual([person for person in printed["unpaired"] if person["role"] != "mentor"],
                         [])

    def test_manual_pair_dry_run(self):
        mentor_id = self.mentor_with_free_place()
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", "E00003")
        printed = self.assertDryRun(["--now", TODAY, "pair", PROGRAM, "--mentor", mentor_id,
                                     "--mentee", "E00003"])
        self.assertEqual(len(printed["pairs"]), 1)
        self.assertEqual(printed["pairs"][0]["mentor"], mentor_id)
        self.assertEqual(printed["pairs"][0]["mentee"], "E00003")
        self.assertEqual(printed["pairs"][0]["method"], "manual")

    def test_pair_dry_run_text(self):
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", "E00001")
        before = self.sandbox.dump()
        result = self.sandbox.run("--now", TODAY, "pair", PROGRAM, "-n")
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertIn("E00001", result.stdout)
        self.assertIn("dry run", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)


class HelpTest(MentorTestCase):
    def test_main_help(self):
        result = self.sandbox.run("--help")
        self.assertEqual(result.status, 0)
        self.assertEqual(result.stderr, "")
        for command in ("init", "people", "program", "enroll", "pair", "session", "status"):
            with self.subTest(command=command):
                self.assertTrue(contains_token(result.stdout, command))

    def test_status_help(self):
        result = self.sandbox.run("status", "--help")
        self.assertEqual(result.status, 0)
        self.assertEqual(result.stderr, "")
        self.assertIn("--json", result.stdout)
        self.assertFalse(self.sandbox.database_file.exists())


    def test_needs_and_excludes_on_own_lines(self):
        # CLI11 alone prints "--rematch Excludes: --graph End the program's ..." on one
        # line, the list running into the description.
        expected = {("pair",): {"--mentor": "Needs: --mentee", "--mentee": "Needs: --mentor",
                                "--rematch": "Excludes: --graph",
                                "--graph": "Excludes: --rematch"},
                    ("due",): {"--days": "Excludes: --stalled", "--stalled": "Excludes: --days"}}
        for path, lists in expected.items():
            text = self.sandbox.run_ok(*path, "--help").stdout
            rows = dict(help_sections(text)["Options"])
            for option, line in lists.items():
                with self.subTest(path=path, option=option):
                    name = next(name for name in rows if option_names(name) == [option])
                    self.assertNotIn("Needs", name)
                    self.assertNotIn("Excludes", name)
                    description = rows[name].splitlines()
                    self.assertEqual(description[-1], line)
                    self.assertNotIn("Needs", description[0])
                    self.assertNotIn("Excludes", description[0])


if __name__ == "__main__":
    unittest.main()
