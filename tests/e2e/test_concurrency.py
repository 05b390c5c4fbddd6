"""Several mentor processes writing to one database at once: users logging sessions
and micro-sessions, a roster import, weekly reports and backups. Every command must
succeed (waiting for the write lock rather than failing with "database is locked"),
and every logged session must be in the database exactly once."""

import csv
import sqlite3
import threading
import time
import unittest
from collections import Counter

from mentor_e2e import ROSTER_FILE, MentorTestCase, Sandbox, query_database, read_roster

PROGRAM = "tl-2027"
NOW = "2027-03-01"
SESSION_DAY = "2027-02-01"
WORKERS = 8
LOGS_PER_WORKER = 200  # half sessions, half micro-sessions
BACKUPS = 3
ROSTER_COLUMNS = ["employee_id", "name", "email", "department", "job_role", "job_level",
                  "education_field", "gender", "age", "years_at_company",
                  "years_since_last_promotion", "total_working_years", "timezone"]


def person_row(employee_id, level):
    return {"employee_id": employee_id, "name": f"Person {employee_id}",
            "email": f"{employee_id.lower()}@example.com", "department": "Sales",
            "job_role": "Sales Executive", "job_level": str(level),
            "education_field": "Marketing", "gender": "Female", "age": "40",
            "years_at_company": "5", "years_since_last_promotion": "1",
            "total_working_years": "10", "timezone": "Europe/Berlin"}


def mentor_id(worker):
    return f"C{worker:03d}"


def mentee_id(worker):
    return f"C{100 + worker:03d}"


class ConcurrentWritersTest(unittest.TestCase):
    """Runs the whole concurrent load once; each test checks one part of the outcome."""

    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()
        cls.write_roster(cls.sandbox.root / "pairs.csv")
        for command in cls.setup_commands():
            cls.sandbox.run_ok(*command)
        cls.results = []
        cls.results_lock = threading.Lock()
        threads = [threading.Thread(target=cls.log_many, args=(worker,))
                   for worker in range(WORKERS)]
        threads.append(threading.Thread(target=cls.run_readers_and_import))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.cleanup()

    @staticmethod
    def write_roster(path):
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=ROSTER_COLUMNS)
            writer.writeheader()
            for worker in range(WORKERS):
                writer.writerow(person_row(mentor_id(worker), 4))
                writer.writerow(person_row(mentee_id(worker), 1))

    @classmethod
    def setup_commands(cls):
        commands = [["init"], ["people", "import", cls.sandbox.root / "pairs.csv"],
                    ["program", "create", PROGRAM, "--start", "2027-01-11"],
                    ["enroll", PROGRAM, "--mentors",
                     *[mentor_id(worker) for worker in range(WORKERS)]],
                    ["enroll", PROGRAM, "--mentees",
                     *[mentee_id(worker) for worker in range(WORKERS)]]]
        for worker in range(WORKERS):
            commands.append(["--now", "2027-01-11", "pair", PROGRAM,
                             "--mentor", mentor_id(worker), "--mentee", mentee_id(worker)])
        return commands

    @classmethod
    def record(cls, args, result):
        with cls.results_lock:
            cls.results.append((args, result))

    @classmethod
    def log_many(cls, worker):
        """Log LOGS_PER_WORKER sessions and micro-sessions, each with a unique note."""
        for index in range(LOGS_PER_WORKER // 2):
            args = ["--now", NOW, "session", "log", PROGRAM, mentee_id(worker),
                    "--date", SESSION_DAY, "--status", "missed", "--another",
                    "--notes", f"w{worker}-s{index}"]
            cls.record(args, cls.sandbox.run(*args))
            args = ["--now", NOW, "micro", "log", mentee_id(worker), mentor_id(worker),
                    "--minutes", "15", "--date", SESSION_DAY, "--topic", f"w{worker}-m{index}"]
            cls.record(args, cls.sandbox.run(*args))

    @classmethod
    def run_readers_and_import(cls):
        """While the loggers run: import the example roster, report, and take backups."""
        commands = [["people", "import", ROSTER_FILE]]
        for backup in range(BACKUPS):
            commands.append(["--now", NOW, "report", "weekly"])
            commands.append(["db", "backup", cls.sandbox.root / f"backup-{backup}.db"])
        for args in commands:
            cls.record(args, cls.sandbox.run(*args))

    def test_every_command_succeeds(self):
        failures = [(args, result.status, result.stderr)
                    for args, result in self.results if result.status != 0]
        self.assertEqual(failures, [])

    def test_no_lock_error_reaches_user(self):
        messages = [result.stderr for _, result in self.results if "locked" in result.stderr]
        self.assertEqual(messages, [])

    def assertEachLabelOnce(self, sql, kind):
        """Check that `sql` returns each worker's labels of `kind` ("s" for sessions,
        "m" for micro-sessions) exactly once."""
        labels = Counter(label for (label,) in self.sandbox.query(sql))
        expected = {f"w{worker}-{kind}{index}" for worker in range(WORKERS)
                    for index in range(LOGS_PER_WORKER // 2)}
        self.assertEqual(set(labels), expected)
        self.assertEqual(max(labels.values()), 1)

    def test_every_session_recorded_once(self):
        self.assertEachLabelOnce("SELECT notes FROM sessions WHERE status = 'missed'", "s")

    def test_every_micro_session_recorded_once(self):
        self.assertEachLabelOnce("SELECT topic FROM micro_sessions", "m")

    def test_total_logged_is_1600(self):
        sessions = self.sandbox.query("SELECT count(*) FROM sessions")[0][0]
        micro_sessions = self.sandbox.query("SELECT count(*) FROM micro_sessions")[0][0]
        self.assertEqual(sessions + micro_sessions, WORKERS * LOGS_PER_WORKER)

    def test_sessions_stay_with_their_pair(self):
        rows = self.sandbox.query(
            "SELECT pairs.mentee_id, sessions.notes FROM sessions JOIN pairs "
            "ON pairs.id = sessions.pair_id")
        for mentee, note in rows:
            worker = int(note[1:note.index("-")])
            self.assertEqual(mentee, mentee_id(worker), msg=note)

    def test_import_landed(self):
        roster_people = len(read_roster())
        people = self.sandbox.query("SELECT count(*) FROM people")[0][0]
        self.assertEqual(people, roster_people + 2 * WORKERS)

    def test_backups_are_consistent_snapshots(self):
        final_sessions = self.sandbox.query("SELECT count(*) FROM sessions")[0][0]
        for backup in range(BACKUPS):
            with self.subTest(backup=backup):
                file = self.sandbox.root / f"backup-{backup}.db"
                self.assertEqual(query_database(file, "PRAGMA integrity_check"), [("ok",)])
                self.assertEqual(query_database(file, "PRAGMA foreign_key_check"), [])
                copied = query_database(file, "SELECT count(*) FROM sessions")[0][0]
                self.assertLessEqual(copied, final_sessions)
                # A snapshot never contains a worker's later session without its earlier ones.
                for worker in range(WORKERS):
                    notes = {note for (note,) in query_database(
                        file, "SELECT notes FROM sessions WHERE notes LIKE ?",
                        (f"w{worker}-s%",))}
                    indexes = sorted(int(note.split("-s")[1]) for note in notes)
                    self.assertEqual(indexes, list(range(len(indexes))))

    def test_backup_passes_db_check(self):
        result = self.sandbox.run("db", "check", self.sandbox.root / "backup-0.db")
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertIn("ok", result.stdout)


EXIT_TEMP_FAIL = 75
EXIT_USAGE = 64


class LockWaitTest(MentorTestCase):
    """Another process holds the write lock: mentor waits for it, up to the timeout."""

    def setUp(self):
        super().setUp()
        ConcurrentWritersTest.write_roster(self.sandbox.root / "pairs.csv")
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", self.sandbox.root / "pairs.csv")

    def hold_write_lock(self, seconds):
        """Take the write lock in another connection and release it after `seconds`."""
        ready = threading.Event()

        def hold():
            connection = sqlite3.connect(self.sandbox.database_file, isolation_level=None)
            connection.execute("BEGIN IMMEDIATE")
            ready.set()
            time.sleep(seconds)
            connection.execute("ROLLBACK")
            connection.close()

        thread = threading.Thread(target=hold)
        thread.start()
        ready.wait()
        self.addCleanup(thread.join)

    def log_micro_session(self, env=None):
        return self.sandbox.run("--now", NOW, "micro", "log", mentee_id(0), mentor_id(0),
                                "--minutes", "15", "--topic", "waited", env=env)

    def test_waits_through_long_lock(self):
        # Longer than SQLite tools usually wait, and as long as a large roster import keeps it.
        self.hold_write_lock(12)
        started = time.monotonic()
        result = self.log_micro_session()
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertGreaterEqual(time.monotonic() - started, 11)
        self.assertEqual(self.sandbox.query("SELECT topic FROM micro_sessions"), [("waited",)])

    def test_gives_up_after_timeout(self):
        self.hold_write_lock(5)
        result = self.log_micro_session(env={"MENTOR_LOCK_TIMEOUT": "2"})
        self.assertErrorLine(result, EXIT_TEMP_FAIL)
        self.assertIn("locked by another process for 2 s", result.stderr)
        self.assertIn("try again", result.stderr)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM micro_sessions"), [(0,)])

    def test_invalid_lock_timeout(self):
        for value in ("soon", "-1", "3601", "1.5"):
            with self.subTest(value=value):
                result = self.log_micro_session(env={"MENTOR_LOCK_TIMEOUT": value})
                self.assertErrorLine(result, EXIT_USAGE)
                self.assertIn(f"MENTOR_LOCK_TIMEOUT '{value}'", result.stderr)


if __name__ == "__main__":
    unittest.main()
