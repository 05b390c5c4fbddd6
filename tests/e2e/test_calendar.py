"""The iCalendar export, parsed by a real parser (Debian's python3-icalendar): each
event's instant, stable UIDs across exports, SEQUENCE on reschedule, STATUS:CANCELLED,
and line folding at 75 octets that never splits a UTF-8 character."""

import datetime
import subprocess
import unittest
from zoneinfo import ZoneInfo

import icalendar

from mentor_e2e import (
    COMMAND_TIMEOUT_SECONDS,
    EXIT_NOT_FOUND,
    EXIT_OK,
    ROSTER_FILE,
    SharedBaseTestCase,
    mentor_binary,
    read_roster,
)

PROGRAM = "tl-2027"
START = "2027-01-11"
NOW = "2027-01-20T12:00Z"
UTC = datetime.timezone.utc


def first_person(roster, zone, levels, name_filter=lambda name: True):
    return next(row for row in roster if row["timezone"] == zone
                and row["job_level"] in levels and name_filter(row["name"]))


def expected_utc(local_text, zone):
    local = datetime.datetime.strptime(local_text, "%Y-%m-%d %H:%M")
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


class CalendarTest(SharedBaseTestCase):
    """Two pairs whose names include non-ASCII letters, each with one booked session."""

    @classmethod
    def build_base(cls, base):
        roster = read_roster()
        not_ascii = lambda name: not name.isascii()
        cls.mentee = first_person(roster, "Asia/Tokyo", {1})["employee_id"]
        cls.mentor = first_person(roster, "America/Chicago", {3, 4, 5}, not_ascii)["employee_id"]
        cls.other_mentee = first_person(roster, "Europe/Berlin", {1})["employee_id"]
        cls.other_mentor = first_person(roster, "America/New_York", {3, 4, 5})["employee_id"]
        for command in (
                ["init"],
                ["people", "import", ROSTER_FILE],
                ["program", "create", PROGRAM, "--start", START],
                ["enroll", PROGRAM, "--mentees", cls.mentee, cls.other_mentee],
                ["enroll", PROGRAM, "--mentors", cls.mentor, cls.other_mentor],
                ["--now", START, "pair", PROGRAM, "--mentor", cls.mentor, "--mentee", cls.mentee],
                ["--now", START, "pair", PROGRAM, "--mentor", cls.other_mentor, "--mentee",
                 cls.other_mentee]):
            base.run_ok(*command)

    def setUp(self):
        super().setUp()
        self.book(self.mentee, "2027-02-03 09:30", "Asia/Tokyo")
        self.book(self.other_mentee, "2027-03-29 16:00", "Europe/Berlin")

    def book(self, person, local_text, zone, *extra):
        self.sandbox.run_ok("--now", NOW, "session", "schedule", PROGRAM, person, "--at",
                            local_text, "--tz", zone, *extra)

    def export_bytes(self, target=PROGRAM):
        """Return the calendar exactly as written, CRLF line ends included."""
        completed = subprocess.run(
            [mentor_binary(), "calendar", target], cwd=self.sandbox.root,
            env=self.sandbox.environment(), stdin=subprocess.DEVNULL, capture_output=True,
            timeout=COMMAND_TIMEOUT_SECONDS)
        self.assertEqual(completed.returncode, EXIT_OK, msg=completed.stderr)
        return completed.stdout

    def events(self, target=PROGRAM):
        calendar = icalendar.Calendar.from_ical(self.export_bytes(target))
        return {str(event["UID"]): event for event in calendar.walk("VEVENT")}

    def test_each_event_instant(self):
        events = list(self.events().values())
        self.assertEqual(len(events), 2)
        starts = sorted(event.decoded("DTSTART") for event in events)
        self.assertEqual(starts, sorted([expected_utc("2027-02-03 09:30", "Asia/Tokyo"),
                                         expected_utc("2027-03-29 16:00", "Europe/Berlin")]))
        for event in events:
            with self.subTest(uid=str(event["UID"])):
                start = event.decoded("DTSTART")
                self.assertEqual(start.utcoffset(), datetime.timedelta(0))
                self.assertEqual(event.decoded("DTEND") - start, datetime.timedelta(minutes=60))
                self.assertEqual(int(event["SEQUENCE"]), 0)
                self.assertEqual(str(event["STATUS"]), "CONFIRMED")

    def test_uids_stable_across_exports(self):
        first = self.export_bytes()
        second = self.export_bytes()
        self.assertEqual(first, second)
        self.assertEqual(len(set(self.events())), 2)

    def test_reschedule_keeps_uid_and_raises_sequence(self):
        before = self.events()
        self.book(self.mentee, "2027-02-04 10:00", "Asia/Tokyo")
        after = self.events()
        self.assertEqual(set(after), set(before))
        moved = [uid for uid in after if after[uid].decoded("DTSTART") !=
                 before[uid].decoded("DTSTART")]
        self.assertEqual(len(moved), 1)
        event = after[moved[0]]
        self.assertEqual(event.decoded("DTSTART"), expected_utc("2027-02-04 10:00", "Asia/Tokyo"))
        self.assertEqual(int(event["SEQUENCE"]), 1)

    def test_cancelled_session_exported_cancelled(self):
        before = self.events()
        self.sandbox.run_ok("--now", "2027-02-03", "session", "log", PROGRAM, self.mentee,
                            "--date", "2027-02-03", "--status", "cancelled")
        after = self.events()
        self.assertEqual(set(after), set(before))
        statuses = sorted(str(event["STATUS"]) for event in after.values())
        self.assertEqual(statuses, ["CANCELLED", "CONFIRMED"])
        cancelled = next(event for event in after.values() if str(event["STATUS"]) == "CANCELLED")
        self.assertEqual(int(cancelled["SEQUENCE"]), 1)

    def test_person_calendar_has_own_sessions(self):
        events = list(self.events(self.mentor).values())
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0].decoded("DTSTART"),
                         expected_utc("2027-02-03 09:30", "Asia/Tokyo"))

    def test_unknown_target_names_both_kinds(self):
        result = self.sandbox.run("calendar", "nosuch")
        self.assertErrorLine(result, EXIT_NOT_FOUND, "'nosuch'", "program", "person",
                             "mentor program list", "mentor people list")

    def test_folding_and_utf8(self):
        data = self.export_bytes()
        self.assertTrue(data.endswith(b"\r\n"))
        lines = data.split(b"\r\n")[:-1]
        self.assertTrue(any(line.startswith(b" ") for line in lines), "no line was folded")
        for number, line in enumerate(lines, 1):
            with self.subTest(line=number):
                self.assertNotIn(b"\n", line)
                self.assertLessEqual(len(line), 75)
                # Each physical line decodes alone, so no fold split a character.
                line.decode("utf-8")
        self.assertTrue(any(not line.isascii() for line in lines), "no non-ASCII text exported")

    def test_summary_escaping_round_trips(self):
        mentor_name = next(row["name"] for row in read_roster()
                           if row["employee_id"] == self.mentor)
        summaries = [str(event["SUMMARY"]) for event in self.events().values()]
        self.assertTrue(any(mentor_name in summary for summary in summaries))
        descriptions = [str(event["DESCRIPTION"]) for event in self.events().values()]
        # The first session's objectives contain commas, which must come back unescaped.
        self.assertTrue(any("," in text and "\\" not in text for text in descriptions))


if __name__ == "__main__":
    unittest.main()
