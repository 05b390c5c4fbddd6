"""Files that commands write besides the database: exports and rejected rows. None may
overwrite the database or the config, a failed write must not pass for success, and a
new file is readable by its owner only."""

import os
import stat
import subprocess
import unittest

from mentor_e2e import EXIT_USAGE, ROSTER_FILE, MentorTestCase, Result, mentor_binary

EXIT_IO_ERROR = 74
BAD_ROWS = "employee_id,name,job_level\nQ1,Good,1\nQ2,Bad,x\n"


class OutputFileTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.before = self.sandbox.dump()
        self.bad_rows = self.sandbox.root / "bad.csv"
        self.bad_rows.write_text(BAD_ROWS, encoding="utf-8")

    def assertDatabaseUnchanged(self):
        self.assertEqual(self.sandbox.dump(), self.before)

    def test_export_onto_database_rejected(self):
        result = self.sandbox.run("people", "export", "-o", self.sandbox.database_file)
        self.assertErrorLine(result, EXIT_USAGE, "--output", "database or config file")
        self.assertDatabaseUnchanged()

    def test_export_onto_config_rejected(self):
        config = self.sandbox.config_file.read_bytes()
        result = self.sandbox.run("people", "export", "-o", self.sandbox.config_file)
        self.assertErrorLine(result, EXIT_USAGE, "--output")
        self.assertEqual(self.sandbox.config_file.read_bytes(), config)

    def test_rejected_rows_onto_database_rejected(self):
        result = self.sandbox.run("people", "import", self.bad_rows, "--skip-invalid",
                                  "--rejected", self.sandbox.database_file)
        self.assertErrorLine(result, EXIT_USAGE, "--rejected")
        self.assertDatabaseUnchanged()

    def test_rejected_rows_onto_wal_file_rejected(self):
        wal = self.sandbox.database_file.with_name(self.sandbox.database_file.name + "-wal")
        result = self.sandbox.run("people", "import", self.bad_rows, "--skip-invalid",
                                  "--rejected", wal)
        self.assertErrorLine(result, EXIT_USAGE, "--rejected")
        self.assertDatabaseUnchanged()

    def test_backup_onto_wal_file_rejected(self):
        wal = self.sandbox.database_file.with_name(self.sandbox.database_file.name + "-wal")
        result = self.sandbox.run("db", "backup", wal, "--force")
        self.assertErrorLine(result, EXIT_USAGE, "database itself")
        self.assertDatabaseUnchanged()

    def test_export_to_full_device_fails(self):
        with open("/dev/full", "wb") as full:
            completed = subprocess.run([mentor_binary(), "people", "export"],
                                       env=self.sandbox.environment(), stdout=full,
                                       stderr=subprocess.PIPE, encoding="utf-8")
        self.assertErrorLine(Result(completed.returncode, "", completed.stderr),
                             EXIT_IO_ERROR, "standard output")

    # /dev/full takes the file's place: every write to it fails with ENOSPC, as on a
    # full disk. (A file size limit would stop the database's own files first.)
    def test_export_file_on_full_disk_fails(self):
        result = self.sandbox.run("people", "export", "-o", "/dev/full")
        self.assertErrorLine(result, EXIT_IO_ERROR, "/dev/full")

    def test_rejected_rows_on_full_disk_write_nothing(self):
        bad = "".join(f"R{number},Name {number},not-a-level\n" for number in range(2000))
        self.bad_rows.write_text("employee_id,name,job_level\nQ1,Good,1\n" + bad,
                                 encoding="utf-8")
        result = self.sandbox.run("people", "import", self.bad_rows, "--skip-invalid",
                                  "--rejected", "/dev/full")
        self.assertErrorLine(result, EXIT_IO_ERROR, "/dev/full")
        self.assertDatabaseUnchanged()
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full was removed")

    def test_new_export_owner_only(self):
        target = self.sandbox.root / "export.csv"
        previous = os.umask(0o022)
        try:
            self.sandbox.run_ok("people", "export", "-o", target)
        finally:
            os.umask(previous)
        self.assertEqual(stat.S_IMODE(target.stat().st_mode), 0o600)
        self.assertIn("employee_id", target.read_text(encoding="utf-8").splitlines()[0])


if __name__ == "__main__":
    unittest.main()
