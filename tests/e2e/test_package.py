"""End-to-end tests of the Debian package: cpack builds it from the build folder,
dpkg-deb extracts it into a temporary root, and the installed files are checked
there: the binary, the man page, the shell completions and the example config.

cpack packages what the last build made and builds nothing itself
(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY), so this test never relinks build/mentor
while other tests run it."""

import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from mentor_e2e import EXAMPLE_CONFIG_FILE, expected_version

COMMAND_TIMEOUT_SECONDS = 300


def build_dir() -> Path:
    folder = os.environ.get("MENTOR_BUILD_DIR")
    if not folder:
        raise RuntimeError("MENTOR_BUILD_DIR is not set: run the tests through ctest")
    return Path(folder)


def compose_test_mail(binary: Path) -> subprocess.CompletedProcess:
    """Run `BINARY email test --dry-run`, which composes a message with the mail module,
    with a config of its own."""
    with tempfile.TemporaryDirectory(prefix="mentor-mail-") as folder:
        config = Path(folder) / "config.toml"
        config.write_text('[email]\nfrom_address = "mentoring@example.com"\n', encoding="utf-8")
        env = dict(os.environ, MENTOR_CONFIG=str(config), MENTOR_DB=str(Path(folder) / "m.db"))
        return run(binary, "email", "test", "--to", "lead@example.com", "--dry-run", env=env)


def run(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(arg) for arg in args], capture_output=True, encoding="utf-8",
                          env=env, timeout=COMMAND_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._folder = tempfile.TemporaryDirectory(prefix="mentor-package-")
        folder = Path(cls._folder.name)
        cpack = os.environ.get("MENTOR_CPACK", "cpack")
        built = run(cpack, "-G", "DEB", "--config", build_dir() / "CPackConfig.cmake",
                    "-B", folder / "out")
        if built.returncode != 0:
            cls._folder.cleanup()
            raise AssertionError(f"cpack failed:\n{built.stdout}\n{built.stderr}")
        packages = sorted((folder / "out").glob("mentor_*.deb"))
        if len(packages) != 1:
            cls._folder.cleanup()
            raise AssertionError(f"expected one mentor_*.deb, found {packages}")
        cls.package = packages[0]
        cls.root = folder / "root"
        extracted = run("dpkg-deb", "-x", cls.package, cls.root)
        if extracted.returncode != 0:
            cls._folder.cleanup()
            raise AssertionError(f"dpkg-deb -x failed: {extracted.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls._folder.cleanup()

    def field(self, name: str) -> str:
        result = run("dpkg-deb", "-f", self.package, name)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        return result.stdout.strip()

    def test_package_name_and_dependencies(self):
        self.assertEqual(self.field("Package"), "mentor")
        depends = self.field("Depends")
        # The libraries the binary links dynamically, found by dpkg-shlibdeps, and the
        # time-zone database it reads at run time.
        for package in ("libc6", "libstdc++6", "libsqlite3-0", "libcurl4", "libgmime-3.0-0",
                        "libcsv3", "tzdata"):
            self.assertRegex(depends, rf"(^|, ){re.escape(package)}( |,|$)",
                             msg=f"Depends: {depends}")

    def test_installed_binary_prints_version(self):
        result = run(self.root / "usr" / "bin" / "mentor", "--version")
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertEqual(result.stdout, f"mentor {expected_version()}\n")

    def test_installed_binary_loads_mail_module(self):
        module = self.root / "usr" / "lib" / "mentor" / "mentor-mail.so"
        self.assertTrue(module.is_file(), msg=f"{module} is missing")
        result = compose_test_mail(self.root / "usr" / "bin" / "mentor")
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertIn("Subject:", result.stdout)

    def test_installed_binary_prints_help(self):
        result = run(self.root / "usr" / "bin" / "mentor", "--help")
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertIn("Usage:", result.stdout)
        for command in ("init", "people", "program", "session", "report", "help"):
            self.assertRegex(result.stdout, rf"\n  {command}\s", msg=command)

    def test_completions_installed(self):
        share = self.root / "usr" / "share"
        expected = {
            share / "bash-completion" / "completions" / "mentor": "complete -o default -F _mentor mentor",
            share / "zsh" / "site-functions" / "_mentor": "#compdef mentor",
            # The folder Debian's zsh reads under /usr.
            share / "zsh" / "vendor-completions" / "_mentor": "#compdef mentor",
            share / "fish" / "vendor_completions.d" / "mentor.fish": "complete -c mentor",
        }
        for path, marker in expected.items():
            with self.subTest(path=path):
                self.assertTrue(path.is_file(), msg=f"{path} is missing")
                self.assertIn(marker, path.read_text(encoding="utf-8"))

    def test_example_config_installed(self):
        installed = self.root / "usr" / "share" / "doc" / "mentor" / "examples" / "config.toml"
        self.assertTrue(installed.is_file(), msg=f"{installed} is missing")
        self.assertEqual(installed.read_bytes(), EXAMPLE_CONFIG_FILE.read_bytes())

    def test_man_page_renders(self):
        page = self.root / "usr" / "share" / "man" / "man1" / "mentor.1"
        self.assertTrue(page.is_file(), msg=f"{page} is missing")
        env = dict(os.environ, MANWIDTH="100", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8")
        result = run("man", "-l", page, env=env)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertEqual(result.stderr, "")
        lines = result.stdout.splitlines()
        self.assertIn("NAME", lines)
        self.assertIn("       mentor - track workplace peer-mentoring programs", lines)
        for heading in ("SYNOPSIS", "GLOBAL OPTIONS", "COMMANDS", "EXIT STATUS"):
            self.assertIn(heading, lines)
        self.assertIn("   mentor people import", lines)
        self.assertRegex(result.stdout, r"--dry-run")


class CmakeInstallTest(unittest.TestCase):
    def test_install_layout_under_prefix(self):
        with tempfile.TemporaryDirectory(prefix="mentor-install-") as folder:
            prefix = Path(folder) / "local"
            installed = run(os.environ.get("MENTOR_CMAKE", "cmake"), "--install", build_dir(),
                            "--prefix", prefix)
            self.assertEqual(installed.returncode, 0, msg=installed.stderr)
            for path in ("bin/mentor", "share/man/man1/mentor.1",
                         "share/bash-completion/completions/mentor",
                         "share/zsh/site-functions/_mentor",
                         "share/fish/vendor_completions.d/mentor.fish",
                         "share/doc/mentor/examples/config.toml",
                         "share/doc/mentor/examples/cron/crontab",
                         "share/doc/mentor/README.md",
                         "share/doc/mentor/docs/json.md",
                         "share/doc/mentor/docs/guide.md"):
                with self.subTest(path=path):
                    self.assertTrue((prefix / path).is_file(), msg=f"{path} is missing")
            version = run(prefix / "bin" / "mentor", "--version")
            self.assertEqual(version.stdout, f"mentor {expected_version()}\n")
            self.assertTrue((prefix / "lib" / "mentor" / "mentor-mail.so").is_file())
            mail = compose_test_mail(prefix / "bin" / "mentor")
            self.assertEqual(mail.returncode, 0, msg=mail.stderr)


if __name__ == "__main__":
    unittest.main()
