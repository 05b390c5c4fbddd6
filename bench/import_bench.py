"""Benchmark `mentor people import` against `sqlite3 .import` of the same roster.

Generates rosters of 100,000 and 1,000,000 people in a temporary folder. Imports each
into a fresh database with mentor, and with the sqlite3 shell into a table with the
same columns and the same unique key on employee_id. Prints rows per second and peak
memory (maximum resident set size from /usr/bin/time -v) for both.

Run with Debian's Python, standard library only:

    /usr/bin/python3 bench/import_bench.py --mentor build/mentor [--rows 100000 1000000]

This is a benchmark, not a test: it asserts nothing and takes about a minute.
"""

import argparse
import pathlib
import random
import re
import subprocess
import tempfile
import time

COLUMNS = [
    "employee_id", "name", "email", "department", "job_role", "job_level", "education_field",
    "gender", "age", "years_at_company", "years_since_last_promotion", "total_working_years",
    "timezone",
]
DEPARTMENTS = {
    "Sales": ["Sales Executive", "Sales Representative", "Manager"],
    "Research Development": ["Research Scientist", "Laboratory Technician", "Research Director"],
    "Human Resources": ["Human Resources", "Manager"],
}
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "Africa/Lagos"]
NAMES = ["Aiko", "Farah", "Goran", "Lena", "Ximena", "Omar", "Priya", "Jonas", "Mei", "Tariq"]
SURNAMES = ["Almeida", "Nakamura", "Varga", "Eriksen", "Li", "Okafor", "Schmidt", "Rossi"]

SQLITE_SCHEMA = """CREATE TABLE people (
  employee_id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
  department TEXT NOT NULL, job_role TEXT NOT NULL, job_level INTEGER NOT NULL,
  education_field TEXT NOT NULL, gender TEXT NOT NULL, age INTEGER, years_at_company INTEGER,
  years_since_last_promotion INTEGER, total_working_years INTEGER, timezone TEXT NOT NULL);"""


def write_roster(path, rows, seed=1):
    generator = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(COLUMNS) + "\n")
        for number in range(1, rows + 1):
            first, last = generator.choice(NAMES), generator.choice(SURNAMES)
            department = generator.choice(list(DEPARTMENTS))
            file.write(
                f"E{number:07d},{first} {last},{first.lower()}.{last.lower()}.{number}@example.com,"
                f"{department},{generator.choice(DEPARTMENTS[department])},{generator.randint(1, 5)},"
                f"Life Sciences,{generator.choice(['Female', 'Male'])},{generator.randint(20, 65)},"
                f"{generator.randint(0, 30)},{generator.randint(0, 10)},{generator.randint(0, 40)},"
                f"{generator.choice(ZONES)}\n"
            )


def timed(command, env=None):
    """Run `command` under /usr/bin/time -v and return (seconds, peak KiB)."""
    start = time.monotonic()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, env=env, check=True
    )
    seconds = time.monotonic() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return seconds, int(peak.group(1))


def bench(mentor, rows, folder):
    roster = folder / f"roster-{rows}.csv"
    write_roster(roster, rows)

    database = folder / f"mentor-{rows}.db"
    env = {"MENTOR_DB": str(database), "MENTOR_CONFIG": str(folder / "config.toml"),
           "PATH": "/usr/bin:/bin"}
    subprocess.run([mentor, "init"], env=env, check=True, capture_output=True)
    mentor_time = timed([mentor, "people", "import", str(roster)], env=env)

    sqlite_db = folder / f"sqlite-{rows}.db"
    subprocess.run(["sqlite3", str(sqlite_db), SQLITE_SCHEMA], check=True)
    sqlite_time = timed(["sqlite3", str(sqlite_db), f".import --csv --skip 1 {roster} people"])

    for tool, (seconds, peak) in (("mentor", mentor_time), ("sqlite3", sqlite_time)):
        print(f"{rows:>9} rows  {tool:<8} {seconds:7.2f} s  {rows / seconds:>10,.0f} rows/s  "
              f"peak {peak / 1024:6.1f} MiB")
    print(f"{rows:>9} rows  mentor / sqlite3 time: {mentor_time[0] / sqlite_time[0]:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentor", default="build/mentor", help="mentor binary to measure")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    arguments = parser.parse_args()
    mentor = str(pathlib.Path(arguments.mentor).resolve())
    with tempfile.TemporaryDirectory(prefix="mentor-bench-") as folder:
        for rows in arguments.rows:
            bench(mentor, rows, pathlib.Path(folder))


if __name__ == "__main__":
    main()
