"""Shared helpers for the end-to-end tests of the mentor binary.

Each test works in a Sandbox: a temporary folder with its own HOME, XDG_CONFIG_HOME
and XDG_DATA_HOME, so the binary never reads or writes the user's own files. ctest
sets MENTOR_BIN (the built binary), MENTOR_SOURCE_DIR (the repository root),
MENTOR_BUILD_DIR (the build folder) and MENTOR_CPACK (the cpack program).
"""

import csv
import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import tomllib
import unittest
import zoneinfo
from pathlib import Path
from typing import NamedTuple

SOURCE_DIR = Path(os.environ.get("MENTOR_SOURCE_DIR", Path(__file__).resolve().parents[2]))
ROSTER_FILE = SOURCE_DIR / "examples" / "data" / "roster.csv"
EXAMPLE_CONFIG_FILE = SOURCE_DIR / "examples" / "config.toml"
ERROR_PREFIX = "mentor: error: "

# Exit statuses from include/mentor/errors.hpp (BSD sysexits.h values).
EXIT_OK = 0
EXIT_ALERT = 1
EXIT_USAGE = 64
EXIT_DATA_ERROR = 65
EXIT_NO_INPUT = 66
EXIT_NOT_FOUND = 67
EXIT_CONFIG = 78

# Seconds before a command that hangs fails the test.
COMMAND_TIMEOUT_SECONDS = 60


def mentor_binary() -> str:
    """Return the path of the binary under test from MENTOR_BIN."""
    binary = os.environ.get("MENTOR_BIN")
    if not binary:
        raise RuntimeError("MENTOR_BIN is not set: run the tests through ctest, or set it to "
                           "the built mentor binary")
    return binary


def project_version() -> str:
    """Return the VERSION of project() in CMakeLists.txt."""
    text = (SOURCE_DIR / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(mentor VERSION ([0-9.]+)", text)
    if match is None:
        raise RuntimeError("no 'project(mentor VERSION ...)' in CMakeLists.txt")
    return match.group(1)


def git_describe():
    """Return `git describe --tags --always --dirty` of the source folder, or None when
    it is not a git checkout or git fails there."""
    if not (SOURCE_DIR / ".git").exists() or shutil.which("git") is None:
        return None
    described = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"],
                               cwd=SOURCE_DIR, capture_output=True, encoding="utf-8",
                               timeout=COMMAND_TIMEOUT_SECONDS)
    if described.returncode != 0 or not described.stdout.strip():
        return None
    return described.stdout.strip()


def expected_version() -> str:
    """Return the version the binary should print: git describe of a checkout, else the
    project version."""
    return git_describe() or project_version()


class Result(NamedTuple):
    status: int
    stdout: str
    stderr: str


class Sandbox:
    """A temporary home for one test: HOME, XDG_CONFIG_HOME and XDG_DATA_HOME."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="mentor-e2e-")
        self.root = Path(self._folder.name)
        self.home = self.root / "home"
        self.config_home = self.root / "config"
        self.data_home = self.root / "data"
        self.home.mkdir()

    @property
    def config_file(self) -> Path:
        return self.config_home / "mentor" / "config.toml"

    @property
    def database_file(self) -> Path:
        return self.data_home / "mentor" / "mentor.db"

    def cleanup(self):
        self._folder.cleanup()

    def environment(self, overrides=None) -> dict:
        """Return the binary's environment: this process's variables without any MENTOR_
        or XDG_ one, plus the sandbox's HOME and XDG folders. An override of None removes
        a variable."""
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("MENTOR_", "XDG_"))}
        env["HOME"] = str(self.home)
        env["XDG_CONFIG_HOME"] = str(self.config_home)
        env["XDG_DATA_HOME"] = str(self.data_home)
        for name, value in (overrides or {}).items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = str(value)
        return env

    def run(self, *args, env=None, input=None) -> Result:
        """Run mentor with `args` in the sandbox, with `env` overriding variables and
        `input` as standard input (none when it is None)."""
        stdin = subprocess.DEVNULL if input is None else None
        completed = subprocess.run(
            [mentor_binary(), *[str(arg) for arg in args]],
            cwd=self.root, env=self.environment(env), stdin=stdin, input=input,
            capture_output=True, encoding="utf-8", timeout=COMMAND_TIMEOUT_SECONDS)
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def run_ok(self, *args, env=None, input=None) -> Result:
        """Run mentor like run(), and raise AssertionError unless it exits 0."""
        result = self.run(*args, env=env, input=input)
        if result.status != EXIT_OK:
            raise AssertionError(f"mentor {' '.join(map(str, args))} exited {result.status}:\n"
                                 f"{result.stderr}")
        return result

    def copy_state_from(self, other: "Sandbox"):
        """Copy the other sandbox's database and config file (when present) into this one."""
        for source, target in ((other.database_file, self.database_file),
                               (other.config_file, self.config_file)):
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)

    def dump(self, database_file=None) -> str:
        return dump_database(database_file or self.database_file)

    def query(self, sql, parameters=(), database_file=None) -> list:
        return query_database(database_file or self.database_file, sql, parameters)


def _connect_read_only(database_file: Path) -> sqlite3.Connection:
    if not Path(database_file).exists():
        raise AssertionError(f"no database at {database_file}")
    return sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)


def dump_database(database_file: Path) -> str:
    """Return the whole database as SQL text, for before-and-after comparisons."""
    connection = _connect_read_only(database_file)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def query_database(database_file: Path, sql, parameters=()) -> list:
    connection = _connect_read_only(database_file)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def read_roster(path=ROSTER_FILE) -> list:
    """Return the roster's data rows as dicts keyed by the header, job_level as an int."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["job_level"] = int(row["job_level"])
    return rows


def read_example_config() -> dict:
    with open(EXAMPLE_CONFIG_FILE, "rb") as file:
        return tomllib.load(file)


def working_interval(zone: str, day: datetime.date, working_day: str):
    """Return the UTC start and end of the local working day "HH:MM-HH:MM" in `zone`."""
    start_text, end_text = working_day.split("-")
    bounds = []
    for text in (start_text, end_text):
        hours, minutes = (int(part) for part in text.split(":"))
        local = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
            hours=hours, minutes=minutes)
        bounds.append(local.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(datetime.timezone.utc))
    return bounds


def working_overlap_minutes(zone_a: str, zone_b: str, day: datetime.date, working_day: str) -> int:
    (a_start, a_end), (b_start, b_end) = (working_interval(zone_a, day, working_day),
                                          working_interval(zone_b, day, working_day))
    shared = min(a_end, b_end) - max(a_start, b_start)
    return max(0, int(shared.total_seconds() // 60))


def pair_allowed(first: dict, second: dict, rules: dict, peers: bool) -> bool:
    """Return whether the level and self rules allow the pair (the roster rows used by the
    tests have no manager column, and the tests set no avoid list or overlap minimum)."""
    if first["employee_id"] == second["employee_id"]:
        return False
    if peers:
        return abs(first["job_level"] - second["job_level"]) <= rules["max_level_difference"]
    return first["job_level"] >= second["job_level"] + rules["min_level_gap"]


def pair_score(first: dict, second: dict, rules: dict, day: datetime.date, peers: bool) -> int:
    """Return a pair's score under the [pairing] rules of the config, as docs/config.md
    describes it, for people without tags or requests. `first` is the mentor."""
    weights = rules["weights"]
    score = 0
    if first["department"] != second["department"]:
        score += weights["different_department"]
    gap = first["job_level"] - second["job_level"]
    distance = abs(gap) if peers else abs(gap - rules["target_level_gap"])
    score += {0: weights["level_gap"], 1: weights["level_gap"] // 2}.get(distance, 0)
    start_text, end_text = rules["working_day"].split("-")
    day_minutes = (int(end_text[:2]) * 60 + int(end_text[3:])) - (
        int(start_text[:2]) * 60 + int(start_text[3:]))
    shared = working_overlap_minutes(first["timezone"], second["timezone"], day,
                                     rules["working_day"])
    score += weights["working_overlap"] * shared // day_minutes
    if (first["education_field"] and second["education_field"]
            and first["education_field"] != second["education_field"]):
        score += weights["different_education"]
    return score


def parse_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def contains_token(text: str, value: str) -> bool:
    """Return whether `value` occurs in `text` as a whole token, so that "7" does not
    match inside "2027" and "E0001" does not match inside "E00012"."""
    pattern = r"(?<![\w-])" + re.escape(value) + r"(?![\w-])"
    return re.search(pattern, text) is not None


# CLI11 prints each row of a help section as the name column padded to this width,
# then the description; a longer name gets the description on the next line. Further
# lines of a description, such as an option's "Excludes:" list, start at this column.
HELP_COLUMN = 30


def help_sections(text: str) -> dict:
    """Split CLI11 help output into its sections ("Options", "Subcommands",
    "Positionals"), each a list of (name column, description) rows. The lines of a
    description are joined with line breaks."""
    sections = {}
    current = None
    for line in text.splitlines():
        heading = re.fullmatch(r"(\w+):", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif not line.strip():
            current = None
        elif current is None:
            continue
        elif line.startswith(" " * HELP_COLUMN) and current:
            name, description = current[-1]
            more = line.strip()
            current[-1] = (name, f"{description}\n{more}" if description else more)
        elif len(line) > HELP_COLUMN and line[HELP_COLUMN - 1] == " ":
            current.append((line[:HELP_COLUMN].strip(), line[HELP_COLUMN:].strip()))
        else:
            current.append((line.strip(), ""))
    return sections


def option_names(name_column: str) -> list:
    """Return the option names in a CLI11 name column such as "-n,--dry-run TEXT"."""
    return [word for word in re.split(r"[ ,]", name_column) if re.match(r"--?[a-z]", word)]


def command_tree(sandbox: "Sandbox", path=()) -> dict:
    """Return {path: help text} for the command at `path` and every subcommand below
    it, following the Subcommands section of each `--help`."""
    text = sandbox.run_ok(*path, "--help").stdout
    tree = {tuple(path): text}
    for name, _ in help_sections(text).get("Subcommands", []):
        tree.update(command_tree(sandbox, (*path, name)))
    return tree


class MentorTestCase(unittest.TestCase):
    """A test case with one Sandbox per test and checks for mentor's error output."""

    def setUp(self):
        self.sandbox = Sandbox()
        self.addCleanup(self.sandbox.cleanup)

    def assertErrorLine(self, result: Result, status: int, *values, listing_lines=0):
        """Check a rejected command: the exit status, nothing on stdout, and stderr as one
        "mentor: error: " line naming each of `values`, followed by exactly
        `listing_lines` detail lines that do not repeat the prefix."""
        self.assertEqual(result.status, status, msg=f"stderr: {result.stderr!r}")
        self.assertEqual(result.stdout, "")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1 + listing_lines, msg=f"stderr: {result.stderr!r}")
        self.assertTrue(lines[0].startswith(ERROR_PREFIX), msg=f"stderr: {result.stderr!r}")
        for line in lines[1:]:
            self.assertNotIn(ERROR_PREFIX, line)
        for value in values:
            self.assertTrue(contains_token(lines[0], value),
                            msg=f"{value!r} is not named in {lines[0]!r}")


class SharedBaseTestCase(MentorTestCase):
    """A test case whose class builds one base sandbox, in build_base(), and whose tests
    each start from a copy of the base's database and config file."""

    @classmethod
    def build_base(cls, base: Sandbox):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.base = Sandbox()
        try:
            cls.build_base(cls.base)
        except BaseException:
            cls.base.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.base.cleanup()

    def setUp(self):
        super().setUp()
        self.sandbox.copy_state_from(self.base)
