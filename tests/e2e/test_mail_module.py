"""The mail module: the binary starts without the mail libraries and loads
mentor-mail.so only to send mail, with one clear error when the module is missing."""

import os
import shutil
import struct
import subprocess
import tempfile
import unittest
from pathlib import Path

from mentor_e2e import MentorTestCase, mentor_binary

EXIT_INSTALLATION = 72
NOW = "2027-02-10"


def needed_libraries(binary: str) -> list:
    """Return the DT_NEEDED entries of an ELF file, read with readelf."""
    output = subprocess.run(["readelf", "--dynamic", binary], check=True, capture_output=True,
                            encoding="utf-8").stdout
    return [line.split("[", 1)[1].split("]", 1)[0] for line in output.splitlines()
            if "(NEEDED)" in line]


def loadable_end(elf: bytes) -> int:
    """Return the offset just past the last loadable segment of a 64-bit ELF file."""
    program_headers, = struct.unpack_from("<Q", elf, 0x20)
    entry_size, count = struct.unpack_from("<HH", elf, 0x36)
    end = 0
    for index in range(count):
        kind, _, offset, _, _, file_size = struct.unpack_from(
            "<IIQQQQ", elf, program_headers + index * entry_size)
        if kind == 1:  # PT_LOAD
            end = max(end, offset + file_size)
    return end


class MailModuleTest(MentorTestCase):

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.config_file.write_text(
            '[email]\nfrom_address = "mentoring@example.com"\n', encoding="utf-8")
        # A copy of the binary in a folder of its own, where no module is beside it.
        self.folder = Path(tempfile.mkdtemp(prefix="mentor-module-"))
        self.addCleanup(shutil.rmtree, self.folder)
        self.copy = self.folder / "mentor"
        shutil.copy2(mentor_binary(), self.copy)

    def run_copy(self, *args):
        completed = subprocess.run([str(self.copy), *args], cwd=self.sandbox.root,
                                   env=self.sandbox.environment(), stdin=subprocess.DEVNULL,
                                   capture_output=True, encoding="utf-8", timeout=60)
        return completed

    def test_binary_needs_no_mail_library(self):
        needed = needed_libraries(mentor_binary())
        self.assertIn("libsqlite3.so.0", needed)
        for library in needed:
            self.assertFalse(library.startswith(("libcurl", "libgmime", "libglib", "libgnutls")),
                             f"mentor links {library}, which only the mail module needs")
        module = Path(mentor_binary()).parent / "mentor-mail.so"
        self.assertTrue(any(name.startswith("libcurl") for name in needed_libraries(str(module))))

    def test_missing_module_is_named_and_other_commands_work(self):
        listed = self.run_copy("program", "list")
        self.assertEqual(listed.returncode, 0, msg=listed.stderr)
        result = self.run_copy("--now", NOW, "email", "test", "--to", "lead@example.com",
                               "--dry-run")
        self.assertEqual(result.returncode, EXIT_INSTALLATION, msg=result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=result.stderr)
        self.assertIn("mentor-mail.so", lines[0])
        self.assertIn("not found", lines[0])
        self.assertIn(str(self.folder / "mentor-mail.so"), lines[0])
        self.assertIn("reinstall mentor", lines[0])

    def test_damaged_module_is_refused(self):
        (self.folder / "mentor-mail.so").write_bytes(b"not a shared object\n")
        result = self.run_copy("--now", NOW, "email", "test", "--to", "lead@example.com",
                               "--dry-run")
        self.assertEqual(result.returncode, EXIT_INSTALLATION, msg=result.stderr)
        self.assertIn(str(self.folder / "mentor-mail.so"), result.stderr)

    def test_truncated_module_is_refused(self):
        # Loading a shared object cut short would crash with SIGBUS at its first use.
        whole = (Path(mentor_binary()).parent / "mentor-mail.so").read_bytes()
        # Cuts inside the program headers and inside the last loadable segment; a cut in
        # the debugging sections after it would leave a module that loads.
        for length in (1000, loadable_end(whole) - 1):
            with self.subTest(length=length):
                (self.folder / "mentor-mail.so").write_bytes(whole[:length])
                result = self.run_copy("--now", NOW, "email", "test", "--to",
                                       "lead@example.com", "--dry-run")
                self.assertEqual(result.returncode, EXIT_INSTALLATION, msg=result.stderr)
                self.assertIn("cut short", result.stderr)

    def test_module_beside_the_binary_is_used(self):
        shutil.copy2(Path(mentor_binary()).parent / "mentor-mail.so", self.folder)
        result = self.run_copy("--now", NOW, "email", "test", "--to", "lead@example.com",
                               "--dry-run")
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertIn("Content-Type: text/plain", result.stdout)


if __name__ == "__main__":
    unittest.main()
