"""Kill mentor with SIGKILL at random moments while it writes, and check the database.

Each round copies a prepared database, starts one write workload on it, sends SIGKILL
after a random delay, and then checks that:

- PRAGMA integrity_check returns ok and PRAGMA foreign_key_check finds nothing;
- the killed command's changes are whole or absent. A large roster import added
  either none or all of its people, and a pairing made either no pairs or all of them.
  In a burst of session logs, every pair's session count matches its logged sessions;
- mentor can still open the database and write to it.

The workloads take turns: roster import, pairing, burst of logs. ctest runs a short
version; the full run is

    MENTOR_BIN=build/mentor /usr/bin/python3 tests/faults/kill_during_writes.py --kills 100

It exits 0 when every round passes, and 1 after printing the rounds that failed.
"""

import argparse
import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("MENTOR_SOURCE_DIR", Path(__file__).resolve().parents[2]))
ROSTER_FILE = SOURCE_DIR / "examples" / "data" / "roster.csv"
PROGRAM = "tl-2027"
NOW = "2027-03-01"
IMPORTED_PEOPLE = 20_000
BURST_PAIRS = 12


def burst_pairs() -> list:
    """Return (mentor, mentee) ids that the burst workload logs sessions for: level 5
    mentors and level 1 mentees from the example roster, paired by hand in the base."""
    with open(ROSTER_FILE, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    mentors = [row["employee_id"] for row in rows if row["job_level"] == "5"]
    mentees = [row["employee_id"] for row in rows if row["job_level"] == "1"]
    return list(zip(mentors, mentees))[:BURST_PAIRS]


class Workspace:
    """The folder of a run: the base database, the large roster, and a scratch copy."""

    def __init__(self, binary: str, folder: Path):
        self.binary = binary
        self.folder = folder
        self.base = folder / "base.db"
        self.work = folder / "work.db"
        self.config = folder / "config.toml"
        self.large_roster = folder / "large.csv"
        self.burst_pairs = burst_pairs()

    def command(self, *args, database=None, now=NOW) -> list:
        return [self.binary, "--db", str(database or self.work), "--config", str(self.config),
                "--now", now, *[str(arg) for arg in args]]

    def run(self, *args, database=None, now=NOW) -> subprocess.CompletedProcess:
        result = subprocess.run(self.command(*args, database=database, now=now),
                                capture_output=True,
                                text=True, stdin=subprocess.DEVNULL, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"mentor {' '.join(map(str, args))} failed: {result.stderr}")
        return result

    def prepare(self):
        self.config.write_text("")
        self.write_large_roster()
        base = {"database": self.base}
        self.run("init", **base)
        self.run("people", "import", ROSTER_FILE, **base)
        self.run("program", "create", PROGRAM, "--start", "2027-01-11", **base)
        self.run("enroll", PROGRAM, "--mentors", "--level", "3..5", **base)
        self.run("enroll", PROGRAM, "--mentees", "--level", "1", **base)
        for mentor, mentee in self.burst_pairs:
            self.run("pair", PROGRAM, "--mentor", mentor, "--mentee", mentee, now="2027-01-11",
                     **base)
        self.run("db", "check", self.base, **base)

    def write_large_roster(self):
        with open(ROSTER_FILE, newline="", encoding="utf-8") as file:
            template = next(csv.DictReader(file))
        with open(self.large_roster, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(template))
            writer.writeheader()
            for index in range(IMPORTED_PEOPLE):
                row = dict(template, employee_id=f"K{index:06d}", name=f"Person {index}",
                           email=f"person.{index}@example.com")
                writer.writerow(row)

    def fresh_copy(self):
        for suffix in ("", "-wal", "-shm"):
            Path(str(self.work) + suffix).unlink(missing_ok=True)
        shutil.copyfile(self.base, self.work)

    def query(self, sql) -> list:
        connection = sqlite3.connect(self.work)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def scalar(self, sql):
        return self.query(sql)[0][0]


def import_workload(space: Workspace) -> list:
    return [space.command("people", "import", space.large_roster)]


def pairing_workload(space: Workspace) -> list:
    return [space.command("pair", PROGRAM, now="2027-01-11")]


def burst_workload(space: Workspace) -> list:
    commands = []
    for day in ("2027-01-20", "2027-02-03"):
        for _, mentee in space.burst_pairs:
            commands.append(space.command("session", "log", PROGRAM, mentee, "--date", day,
                                          "--minutes", "45", "--rating", "4",
                                          "--notes", f"{mentee} {day}"))
            commands.append(space.command("micro", "log", mentee, "E01000", "--minutes", "10",
                                          "--date", day, "--topic", f"{mentee} {day}"))
    return commands


WORKLOADS = {"import": import_workload, "pairing": pairing_workload, "burst": burst_workload}


def run_and_kill(commands: list, delay: float) -> bool:
    """Run `commands` one after another and SIGKILL the one running after `delay`
    seconds. Returns whether a process was killed (false when all finished first)."""
    deadline = time.monotonic() + delay
    for command in commands:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        if process.returncode != 0:
            raise RuntimeError(f"{command} failed: {process.stderr.read().decode()}")
    return False


def check_whole(space: Workspace, workload: str, before: dict, complete: dict) -> list:
    """Return the problems found in the killed copy, compared with the counts of the
    base (`before`) and of a copy on which the workload ran to the end (`complete`)."""
    problems = []
    if space.query("PRAGMA integrity_check") != [("ok",)]:
        problems.append(f"integrity_check: {space.query('PRAGMA integrity_check')}")
    if space.query("PRAGMA foreign_key_check"):
        problems.append(f"foreign_key_check: {space.query('PRAGMA foreign_key_check')}")
    counts = count_rows(space)
    if workload in ("import", "pairing"):
        for table in ("people", "person_events", "pairs"):
            if counts[table] not in (before[table], complete[table]):
                problems.append(f"{table}: {counts[table]} rows, expected {before[table]} "
                                f"or {complete[table]}")
        if (counts["people"] == before["people"]) != (counts["person_events"]
                                                      == before["person_events"]):
            problems.append("people and their joined events were not written together")
    # Each held session and its pair's progress are written in one transaction.
    mismatched = space.query(
        "SELECT pairs.id, pairs.sessions_held, (SELECT count(*) FROM sessions WHERE "
        "sessions.pair_id = pairs.id AND status = 'held') AS held FROM pairs "
        "WHERE pairs.sessions_held <> held")
    if mismatched:
        problems.append(f"pairs whose sessions_held does not match their sessions: {mismatched}")
    return problems


def describe_state(counts: dict, before: dict) -> str:
    """Describe what the killed workload left behind, as rows added per table."""
    added = [f"+{counts[table] - before[table]} {table}" for table in counts
             if counts[table] != before[table]]
    return ", ".join(added) or "nothing added"


def count_rows(space: Workspace) -> dict:
    return {table: space.scalar(f"SELECT count(*) FROM {table}")
            for table in ("people", "person_events", "pairs", "sessions", "micro_sessions")}


def time_workload(space: Workspace, workload: str) -> tuple:
    """Run the workload to the end on a fresh copy; return its seconds and row counts."""
    space.fresh_copy()
    started = time.monotonic()
    for command in WORKLOADS[workload](space):
        subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.monotonic() - started, count_rows(space)


def run_rounds(space: Workspace, kills: int, rng: random.Random) -> list:
    space.fresh_copy()
    before = count_rows(space)
    timing = {name: time_workload(space, name) for name in WORKLOADS}
    for name, (seconds, _) in timing.items():
        print(f"{name} runs {seconds:.2f} s uninterrupted", flush=True)
    failures = []
    round_number = 0
    while round_number < kills:
        workload = list(WORKLOADS)[round_number % len(WORKLOADS)]
        seconds, complete = timing[workload]
        space.fresh_copy()
        # Half the kills land near the end, where the writes and the commit happen.
        if rng.random() < 0.5:
            delay = rng.uniform(0.0, seconds)
        else:
            delay = rng.uniform(0.8 * seconds, 1.05 * seconds)
        if not run_and_kill(WORKLOADS[workload](space), delay):
            continue  # it finished before the kill; draw another moment
        round_number += 1
        problems = check_whole(space, workload, before, complete)
        state = describe_state(count_rows(space), before)
        try:
            space.run("micro", "log", "E00001", "E00002", "--minutes", "5", "--topic", "after")
        except RuntimeError as error:
            problems.append(f"mentor cannot write after the kill: {error}")
        status = "ok" if not problems else "FAILED"
        print(f"round {round_number:3d}: {workload:8s} killed after {delay:6.3f} s: "
              f"{state}: {status}", flush=True)
        if problems:
            failures.append((round_number, workload, delay, problems))
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="number of kills (default 100)")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed of the random delays (default: random, and printed)")
    parser.add_argument("--binary", default=os.environ.get("MENTOR_BIN", "mentor"),
                        help="the mentor binary (default: $MENTOR_BIN)")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(2**32)
    print(f"seed {seed}; {options.kills} kills", flush=True)

    with tempfile.TemporaryDirectory(prefix="mentor-kill-") as folder:
        space = Workspace(options.binary, Path(folder))
        space.prepare()
        failures = run_rounds(space, options.kills, random.Random(seed))
    for round_number, workload, delay, problems in failures:
        print(f"round {round_number} ({workload}, killed after {delay:.3f} s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    print(f"{options.kills - len(failures)} of {options.kills} rounds passed (seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
