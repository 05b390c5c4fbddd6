"""End-to-end tests of `mentor --version` and of cmake/version.cmake, which writes
the version into the build at every build."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from mentor_e2e import (COMMAND_TIMEOUT_SECONDS, SOURCE_DIR, MentorTestCase, expected_version,
                        git_describe, project_version)

SCRIPT = SOURCE_DIR / "cmake" / "version.cmake"


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True,
                          encoding="utf-8", timeout=COMMAND_TIMEOUT_SECONDS,
                          stdin=subprocess.DEVNULL)


class VersionTest(MentorTestCase):
    def test_version_of_build(self):
        result = self.sandbox.run_ok("--version")
        self.assertEqual(result.stdout, f"mentor {expected_version()}\n")
        self.assertEqual(result.stderr, "")

    def test_version_matches_git_describe(self):
        described = git_describe()
        if described is None:
            self.skipTest("the sources are not a git checkout; test_version_of_build checks "
                          "the project version")
        result = self.sandbox.run_ok("--version")
        self.assertEqual(result.stdout.split(), ["mentor", described],
                         msg="rebuild: the binary was built from another commit or tree state")

    def test_version_with_broken_config(self):
        self.sandbox.config_file.parent.mkdir(parents=True)
        self.sandbox.config_file.write_text("[pairing\n", encoding="utf-8")
        result = self.sandbox.run_ok("--version")
        self.assertTrue(result.stdout.startswith("mentor "))


class VersionScriptTest(unittest.TestCase):
    """Runs cmake/version.cmake on a temporary git repository, as the build does."""

    def setUp(self):
        self._folder = tempfile.TemporaryDirectory(prefix="mentor-version-")
        self.addCleanup(self._folder.cleanup)
        self.root = Path(self._folder.name)
        self.output = self.root / "version.cpp"
        self.repository = self.root / "source"
        self.repository.mkdir()

    def generate(self, source: Path) -> str:
        result = run(os.environ.get("MENTOR_CMAKE", "cmake"), f"-DSOURCE_DIR={source}",
                     f"-DOUTPUT={self.output}", "-DFALLBACK=9.8.7", "-DGIT_EXECUTABLE=git",
                     "-P", SCRIPT)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        return self.output.read_text(encoding="utf-8")

    def git(self, *args) -> str:
        result = run("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                     *args, cwd=self.repository)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        return result.stdout.strip()

    def commit(self, text: str) -> str:
        (self.repository / "file.txt").write_text(text, encoding="utf-8")
        self.git("add", "file.txt")
        self.git("commit", "-q", "-m", text)
        return self.git("rev-parse", "--short", "HEAD")

    def test_not_a_checkout_uses_fallback(self):
        self.assertIn('return "9.8.7";', self.generate(self.repository))

    def test_new_commit_changes_version(self):
        self.git("init", "-q")
        first = self.commit("one")
        self.assertIn(f'return "{first}";', self.generate(self.repository))
        second = self.commit("two")
        self.assertNotEqual(first, second)
        self.assertIn(f'return "{second}";', self.generate(self.repository))

    def test_tag_and_dirty_tree(self):
        self.git("init", "-q")
        self.commit("one")
        self.git("tag", "v1.2.0")
        self.assertIn('return "v1.2.0";', self.generate(self.repository))
        (self.repository / "file.txt").write_text("changed", encoding="utf-8")
        self.assertIn('return "v1.2.0-dirty";', self.generate(self.repository))

    def test_unchanged_version_keeps_file(self):
        self.git("init", "-q")
        self.commit("one")
        self.generate(self.repository)
        os.utime(self.output, (1_000_000_000, 1_000_000_000))
        self.generate(self.repository)
        self.assertEqual(self.output.stat().st_mtime, 1_000_000_000)

    def test_project_version_fallback_shape(self):
        self.assertRegex(project_version(), r"^\d+\.\d+\.\d+$")


if __name__ == "__main__":
    unittest.main()
