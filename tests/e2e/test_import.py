"""End-to-end tests of `mentor people import` and `mentor people export`.

They run the built binary (MENTOR_BIN) against a temporary database and the example
rosters under MENTOR_SOURCE_DIR/examples/data.
"""

import csv
import json
import os
import pathlib
import pty
import sqlite3
import subprocess
import tempfile
import unittest

MENTOR = os.environ.get("MENTOR_BIN", "mentor")
SOURCE_DIR = pathlib.Path(os.environ.get("MENTOR_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
ROSTER = SOURCE_DIR / "examples" / "data" / "roster.csv"
ROSTER_LATER = SOURCE_DIR / "examples" / "data" / "roster-later.csv"


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def write_rows(path, rows, fieldnames):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


class ImportTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="mentor-import-")
        self.dir = pathlib.Path(self.folder.name)
        self.db = self.dir / "mentor.db"
        self.env = dict(os.environ)
        self.env.update(
            MENTOR_DB=str(self.db),
            MENTOR_CONFIG=str(self.dir / "config.toml"),
            MENTOR_NOW="2027-01-04",
        )
        self.mentor("init")

    def tearDown(self):
        self.folder.cleanup()

    def mentor(self, *args, expect=0):
        result = subprocess.run(
            [MENTOR, *[str(arg) for arg in args]],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, expect, msg=f"stdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def query(self, sql):
        with sqlite3.connect(self.db) as connection:
            return connection.execute(sql).fetchall()

    def dump(self):
        connection = sqlite3.connect(self.db)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    def test_row_cut_short_rejected(self):
        # A transfer stopped mid-row leaves a last row with fewer columns than the header;
        # importing it would clear the person's other fields.
        self.mentor("people", "import", ROSTER)
        before = self.dump()
        text = ROSTER.read_text(encoding="utf-8")
        last_row = text.rstrip("\n").rsplit("\n", 1)[1]
        cut = text[:text.rindex(last_row)] + ",".join(last_row.split(",")[:6])
        short = self.dir / "short.csv"
        short.write_text(cut, encoding="utf-8")
        result = self.mentor("people", "import", short, expect=65)
        self.assertIn("6 of the header's 13 columns", result.stderr)
        self.assertEqual(self.dump(), before)

    def test_import_prints_only_summary(self):
        result = self.mentor("people", "import", ROSTER)
        self.assertEqual(result.stderr, "")
        self.assertIn("1470 rows: 1470 added, 0 updated, 0 unchanged", result.stdout)
        self.assertEqual(self.query("SELECT count(*) FROM people"), [(1470,)])

    def test_reimport_changes_nothing(self):
        self.mentor("people", "import", ROSTER)
        before = self.dump()
        result = self.mentor("people", "import", ROSTER)
        self.assertIn("nothing changed: all 1470 people are up to date", result.stdout)
        self.assertEqual(self.dump(), before)

    def test_dry_run_writes_nothing(self):
        self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-01-04")
        before = self.dump()
        result = self.mentor(
            "people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05", "--dry-run"
        )
        lines = result.stdout.splitlines()
        self.assertEqual(sum(line.startswith("leave ") for line in lines), 237)
        self.assertEqual(sum(line.startswith("update ") for line in lines), 51)
        self.assertTrue(any("job_level '" in line for line in lines))
        self.assertIn("dry run: nothing was written", result.stderr)
        self.assertEqual(self.dump(), before)

    def test_invalid_row_rejects_whole_file(self):
        self.mentor("people", "import", ROSTER)
        before = self.dump()
        rows = read_rows(ROSTER_LATER)
        fieldnames = list(rows[0].keys())
        rows[10]["timezone"] = "Mars/Olympus_Mons"
        rows[20]["job_level"] = "senior"
        bad_file = self.dir / "bad.csv"
        write_rows(bad_file, rows, fieldnames)

        result = self.mentor("people", "import", bad_file, "--full", "--as-of", "2027-07-05", expect=65)
        lines = result.stderr.splitlines()
        self.assertTrue(lines[0].startswith("mentor: error: "))
        self.assertIn("nothing was imported", lines[0])
        self.assertIn("line 12, column timezone: 'Mars/Olympus_Mons'", result.stderr)
        self.assertIn("line 22, column job_level: 'senior'", result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertEqual(self.dump(), before)

    def test_rejected_rows_import_after_fixing(self):
        rows = read_rows(ROSTER)
        fieldnames = list(rows[0].keys())
        bad_ids = {rows[3]["employee_id"], rows[40]["employee_id"]}
        rows[3]["email"] = "not-an-email"
        rows[40]["job_level"] = "2.5"
        messy_file = self.dir / "messy.csv"
        write_rows(messy_file, rows, fieldnames)

        result = self.mentor("people", "import", messy_file, "--skip-invalid")
        rejected_file = self.dir / "messy.rejected.csv"
        self.assertIn("2 invalid rows skipped", result.stdout)
        self.assertEqual(self.query("SELECT count(*) FROM people"), [(1468,)])

        rejected = read_rows(rejected_file)
        self.assertEqual({row["employee_id"] for row in rejected}, bad_ids)
        self.assertTrue(all(row["error"] for row in rejected))
        for row in rejected:
            if row["email"] == "not-an-email":
                row["email"] = "fixed@example.com"
            if row["job_level"] == "2.5":
                row["job_level"] = "3"
        write_rows(rejected_file, rejected, list(rejected[0].keys()))

        result = self.mentor("people", "import", rejected_file)
        self.assertIn("2 added", result.stdout)
        self.assertEqual(self.query("SELECT count(*) FROM people"), [(1470,)])

    def test_later_export_records_departures_and_promotions(self):
        first = {row["employee_id"]: row for row in read_rows(ROSTER)}
        later = {row["employee_id"]: row for row in read_rows(ROSTER_LATER)}
        departures = set(first) - set(later)
        promotions = {
            employee_id
            for employee_id, row in later.items()
            if employee_id in first and int(row["job_level"]) > int(first[employee_id]["job_level"])
        }
        self.assertEqual(len(departures), 237)
        self.assertEqual(len(promotions), 51)

        self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-01-04")
        result = self.mentor(
            "people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05", "--json"
        )
        summary = json.loads(result.stdout)
        self.assertEqual(summary["left"], 237)
        self.assertEqual(summary["promoted"], 51)

        left = {row[0] for row in self.query("SELECT employee_id FROM people WHERE left_on = '2027-07-05'")}
        self.assertEqual(left, departures)
        promoted = {
            row[0]
            for row in self.query(
                "SELECT employee_id FROM person_events WHERE kind = 'promoted' AND occurred_on = '2027-07-05'"
            )
        }
        self.assertEqual(promoted, promotions)
        self.assertEqual(self.query("SELECT count(*) FROM people"), [(1470,)])

    def test_older_roster_rejected(self):
        self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-01-04")
        self.mentor("people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05")
        before = self.dump()
        older = self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-03-01", expect=65)
        self.assertEqual(older.stdout, "")
        lines = older.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=older.stderr)
        for value in ("2027-03-01", "2027-07-05", "--allow-older", str(ROSTER)):
            self.assertIn(value, lines[0])
        self.assertEqual(self.dump(), before)

        # Without --as-of the roster is dated today, 2027-01-04 here (MENTOR_NOW).
        undated = self.mentor("people", "import", ROSTER, expect=65)
        self.assertIn("2027-01-04", undated.stderr)
        self.assertEqual(self.dump(), before)

    def test_older_roster_with_allow_older(self):
        self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-01-04")
        self.mentor("people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05")
        result = self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-03-01",
                             "--allow-older", "--json")
        self.assertEqual(json.loads(result.stdout)["rehired"], 237)
        rehires = self.query("SELECT count(*) FROM person_events WHERE kind = 'rehired' "
                             "AND occurred_on = '2027-03-01'")
        self.assertEqual(rehires, [(237,)])

    def test_same_day_roster_accepted(self):
        self.mentor("people", "import", ROSTER, "--full", "--as-of", "2027-01-04")
        self.mentor("people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05")
        result = self.mentor("people", "import", ROSTER_LATER, "--full", "--as-of", "2027-07-05")
        self.assertIn("nothing changed", result.stdout)

    def test_export_reads_back_unchanged(self):
        self.mentor("people", "import", ROSTER)
        exported = self.dir / "exported.csv"
        self.mentor("people", "export", "--output", exported)
        result = self.mentor("people", "import", exported)
        self.assertIn("nothing changed: all 1470 people are up to date", result.stdout)

        result = self.mentor("people", "export", "--format", "json")
        people = json.loads(result.stdout)
        self.assertEqual(len(people), 1470)
        self.assertEqual(people[0]["employee_id"], "E00001")

    def test_export_guards_formula_cells(self):
        roster = self.dir / "formula.csv"
        roster.write_text('employee_id,name,job_level\nE1,"=1+2",2\n', encoding="utf-8")
        self.mentor("people", "import", roster)
        result = self.mentor("people", "export")
        self.assertIn("\nE1,'=1+2,,,,2,", result.stdout)

    def test_latin1_file_needs_encoding(self):
        roster = self.dir / "latin1.csv"
        roster.write_bytes(b"employee_id;name;job_level\r\nE1;Ren\xe9 Dupont;2\r\n")
        result = self.mentor("people", "import", roster, expect=65)
        self.assertIn("line 2", result.stderr)
        self.assertIn("--encoding latin1", result.stderr)
        self.mentor("people", "import", roster, "--encoding", "latin1")
        self.assertEqual(self.query("SELECT name FROM people"), [("René Dupont",)])

    def import_big_file(self, stdout_on_terminal):
        """Import 12,000 rows with stderr on a pseudo-terminal, and stdout on it too or
        in a pipe. Return (what the terminal received, what the pipe received)."""
        template = read_rows(ROSTER)[0]
        rows = [dict(template, employee_id=f"B{number:06d}") for number in range(12_000)]
        big_file = self.dir / "big.csv"
        write_rows(big_file, rows, list(template.keys()))

        leader, follower = pty.openpty()
        try:
            result = subprocess.run(
                [MENTOR, "people", "import", str(big_file)],
                env=self.env,
                stdout=follower if stdout_on_terminal else subprocess.PIPE,
                stderr=follower,
                check=False,
            )
        finally:
            os.close(follower)
        terminal = b""
        try:
            while chunk := os.read(leader, 4096):
                terminal += chunk
        except OSError:  # the terminal reports EIO once it is drained and closed
            pass
        os.close(leader)
        self.assertEqual(result.returncode, 0)
        return terminal, result.stdout or b""

    def test_progress_shown_on_terminal(self):
        terminal, _ = self.import_big_file(stdout_on_terminal=True)
        self.assertIn(b"mentor: 10000 rows read", terminal)
        self.assertIn(b"12000 rows: 12000 added", terminal)

    def test_no_progress_when_stdout_piped(self):
        terminal, piped = self.import_big_file(stdout_on_terminal=False)
        self.assertNotIn(b"rows read", terminal)
        self.assertNotIn(b"rows read", piped)
        self.assertIn(b"12000 rows: 12000 added", piped)

    def test_full_needs_as_of(self):
        self.mentor("people", "import", ROSTER, "--full", expect=64)


if __name__ == "__main__":
    unittest.main()
