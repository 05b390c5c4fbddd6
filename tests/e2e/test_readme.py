"""Every command of the README's tour runs as written, in order, on a fresh sandbox."""

import os
import shlex
import shutil
import unittest
from pathlib import Path

from mentor_e2e import MentorTestCase

SOURCE = Path(os.environ.get("MENTOR_SOURCE_DIR", Path(__file__).resolve().parents[2]))
# `due --stalled` exits 1 when it finds stalled pairs, which the tour expects it to.
EXPECTED_STATUS = {"--stalled": 1}


def tour_commands():
    """Return the argument lists of the `mentor` lines in the README's tour block."""
    text = (SOURCE / "README.md").read_text(encoding="utf-8")
    block = text.split("## A tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        if not line.startswith("mentor "):
            continue
        words = shlex.split(line, comments=True)
        if ">" in words:  # the calendar line redirects its output to a file
            words = words[:words.index(">")]
        commands.append(words[1:])
    return commands


def quick_start_commands():
    """Return the command lines of the README's Quick start blocks, in order."""
    text = (SOURCE / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.split("```", 1)[0].strip() for block in section.split("```sh")[1:]]


class ReadmeQuickStartTest(unittest.TestCase):
    def test_ci_runs_the_test_command(self):
        commands = quick_start_commands()
        self.assertEqual(len(commands), 2)
        ci_lines = (SOURCE / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        self.assertEqual(ci_lines[-1], commands[1])

    def test_test_command_runs_the_sanitizers(self):
        script = (SOURCE / "scripts" / "test.sh").read_text(encoding="utf-8")
        self.assertIn("scripts/test.sh", quick_start_commands()[1])
        self.assertIn("-DMENTOR_SANITIZE=ON", script)
        self.assertIn("ctest --test-dir build-asan", script)


class ReadmeTourTest(MentorTestCase):
    def test_tour_commands_run(self):
        shutil.copytree(SOURCE / "examples", self.sandbox.root / "examples")
        commands = tour_commands()
        self.assertGreaterEqual(len(commands), 10)
        for arguments in commands:
            with self.subTest(command=" ".join(arguments)):
                expected = next((status for flag, status in EXPECTED_STATUS.items()
                                 if flag in arguments), 0)
                result = self.sandbox.run(*arguments)
                self.assertEqual(result.status, expected, msg=result.stderr)


if __name__ == "__main__":
    unittest.main()
