"""`status` on a day before a departure that a later roster recorded: the person still
works there on that day, so they still count."""

import json
import unittest

from mentor_e2e import MentorTestCase

HEADER = "employee_id,name,job_level\n"
FIRST_ROSTER = HEADER + "M1,Mia Mentor,4\nM2,Max Mentor,4\nE1,Eli Mentee,1\n"
LATER_ROSTER = HEADER + "M1,Mia Mentor,4\nE1,Eli Mentee,1\n"  # M2 left


class StatusBeforeDepartureTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        first = self.sandbox.root / "first.csv"
        later = self.sandbox.root / "later.csv"
        first.write_text(FIRST_ROSTER, encoding="utf-8")
        later.write_text(LATER_ROSTER, encoding="utf-8")
        run = self.sandbox.run_ok
        run("init")
        run("people", "import", first, "--full", "--as-of", "2027-01-04")
        run("program", "create", "p", "--start", "2027-01-11")
        run("--now", "2027-01-05", "enroll", "p", "--mentors", "M1", "M2")
        run("--now", "2027-01-05", "enroll", "p", "--mentees", "E1")
        run("people", "import", later, "--full", "--as-of", "2027-07-05")

    def mentors_on(self, day):
        report = json.loads(self.sandbox.run_ok("--now", day, "status", "p", "--json").stdout)
        return report["summary"]["mentors"]

    def test_leaver_counted_before_leaving(self):
        self.assertEqual(self.mentors_on("2027-03-01"), 2)

    def test_leaver_not_counted_after_leaving(self):
        self.assertEqual(self.mentors_on("2027-07-05"), 1)
        self.assertEqual(self.mentors_on("2027-08-01"), 1)


if __name__ == "__main__":
    unittest.main()
