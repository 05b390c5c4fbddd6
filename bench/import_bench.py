"""Benchmark `mentor people import` against `sqlite3 .import` of the same roster.

Generates rosters of 100,000 and 1,000,000 people in a temporary folder. Imports each
into a fresh database with mentor, and with the sqlite3 shell into a table with the
same columns and the same unique key on employee_id. Runs each tool three times in turn
and prints, for both, the median wall time and rows per second, the median CPU time (user
and system), and the peak memory (maximum resident set size from /usr/bin/time).

Run with Debian's Python, standard library only:

    /usr/bin/python3 bench/import_bench.py --mentor build/mentor [--rows 100000 1000000]

This is a benchmark, not a test: it asserts nothing and takes about two minutes.
"""

import argparse
import pathlib
import random
import re
import statistics
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


def write_roster(path, rows, with_manager=False, seed=1):
    """Write a roster; with a manager column, person n reports to person n // 10."""
    generator = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(",".join(COLUMNS + (["manager_id"] if with_manager else [])) + "\n")
        for number in range(1, rows + 1):
            manager = ""
            if with_manager and number >= 10:
                manager = f",E{number // 10:07d}"
            elif with_manager:
                manager = ","
            first, last = generator.choice(NAMES), generator.choice(SURNAMES)
            department = generator.choice(list(DEPARTMENTS))
            file.write(
                f"E{number:07d},{first} {last},{first.lower()}.{last.lower()}.{number}@example.com,"
                f"{department},{generator.choice(DEPARTMENTS[department])},{generator.randint(1, 5)},"
                f"Life Sciences,{generator.choice(['Female', 'Male'])},{generator.randint(20, 65)},"
                f"{generator.randint(0, 30)},{generator.randint(0, 10)},{generator.randint(0, 40)},"
                f"{generator.choice(ZONES)}{manager}\n"
            )


def timed(command, env=None):
    """Run `command` under /usr/bin/time and return (wall s, CPU s, peak KiB)."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "TIMED %e %U %S %M", *command],
        capture_output=True, text=True, env=env, check=True,
    )
    wall, user, system, peak = re.search(
        r"TIMED ([\d.]+) ([\d.]+) ([\d.]+) (\d+)", result.stderr).groups()
    return float(wall), float(user) + float(system), int(peak)


def run_mentor(mentor, roster, database, folder):
    for stale in folder.glob(database.name + "*"):
        stale.unlink()
    env = {"MENTOR_DB": str(database), "MENTOR_CONFIG": str(folder / "config.toml"),
           "PATH": "/usr/bin:/bin"}
    subprocess.run([mentor, "init"], env=env, check=True, capture_output=True)
    return timed([mentor, "people", "import", str(roster)], env=env)


def run_sqlite(roster, database, with_manager):
    database.unlink(missing_ok=True)
    schema = SQLITE_SCHEMA
    if with_manager:
        schema = schema.replace("timezone TEXT NOT NULL)", "timezone TEXT NOT NULL, manager_id TEXT)")
    subprocess.run(["sqlite3", str(database), schema], check=True)
    return timed(["sqlite3", str(database), f".import --csv --skip 1 {roster} people"])


def bench(mentor, rows, folder, repeat, with_manager):
    roster = folder / f"roster-{rows}.csv"
    write_roster(roster, rows, with_manager)

    # The two tools take turns, so that a change in the machine's load falls on both.
    runs = {"mentor": [], "sqlite3": []}
    for _ in range(repeat):
        runs["mentor"].append(run_mentor(mentor, roster, folder / f"mentor-{rows}.db", folder))
        runs["sqlite3"].append(run_sqlite(roster, folder / f"sqlite-{rows}.db", with_manager))

    medians = {}
    for tool, results in runs.items():
        wall = statistics.median(result[0] for result in results)
        cpu = statistics.median(result[1] for result in results)
        peak = max(result[2] for result in results)
        medians[tool] = (wall, cpu)
        print(f"{rows:>9} rows  {tool:<8} wall {wall:6.2f} s  {rows / wall:>9,.0f} rows/s  "
              f"CPU {cpu:6.2f} s  peak {peak / 1024:6.1f} MiB")
    # /usr/bin/time reports to the hundredth of a second, so a tiny run can show 0.
    wall_ratio = medians["mentor"][0] / max(medians["sqlite3"][0], 0.01)
    cpu_ratio = medians["mentor"][1] / max(medians["sqlite3"][1], 0.01)
    print(f"{rows:>9} rows  mentor / sqlite3: wall {wall_ratio:.2f}, CPU {cpu_ratio:.2f}  "
          f"(medians of {repeat} runs)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentor", default="build/mentor", help="mentor binary to measure")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool per size")
    parser.add_argument("--manager", action="store_true",
                        help="add a manager_id column, which mentor checks for loops")
    arguments = parser.parse_args()
    mentor = str(pathlib.Path(arguments.mentor).resolve())
    with tempfile.TemporaryDirectory(prefix="mentor-bench-") as folder:
        for rows in arguments.rows:
            bench(mentor, rows, pathlib.Path(folder), arguments.repeat, arguments.manager)


if __name__ == "__main__":
    main()
