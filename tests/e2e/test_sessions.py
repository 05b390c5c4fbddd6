"""Sessions over time, end to end: booking local times across zones, gap and repeated
times, proposals inside working hours, a --now with a time, logging, undo, duplicate
days, ending a pair that is not a fit, due and stalled lists, goals and micro-sessions.
Expected instants come from Python's zoneinfo, not from mentor's output."""

import datetime
import json
import re
import sqlite3
import unittest
from zoneinfo import ZoneInfo

from mentor_e2e import (
    EXIT_ALERT,
    EXIT_DATA_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    ROSTER_FILE,
    SOURCE_DIR,
    MentorTestCase,
    SharedBaseTestCase,
    read_roster,
)

PROGRAM = "tl-2027"
START = "2027-01-11"
UTC = datetime.timezone.utc


def first_person(roster, zone, levels):
    """Return the first roster row in `zone` whose job level is in `levels`."""
    return next(row for row in roster if row["timezone"] == zone and row["job_level"] in levels)


def utc_text(local_text, zone, fold=0):
    """Return the UTC instant, as mentor stores it, of a local 'YYYY-MM-DD HH:MM' in zone."""
    local = datetime.datetime.strptime(local_text, "%Y-%m-%d %H:%M").replace(
        tzinfo=ZoneInfo(zone), fold=fold)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_clock(utc_instant, zone):
    """Return 'YYYY-MM-DD HH:MM' of a stored UTC instant in zone."""
    instant = datetime.datetime.strptime(utc_instant, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


class SessionsTestCase(SharedBaseTestCase):
    """Two manual pairs: a Tokyo mentee with a Chicago mentor, and a Berlin mentee with a
    New York mentor, paired on the program's first day."""

    @classmethod
    def build_base(cls, base):
        roster = read_roster()
        cls.tokyo_mentee = first_person(roster, "Asia/Tokyo", {1})
        cls.chicago_mentor = first_person(roster, "America/Chicago", {3, 4, 5})
        cls.berlin_mentee = first_person(roster, "Europe/Berlin", {1})
        cls.new_york_mentor = first_person(roster, "America/New_York", {3, 4, 5})
        ids = {key: getattr(cls, key)["employee_id"]
               for key in ("tokyo_mentee", "chicago_mentor", "berlin_mentee", "new_york_mentor")}
        for command in (
                ["init"],
                ["people", "import", ROSTER_FILE],
                ["program", "create", PROGRAM, "--start", START],
                ["enroll", PROGRAM, "--mentees", ids["tokyo_mentee"], ids["berlin_mentee"]],
                ["enroll", PROGRAM, "--mentors", ids["chicago_mentor"], ids["new_york_mentor"]],
                ["--now", START, "pair", PROGRAM, "--mentor", ids["chicago_mentor"],
                 "--mentee", ids["tokyo_mentee"]],
                ["--now", START, "pair", PROGRAM, "--mentor", ids["new_york_mentor"],
                 "--mentee", ids["berlin_mentee"]]):
            base.run_ok(*command)

    def setUp(self):
        super().setUp()
        self.tokyo = self.tokyo_mentee["employee_id"]
        self.chicago = self.chicago_mentor["employee_id"]
        self.berlin = self.berlin_mentee["employee_id"]
        self.new_york = self.new_york_mentor["employee_id"]

    def run_json(self, *args, input=None):
        return json.loads(self.sandbox.run_ok(*args, "--json", input=input).stdout)

    def log(self, person, day, *extra, now="2027-06-30"):
        return self.sandbox.run("--now", now, "session", "log", PROGRAM, person, "--date", day,
                                *extra)

    def status(self, now="2027-06-30"):
        return self.run_json("--now", now, "status", PROGRAM)

    def pair_status(self, mentee, now="2027-06-30"):
        return next(pair for pair in self.status(now)["pairs"]
                    if pair["mentee"]["employee_id"] == mentee)


class ScheduleTest(SessionsTestCase):

    def test_at_in_named_person_zone(self):
        booked = self.run_json("--now", "2027-01-20", "session", "schedule", PROGRAM, self.tokyo,
                               "--at", "2027-02-03 09:30")
        expected = utc_text("2027-02-03 09:30", "Asia/Tokyo")
        self.assertEqual(booked["appointment"]["starts_at"], expected)
        self.assertEqual(booked["appointment"]["zone"], "Asia/Tokyo")
        self.assertIn(local_clock(expected, "Asia/Tokyo"), booked["mentee"]["local"])
        self.assertIn(local_clock(expected, "America/Chicago"), booked["mentor"]["local"])
        self.assertEqual(booked["mentor"]["zone"], "America/Chicago")

    def test_at_with_tz_option(self):
        booked = self.run_json("--now", "2027-01-20", "session", "schedule", PROGRAM, self.tokyo,
                               "--at", "2027-02-02 18:30", "--tz", "America/Chicago")
        self.assertEqual(booked["appointment"]["starts_at"],
                         utc_text("2027-02-02 18:30", "America/Chicago"))

    def test_text_output_shows_both_zones(self):
        result = self.sandbox.run_ok("--now", "2027-01-20", "session", "schedule", PROGRAM,
                                     self.tokyo, "--at", "2027-02-03 09:30")
        expected = utc_text("2027-02-03 09:30", "Asia/Tokyo")
        self.assertIn(local_clock(expected, "Asia/Tokyo"), result.stdout)
        self.assertIn(local_clock(expected, "America/Chicago"), result.stdout)

    def test_sessions_either_side_of_us_dst(self):
        # Chicago moves to daylight time on 2027-03-14; Berlin only on 2027-03-28.
        for day in ("2027-03-12", "2027-03-16"):
            with self.subTest(day=day):
                booked = self.run_json("--now", "2027-01-20", "session", "schedule", PROGRAM,
                                       self.tokyo, "--at", f"{day} 10:00", "--tz",
                                       "America/Chicago")
                self.assertEqual(booked["appointment"]["starts_at"],
                                 utc_text(f"{day} 10:00", "America/Chicago"))

    def test_gap_time_rejected(self):
        before = self.sandbox.dump()
        result = self.sandbox.run("--now", "2027-01-20", "session", "schedule", PROGRAM,
                                  self.berlin, "--at", "2027-03-28 02:30")
        self.assertErrorLine(result, EXIT_DATA_ERROR, "Europe/Berlin")
        self.assertIn("2027-03-28 01:59", result.stderr)
        self.assertIn("2027-03-28 03:00", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)

    def test_repeated_time_needs_choice(self):
        args = ["--now", "2027-01-20", "session", "schedule", PROGRAM, self.tokyo, "--at",
                "2027-11-07 01:30", "--tz", "America/Chicago"]
        result = self.sandbox.run(*args)
        self.assertErrorLine(result, EXIT_DATA_ERROR, "America/Chicago")
        self.assertIn("--earlier", result.stderr)

        earlier = self.run_json(*args, "--earlier")
        self.assertEqual(earlier["appointment"]["starts_at"],
                         utc_text("2027-11-07 01:30", "America/Chicago", fold=0))
        later = self.run_json(*args, "--later")
        self.assertEqual(later["appointment"]["starts_at"],
                         utc_text("2027-11-07 01:30", "America/Chicago", fold=1))
        self.assertEqual(later["appointment"]["sequence"], 1)

    def test_repeated_time_with_offset(self):
        booked = self.run_json("--now", "2027-01-20", "session", "schedule", PROGRAM, self.tokyo,
                               "--at", "2027-11-07 01:30-06:00", "--tz", "America/Chicago")
        self.assertEqual(booked["appointment"]["starts_at"], "2027-11-07T07:30:00Z")

    def test_earlier_and_later_exclusive(self):
        result = self.sandbox.run("session", "schedule", PROGRAM, self.tokyo, "--at",
                                  "2027-11-07 01:30", "--earlier", "--later")
        self.assertEqual(result.status, EXIT_USAGE)

    def test_no_overlap_is_reported(self):
        # Tokyo 09:00-17:00 and Chicago 09:00-17:00 never meet on a weekday.
        result = self.sandbox.run("--now", "2027-01-20", "session", "schedule", PROGRAM,
                                  self.tokyo)
        self.assertErrorLine(result, EXIT_DATA_ERROR, self.tokyo, self.chicago)

    def test_proposals_inside_both_working_days(self):
        self.sandbox.config_file.write_text(
            self.sandbox.config_file.read_text(encoding="utf-8").replace(
                "[schedule.people]\n", f'[schedule.people]\n{self.chicago} = "17:00-23:00"\n'),
            encoding="utf-8")
        proposals = self.run_json("--now", "2027-01-20", "session", "schedule", PROGRAM,
                                  self.tokyo)["proposals"]
        self.assertEqual(len(proposals), 3)
        for proposal in proposals:
            start = datetime.datetime.strptime(proposal["starts_at"], "%Y-%m-%dT%H:%M:%SZ")
            start = start.replace(tzinfo=UTC)
            end = start + datetime.timedelta(minutes=60)
            for zone, first, last in (("Asia/Tokyo", 9, 17), ("America/Chicago", 17, 23)):
                with self.subTest(start=proposal["starts_at"], zone=zone):
                    local_start = start.astimezone(ZoneInfo(zone))
                    local_end = end.astimezone(ZoneInfo(zone))
                    self.assertLess(local_start.weekday(), 5)
                    self.assertGreaterEqual(local_start.hour, first)
                    self.assertLessEqual((local_end.hour, local_end.minute), (last, 0))
            # The first session is due two weeks after the start.
            self.assertGreaterEqual(proposal["starts_at"], "2027-01-25")


class NowOptionTest(SessionsTestCase):

    def test_now_with_offset_sets_utc_day(self):
        # 09:30 in Tokyo on 2027-02-03 is still 2027-02-03 in UTC, but 00:30 is 2027-02-02.
        self.assertEqual(self.log(self.tokyo, "2027-02-03", "--minutes", "30", "--rating", "4",
                                  now="2027-02-03T09:30+09:00").status, EXIT_OK)
        result = self.log(self.berlin, "2027-02-03", "--minutes", "30", "--rating", "4",
                          now="2027-02-03T00:30+09:00")
        self.assertErrorLine(result, EXIT_DATA_ERROR, "2027-02-03", "2027-02-02")

    def test_now_with_zone_name(self):
        status = self.status(now="2027-02-03T21:00 America/Chicago")
        self.assertEqual(status["today"], "2027-02-04")

    def test_now_date_still_works(self):
        self.assertEqual(self.status(now="2027-02-03")["today"], "2027-02-03")

    def test_now_invalid(self):
        result = self.sandbox.run("--now", "2027-02-03T09:30 Mars/Olympus", "status", PROGRAM)
        self.assertErrorLine(result, EXIT_USAGE, "Mars/Olympus")


class LogTest(SessionsTestCase):

    def test_both_ratings_and_confidence(self):
        self.log(self.tokyo, "2027-01-25", "--minutes", "50", "--rating", "4", "--mentor-rating",
                 "3", "--confidence-before", "2", "--confidence-after", "4", "--notes", "ok")
        sessions = self.run_json("session", "list", PROGRAM, self.tokyo)["sessions"]
        self.assertEqual(len(sessions), 1)
        self.assertEqual(sessions[0]["rating"], 4)
        self.assertEqual(sessions[0]["mentor_rating"], 3)
        self.assertEqual(sessions[0]["confidence_before"], 2)
        self.assertEqual(sessions[0]["confidence_after"], 4)
        self.assertEqual(sessions[0]["status"], "held")

    def test_notes_from_stdin(self):
        self.sandbox.run_ok("--now", "2027-06-30", "session", "log", PROGRAM, self.tokyo,
                            "--date", "2027-01-25", "--minutes", "50", "--rating", "4",
                            input="Talked about design reviews.\n")
        sessions = self.run_json("session", "list", PROGRAM, self.tokyo)["sessions"]
        self.assertEqual(sessions[0]["notes"], "Talked about design reviews.")

    def test_same_day_refused_then_another(self):
        self.log(self.tokyo, "2027-01-25", "--minutes", "50", "--rating", "4")
        before = self.sandbox.dump()
        result = self.log(self.tokyo, "2027-01-25", "--minutes", "20", "--rating", "2")
        self.assertErrorLine(result, EXIT_DATA_ERROR, "2027-01-25", "--another")
        self.assertIn("50 minutes", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)

        result = self.log(self.tokyo, "2027-01-25", "--minutes", "20", "--rating", "2",
                          "--another")
        self.assertEqual(result.status, EXIT_OK, msg=result.stderr)
        self.assertEqual(self.pair_status(self.tokyo)["sessions_held"], 2)

    def test_missed_does_not_advance(self):
        self.log(self.tokyo, "2027-01-25", "--status", "missed")
        pair = self.pair_status(self.tokyo)
        self.assertEqual(pair["sessions_held"], 0)
        self.assertIsNone(pair["last_held"])
        sessions = self.run_json("session", "list", PROGRAM, self.tokyo)["sessions"]
        self.assertEqual([session["status"] for session in sessions], ["missed"])

    def test_missed_with_rating_rejected(self):
        result = self.log(self.tokyo, "2027-01-25", "--status", "missed", "--rating", "3")
        self.assertErrorLine(result, EXIT_USAGE, "missed")

    def test_undo_reverts_last_log(self):
        self.log(self.tokyo, "2027-01-25", "--minutes", "50", "--rating", "4")
        self.log(self.tokyo, "2027-02-08", "--minutes", "50", "--rating", "5")
        undone = self.run_json("session", "undo", PROGRAM, self.tokyo)
        self.assertEqual(undone["removed"]["held_on"], "2027-02-08")
        self.assertEqual(undone["sessions_held"], 1)
        pair = self.pair_status(self.tokyo)
        self.assertEqual(pair["sessions_held"], 1)
        self.assertEqual(pair["last_held"], "2027-01-25")

    def test_person_by_email_and_name(self):
        email = self.tokyo_mentee["email"].upper()
        self.assertEqual(self.log(email, "2027-01-25", "--minutes", "50", "--rating",
                                  "4").status, EXIT_OK)
        full_name = self.tokyo_mentee["name"]
        self.assertEqual(self.run_json("session", "list", PROGRAM, full_name)["mentee"],
                         self.tokyo)

    def test_ambiguous_name_lists_candidates(self):
        roster = read_roster()
        first_name = self.berlin_mentee["name"].split()[0]
        matches = [row["employee_id"] for row in roster
                   if first_name.lower() in row["name"].lower()]
        self.assertGreater(len(matches), 1)
        result = self.log(first_name, "2027-01-25", "--minutes", "50", "--rating", "4")
        self.assertErrorLine(result, EXIT_DATA_ERROR, first_name, matches[0], matches[1])

    def test_me_from_config(self):
        config = self.sandbox.config_file
        config.write_text(config.read_text(encoding="utf-8").replace(
            'me = ""', f'me = "{self.chicago}"'), encoding="utf-8")
        self.sandbox.run_ok("--now", "2027-06-30", "session", "log", PROGRAM, "--date",
                            "2027-01-25", "--minutes", "50", "--rating", "4")
        upcoming = self.run_json("--now", "2027-01-26", "next")
        self.assertEqual(upcoming["person"], self.chicago)
        self.assertEqual(len(upcoming["next"]), 1)
        self.assertEqual(upcoming["next"][0]["role"], "mentor")
        self.assertEqual(upcoming["next"][0]["session"]["number"], 2)
        self.assertEqual(upcoming["next"][0]["next_due"], "2027-02-08")

    def test_without_person_or_me(self):
        result = self.sandbox.run("next")
        self.assertErrorLine(result, EXIT_USAGE, "me")


class NotAFitTest(SessionsTestCase):

    def test_needs_first_session(self):
        result = self.sandbox.run("session", "end", PROGRAM, self.tokyo, "--not-a-fit")
        self.assertErrorLine(result, EXIT_DATA_ERROR, self.tokyo)

    def test_ends_pair_and_returns_to_pool(self):
        self.log(self.tokyo, "2027-01-25", "--minutes", "50", "--rating", "2")
        self.sandbox.run_ok("--now", "2027-01-26", "session", "end", PROGRAM, self.chicago,
                            "--not-a-fit")
        status = self.status()
        ended = next(pair for pair in status["pairs"]
                     if pair["mentee"]["employee_id"] == self.tokyo)
        self.assertEqual(ended["state"], "ended")
        self.assertEqual(ended["ended_reason"], "not a fit")
        self.assertIn(self.tokyo, [person["employee_id"] for person in status["unpaired_mentees"]])

        # The mentee is paired again, but not with the mentor of the pair that ended.
        paired = self.run_json("--now", "2027-01-27", "pair", PROGRAM)
        self.assertEqual([pair["mentee"] for pair in paired["pairs"]], [self.tokyo])
        self.assertEqual([pair["mentor"] for pair in paired["pairs"]], [self.new_york])


class DueTest(SessionsTestCase):

    def test_due_this_week(self):
        # Both first sessions are due on 2027-01-25, a Monday.
        this_week = self.run_json("--now", "2027-01-21", "due")
        self.assertEqual(this_week["pairs"], [])
        self.assertEqual(this_week["until"], "2027-01-24")
        next_week = self.run_json("--now", "2027-01-25", "due")
        self.assertEqual(sorted(pair["mentee"] for pair in next_week["pairs"]),
                         sorted([self.tokyo, self.berlin]))
        self.assertTrue(all(pair["next_due"] == "2027-01-25" for pair in next_week["pairs"]))

    def test_due_days_and_person(self):
        due = self.run_json("--now", "2027-01-21", "due", self.tokyo, "--days", "7")
        self.assertEqual([pair["mentee"] for pair in due["pairs"]], [self.tokyo])

    def test_week_53(self):
        due = self.run_json("--now", "2026-12-30", "due")
        self.assertEqual(due["week"], "2026-W53")
        self.assertEqual(due["until"], "2027-01-03")

    def test_week_follows_person_zone(self):
        # Monday 03:00 UTC is Monday in Tokyo and still Sunday in Chicago.
        tokyo = self.run_json("--now", "2027-02-01T03:00Z", "due", self.tokyo)
        chicago = self.run_json("--now", "2027-02-01T03:00Z", "due", self.chicago)
        self.assertEqual(tokyo["today"], "2027-02-01")
        self.assertEqual(tokyo["until"], "2027-02-07")
        self.assertEqual(chicago["today"], "2027-01-31")
        self.assertEqual(chicago["until"], "2027-01-31")

    def test_due_exits_zero_when_overdue(self):
        result = self.sandbox.run("--now", "2027-03-01", "due")
        self.assertEqual(result.status, EXIT_OK)
        self.assertIn(self.tokyo, result.stdout)

    def test_stalled_exit_status(self):
        self.log(self.tokyo, "2027-02-01", "--minutes", "50", "--rating", "4")
        quiet = self.sandbox.run("--now", "2027-01-31", "due", "--stalled", "21d")
        self.assertEqual(quiet.status, EXIT_OK, msg=quiet.stderr)

        stalled = self.sandbox.run("--now", "2027-02-15", "due", "--stalled", "3w", "--json")
        self.assertEqual(stalled.status, EXIT_ALERT, msg=stalled.stderr)
        pairs = json.loads(stalled.stdout)["pairs"]
        # The Berlin pair has held nothing since the start on 2027-01-11; the Tokyo
        # pair held a session on 2027-02-01.
        self.assertEqual([pair["mentee"] for pair in pairs], [self.berlin])
        self.assertEqual(pairs[0]["days_since_held"], 35)

    def test_stalled_invalid_period(self):
        result = self.sandbox.run("due", "--stalled", "soon")
        self.assertErrorLine(result, EXIT_USAGE, "soon")


class GoalsAndMicroTest(SessionsTestCase):

    def test_goals_done_out_of_total(self):
        self.sandbox.run_ok("--now", "2027-01-25", "goal", "add", PROGRAM, self.tokyo,
                            "Lead one design review")
        self.sandbox.run_ok("--now", "2027-01-25", "goal", "add", PROGRAM, self.tokyo,
                            "Present at the team meeting")
        goals = self.run_json("goal", "list", PROGRAM, self.tokyo)
        self.assertEqual((goals["done"], goals["total"]), (0, 2))
        self.sandbox.run_ok("--now", "2027-02-01", "goal", "done", str(goals["goals"][0]["id"]))
        self.assertEqual(self.pair_status(self.tokyo)["goals"], {"done": 1, "total": 2})

    def test_micro_session_counts(self):
        self.sandbox.run_ok("--now", "2027-02-01", "micro", "log", self.berlin, self.chicago,
                            "--minutes", "15", "--topic", "code review", "--program", PROGRAM)
        status = self.status()
        self.assertEqual(status["summary"]["micro_sessions"], 1)
        self.assertEqual(self.pair_status(self.berlin)["sessions_held"], 0)


def first_migration_sql():
    """Return the schema of version 1, the first migration in the store's source. A
    released migration is never edited, so this is the schema old files have."""
    source = (SOURCE_DIR / "src" / "core" / "store.cpp").read_text(encoding="utf-8")
    return re.search(r'R"sql\((.*?)\)sql"', source, re.DOTALL).group(1)


class MigrationTest(MentorTestCase):

    def test_version_1_sessions_migrate(self):
        database = self.sandbox.database_file
        database.parent.mkdir(parents=True)
        connection = sqlite3.connect(database)
        connection.executescript(first_migration_sql())
        connection.executescript("""
            INSERT INTO people VALUES ('M1', 'Mia Mentor', '', 'R', 'Lead', 4, '', '', NULL,
                                       NULL, NULL, NULL, 'Europe/Berlin', '');
            INSERT INTO people VALUES ('E1', 'Eli Mentee', '', 'S', 'Rep', 1, '', '', NULL,
                                       NULL, NULL, NULL, 'Asia/Tokyo', '');
            INSERT INTO programs VALUES (1, 'old', 'technical-leadership', '2027-01-11', 14);
            INSERT INTO program_sessions VALUES (1, 1, 'One', 'a', 'b'), (1, 2, 'Two', 'c', 'd');
            INSERT INTO enrolments VALUES (1, 'M1', 'mentor', NULL), (1, 'E1', 'mentee', NULL);
            INSERT INTO pairs VALUES (1, 1, 'M1', 'E1', '2027-01-11', 'manual', 'r', 1, 'active');
            INSERT INTO sessions VALUES (7, 1, 1, '2027-01-20', 45, 4, 'kept notes');
            PRAGMA user_version = 1;
        """)
        connection.commit()
        connection.close()

        listed = json.loads(self.sandbox.run_ok("session", "list", "old", "E1", "--json").stdout)
        self.assertEqual(listed["sessions"], [{
            "number": 1, "title": "One", "status": "held", "held_on": "2027-01-20",
            "minutes": 45, "rating": 4, "mentor_rating": None, "confidence_before": None,
            "confidence_after": None, "notes": "kept notes"}])
        self.assertEqual(self.sandbox.query("PRAGMA user_version"), [(7,)])
        status = json.loads(self.sandbox.run_ok("--now", "2027-01-25", "status", "old",
                                                "--json").stdout)
        self.assertEqual(status["pairs"][0]["next_due"], "2027-02-03")
        self.assertEqual(status["pairs"][0]["ended_reason"], None)

    def test_version_6_gets_lookup_indexes(self):
        self.sandbox.run_ok("init")
        version_7_indexes = ("sessions_pair", "sessions_held_on", "enrolments_person",
                             "pairs_mentor_person", "pairs_mentee_person", "person_events_kind")
        connection = sqlite3.connect(self.sandbox.database_file)
        for name in version_7_indexes:
            connection.execute(f"DROP INDEX {name}")
        connection.execute("PRAGMA user_version = 6")
        connection.commit()
        connection.close()

        self.sandbox.run_ok("people", "list")
        self.assertEqual(self.sandbox.query("PRAGMA user_version"), [(7,)])
        indexes = {row[0] for row in self.sandbox.query(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        for name in version_7_indexes:
            self.assertIn(name, indexes)
        plans = {
            "sessions_pair": "SELECT * FROM sessions WHERE pair_id = 1 ORDER BY id",
            "enrolments_person": "SELECT * FROM enrolments WHERE employee_id = 'E1'",
            "pairs_mentee_person": "SELECT * FROM pairs WHERE mentee_id = 'E1'",
            "sessions_held_on": "SELECT * FROM sessions WHERE held_on BETWEEN '2027-01-04' "
                                "AND '2027-01-10'",
        }
        for index, sql in plans.items():
            with self.subTest(index=index):
                plan = " ".join(row[-1] for row in self.sandbox.query("EXPLAIN QUERY PLAN " + sql))
                self.assertIn(f"INDEX {index}", plan)


if __name__ == "__main__":
    unittest.main()
