"""Hooks: programs in the hooks folder that run after a command commits, each with one
event as JSON on standard input. A failing or hanging hook gives a warning line and
never undoes the command's change."""

import json
import os
import time
import unittest
from pathlib import Path

from mentor_e2e import ROSTER_FILE, MentorTestCase, Sandbox, read_roster

PROGRAM = "hooks-2027"
TIMEOUT_SECONDS = 1
CONFIG = f"""\
[hooks]
timeout_seconds = {TIMEOUT_SECONDS}

[templates.short]
title = "Two sessions"
cadence_days = 7

[[templates.short.sessions]]
title = "Set goals"

[[templates.short.sessions]]
title = "Review the goals"
"""
WARNING_PREFIX = "mentor: warning: "

# A hook that appends its standard input, one JSON document a line, to NAME.log.
RECORDING_HOOK = '#!/bin/sh\ncat >> "$0.log"\n'


def process_gone(pid, wait_seconds=5):
    """Return whether the process exits within `wait_seconds` (a zombie waiting to be
    reaped counts). A killed process takes a moment to end on a loaded machine."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except FileNotFoundError:
            return True
        if "\nState:\tZ" in status:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


class HooksTest(MentorTestCase):
    """Two level-1 mentees and two mentors of level 3 or more, enrolled in a program of
    two sessions, with no pairs yet."""

    @classmethod
    def setUpClass(cls):
        roster = read_roster()
        cls.mentees = [row["employee_id"] for row in roster if row["job_level"] == 1][:2]
        cls.mentors = [row["employee_id"] for row in roster if row["job_level"] >= 3][:2]
        cls.spare_mentee = [row["employee_id"] for row in roster if row["job_level"] == 1][2]
        cls.base = Sandbox()
        cls.base.run_ok("init")
        cls.base.config_file.write_text(CONFIG, encoding="utf-8")
        for command in (["people", "import", ROSTER_FILE],
                        ["program", "create", PROGRAM, "--template", "short", "--start",
                         "2027-01-11"],
                        ["enroll", PROGRAM, "--mentees", *cls.mentees],
                        ["enroll", PROGRAM, "--mentors", *cls.mentors]):
            cls.base.run_ok(*command)

    @classmethod
    def tearDownClass(cls):
        cls.base.cleanup()

    def setUp(self):
        super().setUp()
        self.sandbox.copy_state_from(self.base)
        self.hooks = self.sandbox.config_file.parent / "hooks"
        self.hooks.mkdir()

    def add_hook(self, name, script=RECORDING_HOOK, mode=0o755):
        path = self.hooks / name
        path.write_text(script, encoding="utf-8")
        os.chmod(path, mode)
        return path

    def events(self, name):
        """Return the events the recording hook `name` received, oldest first."""
        log = self.hooks / f"{name}.log"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    def pair_by_hand(self, mentor=0, mentee=0, *extra):
        return self.sandbox.run("--now", "2027-01-08", "pair", PROGRAM, "--mentor",
                                self.mentors[mentor], "--mentee", self.mentees[mentee], *extra)

    def log_session(self, day, mentee=0):
        return self.sandbox.run_ok("--now", "2027-02-01", "session", "log", PROGRAM,
                                   self.mentees[mentee], "--date", day, "--minutes", "30",
                                   "--rating", "4", "--notes", "private notes")

    def stored_pairs(self):
        return self.sandbox.query("SELECT mentor_id, mentee_id, state FROM pairs ORDER BY id")

    def test_pair_made_event(self):
        self.add_hook("pair-made")
        result = self.pair_by_hand()
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertEqual(result.stderr, "")
        [event] = self.events("pair-made")
        self.assertEqual(event["event"], "pair-made")
        self.assertEqual(event["program"], PROGRAM)
        pair = event["pair"]
        self.assertEqual((pair["mentor"], pair["mentee"]), (self.mentors[0], self.mentees[0]))
        self.assertEqual(pair["paired_on"], "2027-01-08")
        self.assertEqual(pair["method"], "manual")
        self.assertEqual(pair["state"], "active")
        self.assertEqual(pair["sessions_held"], 0)
        self.assertIsNone(pair["ended_on"])
        stored_id = self.sandbox.query("SELECT id FROM pairs")[0][0]
        self.assertEqual(pair["id"], stored_id)

    def test_one_event_per_automatic_pair(self):
        self.add_hook("pair-made")
        self.sandbox.run_ok("--now", "2027-01-08", "pair", PROGRAM)
        stored = {(mentor, mentee) for mentor, mentee, _ in self.stored_pairs()}
        self.assertEqual(len(stored), 2)
        received = {(event["pair"]["mentor"], event["pair"]["mentee"])
                    for event in self.events("pair-made")}
        self.assertEqual(received, stored)
        self.assertEqual(len(self.events("pair-made")), 2)

    def test_person_enrolled_event(self):
        self.add_hook("person-enrolled")
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", self.spare_mentee)
        self.assertEqual(self.events("person-enrolled"),
                         [{"event": "person-enrolled", "program": PROGRAM,
                           "employee_id": self.spare_mentee, "role": "mentee"}])
        # Enrolling someone already enrolled changes nothing, so no hook runs.
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", self.spare_mentee, self.mentees[0])
        self.assertEqual(len(self.events("person-enrolled")), 1)

    def test_sessions_and_completion(self):
        self.add_hook("session-logged")
        self.add_hook("pair-completed")
        self.pair_by_hand()
        self.log_session("2027-01-13")
        self.assertEqual(self.events("pair-completed"), [])
        self.log_session("2027-01-20")
        first, second = self.events("session-logged")
        self.assertEqual(first["session"]["number"], 1)
        self.assertEqual(first["session"]["title"], "Set goals")
        self.assertEqual(first["session"]["held_on"], "2027-01-13")
        self.assertEqual(first["session"]["minutes"], 30)
        self.assertEqual(first["session"]["rating"], 4)
        self.assertEqual(first["session"]["status"], "held")
        self.assertEqual(first["pair"]["sessions_held"], 1)
        self.assertEqual(second["session"]["number"], 2)
        self.assertNotIn("private notes", json.dumps(first))
        [completed] = self.events("pair-completed")
        self.assertEqual(completed["pair"]["state"], "completed")
        self.assertEqual(completed["pair"]["sessions_held"], 2)
        self.assertEqual(self.stored_pairs()[0][2], "completed")

    def test_pair_ended_event(self):
        self.add_hook("pair-ended")
        self.pair_by_hand()
        self.log_session("2027-01-13")
        self.sandbox.run_ok("--now", "2027-02-01", "session", "end", PROGRAM, self.mentees[0],
                            "--not-a-fit")
        [event] = self.events("pair-ended")
        self.assertEqual(event["pair"]["state"], "ended")
        self.assertEqual(event["pair"]["end_reason"], "not a fit")
        self.assertEqual(event["pair"]["ended_on"], "2027-02-01")

    def test_failing_hook_keeps_change(self):
        self.add_hook("pair-made", "#!/bin/sh\ncat > /dev/null\nexit 3\n")
        result = self.pair_by_hand()
        self.assertEqual(result.status, 0)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=result.stderr)
        self.assertTrue(lines[0].startswith(WARNING_PREFIX), msg=lines[0])
        self.assertIn(str(self.hooks / "pair-made"), lines[0])
        self.assertIn("exit status 3", lines[0])
        self.assertIn("paired", result.stdout)
        self.assertEqual(self.stored_pairs(), [(self.mentors[0], self.mentees[0], "active")])

    def test_hanging_hook_killed(self):
        # The hook starts a child that would outlive it; both are killed at the timeout.
        self.add_hook("pair-made", '#!/bin/sh\nsleep 30 &\necho $! > "$0.child"\nwait\n'
                                   'touch "$0.finished"\n')
        started = time.monotonic()
        result = self.sandbox.run("--now", "2027-01-08", "pair", PROGRAM)
        elapsed = time.monotonic() - started
        self.assertEqual(result.status, 0, msg=result.stderr)
        # Two pairs are made, but the hook that timed out is not run a second time.
        self.assertLess(elapsed, 2 * TIMEOUT_SECONDS + 5)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=result.stderr)
        self.assertTrue(lines[0].startswith(WARNING_PREFIX), msg=lines[0])
        self.assertIn("timed out", lines[0])
        self.assertEqual(len(self.stored_pairs()), 2)
        child = int((self.hooks / "pair-made.child").read_text(encoding="utf-8"))
        self.assertTrue(process_gone(child), msg=f"process {child} still runs")
        self.assertFalse((self.hooks / "pair-made.finished").exists())

    def test_dry_run_runs_no_hook(self):
        self.add_hook("pair-made")
        self.sandbox.run_ok("--now", "2027-01-08", "pair", PROGRAM, "--dry-run")
        self.pair_by_hand(0, 0, "--dry-run")
        self.assertEqual(self.events("pair-made"), [])
        self.assertEqual(self.stored_pairs(), [])

    def test_not_executable_hook_warns(self):
        self.add_hook("pair-made", mode=0o644)
        result = self.pair_by_hand()
        self.assertEqual(result.status, 0)
        self.assertIn("chmod +x", result.stderr)
        self.assertEqual(len(result.stderr.splitlines()), 1)
        self.assertEqual(len(self.stored_pairs()), 1)

    def test_hooks_dir_from_config(self):
        scripts = self.sandbox.config_file.parent / "team-scripts"
        scripts.mkdir()
        self.sandbox.config_file.write_text(
            CONFIG.replace("[hooks]\n", '[hooks]\ndir = "team-scripts"\n'), encoding="utf-8")
        (scripts / "pair-made").write_text(RECORDING_HOOK, encoding="utf-8")
        os.chmod(scripts / "pair-made", 0o755)
        self.add_hook("pair-made")  # in the default folder, which is no longer used
        self.sandbox.run_ok("--now", "2027-01-08", "pair", PROGRAM)
        log = (scripts / "pair-made.log").read_text(encoding="utf-8")
        self.assertEqual(len(log.splitlines()), 2)
        self.assertEqual(self.events("pair-made"), [])


if __name__ == "__main__":
    unittest.main()
