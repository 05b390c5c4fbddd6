"""End-to-end tests of --json on the commands that change data, and a check that
every command that prints something offers --json."""

import json
import unittest

from mentor_e2e import MentorTestCase, Sandbox, command_tree, help_sections, option_names

PROGRAM = "tl-2027"

# Commands without --json, each with the reason. A command missing from here must
# take --json.
NO_JSON = {
    ("help",): "prints help text",
    ("calendar",): "prints iCalendar, itself a data format",
    ("people", "export"): "takes --format json",
    ("email", "test"): "prints or sends a MIME message",
}


class JsonFlagTest(unittest.TestCase):
    def test_every_command_has_json(self):
        sandbox = Sandbox()
        self.addCleanup(sandbox.cleanup)
        tree = command_tree(sandbox)
        checked = 0
        for path, text in tree.items():
            sections = help_sections(text)
            if not path or sections.get("Subcommands") and path != ("pair",):
                continue  # a group of commands, not a command
            if path in NO_JSON:
                continue
            names = [name for row, _ in sections.get("Options", []) for name in option_names(row)]
            checked += 1
            with self.subTest(command=" ".join(path)):
                self.assertIn("--json", names,
                              msg="add --json (add_json_flag) or list the command in NO_JSON "
                                  "with the reason")
        self.assertGreater(checked, 25)


class JsonWritesTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "add", "E1", "--name", "Ada Mentor", "--level", "5",
                            "--timezone", "Europe/Berlin")
        self.sandbox.run_ok("people", "add", "E2", "--name", "Bo Mentee", "--level", "2",
                            "--timezone", "Europe/Berlin")

    def run_json(self, *args):
        result = self.sandbox.run_ok(*args, "--json")
        self.assertEqual(result.stderr, "")
        return json.loads(result.stdout)

    def make_pair(self):
        self.sandbox.run_ok("program", "create", PROGRAM, "--start", "2027-01-04")
        self.sandbox.run_ok("enroll", PROGRAM, "--mentors", "E1")
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", "E2")
        self.sandbox.run_ok("--now", "2027-01-04", "pair", PROGRAM)

    def test_init_json(self):
        printed = self.run_json("init")
        self.assertEqual(printed["config_file"], str(self.sandbox.config_file))
        self.assertFalse(printed["config_created"])
        self.assertEqual(printed["database_file"], str(self.sandbox.database_file))
        self.assertFalse(printed["database_created"])
        self.assertGreater(printed["schema_version"], 0)

    def test_people_add_json(self):
        self.assertEqual(self.run_json("people", "add", "E3", "--name", "Cy", "--level", "1"),
                         {"employee_id": "E3", "result": "added", "dry_run": False})
        self.assertEqual(self.run_json("people", "add", "E3", "--level", "2"),
                         {"employee_id": "E3", "result": "updated", "dry_run": False})
        self.assertEqual(self.run_json("people", "add", "E3"),
                         {"employee_id": "E3", "result": "unchanged", "dry_run": False})

    def test_people_tag_json(self):
        printed = self.run_json("people", "tag", "E1", "rust", "speaking")
        self.assertEqual(printed, {"employee_id": "E1", "added": 2, "tags": ["rust", "speaking"]})
        self.assertEqual(self.run_json("people", "show", "E1")["tags"], ["rust", "speaking"])
        shown = self.sandbox.run_ok("people", "show", "E1").stdout
        self.assertRegex(shown, r"\ntags +rust, speaking\n")

    def test_program_create_json(self):
        printed = self.run_json("program", "create", PROGRAM, "--start", "2027-01-04",
                                "--kind", "peer")
        self.assertEqual(printed, {"name": PROGRAM, "kind": "peer",
                                   "template": "technical-leadership", "start": "2027-01-04",
                                   "created": True, "dry_run": False})

    def test_goal_add_and_done_json(self):
        self.make_pair()
        added = self.run_json("--now", "2027-01-11", "goal", "add", PROGRAM, "E2", "Lead a review")
        self.assertEqual(added["goal"]["text"], "Lead a review")
        self.assertEqual(added["goal"]["kind"], "goal")
        self.assertEqual(added["goal"]["added_on"], "2027-01-11")
        self.assertIsNone(added["goal"]["done_on"])
        done = self.run_json("--now", "2027-02-01", "goal", "done", str(added["goal"]["id"]))
        self.assertEqual(done["id"], added["goal"]["id"])
        self.assertEqual(done["done_on"], "2027-02-01")

    def test_micro_log_json(self):
        printed = self.run_json("--now", "2027-01-06", "micro", "log", "E1", "E2", "--minutes",
                                "15", "--topic", "code review", "--date", "2027-01-05")
        self.assertEqual(printed["person"], "E1")
        self.assertEqual(printed["other"], "E2")
        self.assertEqual(printed["held_on"], "2027-01-05")
        self.assertEqual(printed["minutes"], 15)
        self.assertEqual(printed["topic"], "code review")
        self.assertIsNone(printed["program"])

    def test_pair_request_json(self):
        self.sandbox.run_ok("program", "create", PROGRAM, "--start", "2027-01-04")
        self.sandbox.run_ok("enroll", PROGRAM, "--mentors", "E1")
        self.sandbox.run_ok("enroll", PROGRAM, "--mentees", "E2")
        printed = self.run_json("pair", "request", PROGRAM, "E2", "E1", "--against")
        self.assertEqual(printed, {"program": PROGRAM, "mentee": "E2", "mentor": "E1",
                                   "wanted": False})

    def test_session_end_json(self):
        self.make_pair()
        self.sandbox.run_ok("--now", "2027-01-18", "session", "log", PROGRAM, "E2", "--date",
                            "2027-01-18", "--minutes", "30", "--rating", "2", "--notes", "")
        printed = self.run_json("--now", "2027-01-19", "session", "end", PROGRAM, "E2",
                                "--not-a-fit")
        self.assertEqual(printed["mentee"], "E2")
        self.assertEqual(printed["mentor"], "E1")
        self.assertEqual(printed["ended_on"], "2027-01-19")
        self.assertTrue(printed["end_reason"])


if __name__ == "__main__":
    unittest.main()
