"""The database file itself: backups, checks, file modes, a read-only or full disk,
and files from every earlier schema version."""

import json
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import unittest
from pathlib import Path

from mentor_e2e import (
    EXIT_DATA_ERROR,
    ROSTER_FILE,
    SOURCE_DIR,
    MentorTestCase,
    Result,
    Sandbox,
    mentor_binary,
)

EXIT_CANT_CREATE = 73
EXIT_IO_ERROR = 74
FIXTURES = SOURCE_DIR / "tests" / "fixtures"
SCHEMA_VERSIONS = range(1, 8)
CURRENT_SCHEMA_VERSION = 7
# The uid and gid that run the permission tests when the tests run as root, which
# file permissions do not bind. 65534 is "nobody" on Debian.
UNPRIVILEGED_ID = 65534


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def executable_by_others(path: Path) -> bool:
    """Return whether users other than the owner may run the file at `path`: it and
    every folder above it have the execute bit for others."""
    path = path.resolve()
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in [path, *path.parents])


def run_limited(sandbox: Sandbox, *args, file_size_limit=None, as_unprivileged=False) -> Result:
    """Run mentor in the sandbox with a maximum file size in bytes (writes beyond it fail
    with EFBIG, as on a full disk), or as an unprivileged user. That user runs the copy
    of the binary in the sandbox when there is one (see ReadOnlyTest)."""
    def limit():
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        if as_unprivileged:
            os.setgid(UNPRIVILEGED_ID)
            os.setuid(UNPRIVILEGED_ID)

    copy = sandbox.root / "mentor"
    binary = copy if as_unprivileged and copy.exists() else mentor_binary()
    completed = subprocess.run([str(binary), *[str(arg) for arg in args]],
                               cwd=sandbox.root, env=sandbox.environment(),
                               stdin=subprocess.DEVNULL, capture_output=True,
                               encoding="utf-8", preexec_fn=limit, timeout=60)
    return Result(completed.returncode, completed.stdout, completed.stderr)


class BackupTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)

    def test_backup_copies_everything(self):
        backup = self.sandbox.root / "copy.db"
        self.sandbox.run_ok("db", "backup", backup)
        self.assertEqual(self.sandbox.dump(backup), self.sandbox.dump())

    def test_backup_json_names_copy(self):
        backup = self.sandbox.root / "copy.db"
        report = json.loads(self.sandbox.run_ok("db", "backup", backup, "--json").stdout)
        self.assertEqual(report["backup"], str(backup))
        self.assertEqual(report["database"], str(self.sandbox.database_file))
        self.assertEqual(report["bytes"], backup.stat().st_size)

    def test_backup_is_one_file(self):
        backup = self.sandbox.root / "copy.db"
        self.sandbox.run_ok("db", "backup", backup)
        self.assertEqual(sorted(path.name for path in self.sandbox.root.glob("copy.db*")),
                         ["copy.db"])
        self.assertEqual(sqlite3.connect(backup).execute("PRAGMA journal_mode").fetchone(),
                         ("delete",))

    def test_backup_mode_0600_under_open_umask(self):
        backup = self.sandbox.root / "copy.db"
        previous = os.umask(0)
        try:
            self.sandbox.run_ok("db", "backup", backup)
        finally:
            os.umask(previous)
        self.assertEqual(mode_of(backup), 0o600)

    def test_backup_keeps_existing_file(self):
        backup = self.sandbox.root / "copy.db"
        backup.write_text("keep me")
        result = self.sandbox.run("db", "backup", backup)
        self.assertErrorLine(result, EXIT_CANT_CREATE, str(backup), "--force")
        self.assertEqual(backup.read_text(), "keep me")
        self.assertEqual(list(self.sandbox.root.glob("copy.db.partial*")), [])

    def test_backup_force_replaces_file(self):
        backup = self.sandbox.root / "copy.db"
        backup.write_text("old")
        backup.chmod(0o644)
        self.sandbox.run_ok("db", "backup", backup, "--force")
        self.assertEqual(self.sandbox.dump(backup), self.sandbox.dump())
        self.assertEqual(mode_of(backup), 0o600)

    def test_backup_onto_database_rejected(self):
        before = self.sandbox.dump()
        result = self.sandbox.run("db", "backup", self.sandbox.database_file, "--force")
        self.assertErrorLine(result, 64, str(self.sandbox.database_file))
        self.assertIn("the database itself", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)

    def test_backup_into_missing_folder(self):
        backup = self.sandbox.root / "no-such-folder" / "copy.db"
        result = self.sandbox.run("db", "backup", backup)
        self.assertErrorLine(result, EXIT_CANT_CREATE)
        self.assertIn("no-such-folder", result.stderr)


class CheckTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.copy = self.sandbox.root / "copy.db"
        self.sandbox.run_ok("db", "backup", self.copy)

    def test_check_sound_database(self):
        result = self.sandbox.run_ok("db", "check")
        self.assertIn("ok", result.stdout)
        self.assertEqual(result.stderr, "")

    def test_check_json(self):
        report = json.loads(self.sandbox.run_ok("db", "check", self.copy, "--json").stdout)
        self.assertEqual(report, {"file": str(self.copy), "ok": True, "integrity_problems": [],
                                  "foreign_key_problems": []})

    def test_check_leaves_file_unchanged(self):
        before = self.copy.read_bytes()
        self.sandbox.run_ok("db", "check", self.copy)
        self.assertEqual(self.copy.read_bytes(), before)

    def corrupt_page(self, page_number):
        """Overwrite most of one page of the copy with junk bytes."""
        page_size = sqlite3.connect(self.copy).execute("PRAGMA page_size").fetchone()[0]
        with open(self.copy, "r+b") as file:
            file.seek(page_size * (page_number - 1) + 8)
            file.write(bytes(range(256)) * ((page_size - 16) // 256))

    def test_check_finds_junk_in_page(self):
        pages = sqlite3.connect(self.copy).execute("PRAGMA page_count").fetchone()[0]
        self.corrupt_page(pages // 2)
        result = self.sandbox.run("db", "check", self.copy)
        self.assertEqual(result.status, EXIT_DATA_ERROR, msg=result.stderr)
        self.assertRegex(result.stdout, r"\d+ integrity problems?,")
        report = json.loads(self.sandbox.run("db", "check", self.copy, "--json").stdout)
        self.assertFalse(report["ok"])
        self.assertNotEqual(report["integrity_problems"], [])

    def test_check_finds_broken_reference(self):
        connection = sqlite3.connect(self.copy)
        connection.execute("INSERT INTO person_events (employee_id, kind, occurred_on, "
                           "old_value, new_value) VALUES ('X999', 'left', '2027-01-01', '', '')")
        connection.commit()
        connection.close()
        report = json.loads(self.sandbox.run("db", "check", self.copy, "--json").stdout)
        self.assertFalse(report["ok"])
        self.assertEqual(report["integrity_problems"], [])
        self.assertEqual(len(report["foreign_key_problems"]), 1)
        self.assertIn("person_events", report["foreign_key_problems"][0])

    def test_check_junk_file(self):
        junk = self.sandbox.root / "junk.db"
        junk.write_bytes(os.urandom(8192))
        result = self.sandbox.run("db", "check", junk)
        self.assertEqual(result.status, EXIT_DATA_ERROR, msg=result.stderr)
        self.assertIn("cannot be read as a database", result.stdout)

    def assertCheckRejects(self, file, status, *phrases):
        """Run `db check` on `file`, which must fail with one error line naming the file
        and each phrase, and leave the folder's files byte-identical."""
        folder = Path(file).parent
        before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
        result = self.sandbox.run("db", "check", file)
        self.assertErrorLine(result, status, str(file))
        for phrase in phrases:
            self.assertIn(phrase, result.stderr)
        after = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
        self.assertEqual(after, before)

    def test_check_other_program_database(self):
        # Other programs set user_version too; mentor's own tables are what count.
        for version in (0, 3):
            with self.subTest(user_version=version):
                folder = self.sandbox.root / f"other-{version}"
                folder.mkdir()
                other = folder / "other.db"
                connection = sqlite3.connect(other)
                connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
                connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
                connection.execute(f"PRAGMA user_version = {version}")
                connection.commit()
                connection.close()
                self.assertCheckRejects(other, EXIT_IO_ERROR, "another program")

    def test_commands_reject_versioned_foreign_database(self):
        other = self.sandbox.root / "versioned.db"
        connection = sqlite3.connect(other)
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute(f"PRAGMA user_version = {CURRENT_SCHEMA_VERSION}")
        connection.commit()
        connection.close()
        before = other.read_bytes()
        result = self.sandbox.run("--db", other, "program", "list")
        self.assertErrorLine(result, EXIT_IO_ERROR, str(other), "another program")
        self.assertEqual(other.read_bytes(), before)

    def test_check_empty_file(self):
        folder = self.sandbox.root / "empty"
        folder.mkdir()
        empty = folder / "empty.db"
        empty.write_bytes(b"")
        self.assertCheckRejects(empty, 66, "no mentor data")

    def test_check_newer_schema_version(self):
        folder = self.sandbox.root / "newer"
        folder.mkdir()
        newer = folder / "newer.db"
        shutil.copyfile(self.copy, newer)
        connection = sqlite3.connect(newer)
        connection.execute(f"PRAGMA user_version = {CURRENT_SCHEMA_VERSION + 1}")
        connection.close()
        self.assertCheckRejects(newer, EXIT_IO_ERROR, str(CURRENT_SCHEMA_VERSION + 1),
                                "upgrade mentor")
        # The same message as any other command gives for that file.
        other = self.sandbox.run("--db", newer, "people", "list")
        self.assertEqual(other.stderr.splitlines(),
                         self.sandbox.run("db", "check", newer).stderr.splitlines())

    def test_check_missing_file(self):
        result = self.sandbox.run("db", "check", self.sandbox.root / "missing.db")
        self.assertErrorLine(result, 66)


class FileModeTest(MentorTestCase):
    def test_database_files_owner_only(self):
        previous = os.umask(0o022)
        try:
            self.sandbox.run_ok("init")
            # Keep a connection open so that the -wal and -shm files stay in place.
            connection = sqlite3.connect(self.sandbox.database_file)
            connection.execute("SELECT count(*) FROM people").fetchone()
            self.sandbox.run_ok("people", "import", ROSTER_FILE)
            modes = {path.name: mode_of(path)
                     for path in self.sandbox.database_file.parent.iterdir()}
            connection.close()
        finally:
            os.umask(previous)
        self.assertEqual(modes, {"mentor.db": 0o600, "mentor.db-shm": 0o600,
                                 "mentor.db-wal": 0o600})

    def test_config_file_owner_only(self):
        previous = os.umask(0)
        try:
            self.sandbox.run_ok("init")
        finally:
            os.umask(previous)
        self.assertEqual(mode_of(self.sandbox.config_file), 0o600)
        self.assertIn("[email]", self.sandbox.config_file.read_text("utf-8"))


class ReadOnlyTest(MentorTestCase):
    """A database the user cannot write: each write is rejected with one error line and
    the file stays as it was."""

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # A build folder under root's home is closed to other users.
            if not executable_by_others(Path(mentor_binary())):
                shutil.copy(mentor_binary(), self.sandbox.root / "mentor")
            for path in [self.sandbox.root, *self.sandbox.root.rglob("*")]:
                os.chown(path, UNPRIVILEGED_ID, UNPRIVILEGED_ID)
        self.addCleanup(self.make_writable)

    def make_writable(self):
        for path in [self.sandbox.root, *self.sandbox.root.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)

    def run_write(self):
        return run_limited(self.sandbox, "program", "create", "p", "--start", "2027-01-11",
                           as_unprivileged=self.as_root)

    def test_read_only_file(self):
        before = self.sandbox.dump()
        self.sandbox.database_file.chmod(0o444)
        result = self.run_write()
        self.assertErrorLine(result, EXIT_IO_ERROR)
        self.assertIn("read-only", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)

    def test_read_only_file_still_read(self):
        self.sandbox.database_file.chmod(0o444)
        result = run_limited(self.sandbox, "people", "list", "--json",
                             as_unprivileged=self.as_root)
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertEqual(len(json.loads(result.stdout)), 1470)

    def test_read_only_folder(self):
        before = self.sandbox.dump()
        # SQLite cannot create the -wal and -shm files it needs in the folder. Once they
        # exist, the folder's mode no longer matters, so they are removed first: a
        # reader such as dump() leaves them behind, empty.
        for suffix in ("-wal", "-shm"):
            Path(str(self.sandbox.database_file) + suffix).unlink(missing_ok=True)
        self.sandbox.database_file.parent.chmod(0o555)
        result = self.run_write()
        self.assertErrorLine(result, EXIT_IO_ERROR, str(self.sandbox.database_file))
        self.assertEqual(self.sandbox.dump(), before)


class FullDiskTest(MentorTestCase):
    """A maximum file size (RLIMIT_FSIZE) makes writes fail with EFBIG, as they would
    on a full disk, without needing a small file system."""

    def test_import_on_full_disk(self):
        self.sandbox.run_ok("init")
        before = self.sandbox.dump()
        size = self.sandbox.database_file.stat().st_size
        result = run_limited(self.sandbox, "people", "import", ROSTER_FILE,
                             file_size_limit=size + 64 * 1024)
        self.assertErrorLine(result, EXIT_IO_ERROR)
        self.assertIn("nothing was written", result.stderr)
        self.assertEqual(self.sandbox.dump(), before)
        self.assertEqual(self.sandbox.query("PRAGMA integrity_check"), [("ok",)])

    def test_import_after_space_freed(self):
        self.sandbox.run_ok("init")
        size = self.sandbox.database_file.stat().st_size
        run_limited(self.sandbox, "people", "import", ROSTER_FILE,
                    file_size_limit=size + 64 * 1024)
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM people"), [(1470,)])


class SchemaVersionTest(MentorTestCase):
    def load_fixture(self, version):
        database = self.sandbox.database_file
        database.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(database)
        connection.executescript((FIXTURES / f"schema-v{version}.sql").read_text("utf-8"))
        connection.close()
        self.assertEqual(self.sandbox.query("PRAGMA user_version"), [(version,)])

    def test_every_version_migrates(self):
        for version in SCHEMA_VERSIONS:
            with self.subTest(version=version):
                self.sandbox.database_file.unlink(missing_ok=True)
                self.load_fixture(version)
                people = json.loads(self.sandbox.run_ok("people", "list", "--json").stdout)
                self.assertEqual([person["name"] for person in people],
                                 ["Ada O'Neil", 'Bo "Bobby" Chen', "Zoë Ünal"])
                sessions = json.loads(self.sandbox.run_ok(
                    "session", "list", "tl-2027", "E2", "--json").stdout)["sessions"]
                self.assertEqual([session["notes"] for session in sessions],
                                 ["goals; agreed -- 'first'", "line one\nline two"])
                self.assertEqual([session["rating"] for session in sessions], [4, 5])
                self.assertEqual(self.sandbox.query("PRAGMA user_version"),
                                 [(CURRENT_SCHEMA_VERSION,)])
                self.sandbox.run_ok("db", "check")

    def test_version_5_micro_session_kept(self):
        self.load_fixture(5)
        self.sandbox.run_ok("people", "list")
        self.assertEqual(self.sandbox.query("SELECT topic FROM micro_sessions"),
                         [("code review",)])

    def test_newer_version_left_byte_identical(self):
        self.load_fixture(CURRENT_SCHEMA_VERSION)
        connection = sqlite3.connect(self.sandbox.database_file)
        connection.execute(f"PRAGMA user_version = {CURRENT_SCHEMA_VERSION + 1}")
        connection.close()
        before = self.sandbox.database_file.read_bytes()
        for args in (["people", "list"], ["program", "create", "p", "--start", "2027-01-11"]):
            with self.subTest(command=args[0]):
                result = self.sandbox.run(*args)
                self.assertErrorLine(result, EXIT_IO_ERROR, str(CURRENT_SCHEMA_VERSION + 1))
                self.assertIn("upgrade mentor", result.stderr)
                self.assertEqual(self.sandbox.database_file.read_bytes(), before)
                self.assertEqual(sorted(path.name for path in
                                        self.sandbox.database_file.parent.iterdir()),
                                 ["mentor.db"])


if __name__ == "__main__":
    unittest.main()
