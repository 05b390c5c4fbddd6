"""Measure what a pair-made hook adds to `mentor pair`, next to a shell loop that runs
the same hook the same number of times.

Imports examples/data/roster.csv into a temporary database, enrols the level-1 people
as mentees and levels 3 to 5 as mentors, and pairs them automatically (543 pairs):
without a hooks folder, and with a pair-made hook that reads its input and exits.
The peer is /bin/sh running the hook once per pair with a line of JSON on its input,
which is the least any program that starts the hook per event can cost.

Run with Debian's Python, standard library only:

    /usr/bin/python3 bench/hooks_bench.py --mentor build/mentor [--runs 3]

This is a benchmark, not a test: it asserts nothing and takes about half a minute.
"""

import argparse
import os
import pathlib
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time

SOURCE = pathlib.Path(__file__).resolve().parents[1]
HOOK = "#!/bin/sh\ncat > /dev/null\n"


def timed(command, env, cwd):
    started = time.monotonic()
    subprocess.run(command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def prepare(mentor, folder, env):
    """Create the database with the program and its enrolments; return its path."""
    for command in (["init"],
                    ["people", "import", SOURCE / "examples" / "data" / "roster.csv"],
                    ["program", "create", "bench", "--start", "2027-01-11"],
                    ["enroll", "bench", "--mentees", "--level", "1"],
                    ["enroll", "bench", "--mentors", "--level", "3..5"]):
        subprocess.run([mentor, *map(str, command)], env=env, cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)
    return folder / "mentor.db"


def pair_seconds(mentor, folder, env, base):
    """Pair the program once, from a fresh copy of the enrolled database."""
    for suffix in ("-wal", "-shm"):
        (folder / f"mentor.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, folder / "mentor.db")
    return timed([mentor, "--now", "2027-01-08", "pair", "bench"], env, folder)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentor", required=True, help="the built mentor binary")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (median shown)")
    arguments = parser.parse_args()
    mentor = str(pathlib.Path(arguments.mentor).resolve())

    with tempfile.TemporaryDirectory(prefix="mentor-hooks-bench-") as name:
        folder = pathlib.Path(name)
        env = dict(os.environ, MENTOR_CONFIG=str(folder / "config.toml"),
                   MENTOR_DB=str(folder / "mentor.db"))
        base = folder / "enrolled.db"
        shutil.copyfile(prepare(mentor, folder, env), base)
        cases = {}
        cases["mentor pair, no hooks"] = [pair_seconds(mentor, folder, env, base)
                                          for _ in range(arguments.runs)]
        connection = sqlite3.connect(folder / "mentor.db")
        pairs = connection.execute("SELECT count(*) FROM pairs").fetchone()[0]
        connection.close()
        hook = folder / "hooks" / "pair-made"
        hook.parent.mkdir()
        hook.write_text(HOOK, encoding="utf-8")
        hook.chmod(0o755)
        cases["mentor pair, pair-made hook"] = [pair_seconds(mentor, folder, env, base)
                                                for _ in range(arguments.runs)]
        loop = (f'i=0; while [ $i -lt {pairs} ]; do echo "{{}}" | "{hook}"; '
                f'i=$((i+1)); done')
        cases[f"/bin/sh loop, hook run {pairs} times"] = [
            timed(["/bin/sh", "-c", loop], env, folder) for _ in range(arguments.runs)]

        print(f"{'case':<40} {'median (s)':>10} {'per hook run (ms)':>18}")
        baseline = statistics.median(cases["mentor pair, no hooks"])
        for case, seconds in cases.items():
            median = statistics.median(seconds)
            if case.startswith("/bin/sh"):
                per_run = f"{median / pairs * 1000:.2f}"
            elif case == "mentor pair, pair-made hook":
                per_run = f"{(median - baseline) / pairs * 1000:.2f}"
            else:
                per_run = ""
            print(f"{case:<40} {median:>10.2f} {per_run:>18}")


if __name__ == "__main__":
    main()
