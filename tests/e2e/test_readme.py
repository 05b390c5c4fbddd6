"""Every command of the README's tour, and every example command in docs/, runs as
written, in order, on a fresh sandbox."""

import os
import re
import shlex
import shutil
import subprocess
import unittest
from pathlib import Path

from mentor_e2e import COMMAND_TIMEOUT_SECONDS, MentorTestCase, Sandbox, mentor_binary

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


# docs/benchmarks.md gives the commands that reproduce its measurements, and
# docs/testing.md those that run the test suite itself, the fuzzers and the long fault
# run. They build targets and run for minutes, and are run by hand, never as tests.
DOCS_NOT_RUN = {"benchmarks.md", "testing.md"}
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
PROMPT_LINE = re.compile(r"^\$ (mentor .*)$", re.MULTILINE)


def doc_examples(path):
    """Return the examples of a Markdown file in the order they appear: each ```sh block
    as one shell script, and each line starting with `$ mentor` as one command."""
    text = path.read_text(encoding="utf-8")
    found = [(match.start(), match.group(1)) for match in SH_BLOCK.finditer(text)]
    found += [(match.start(), match.group(1)) for match in PROMPT_LINE.finditer(text)
              if not any(start <= match.start() < start + len(block) + 8
                         for start, block in found)]
    return [script for _, script in sorted(found)]


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


class DocsExamplesTest(MentorTestCase):
    """Runs each page's examples with /bin/sh -e in a fresh sandbox, in the page's
    order, with `mentor` on PATH, HOME as the home folder (so ~/.config is used), and
    a copy of examples/ in the working folder."""

    def run_page(self, page):
        """Run every example of `page` in a new sandbox and return the sandbox."""
        sandbox = Sandbox()
        self.addCleanup(sandbox.cleanup)
        shutil.copytree(SOURCE / "examples", sandbox.root / "examples")
        bin_folder = sandbox.root / "bin"
        bin_folder.mkdir()
        (bin_folder / "mentor").symlink_to(Path(mentor_binary()).resolve())
        env = sandbox.environment({
            "PATH": f"{bin_folder}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None})
        for script in doc_examples(page):
            result = subprocess.run(["/bin/sh", "-e", "-c", script], cwd=sandbox.root, env=env,
                                    stdin=subprocess.DEVNULL, capture_output=True,
                                    encoding="utf-8", timeout=COMMAND_TIMEOUT_SECONDS * 5)
            self.assertEqual(result.returncode, 0,
                             msg=f"{page.name}:\n{script}\n{result.stderr}")
        return sandbox

    def test_doc_examples_run(self):
        pages = sorted(path for path in (SOURCE / "docs").glob("*.md")
                       if path.name not in DOCS_NOT_RUN)
        self.assertIn(SOURCE / "docs" / "guide.md", pages)
        for page in pages:
            with self.subTest(page=page.name):
                self.run_page(page)

    def test_guide_mails_summary(self):
        sandbox = self.run_page(SOURCE / "docs" / "guide.md")
        mail = (sandbox.home / "weekly-summary.eml").read_text(encoding="utf-8")
        self.assertRegex(mail, r"(?m)^To: .*people-team@example\.com")
        self.assertRegex(mail, r"(?m)^From: .*mentoring@example\.com")

    def test_hooks_example_writes_csv(self):
        sandbox = self.run_page(SOURCE / "docs" / "hooks.md")
        written = (sandbox.home / "pairs.csv").read_bytes()
        self.assertEqual(written, b"tl-2027,E00023,E00004,2027-01-08\r\n")


if __name__ == "__main__":
    unittest.main()
