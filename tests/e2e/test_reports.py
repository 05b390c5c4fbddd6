"""The progress, engagement and mix reports, checked against figures computed here
from the sessions the tests log and from the example roster."""

import csv
import datetime
import io
import json
import unittest
from collections import defaultdict

from mentor_e2e import (EXIT_NOT_FOUND, ROSTER_FILE, MentorTestCase, parse_date,
                        read_example_config, read_roster, working_overlap_minutes)

PROGRAM = "tl-2027"
START = datetime.date(2027, 1, 4)  # a Monday
NOW = "2027-03-01T12:00Z"
TODAY = datetime.date(2027, 3, 1)
CADENCE_DAYS = 14  # the technical-leadership template's cadence
TEMPLATE_SESSIONS = 4

# (mentor, mentee) pairs. The first shares department, field and zone. The next two cross
# all three, with shared working hours and without. The fourth ends as not a fit, and the
# last completes the template.
PAIRS = [("E00023", "E00004"), ("E00019", "E00011"), ("E00029", "E00022"),
         ("E00026", "E00028"), ("E00016", "E00025")]
ENDED_MENTEE = "E00028"
ENDED_ON = datetime.date(2027, 1, 25)

# (mentee, date, status, minutes, rating, mentor rating, confidence before, after)
SESSIONS = [
    ("E00004", "2027-01-18", "held", 60, 4, 5, 2, 4),
    ("E00004", "2027-02-01", "held", 45, 5, None, 3, 4),
    ("E00011", "2027-01-18", "missed", None, None, None, None, None),
    ("E00011", "2027-01-20", "held", 30, 3, 4, None, None),
    ("E00022", "2027-01-19", "cancelled", None, None, None, None, None),
    ("E00028", "2027-01-19", "held", 50, 2, 2, 3, 2),
    ("E00025", "2027-01-11", "held", 60, 5, 4, 1, 3),
    ("E00025", "2027-01-25", "held", 60, 5, 5, 3, 4),
    ("E00025", "2027-02-08", "held", 60, 4, None, None, None),
    ("E00025", "2027-02-22", "held", 60, 5, 5, 4, 5),
]

# (person, other, date, minutes, in the program)
MICRO_SESSIONS = [
    ("E00004", "E00009", "2027-01-20", 15, True),
    ("E00011", "E00019", "2027-02-02", 20, True),
    ("E00001", "E00002", "2027-02-03", 10, False),
]


def week_of(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def expected_figures(sessions, micro_sessions) -> dict:
    """Return the engagement figures of the given session and micro-session rows."""
    held = [row for row in sessions if row[2] == "held"]
    ratings = [row[4] for row in held]
    mentor_ratings = [row[5] for row in held if row[5] is not None]
    changes = [row[7] - row[6] for row in held if row[6] is not None and row[7] is not None]
    return {
        "held": len(held),
        "missed": sum(1 for row in sessions if row[2] == "missed"),
        "cancelled": sum(1 for row in sessions if row[2] == "cancelled"),
        "minutes": sum(row[3] for row in held),
        "mentee_rating": (sum(ratings) / len(ratings), len(ratings)) if ratings else (None, 0),
        "mentor_rating": ((sum(mentor_ratings) / len(mentor_ratings), len(mentor_ratings))
                          if mentor_ratings else (None, 0)),
        "confidence_change": (sum(changes) / len(changes), len(changes)) if changes else (None, 0),
        "micro": (len(micro_sessions), sum(row[3] for row in micro_sessions)),
    }


def sessions_due(paired_on: datetime.date, until: datetime.date) -> int:
    """Return how many sessions a two-weekly cadence calls for by `until`."""
    due = 0
    next_due = max(START, paired_on) + datetime.timedelta(days=CADENCE_DAYS)
    while due < TEMPLATE_SESSIONS and next_due <= until:
        due += 1
        next_due += datetime.timedelta(days=CADENCE_DAYS)
    return due


class ReportsTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.people = {row["employee_id"]: row for row in read_roster()}
        run = self.sandbox.run_ok
        run("init")
        run("people", "import", ROSTER_FILE)
        run("program", "create", PROGRAM, "--start", START.isoformat())
        run("enroll", PROGRAM, "--mentors", *[mentor for mentor, _ in PAIRS])
        run("enroll", PROGRAM, "--mentees", *[mentee for _, mentee in PAIRS])
        for mentor, mentee in PAIRS:
            run("--now", START.isoformat(), "pair", PROGRAM, "--mentor", mentor, "--mentee", mentee)
        for mentee, day, status, minutes, rating, mentor_rating, before, after in SESSIONS:
            args = ["--now", NOW, "session", "log", PROGRAM, mentee, "--date", day,
                    "--status", status, "--notes", ""]
            optional = (("--minutes", minutes), ("--rating", rating),
                        ("--mentor-rating", mentor_rating), ("--confidence-before", before),
                        ("--confidence-after", after))
            for option, value in optional:
                if value is not None:
                    args += [option, value]
            run(*args)
            if mentee == ENDED_MENTEE:
                run("--now", ENDED_ON.isoformat(), "session", "end", PROGRAM, mentee,
                    "--not-a-fit")
        for person, other, day, minutes, in_program in MICRO_SESSIONS:
            args = ["--now", NOW, "micro", "log", person, other, "--minutes", minutes,
                    "--topic", "code review", "--date", day]
            if in_program:
                args += ["--program", PROGRAM]
            run(*args)

    def report_json(self, *args) -> dict:
        document = json.loads(self.sandbox.run_ok("--now", NOW, "report", *args, "--json").stdout)
        self.assertEqual(document["format"], 1)
        return document

    def assertFigures(self, actual: dict, expected: dict):
        self.assertEqual(actual["sessions"], {"held": expected["held"],
                                              "missed": expected["missed"],
                                              "cancelled": expected["cancelled"]})
        self.assertEqual(actual["minutes"], expected["minutes"])
        for name in ("mentee_rating", "mentor_rating", "confidence_change"):
            average, count = expected[name]
            self.assertEqual(actual[name]["count"], count, msg=name)
            if average is None:
                self.assertIsNone(actual[name]["average"], msg=name)
            else:
                self.assertAlmostEqual(actual[name]["average"], average, msg=name)
        self.assertEqual(actual["micro_sessions"],
                         {"count": expected["micro"][0], "minutes": expected["micro"][1]})

    def test_progress_counts_pairs(self):
        report = self.report_json("progress", PROGRAM)
        held = defaultdict(int)
        for row in SESSIONS:
            if row[2] == "held":
                held[row[0]] += 1
        completed = {mentee for mentee, count in held.items() if count == TEMPLATE_SESSIONS}
        active = [mentee for _, mentee in PAIRS
                  if mentee not in completed and mentee != ENDED_MENTEE]
        self.assertEqual(report["pairs"]["total"], len(PAIRS))
        self.assertEqual(report["pairs"]["completed"], len(completed))
        self.assertEqual(report["pairs"]["ended"], 1)
        self.assertEqual(report["pairs"]["active"], len(active))
        self.assertEqual(report["ended"], [{"reason": "not a fit", "pairs": 1}])

        on_session = defaultdict(int)
        for mentee in active:
            on_session[held[mentee] + 1] += 1
        self.assertEqual([stage["number"] for stage in report["by_session"]],
                         list(range(1, TEMPLATE_SESSIONS + 1)))
        for stage in report["by_session"]:
            self.assertEqual(stage["pairs"], on_session[stage["number"]],
                             msg=f"session {stage['number']}")

    def test_progress_overdue_pairs(self):
        report = self.report_json("progress", PROGRAM)
        expected = {}
        for _, mentee in PAIRS:
            held_days = [parse_date(row[1]) for row in SESSIONS
                         if row[0] == mentee and row[2] == "held"]
            if mentee == ENDED_MENTEE or len(held_days) == TEMPLATE_SESSIONS:
                continue
            last = max(held_days) if held_days else START
            next_due = last + datetime.timedelta(days=CADENCE_DAYS)
            if TODAY > next_due:
                expected[mentee] = (next_due.isoformat(), (TODAY - next_due).days)
        actual = {row["mentee"]["employee_id"]: (row["next_due"], row["days_overdue"])
                  for row in report["overdue_pairs"]}
        self.assertEqual(actual, expected)
        self.assertEqual(report["pairs"]["overdue"], len(expected))

    def test_progress_held_against_due(self):
        report = self.report_json("progress", PROGRAM)
        held = sum(1 for row in SESSIONS if row[2] == "held")
        due = 0
        for _, mentee in PAIRS:
            held_count = sum(1 for row in SESSIONS if row[0] == mentee and row[2] == "held")
            if held_count == TEMPLATE_SESSIONS:
                due += TEMPLATE_SESSIONS
            elif mentee == ENDED_MENTEE:
                due += sessions_due(START, ENDED_ON)
            else:
                due += sessions_due(START, TODAY)
        self.assertEqual(report["sessions"]["held"], held)
        self.assertEqual(report["sessions"]["due"], due)
        self.assertAlmostEqual(report["sessions"]["held_rate"], held / due)

    def test_engagement_totals_and_program(self):
        report = self.report_json("engagement")
        program_micro = [row for row in MICRO_SESSIONS if row[4]]
        expected = expected_figures(SESSIONS, program_micro)
        self.assertFigures(report["total"], expected)
        self.assertEqual([row["program"] for row in report["by_program"]], [PROGRAM])
        self.assertFigures(report["by_program"][0], expected)
        self.assertIsNone(report["from"])

    def test_engagement_per_week(self):
        report = self.report_json("engagement", PROGRAM)
        weeks = sorted({week_of(parse_date(row[1])) for row in SESSIONS}
                       | {week_of(parse_date(row[2])) for row in MICRO_SESSIONS if row[4]})
        self.assertEqual([row["week"] for row in report["by_week"]], weeks)
        for row in report["by_week"]:
            sessions = [item for item in SESSIONS if week_of(parse_date(item[1])) == row["week"]]
            micro = [item for item in MICRO_SESSIONS
                     if item[4] and week_of(parse_date(item[2])) == row["week"]]
            with self.subTest(week=row["week"]):
                self.assertFigures(row, expected_figures(sessions, micro))

    def test_engagement_period(self):
        first, last = datetime.date(2027, 1, 18), datetime.date(2027, 1, 31)
        report = self.report_json("engagement", PROGRAM, "--from", first.isoformat(),
                                  "--to", last.isoformat())
        sessions = [row for row in SESSIONS if first <= parse_date(row[1]) <= last]
        micro = [row for row in MICRO_SESSIONS if row[4] and first <= parse_date(row[2]) <= last]
        self.assertFigures(report["total"], expected_figures(sessions, micro))
        self.assertEqual(report["from"], first.isoformat())
        self.assertEqual(report["to"], last.isoformat())

    def test_mix_crossings(self):
        report = self.report_json("mix", PROGRAM)
        current = [(self.people[mentor], self.people[mentee]) for mentor, mentee in PAIRS
                   if mentee != ENDED_MENTEE]
        self.assertEqual(report["pairs"], len(current))
        for key, field in (("departments", "department"), ("education_fields", "education_field"),
                           ("time_zones", "timezone")):
            known = [(a, b) for a, b in current if a[field] and b[field]]
            crossing = sum(1 for a, b in known if a[field] != b[field])
            self.assertEqual(report[key], {"crossing": crossing, "known": len(known)}, msg=key)

    def test_mix_working_overlap(self):
        report = self.report_json("mix", PROGRAM)
        working_day = read_example_config()["pairing"]["working_day"]
        expected = {}
        for mentor, mentee in PAIRS:
            a, b = self.people[mentor], self.people[mentee]
            if mentee != ENDED_MENTEE and a["timezone"] != b["timezone"]:
                expected[(mentor, mentee)] = working_overlap_minutes(
                    a["timezone"], b["timezone"], START, working_day)
        actual = {(row["mentor"]["employee_id"], row["mentee"]["employee_id"]):
                  row["overlap_minutes"] for row in report["working_hours"]["cross_zone_pairs"]}
        self.assertEqual(actual, expected)
        self.assertTrue(any(minutes > 0 for minutes in expected.values()))
        self.assertEqual(report["working_hours"]["date"], START.isoformat())
        self.assertEqual(report["working_hours"]["working_day"], working_day)

    def test_mix_minute_flow(self):
        report = self.report_json("mix", PROGRAM)
        mentor_of = {mentee: mentor for mentor, mentee in PAIRS}
        flow = defaultdict(int)
        for row in SESSIONS:
            if row[2] == "held":
                flow[(self.people[mentor_of[row[0]]]["department"],
                      self.people[row[0]]["department"])] += row[3]
        departments = sorted({name for key in flow for name in key})
        matrix = report["minute_flow"]
        self.assertEqual(matrix["departments"], departments)
        for i, source in enumerate(departments):
            for j, target in enumerate(departments):
                self.assertEqual(matrix["minutes"][i][j], flow.get((source, target), 0),
                                 msg=f"{source} -> {target}")
        self.assertEqual({(row["from"], row["to"]): row["minutes"] for row in matrix["flows"]},
                         dict(flow))

    def test_formats_of_each_report(self):
        for report in (["progress", PROGRAM], ["engagement", PROGRAM], ["mix", PROGRAM]):
            with self.subTest(report=report[0]):
                run = self.sandbox.run_ok
                rows = list(csv.reader(io.StringIO(
                    run("--now", NOW, "report", *report, "--format", "csv").stdout)))
                self.assertGreater(len(rows), 2)
                markdown = run("--now", NOW, "report", *report, "--format", "markdown").stdout
                self.assertRegex(markdown, r"(?m)^\|.*\|$")
                self.assertRegex(markdown, r"(?m)^\|\s*-{3,}")
                html = run("--now", NOW, "report", *report, "--format", "html").stdout
                self.assertIn("<table", html)
                text = run("--now", NOW, "report", *report).stdout
                self.assertNotIn("\033[", text)

    def test_unknown_program_exits_67(self):
        for report in ("progress", "engagement", "mix"):
            with self.subTest(report=report):
                result = self.sandbox.run("report", report, "no-such-program")
                self.assertErrorLine(result, EXIT_NOT_FOUND, "no-such-program")


if __name__ == "__main__":
    unittest.main()
