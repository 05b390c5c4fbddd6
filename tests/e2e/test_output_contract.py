"""End-to-end tests of the output contract: data on stdout and messages on stderr,
--quiet, no colour when stdout is not a terminal or NO_COLOR is set, and output that
does not change with the locale."""

import os
import pty
import subprocess
import tempfile
import unittest
from pathlib import Path

from mentor_e2e import (COMMAND_TIMEOUT_SECONDS, ERROR_PREFIX, EXIT_NOT_FOUND, ROSTER_FILE,
                        MentorTestCase, Sandbox, mentor_binary)

PROGRAM = "tl-2027"
NOW = "2027-03-01T12:00Z"
SETUP = [
    ["init"],
    ["people", "import", ROSTER_FILE],
    ["program", "create", PROGRAM, "--start", "2027-01-04"],
    ["enroll", PROGRAM, "--mentors", "E00023", "E00019", "E00016"],
    ["enroll", PROGRAM, "--mentees", "E00004", "E00011", "E00025"],
    ["--now", "2027-01-04", "pair", PROGRAM],
    ["--now", "2027-01-18", "session", "log", PROGRAM, "E00004", "--date", "2027-01-18",
     "--minutes", "45", "--rating", "4", "--mentor-rating", "5", "--confidence-before", "2",
     "--confidence-after", "4", "--notes", "goals agreed"],
    ["--now", "2027-01-20", "session", "log", PROGRAM, "E00011", "--date", "2027-01-20",
     "--minutes", "30", "--rating", "3", "--notes", ""],
    ["--now", "2027-01-25", "session", "log", PROGRAM, "E00025", "--date", "2027-01-25",
     "--minutes", "50", "--rating", "5", "--notes", ""],
]

# Commands whose output contains numbers, ratios and dates, in text and JSON.
SHOWN = [
    ["status", PROGRAM],
    ["status", PROGRAM, "--json"],
    ["people", "show", "E00004", "--json"],
    ["report", "progress", PROGRAM],
    ["report", "engagement", "--json"],
    ["report", "engagement", "--format", "csv"],
    ["report", "engagement"],
    ["report", "mix", PROGRAM],
    ["report", "mix", PROGRAM, "--json"],
    ["report", "outcomes", "--from", "2027-01-04", "--to", "2027-03-01"],
    ["report", "outcomes", "--from", "2027-01-04", "--to", "2027-03-01", "--json"],
    ["due", "--days", "30", "--json"],
    ["calendar", PROGRAM],
]


class SharedProgram:
    """One sandbox with a paired program and logged sessions, made once per class."""

    @classmethod
    def setUpClass(cls):
        cls.shared = Sandbox()
        try:
            for args in SETUP:
                cls.shared.run_ok(*args)
        except Exception:
            cls.shared.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()


class QuietTest(SharedProgram, MentorTestCase):
    def test_list_summary_on_stderr(self):
        result = self.shared.run_ok("people", "list", "--department", "Sales")
        self.assertRegex(result.stderr, r"^\d+ people\n$")
        self.assertNotIn("people\n", result.stdout)

    def test_quiet_silences_summary(self):
        loud = self.shared.run_ok("people", "list", "--department", "Sales")
        quiet = self.shared.run_ok("--quiet", "people", "list", "--department", "Sales")
        self.assertEqual(quiet.stderr, "")
        self.assertEqual(quiet.stdout, loud.stdout)

    def test_quiet_short_form_after_command(self):
        result = self.shared.run_ok("due", "--days", "30", "-q")
        self.assertEqual(result.stderr, "")

    def test_quiet_silences_dry_run_note(self):
        loud = self.shared.run_ok("people", "import", ROSTER_FILE, "--dry-run")
        self.assertIn("dry run", loud.stderr)
        quiet = self.shared.run_ok("-q", "people", "import", ROSTER_FILE, "--dry-run")
        self.assertEqual(quiet.stderr, "")
        self.assertEqual(quiet.stdout, loud.stdout)

    def test_quiet_keeps_errors(self):
        result = self.shared.run("-q", "status", "no-such-program")
        self.assertErrorLine(result, EXIT_NOT_FOUND, "no-such-program")

    def test_stalled_summary_on_stderr(self):
        result = self.shared.run("--now", NOW, "due", "--stalled", "21d")
        self.assertIn("pairs with no held session for 21 days or more", result.stderr)
        self.assertNotIn("pairs with no held session", result.stdout)


def run_on_terminal(args, env) -> bytes:
    """Run mentor with stdout on a pseudo-terminal and return what it printed there."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen([mentor_binary(), *args], stdout=terminal,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        os.close(terminal)
        terminal = None
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # Linux reports the closed terminal as EIO
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=COMMAND_TIMEOUT_SECONDS)
        return output
    finally:
        os.close(controller)
        if terminal is not None:
            os.close(terminal)


class ColourTest(SharedProgram, MentorTestCase):
    def environment(self, **overrides) -> dict:
        env = self.shared.environment({"NO_COLOR": None, "TERM": "xterm", **overrides})
        return env

    def test_colour_on_terminal(self):
        output = run_on_terminal(["report", "progress", PROGRAM], self.environment())
        self.assertIn(b"\x1b[1m", output)

    def test_no_colour_with_no_color(self):
        output = run_on_terminal(["report", "progress", PROGRAM], self.environment(NO_COLOR="1"))
        self.assertIn(PROGRAM.encode(), output)
        self.assertNotIn(b"\x1b", output)

    def test_no_colour_on_dumb_terminal(self):
        output = run_on_terminal(["report", "progress", PROGRAM], self.environment(TERM="dumb"))
        self.assertIn(PROGRAM.encode(), output)
        self.assertNotIn(b"\x1b", output)

    def test_no_colour_in_pipe(self):
        result = self.shared.run_ok("report", "progress", PROGRAM, env={"TERM": "xterm"})
        self.assertIn(PROGRAM, result.stdout)
        self.assertNotIn("\x1b", result.stdout)

    def test_no_progress_in_pipe(self):
        self.sandbox.run_ok("init")
        result = self.sandbox.run_ok("people", "import", ROSTER_FILE, env={"TERM": "xterm"})
        self.assertNotIn("rows read", result.stderr)
        self.assertNotIn("\r", result.stderr)


class LocaleTest(SharedProgram, MentorTestCase):
    """Runs each command under the C locale and under German (decimal comma, dates
    written day first) and compares the bytes. The German locale is compiled into a
    temporary folder with localedef, so the machine's locales stay as they are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._locales = tempfile.TemporaryDirectory(prefix="mentor-locale-")
        cls.locale_path = Path(cls._locales.name)
        compiled = subprocess.run(
            ["localedef", "-i", "de_DE", "-f", "UTF-8", str(cls.locale_path / "de_DE.UTF-8")],
            capture_output=True, encoding="utf-8", timeout=COMMAND_TIMEOUT_SECONDS)
        if compiled.returncode not in (0, 1):  # 1 means warnings only
            raise AssertionError(f"localedef failed: {compiled.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls._locales.cleanup()
        super().tearDownClass()

    def german(self) -> dict:
        return {"LOCPATH": self.locale_path, "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}

    def test_german_locale_is_active(self):
        # Without this check a missing locale would fall back to C and prove nothing.
        env = {**os.environ, **{key: str(value) for key, value in self.german().items()}}
        result = subprocess.run(["locale", "-k", "decimal_point", "d_fmt"], capture_output=True,
                                encoding="utf-8", env=env, timeout=COMMAND_TIMEOUT_SECONDS)
        self.assertEqual(result.stderr, "")
        self.assertIn('decimal_point=","', result.stdout)
        self.assertIn('d_fmt="%d.%m.%Y"', result.stdout)

    def test_output_same_in_every_locale(self):
        for args in SHOWN:
            with self.subTest(command=" ".join(map(str, args))):
                plain = self.shared.run_ok("--now", NOW, *args, env={"LC_ALL": "C", "LANG": "C"})
                german = self.shared.run_ok("--now", NOW, *args, env=self.german())
                numeric = self.shared.run_ok(
                    "--now", NOW, *args,
                    env={"LOCPATH": self.locale_path, "LC_ALL": None,
                         "LC_NUMERIC": "de_DE.UTF-8"})
                self.assertTrue(plain.stdout)
                self.assertEqual(german.stdout, plain.stdout)
                self.assertEqual(german.stderr, plain.stderr)
                self.assertEqual(numeric.stdout, plain.stdout)

    def test_decimals_use_point(self):
        result = self.shared.run_ok("--now", NOW, "report", "engagement", "--format", "csv",
                                    env=self.german())
        self.assertRegex(result.stdout, r"\d\.\d")

    def test_errors_same_in_every_locale(self):
        plain = self.shared.run("session", "log", PROGRAM, "E00004", "--date", "2027-02-30",
                                "--minutes", "30", env={"LC_ALL": "C"})
        german = self.shared.run("session", "log", PROGRAM, "E00004", "--date", "2027-02-30",
                                 "--minutes", "30", env=self.german())
        self.assertTrue(plain.stderr.startswith(ERROR_PREFIX))
        self.assertEqual(german.stderr, plain.stderr)
        self.assertEqual(german.status, plain.status)


if __name__ == "__main__":
    unittest.main()
