"""End-to-end tests of `mentor report outcomes`.

A program enrols part of the company from examples/data/roster.csv, then the later
export roster-later.csv records who left and who was promoted. Every expected figure
is computed here from the two CSV files and the enrolment rules, never from mentor's
output. Wilson intervals are checked against scipy; Newcombe's and the matched Wald
intervals are computed in the test from their textbook formulas.
"""

import csv
import io
import json
import math
import unittest
from collections import defaultdict

from scipy.stats import binomtest

from mentor_e2e import (
    EXIT_NOT_FOUND,
    EXIT_USAGE,
    ROSTER_FILE,
    SOURCE_DIR,
    SharedBaseTestCase,
    Sandbox,
    read_roster,
)

ROSTER_LATER_FILE = SOURCE_DIR / "examples" / "data" / "roster-later.csv"
PROGRAM = "sales-growth"
FROM = "2027-01-04"
TO = "2027-07-05"
ENROL_DAY = "2027-01-05"
MENTEE_LEVELS = range(1, 3)  # --level 1..2 includes both ends
MENTEE_DEPARTMENT = "Sales"
MENTEE_ROLE = "Research Scientist"
MENTOR_LEVELS = range(4, 6)  # --level 4..5
MENTOR_ROLE = "Manager"

# Enrolling a whole department leaves its participants without a match, while enrolling
# by job role leaves others of the same department and level to match against, so the
# matched comparison has both kinds.
SETUP_COMMANDS = [
    ["init"],
    ["people", "import", ROSTER_FILE, "--full", "--as-of", FROM],
    ["program", "create", PROGRAM, "--start", FROM],
    ["--now", ENROL_DAY, "enroll", PROGRAM, "--mentees", "--level", "1..2",
     "--department", MENTEE_DEPARTMENT],
    ["--now", ENROL_DAY, "enroll", PROGRAM, "--mentees", "--level", "1..2",
     "--role", MENTEE_ROLE],
    ["--now", ENROL_DAY, "enroll", PROGRAM, "--mentors", "--level", "4..5",
     "--role", MENTOR_ROLE],
    ["people", "import", ROSTER_LATER_FILE, "--full", "--as-of", TO],
]
REPORT = ["report", "outcomes", PROGRAM, "--from", FROM, "--to", TO, "--json"]

# The 97.5% standard normal quantile, for two-sided 95% intervals.
Z95 = 1.959963984540054
# Tolerance for rates and bounds: mentor and this test compute the same formulas in
# double precision, so they agree far closer than this.
PLACES = 9


def tenure_band(years):
    if years <= 2:
        return "0-2"
    if years <= 5:
        return "3-5"
    if years <= 10:
        return "6-10"
    return "11+"


def is_participant(row):
    """Return whether the three enrolment filters of SETUP_COMMANDS select a roster row."""
    mentee = row["job_level"] in MENTEE_LEVELS and (row["department"] == MENTEE_DEPARTMENT
                                                    or row["job_role"] == MENTEE_ROLE)
    mentor = row["job_level"] in MENTOR_LEVELS and row["job_role"] == MENTOR_ROLE
    return mentee or mentor


class Outcome:
    """One group's size and how many of it stayed and were promoted over the period."""

    def __init__(self, rows, later):
        self.people = len(rows)
        self.stayed = sum(row["employee_id"] in later for row in rows)
        self.promoted = sum(row["employee_id"] in later
                            and later[row["employee_id"]]["job_level"] > row["job_level"]
                            for row in rows)

    def rate(self, count):
        """The share of the group, or None for an empty group, which has no rate."""
        return count / self.people if self.people else None


def expected_groups(roster, later):
    """Return {group label: (participants, others)} for everyone, each department and
    each level, with labels as mentor writes them."""
    members = {"everyone": roster}
    for row in roster:
        members.setdefault(row["department"], []).append(row)
        members.setdefault(f"level {row['job_level']}", []).append(row)
    return {label: (Outcome([row for row in rows if is_participant(row)], later),
                    Outcome([row for row in rows if not is_participant(row)], later))
            for label, rows in members.items()}


def wilson_bounds(count, total):
    """Return scipy's 95% Wilson interval, or [0, 1] for an empty group as
    include/mentor/stats.hpp documents."""
    if total == 0:
        return 0.0, 1.0
    interval = binomtest(count, total).proportion_ci(confidence_level=0.95, method="wilson")
    return interval.low, interval.high


def newcombe_bounds(count1, total1, count2, total2):
    """Return Newcombe's hybrid score interval for rate 1 minus rate 2, or [-1, 1] when
    either group is empty as include/mentor/stats.hpp documents."""
    if total1 == 0 or total2 == 0:
        return -1.0, 1.0
    p1 = count1 / total1
    p2 = count2 / total2
    l1, u1 = wilson_bounds(count1, total1)
    l2, u2 = wilson_bounds(count2, total2)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return low, high


def expected_matched(roster, later):
    """Return the matched comparison on (department, level, tenure band), with the
    others' rates standardised to the participants' strata and a Wald interval whose
    variances use Agresti and Caffo's adjusted rates: (count + 1) / (people + 2)."""
    strata = defaultdict(lambda: ([], []))
    for row in roster:
        key = (row["department"], row["job_level"], tenure_band(int(row["years_at_company"])))
        strata[key][0 if is_participant(row) else 1].append(row)

    matched = {"matched_participants": 0, "unmatched_participants": 0, "control_people": 0}
    pairs = []
    for participants, others in strata.values():
        if not participants:
            continue
        if not others:
            matched["unmatched_participants"] += len(participants)
            continue
        matched["matched_participants"] += len(participants)
        matched["control_people"] += len(others)
        pairs.append((Outcome(participants, later), Outcome(others, later)))

    for outcome in ("stayed", "promoted"):
        participant_rate = control_rate = variance = 0.0
        for participants, others in pairs:
            weight = participants.people / matched["matched_participants"]
            p1 = participants.rate(getattr(participants, outcome))
            p0 = others.rate(getattr(others, outcome))
            participant_rate += weight * p1
            control_rate += weight * p0
            a1 = (getattr(participants, outcome) + 1) / (participants.people + 2)
            a0 = (getattr(others, outcome) + 1) / (others.people + 2)
            variance += weight ** 2 * (a1 * (1 - a1) / (participants.people + 2)
                                       + a0 * (1 - a0) / (others.people + 2))
        half_width = Z95 * math.sqrt(variance)
        difference = participant_rate - control_rate
        matched[outcome] = {"participants": participant_rate, "control": control_rate,
                            "ci95": (difference - half_width, difference + half_width)}
    return matched


class OutcomesTest(SharedBaseTestCase):
    """Runs the setup once and the report three ways: per program, counted from the
    first session, and over all programs."""

    @classmethod
    def build_base(cls, base):
        for command in SETUP_COMMANDS:
            base.run_ok(*command)
        cls.report = json.loads(base.run_ok(*REPORT).stdout)
        cls.first_session_report = json.loads(
            base.run_ok(*REPORT, "--count-from", "first-session").stdout)
        all_programs = [argument for argument in REPORT if argument != PROGRAM]
        cls.all_programs_report = json.loads(base.run_ok(*all_programs).stdout)

        roster = read_roster()
        later = {row["employee_id"]: row for row in read_roster(ROSTER_LATER_FILE)}
        cls.groups = expected_groups(roster, later)
        cls.matched = expected_matched(roster, later)
        cls.roster_size = len(roster)

    def comparisons(self, report=None):
        """Return every comparison in the report: overall, by department, by level."""
        report = report or self.report
        return [report["overall"], *report["by_department"], *report["by_level"]]

    def assertBoundsEqual(self, actual, expected):
        self.assertEqual(len(actual), 2)
        self.assertAlmostEqual(actual[0], expected[0], places=PLACES)
        self.assertAlmostEqual(actual[1], expected[1], places=PLACES)

    def test_report_names_request(self):
        self.assertEqual(self.report["program"], PROGRAM)
        self.assertEqual(self.report["from"], FROM)
        self.assertEqual(self.report["to"], TO)
        self.assertEqual(self.report["count_from"], "enrolment")

    def test_overall_is_everyone(self):
        self.assertEqual(self.report["overall"]["group"], "everyone")

    def test_everyone_counted_once(self):
        overall = self.report["overall"]
        people = overall["participants"]["people"] + overall["others"]["people"]
        self.assertEqual(people, self.roster_size)

    def test_department_groups_listed(self):
        labels = [comparison["group"] for comparison in self.report["by_department"]]
        expected = sorted(label for label in self.groups
                          if label != "everyone" and not label.startswith("level "))
        self.assertEqual(labels, expected)

    def test_level_groups_listed(self):
        labels = [comparison["group"] for comparison in self.report["by_level"]]
        expected = sorted((label for label in self.groups if label.startswith("level ")),
                          key=lambda label: int(label.split()[1]))
        self.assertEqual(labels, expected)

    def test_group_sizes(self):
        for comparison in self.comparisons():
            expected = self.groups[comparison["group"]]
            for side, outcome in zip(("participants", "others"), expected):
                with self.subTest(group=comparison["group"], side=side):
                    self.assertEqual(comparison[side]["people"], outcome.people)
                    self.assertEqual(comparison[side]["retained"]["total"], outcome.people)
                    self.assertEqual(comparison[side]["promoted"]["total"], outcome.people)

    def test_retained_counts(self):
        for comparison in self.comparisons():
            expected = self.groups[comparison["group"]]
            for side, outcome in zip(("participants", "others"), expected):
                with self.subTest(group=comparison["group"], side=side):
                    self.assertEqual(comparison[side]["retained"]["count"], outcome.stayed)

    def test_promoted_counts(self):
        for comparison in self.comparisons():
            expected = self.groups[comparison["group"]]
            for side, outcome in zip(("participants", "others"), expected):
                with self.subTest(group=comparison["group"], side=side):
                    self.assertEqual(comparison[side]["promoted"]["count"], outcome.promoted)

    def test_rates_follow_counts(self):
        for comparison in self.comparisons():
            expected = self.groups[comparison["group"]]
            for side, outcome in zip(("participants", "others"), expected):
                with self.subTest(group=comparison["group"], side=side):
                    for name, count in (("retained", outcome.stayed),
                                        ("promoted", outcome.promoted)):
                        expected_rate = outcome.rate(count)
                        if expected_rate is None:
                            self.assertIsNone(comparison[side][name]["rate"])
                        else:
                            self.assertAlmostEqual(comparison[side][name]["rate"],
                                                   expected_rate, places=PLACES)

    def test_wilson_bounds_match_scipy(self):
        for comparison in self.comparisons():
            expected = self.groups[comparison["group"]]
            for side, outcome in zip(("participants", "others"), expected):
                for name, count in (("retained", outcome.stayed),
                                    ("promoted", outcome.promoted)):
                    with self.subTest(group=comparison["group"], side=side, outcome=name):
                        self.assertBoundsEqual(comparison[side][name]["ci95"],
                                               wilson_bounds(count, outcome.people))

    def test_differences_follow_rates(self):
        for comparison in self.comparisons():
            participants, others = self.groups[comparison["group"]]
            for name, attribute in (("retention", "stayed"), ("promotion", "promoted")):
                with self.subTest(group=comparison["group"], outcome=name):
                    if participants.people == 0 or others.people == 0:
                        # A group compared with nobody has no difference.
                        self.assertIsNone(comparison[name]["difference"])
                        continue
                    expected = (participants.rate(getattr(participants, attribute))
                                - others.rate(getattr(others, attribute)))
                    self.assertAlmostEqual(comparison[name]["difference"], expected,
                                           places=PLACES)

    def test_newcombe_bounds(self):
        for comparison in self.comparisons():
            participants, others = self.groups[comparison["group"]]
            for name, attribute in (("retention", "stayed"), ("promotion", "promoted")):
                expected = newcombe_bounds(getattr(participants, attribute), participants.people,
                                           getattr(others, attribute), others.people)
                with self.subTest(group=comparison["group"], outcome=name):
                    self.assertBoundsEqual(comparison[name]["ci95"], expected)

    def test_significance_excludes_zero(self):
        for comparison in self.comparisons():
            participants, others = self.groups[comparison["group"]]
            for name, attribute in (("retention", "stayed"), ("promotion", "promoted")):
                low, high = newcombe_bounds(getattr(participants, attribute),
                                            participants.people,
                                            getattr(others, attribute), others.people)
                with self.subTest(group=comparison["group"], outcome=name):
                    self.assertIs(comparison[name]["significant"], low > 0 or high < 0)

    def test_matched_participant_counts(self):
        matched = self.report["matched"]
        self.assertEqual(matched["matched_participants"], self.matched["matched_participants"])
        self.assertEqual(matched["unmatched_participants"],
                         self.matched["unmatched_participants"])
        self.assertEqual(matched["control_people"], self.matched["control_people"])

    def test_matched_standardised_rates(self):
        for name, outcome in (("retention", "stayed"), ("promotion", "promoted")):
            actual = self.report["matched"][name]
            expected = self.matched[outcome]
            with self.subTest(outcome=name):
                self.assertAlmostEqual(actual["participants"], expected["participants"],
                                       places=PLACES)
                self.assertAlmostEqual(actual["control"], expected["control"], places=PLACES)
                self.assertAlmostEqual(actual["difference"],
                                       expected["participants"] - expected["control"],
                                       places=PLACES)

    def test_matched_wald_interval(self):
        for name, outcome in (("retention", "stayed"), ("promotion", "promoted")):
            actual = self.report["matched"][name]
            low, high = self.matched[outcome]["ci95"]
            with self.subTest(outcome=name):
                self.assertBoundsEqual(actual["ci95"], (low, high))
                self.assertIs(actual["significant"], low > 0 or high < 0)

    def test_weekly_summary_overall_figures(self):
        # The weekly summary's text reads the overall counts with a query of its own. Its
        # period runs from the program's start to the Sunday, after every recorded change.
        result = self.sandbox.run_ok("--now", "2027-07-13", "report", "weekly", "--week", TO,
                                     "--format", "markdown")
        text = " ".join(result.stdout.split())
        participants, others = self.groups["everyone"]
        percent = lambda group, count: 100 * group.rate(count)  # noqa: E731
        self.assertIn(
            f"From {FROM} to 2027-07-11: participants stayed at "
            f"{percent(participants, participants.stayed):.1f}% ({participants.people} people), "
            f"others at {percent(others, others.stayed):.1f}% ({others.people} people); promoted "
            f"{percent(participants, participants.promoted):.1f}% against "
            f"{percent(others, others.promoted):.1f}%.", text)
        low, high = newcombe_bounds(participants.stayed, participants.people, others.stayed,
                                    others.people)
        self.assertIn(f"95% CI {100 * low:+.1f} to {100 * high:+.1f}", text)

    def csv_sections(self):
        """Return {section heading: list of row dicts} from the CSV form of the report."""
        command = [argument for argument in REPORT if argument != "--json"]
        text = self.sandbox.run_ok(*command, "--format", "csv").stdout
        sections = {}
        for block in text.split("\n\n"):
            rows = list(csv.reader(io.StringIO(block)))
            heading, header, *body = [row for row in rows if row]
            sections[heading[0]] = [dict(zip(header, row)) for row in body]
        return sections

    def assertCsvNumber(self, cell, expected):
        self.assertAlmostEqual(float(cell), expected, places=5)

    def test_csv_comparisons_are_plain_numbers(self):
        sections = self.csv_sections()
        for heading, attribute in (("Stayed", "stayed"), ("Promoted", "promoted")):
            for scope in ("participants against everyone else", "by department", "by job level"):
                rows = sections[f"{heading}: {scope}"]
                self.assertTrue(rows)
                for row in rows:
                    participants, others = self.groups[row["group"]]
                    with self.subTest(section=heading, group=row["group"]):
                        self.assertEqual(int(row["participants"]), participants.people)
                        self.assertEqual(int(row["others"]), others.people)
                        if participants.people == 0 or others.people == 0:
                            self.assertEqual(row["difference"], "")
                            continue
                        rate_p = participants.rate(getattr(participants, attribute))
                        rate_o = others.rate(getattr(others, attribute))
                        self.assertCsvNumber(row["rate_participants"], rate_p)
                        self.assertCsvNumber(row["rate_others"], rate_o)
                        self.assertCsvNumber(row["difference"], rate_p - rate_o)
                        low, high = newcombe_bounds(
                            getattr(participants, attribute), participants.people,
                            getattr(others, attribute), others.people)
                        self.assertCsvNumber(row["ci95_low"], low)
                        self.assertCsvNumber(row["ci95_high"], high)
                        self.assertEqual(row["significant"],
                                         "yes" if low > 0 or high < 0 else "no")

    def test_csv_matched_rows_are_plain_numbers(self):
        rows = {row["outcome"]: row
                for row in self.csv_sections()["Against a matched control group"]}
        for outcome in ("stayed", "promoted"):
            expected = self.matched[outcome]
            low, high = expected["ci95"]
            with self.subTest(outcome=outcome):
                self.assertCsvNumber(rows[outcome]["rate_participants"], expected["participants"])
                self.assertCsvNumber(rows[outcome]["rate_control"], expected["control"])
                self.assertCsvNumber(rows[outcome]["ci95_low"], low)
                self.assertCsvNumber(rows[outcome]["ci95_high"], high)

    def test_first_session_without_sessions(self):
        overall = self.first_session_report["overall"]
        self.assertEqual(self.first_session_report["count_from"], "first-session")
        self.assertEqual(overall["participants"]["people"], 0)
        self.assertEqual(overall["others"]["people"], self.roster_size)

    def test_first_session_matches_nobody(self):
        matched = self.first_session_report["matched"]
        self.assertEqual(matched["matched_participants"], 0)
        self.assertEqual(matched["unmatched_participants"], 0)

    def test_to_before_from_rejected(self):
        result = self.sandbox.run("report", "outcomes", PROGRAM, "--from", TO, "--to", FROM)
        self.assertErrorLine(result, EXIT_USAGE, FROM, TO)

    def test_unknown_program_rejected(self):
        result = self.sandbox.run("report", "outcomes", "no-such-program",
                                  "--from", FROM, "--to", TO)
        self.assertErrorLine(result, EXIT_NOT_FOUND, "no-such-program")

    def test_later_hire_not_counted(self):
        roster = read_roster()
        later_rows = read_roster(ROSTER_LATER_FILE)
        taken_ids = {row["employee_id"] for row in roster}
        hire = dict(later_rows[0], employee_id="N00001", email="new.hire@example.com")
        self.assertNotIn(hire["employee_id"], taken_ids)
        later_file = self.sandbox.root / "roster-later-with-hire.csv"
        with open(later_file, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(later_rows[0]))
            writer.writeheader()
            writer.writerows([*later_rows, hire])

        hired = Sandbox()
        self.addCleanup(hired.cleanup)
        hired.run_ok("init")
        hired.run_ok("people", "import", ROSTER_FILE, "--full", "--as-of", FROM)
        hired.run_ok("people", "import", later_file, "--full", "--as-of", TO)
        report = json.loads(hired.run_ok("report", "outcomes", "--from", FROM, "--to", TO,
                                         "--json").stdout)
        self.assertEqual(report["overall"]["others"]["people"], len(roster))

    def test_all_programs_name_none(self):
        self.assertIsNone(self.all_programs_report["program"])

    def test_all_programs_equal_single(self):
        for key in self.report:
            if key == "program":
                continue
            with self.subTest(key=key):
                self.assertEqual(self.all_programs_report[key], self.report[key])


if __name__ == "__main__":
    unittest.main()
