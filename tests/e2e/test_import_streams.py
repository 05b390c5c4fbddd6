"""Imports from a pipe, and the memory of a large dry run. A roster on standard input
is copied to a private temporary file before the import takes the write lock. A dry
run's change lines wait on disk, not in memory."""

import os
import signal
import stat
import subprocess
import time
import unittest
from pathlib import Path

from mentor_e2e import (
    EXIT_OK,
    MentorTestCase,
    mentor_binary,
)

HEADER = "employee_id,name,job_level\n"
# The maximum time a write may wait for the lock in these tests, in seconds. An import that
# held the lock while it waits for input would make the write fail after it.
LOCK_TIMEOUT_SECONDS = 5


def roster_rows(first, count, name_length=12):
    return "".join(f"S{number:07d},{'N' * name_length} {number},2\n"
                   for number in range(first, first + count))


def wait_with_peak_rss(process) -> int:
    """Wait for `process` and return its peak resident set size in bytes (ru_maxrss of
    that process alone, which Linux gives in KiB)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024


class StdinImportTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.temporary = self.sandbox.root / "tmp"
        self.temporary.mkdir()

    def start_import(self):
        return subprocess.Popen(
            [mentor_binary(), "people", "import", "-"], cwd=self.sandbox.root,
            env=self.sandbox.environment({"TMPDIR": self.temporary}), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8")

    def test_waiting_import_leaves_writers_free(self):
        process = self.start_import()
        self.addCleanup(process.kill)
        process.stdin.write(HEADER + roster_rows(1, 500))
        process.stdin.flush()
        # Time for the import to start and, were it to take the lock early, to take it.
        time.sleep(1)

        added = self.sandbox.run("people", "add", "W0000001", "--name", "Writer Meanwhile",
                                 "--level", "3", env={"MENTOR_LOCK_TIMEOUT": LOCK_TIMEOUT_SECONDS})
        self.assertEqual(added.status, EXIT_OK, msg=added.stderr)

        process.stdin.write(roster_rows(501, 500))
        stdout, stderr = process.communicate()
        self.assertEqual(process.returncode, EXIT_OK, msg=stderr)
        self.assertIn("1000 added", stdout)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(1001,)])

    def spool_of(self, process) -> Path:
        """Return the /proc link to the file the import spools into, once it is open."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for link in Path(f"/proc/{process.pid}/fd").iterdir():
                try:
                    target = os.readlink(link)
                except FileNotFoundError:
                    continue
                if target.startswith(str(self.temporary / "mentor-roster-")):
                    return link
            time.sleep(0.05)
        raise AssertionError("the import opened no spool file in TMPDIR")

    def test_spool_file_private_and_nameless(self):
        process = self.start_import()
        self.addCleanup(process.kill)
        process.stdin.write(HEADER + roster_rows(1, 10))
        process.stdin.flush()
        spool = self.spool_of(process)
        self.assertEqual(stat.S_IMODE(spool.stat().st_mode), 0o600)
        # Its name is already gone: no other process can open it.
        self.assertTrue(os.readlink(spool).endswith(" (deleted)"))
        self.assertEqual(list(self.temporary.iterdir()), [])

        _, stderr = process.communicate()
        self.assertEqual(process.returncode, EXIT_OK, msg=stderr)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(10,)])

    def test_killed_import_leaves_no_spool_file(self):
        process = self.start_import()
        self.addCleanup(process.kill)
        process.stdin.write(HEADER + roster_rows(1, 10))
        process.stdin.flush()
        self.spool_of(process)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        self.assertEqual(list(self.temporary.iterdir()), [])
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(0,)])

    def test_unwritable_temporary_folder(self):
        missing = self.sandbox.root / "no-such-folder"
        result = self.sandbox.run("people", "import", "-", input=HEADER + roster_rows(1, 3),
                                  env={"TMPDIR": missing})
        self.assertErrorLine(result, 73, str(missing), "TMPDIR")
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(0,)])


@unittest.skipIf(os.environ.get("MENTOR_SANITIZED"),
                 "AddressSanitizer's shadow memory and quarantine inflate the resident size")
class DryRunMemoryTest(MentorTestCase):
    """A dry run of a large roster uses about as much memory as the import itself, though
    it prints a line for each of its rows."""

    ROWS = 200_000
    NAME_LENGTH = 400
    # Kept change lines would take about ROWS * NAME_LENGTH bytes, 80 MB.
    MAX_EXTRA_BYTES = 24 * 1024 * 1024

    def run_import(self, roster, *options):
        output = self.sandbox.root / "output.txt"
        with open(output, "w", encoding="utf-8") as stdout:
            process = subprocess.Popen(
                [mentor_binary(), "people", "import", roster, *options], cwd=self.sandbox.root,
                env=self.sandbox.environment(), stdin=subprocess.DEVNULL, stdout=stdout,
                stderr=subprocess.PIPE)
            peak = wait_with_peak_rss(process)
        stderr = process.stderr.read().decode()
        process.stderr.close()
        self.assertEqual(process.returncode, EXIT_OK, msg=stderr)
        # Counted line by line, for the same reason as the roster is written in blocks.
        with open(output, encoding="utf-8") as lines:
            first_line = lines.readline().rstrip("\n")
            count = 1 + sum(1 for _ in lines) if first_line else 0
        return peak, first_line, count

    def test_dry_run_memory_bounded(self):
        self.sandbox.run_ok("init")
        roster = self.sandbox.root / "large.csv"
        # Written in blocks: a child's peak size starts from this process's size at the
        # fork, so this process must stay small.
        with open(roster, "w", encoding="utf-8") as file:
            file.write(HEADER)
            for first in range(1, self.ROWS + 1, 10_000):
                file.write(roster_rows(first, 10_000, self.NAME_LENGTH))

        dry_peak, first_line, count = self.run_import(roster, "--dry-run")
        self.assertEqual(count, self.ROWS + 1)  # a line per row, then the summary
        self.assertEqual(first_line, f"add S0000001 ({'N' * self.NAME_LENGTH} 1)")
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(0,)])

        real_peak, _, _ = self.run_import(roster)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(self.ROWS,)])
        self.assertLess(dry_peak, real_peak + self.MAX_EXTRA_BYTES,
                        msg=f"dry run {dry_peak} bytes, import {real_peak} bytes")


if __name__ == "__main__":
    unittest.main()
