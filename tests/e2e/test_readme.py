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
