"""The team lead's flow from init to status, checked against figures computed from the
roster CSV and the example config rather than taken from mentor's output."""

import datetime
import json
import unittest

from mentor_e2e import (
    ROSTER_FILE,
    Sandbox,
    pair_allowed,
    pair_score,
    parse_date,
    read_example_config,
    read_roster,
)

PROGRAM = "tl-2027"
TEMPLATE = "technical-leadership"
START = datetime.date(2027, 1, 11)
PAIRING_DAY = datetime.date(2027, 1, 8)
STATUS_DAY = datetime.date(2027, 1, 20)
MENTOR_DEPARTMENT = "Research Development"
MENTOR_LEVELS = range(3, 6)  # --level 3..5 includes both ends
AUTO_MENTEES = ["E00004", "E00012", "E00031"]
MANUAL_MENTOR = "E00023"
MANUAL_MENTEE = "E00020"
LOGGED_MENTEE = "E00004"
LOGGED_DAY = datetime.date(2027, 1, 13)

STATUS_KEYS = {"format", "program", "today", "summary", "pairs", "unpaired_mentees"}
PROGRAM_KEYS = {"name", "template", "start", "cadence_days", "cadence", "sessions_total"}
SUMMARY_KEYS = {"mentors", "pairs", "active", "completed", "overdue", "unpaired_mentees",
                "micro_sessions"}
PAIR_KEYS = {"id", "mentor", "mentee", "state", "method", "paired_on", "sessions_held",
             "sessions_total", "current_session", "last_held", "next_due", "overdue",
             "ended_reason", "goals", "next_appointment"}
PERSON_KEYS = {"employee_id", "name", "department", "job_level"}

FLOW = [
    ["init"],
    ["people", "import", ROSTER_FILE],
    ["program", "create", PROGRAM, "--template", TEMPLATE, "--start", START.isoformat()],
    ["enroll", PROGRAM, "--mentors", "--level", "3..5", "--department", MENTOR_DEPARTMENT],
    ["enroll", PROGRAM, "--mentees", *AUTO_MENTEES],
    ["--now", PAIRING_DAY.isoformat(), "pair", PROGRAM],
    ["enroll", PROGRAM, "--mentees", MANUAL_MENTEE],
    ["--now", PAIRING_DAY.isoformat(), "pair", PROGRAM, "--mentor", MANUAL_MENTOR,
     "--mentee", MANUAL_MENTEE],
    ["--now", STATUS_DAY.isoformat(), "session", "log", PROGRAM, LOGGED_MENTEE,
     "--date", LOGGED_DAY.isoformat(), "--minutes", "45", "--rating", "4",
     "--notes", "goals agreed"],
]


def best_total(mentees, mentors, capacity, score):
    """Return the best total score of an assignment that pairs every mentee, by brute
    force over each mentee's best few mentors: with n mentees, the other mentees fill at
    most n - 1 places, so each mentee's best n mentors contain an optimal choice."""
    choices = []
    for mentee in mentees:
        ranked = sorted(mentors, key=lambda mentor: -score(mentor, mentee))
        choices.append(ranked[:len(mentees)])
    best = None

    def visit(index, used, total):
        nonlocal best
        if index == len(mentees):
            best = total if best is None else max(best, total)
            return
        for mentor in choices[index]:
            taken = used.get(mentor["employee_id"], 0)
            if taken < capacity:
                used[mentor["employee_id"]] = taken + 1
                visit(index + 1, used, total + score(mentor, mentees[index]))
                used[mentor["employee_id"]] = taken

    visit(0, {}, 0)
    return best


class DemoFlowTest(unittest.TestCase):
    """Runs the flow once in one sandbox, and each test checks one part of the result."""

    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()
        cls.results = [cls.sandbox.run(*command) for command in FLOW]
        cls.status_text = cls.sandbox.run("--now", STATUS_DAY.isoformat(), "status", PROGRAM)
        cls.status_json = cls.sandbox.run("--now", STATUS_DAY.isoformat(), "status", PROGRAM,
                                          "--json")

        cls.roster = read_roster()
        cls.people = {row["employee_id"]: row for row in cls.roster}
        config = read_example_config()
        cls.capacity = config["pairing"]["default_capacity"]
        cls.min_level_gap = config["pairing"]["min_level_gap"]
        cls.template = config["templates"][TEMPLATE]
        cls.cadence = datetime.timedelta(days=cls.template["cadence_days"])
        cls.mentor_ids = sorted(row["employee_id"] for row in cls.roster
                                if row["department"] == MENTOR_DEPARTMENT
                                and row["job_level"] in MENTOR_LEVELS)

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.cleanup()

    def setUp(self):
        for command, result in zip(FLOW, self.results):
            self.assertEqual(result.status, 0, msg=f"mentor {command}: {result.stderr}")

    def pair_rows(self):
        return self.sandbox.query(
            "SELECT mentor_id, mentee_id, method, paired_on FROM pairs ORDER BY id")

    def status(self):
        self.assertEqual(self.status_json.status, 0, msg=self.status_json.stderr)
        return json.loads(self.status_json.stdout)

    def expected_first_due(self, paired_on):
        return max(START, paired_on) + self.cadence

    def test_import_counts_roster_people(self):
        unique_ids = len(self.people)
        self.assertEqual(len(self.roster), unique_ids)
        output = self.results[1].stdout
        self.assertRegex(output, rf"\b{len(self.roster)} rows\b")
        self.assertRegex(output, rf"\b{unique_ids} added\b")
        stored = self.sandbox.query("SELECT employee_id, department, job_level FROM people")
        expected = {(row["employee_id"], row["department"], row["job_level"])
                    for row in self.roster}
        self.assertEqual(set(stored), expected)

    def test_enroll_mentors_by_filter(self):
        self.assertRegex(self.results[3].stdout, rf"\b{len(self.mentor_ids)} mentors enrolled")
        stored = self.sandbox.query(
            "SELECT employee_id FROM enrolments WHERE role = 'mentor' ORDER BY employee_id")
        self.assertEqual([row[0] for row in stored], self.mentor_ids)

    def test_enroll_mentees_by_id(self):
        stored = self.sandbox.query(
            "SELECT employee_id FROM enrolments WHERE role = 'mentee' ORDER BY employee_id")
        self.assertEqual([row[0] for row in stored], sorted(AUTO_MENTEES + [MANUAL_MENTEE]))

    def test_three_auto_one_manual(self):
        methods = [row[2] for row in self.pair_rows()]
        self.assertEqual(methods.count("auto"), len(AUTO_MENTEES))
        self.assertEqual(methods.count("manual"), 1)
        self.assertEqual(len(methods), len(AUTO_MENTEES) + 1)
        auto_mentees = sorted(row[1] for row in self.pair_rows() if row[2] == "auto")
        self.assertEqual(auto_mentees, sorted(AUTO_MENTEES))
        manual = [(row[0], row[1]) for row in self.pair_rows() if row[2] == "manual"]
        self.assertEqual(manual, [(MANUAL_MENTOR, MANUAL_MENTEE)])

    def test_pair_output_lists_pairs(self):
        output = self.results[5].stdout
        self.assertRegex(output, rf"\b{len(AUTO_MENTEES)} pairs made\b")
        for mentor_id, mentee_id, method, _ in self.pair_rows():
            if method == "auto":
                line = next((line for line in output.splitlines() if mentee_id in line), "")
                self.assertIn(mentor_id, line)

    def test_auto_pairs_respect_levels(self):
        for mentor_id, mentee_id, method, _ in self.pair_rows():
            if method != "auto":
                continue
            with self.subTest(mentee=mentee_id):
                self.assertGreaterEqual(self.people[mentor_id]["job_level"],
                                        self.people[mentee_id]["job_level"] + self.min_level_gap)
                self.assertIn(mentor_id, self.mentor_ids)

    def test_auto_pairs_best_total(self):
        rules = read_example_config()["pairing"]
        mentees = [self.people[employee_id] for employee_id in AUTO_MENTEES]
        mentors = [self.people[employee_id] for employee_id in self.mentor_ids
                   if all(pair_allowed(self.people[employee_id], mentee, rules, False)
                          for mentee in mentees)]
        self.assertEqual(len(mentors), len(self.mentor_ids), "a mentor fails the level rule")

        def score(mentor, mentee):
            return pair_score(mentor, mentee, rules, START, False)

        stored = [(self.people[row[0]], self.people[row[1]]) for row in self.pair_rows()
                  if row[2] == "auto"]
        self.assertEqual(sum(score(mentor, mentee) for mentor, mentee in stored),
                         best_total(mentees, mentors, self.capacity, score))

    def test_nobody_paired_with_themself(self):
        for mentor_id, mentee_id, _, _ in self.pair_rows():
            self.assertNotEqual(mentor_id, mentee_id)

    def test_mentors_within_capacity(self):
        mentees_per_mentor = {}
        for mentor_id, _, _, _ in self.pair_rows():
            mentees_per_mentor[mentor_id] = mentees_per_mentor.get(mentor_id, 0) + 1
        for mentor_id, count in mentees_per_mentor.items():
            with self.subTest(mentor=mentor_id):
                self.assertLessEqual(count, self.capacity)

    def test_pairs_dated_pairing_day(self):
        for row in self.pair_rows():
            self.assertEqual(row[3], PAIRING_DAY.isoformat())

    def test_session_log_output(self):
        output = self.results[8].stdout
        titles = [session["title"] for session in self.template["sessions"]]
        self.assertIn(f"session 1 of {len(titles)}", output)
        self.assertIn(titles[0], output)
        self.assertIn(titles[1], output)
        self.assertIn((LOGGED_DAY + self.cadence).isoformat(), output)
        stored = self.sandbox.query("SELECT number, held_on, minutes, rating, notes FROM sessions")
        self.assertEqual(stored, [(1, LOGGED_DAY.isoformat(), 45, 4, "goals agreed")])

    def test_status_json_shape(self):
        status = self.status()
        self.assertEqual(set(status), STATUS_KEYS)
        self.assertEqual(status["format"], 1)
        self.assertEqual(set(status["program"]), PROGRAM_KEYS)
        self.assertEqual(set(status["summary"]), SUMMARY_KEYS)
        self.assertIsInstance(status["pairs"], list)
        self.assertIsInstance(status["unpaired_mentees"], list)
        for pair in status["pairs"]:
            with self.subTest(pair=pair["id"]):
                self.assertEqual(set(pair), PAIR_KEYS)
                self.assertEqual(set(pair["mentor"]), PERSON_KEYS)
                self.assertEqual(set(pair["mentee"]), PERSON_KEYS)
                self.assertIsInstance(pair["id"], int)
                self.assertIsInstance(pair["overdue"], bool)
                if pair["current_session"] is not None:
                    self.assertEqual(set(pair["current_session"]), {"number", "title"})

    def test_status_json_program(self):
        status = self.status()
        self.assertEqual(status["program"], {
            "name": PROGRAM,
            "template": TEMPLATE,
            "start": START.isoformat(),
            "cadence_days": self.template["cadence_days"],
            "cadence": "every two weeks",
            "sessions_total": len(self.template["sessions"]),
        })
        self.assertEqual(status["today"], STATUS_DAY.isoformat())

    def test_status_json_summary(self):
        status = self.status()
        pair_count = len(AUTO_MENTEES) + 1
        self.assertEqual(status["summary"], {
            "mentors": len(self.mentor_ids),
            "pairs": pair_count,
            "active": pair_count,
            "completed": 0,
            "overdue": 0,
            "unpaired_mentees": 0,
            "micro_sessions": 0,
        })
        self.assertEqual(status["unpaired_mentees"], [])

    def test_status_json_people(self):
        for pair in self.status()["pairs"]:
            for role in ("mentor", "mentee"):
                person = pair[role]
                row = self.people[person["employee_id"]]
                with self.subTest(pair=pair["id"], role=role):
                    self.assertEqual(person["name"], row["name"])
                    self.assertEqual(person["department"], row["department"])
                    self.assertEqual(person["job_level"], row["job_level"])

    def test_logged_pair_on_session_two(self):
        sessions = self.template["sessions"]
        pairs = [pair for pair in self.status()["pairs"]
                 if pair["mentee"]["employee_id"] == LOGGED_MENTEE]
        self.assertEqual(len(pairs), 1)
        pair = pairs[0]
        self.assertEqual(pair["state"], "active")
        self.assertEqual(pair["sessions_held"], 1)
        self.assertEqual(pair["sessions_total"], len(sessions))
        self.assertEqual(pair["current_session"], {"number": 2, "title": sessions[1]["title"]})
        self.assertEqual(pair["last_held"], LOGGED_DAY.isoformat())
        self.assertEqual(pair["next_due"], (LOGGED_DAY + self.cadence).isoformat())
        self.assertFalse(pair["overdue"])

    def test_other_pairs_on_session_one(self):
        sessions = self.template["sessions"]
        pairs = [pair for pair in self.status()["pairs"]
                 if pair["mentee"]["employee_id"] != LOGGED_MENTEE]
        self.assertEqual(len(pairs), len(AUTO_MENTEES))
        for pair in pairs:
            with self.subTest(mentee=pair["mentee"]["employee_id"]):
                due = self.expected_first_due(parse_date(pair["paired_on"]))
                self.assertEqual(pair["state"], "active")
                self.assertEqual(pair["sessions_held"], 0)
                self.assertEqual(pair["current_session"],
                                 {"number": 1, "title": sessions[0]["title"]})
                self.assertIsNone(pair["last_held"])
                self.assertEqual(pair["next_due"], due.isoformat())
                self.assertFalse(pair["overdue"])

    def test_first_due_after_start(self):
        # Pairs made before the program starts count their first cadence from the start.
        self.assertLess(PAIRING_DAY, START)
        for pair in self.status()["pairs"]:
            if pair["last_held"] is None:
                self.assertEqual(parse_date(pair["next_due"]), START + self.cadence)

    def test_status_marks_overdue_pairs(self):
        later = STATUS_DAY + datetime.timedelta(days=6)
        result = self.sandbox.run("--now", later.isoformat(), "status", PROGRAM, "--json")
        self.assertEqual(result.status, 0, msg=result.stderr)
        status = json.loads(result.stdout)
        expected_overdue = 0
        for pair in status["pairs"]:
            late = later > parse_date(pair["next_due"])
            expected_overdue += late
            with self.subTest(mentee=pair["mentee"]["employee_id"]):
                self.assertEqual(pair["overdue"], late)
        self.assertGreater(expected_overdue, 0)
        self.assertEqual(status["summary"]["overdue"], expected_overdue)

    def test_status_text_rows(self):
        self.assertEqual(self.status_text.status, 0, msg=self.status_text.stderr)
        lines = self.status_text.stdout.splitlines()
        for pair in self.status()["pairs"]:
            mentee_id = pair["mentee"]["employee_id"]
            with self.subTest(mentee=mentee_id):
                rows = [line for line in lines if line.startswith(mentee_id + " ")]
                self.assertEqual(len(rows), 1)
                self.assertIn(pair["mentor"]["employee_id"], rows[0])
                session = pair["current_session"]["number"]
                self.assertIn(f"{session}/{len(self.template['sessions'])}", rows[0])
                self.assertIn(pair["next_due"], rows[0])

    def test_rerun_changes_nothing(self):
        rerun = Sandbox()
        self.addCleanup(rerun.cleanup)
        rerun.copy_state_from(self.sandbox)
        before = rerun.dump()

        imported = rerun.run_ok(*FLOW[1])
        self.assertIn("nothing changed", imported.stdout)
        self.assertRegex(imported.stdout, rf"\ball {len(self.people)} people\b")

        created = rerun.run_ok(*FLOW[2])
        self.assertIn("unchanged", created.stdout)

        enrolled = json.loads(rerun.run_ok(*FLOW[3], "--json").stdout)
        self.assertEqual(enrolled["added"], [])
        self.assertEqual(enrolled["updated"], [])
        self.assertEqual(sorted(enrolled["unchanged"]), self.mentor_ids)

        self.assertEqual(rerun.dump(), before)

    def test_second_import_json(self):
        rerun = Sandbox()
        self.addCleanup(rerun.cleanup)
        rerun.copy_state_from(self.sandbox)
        summary = json.loads(rerun.run_ok("people", "import", ROSTER_FILE, "--json").stdout)
        self.assertEqual(summary["rows"], len(self.roster))
        self.assertEqual(summary["unchanged"], len(self.people))
        self.assertEqual(summary["added"], 0)
        self.assertEqual(summary["updated"], 0)
        self.assertEqual(summary["unchanged"], len(self.people))
        self.assertFalse(summary["dry_run"])

    def test_flow_prints_no_errors(self):
        for command, result in zip(FLOW, self.results):
            with self.subTest(command=command[:3]):
                self.assertNotIn("error", result.stderr)
                self.assertNotEqual(result.stdout, "")


if __name__ == "__main__":
    unittest.main()
