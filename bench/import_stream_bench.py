"""Benchmark a roster import from a pipe against the same import from a file, and a dry
run against the import.

Generates a roster with import_bench.write_roster. An import from standard input copies
the roster to a temporary file before it takes the database's write lock, so it costs
that copy on top of an import from a file. A dry run keeps its change lines in a
temporary file, so its peak memory should match the import's. Each of the three ways
runs in turn, three times, into a fresh database, and the script prints the median wall
and CPU time and the peak memory (maximum resident set size from /usr/bin/time) of the
mentor process.

Run with Debian's Python, standard library only:

    /usr/bin/python3 bench/import_stream_bench.py --mentor build/mentor [--rows 1000000]

This is a benchmark, not a test: it asserts nothing.
"""

import argparse
import pathlib
import re
import statistics
import subprocess
import tempfile

from import_bench import write_roster


def fresh_environment(folder, database):
    """Return mentor's environment for `database`, with the old database removed."""
    for stale in folder.glob(database.name + "*"):
        stale.unlink()
    env = {"MENTOR_DB": str(database), "MENTOR_CONFIG": str(folder / "config.toml"),
           "PATH": "/usr/bin:/bin", "TMPDIR": str(folder)}
    return env


def timed(mentor, arguments, env, stdin=subprocess.DEVNULL):
    """Set up the database with init, run mentor with `arguments` under /usr/bin/time, and
    return (wall s, CPU s, peak KiB)."""
    subprocess.run([mentor, "init"], env=env, check=True, capture_output=True)
    result = subprocess.run(
        ["/usr/bin/time", "-f", "TIMED %e %U %S %M", mentor, *arguments],
        stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
        check=True)
    wall, user, system, peak = re.search(
        r"TIMED ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", result.stderr).groups()
    return float(wall), float(user) + float(system), int(peak)


def from_file(mentor, roster, env):
    return timed(mentor, ["people", "import", str(roster)], env)


def from_pipe(mentor, roster, env):
    with subprocess.Popen(["cat", str(roster)], stdout=subprocess.PIPE) as producer:
        measured = timed(mentor, ["people", "import", "-"], env, stdin=producer.stdout)
        producer.stdout.close()
    return measured


def dry_run(mentor, roster, env):
    return timed(mentor, ["people", "import", str(roster), "--dry-run"], env)


def bench(mentor, rows, folder, repeat):
    roster = folder / f"roster-{rows}.csv"
    write_roster(roster, rows)
    database = folder / "mentor.db"

    # The three take turns, so that a change in the machine's load falls on each.
    ways = {"file": from_file, "pipe": from_pipe, "dry run": dry_run}
    runs = {name: [] for name in ways}
    for _ in range(repeat):
        for name, way in ways.items():
            runs[name].append(way(mentor, roster, fresh_environment(folder, database)))

    medians = {}
    for name, results in runs.items():
        wall = statistics.median(result[0] for result in results)
        cpu = statistics.median(result[1] for result in results)
        peak = max(result[2] for result in results)
        medians[name] = (wall, cpu, peak)
        print(f"{rows:>9} rows  {name:<8} wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
              f"peak {peak / 1024:6.1f} MiB")
    file_wall, file_cpu, file_peak = medians["file"]
    for name in ("pipe", "dry run"):
        wall, cpu, peak = medians[name]
        print(f"{rows:>9} rows  {name} / file: wall {wall / max(file_wall, 0.01):.2f}, "
              f"CPU {cpu / max(file_cpu, 0.01):.2f}, peak {peak / file_peak:.2f}  "
              f"(medians of {repeat} runs)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentor", default="build/mentor", help="mentor binary to measure")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each way per size")
    arguments = parser.parse_args()
    mentor = str(pathlib.Path(arguments.mentor).resolve())
    with tempfile.TemporaryDirectory(prefix="mentor-bench-") as folder:
        for rows in arguments.rows:
            bench(mentor, rows, pathlib.Path(folder), arguments.repeat)


if __name__ == "__main__":
    main()
