"""Generate a company-sized mentor database: 100,000 people, 20,000 pairs, 1,000,000 sessions.

The people go in through `mentor init` and the real `mentor people import`, and the 20
programs through `mentor program create`. Enrolments, pairs, sessions, departures,
promotions, department changes and hires are then bulk-inserted with Python's sqlite3 into the same file, following the schema in
src/core/store.cpp, because logging a million sessions one command at a time would
take hours.

The company runs a year-long weekly program twice a year, from January 2017 to July
2026, with 1,000 pairs each. Pairs of finished programs held all 50 sessions; pairs of
the two running programs are part way through, some behind their weekly cadence. The
missed and cancelled sessions bring the total to exactly 1,000,000. The current day of
the data set is TODAY.

Run with Debian's Python, standard library only:

    /usr/bin/python3 bench/scale_generate.py --mentor build/mentor --folder /tmp/mentor-scale

It prints where the config and database are. Takes under a minute on two cores.
"""

import argparse
import datetime
import os
import pathlib
import random
import sqlite3
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from import_bench import DEPARTMENTS, write_roster  # noqa: E402  (the 13-column roster)

PEOPLE = 100_000
PAIRS_PER_PROGRAM = 1_000
SESSIONS = 1_000_000
SESSIONS_PER_PROGRAM = 50
TODAY = datetime.date(2026, 11, 18)
# Career events since the first program started.
PROMOTIONS = 20_000
DEPARTMENT_CHANGES = 5_000
HIRES = 5_000
TEMPLATE = "weekly-year"
# The program of each cohort, first to last: (name, start date).
PROGRAMS = [(f"cohort-{year}-{month:02d}", datetime.date(year, month, 9))
            for year in range(2017, 2027) for month in (1, 7)]


def template_toml():
    """Return the TOML of a 50-session weekly template, to append to the default config."""
    lines = [f"\n[templates.{TEMPLATE}]", 'title = "A year of weekly mentoring"',
             "cadence_days = 7"]
    for number in range(1, SESSIONS_PER_PROGRAM + 1):
        lines += [f"\n[[templates.{TEMPLATE}.sessions]]", f'title = "Week {number}"',
                  'mentee = "Bring one question from your week."',
                  'mentor = "Answer it from your own experience."']
    return "\n".join(lines) + "\n"


def run_mentor(mentor, env, *arguments):
    subprocess.run([mentor, *arguments], env=env, check=True, stdout=subprocess.DEVNULL)


def plan_pairs(generator, people):
    """Return the pairs as dicts with program index, mentor, mentee, state and held count."""
    pairs = []
    for index, (_, start) in enumerate(PROGRAMS):
        chosen = generator.sample(people, 2 * PAIRS_PER_PROGRAM)
        weeks = (TODAY - start).days // 7
        for mentor, mentee in zip(chosen[:PAIRS_PER_PROGRAM], chosen[PAIRS_PER_PROGRAM:]):
            pair = {"program": index, "mentor": mentor, "mentee": mentee, "missed": 0}
            if weeks > SESSIONS_PER_PROGRAM + 10:
                ended = generator.random() < 0.02
                pair["state"] = "ended" if ended else "completed"
                pair["held"] = generator.randint(1, 40) if ended else SESSIONS_PER_PROGRAM
            else:
                # Running: most pairs on time, the others up to six weeks behind, so overdue.
                pair["state"] = "active"
                behind = 0 if generator.random() < 0.6 else generator.randint(1, 6)
                pair["held"] = min(SESSIONS_PER_PROGRAM - 1, max(0, weeks - behind))
            pairs.append(pair)
    # Missed and cancelled sessions in the finished pairs make up the rest of the total.
    finished = [pair for pair in pairs if pair["state"] != "active"]
    for pair in generator.choices(finished, k=SESSIONS - sum(pair["held"] for pair in pairs)):
        pair["missed"] += 1
    return pairs


def session_rows(generator, pair, pair_id, start):
    """Yield the pair's session rows, one a week from the program's start, in order."""
    # A pair's last session is a held one, so no missed session follows the final number.
    events = ["held"] * (pair["held"] - 1) + ["missed"] * pair["missed"]
    generator.shuffle(events)
    events += ["held"] if pair["held"] else []
    number = 1
    for week, kind in enumerate(events, start=1):
        day = (start + datetime.timedelta(days=7 * week - generator.randint(0, 2))).isoformat()
        if kind == "held":
            yield (pair_id, number, "held", day, generator.choice((30, 45, 60)),
                   generator.randint(2, 5), "")
            number += 1
        else:
            status = "missed" if generator.random() < 0.7 else "cancelled"
            yield (pair_id, number, status, day, 0, None, "")


def fill_programs(database, generator):
    """Insert the enrolments, pairs and sessions of every program, and some departures."""
    connection = sqlite3.connect(database)
    people = [row[0] for row in connection.execute("SELECT employee_id FROM people")]
    program_ids = dict(connection.execute("SELECT name, id FROM programs"))
    pairs = plan_pairs(generator, people)
    with connection:
        enrolments = []
        for pair in pairs:
            name, start = PROGRAMS[pair["program"]]
            enrolled_on = (start - datetime.timedelta(days=14)).isoformat()
            enrolments.append((program_ids[name], pair["mentor"], "mentor", 1, enrolled_on))
            enrolments.append((program_ids[name], pair["mentee"], "mentee", None, enrolled_on))
        connection.executemany(
            "INSERT INTO enrolments (program_id, employee_id, role, capacity, enrolled_on) "
            "VALUES (?, ?, ?, ?, ?)", enrolments)

        sessions = []
        for pair_id, pair in enumerate(pairs, start=1):
            name, start = PROGRAMS[pair["program"]]
            rows = list(session_rows(generator, pair, pair_id, start))
            ended_on = rows[-1][3] if pair["state"] == "ended" else None
            connection.execute(
                "INSERT INTO pairs (id, program_id, mentor_id, mentee_id, paired_on, method, "
                "reasons, sessions_held, state, ended_on, end_reason) "
                "VALUES (?, ?, ?, ?, ?, 'auto', 'generated', ?, ?, ?, ?)",
                (pair_id, program_ids[name], pair["mentor"], pair["mentee"],
                 (start - datetime.timedelta(days=7)).isoformat(), pair["held"], pair["state"],
                 ended_on, "not a fit" if ended_on else ""))
            sessions.extend(rows)
        connection.executemany(
            "INSERT INTO sessions (pair_id, number, status, held_on, minutes, rating, notes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", sessions)

        # About 3% of the company left in the last ten years, a few of them last week.
        leavers = generator.sample(people, 3_000)
        for number, employee_id in enumerate(leavers):
            back = number % 3650 if number >= 30 else number % 14
            left_on = (TODAY - datetime.timedelta(days=back)).isoformat()
            connection.execute("UPDATE people SET left_on = ? WHERE employee_id = ?",
                               (left_on, employee_id))
            connection.execute(
                "INSERT INTO person_events (employee_id, kind, occurred_on, old_value, new_value) "
                "VALUES (?, 'left', ?, '', '')", (employee_id, left_on))
        add_career_events(connection, generator, people)
    counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("people", "programs", "pairs", "sessions", "person_events")}
    connection.close()
    return counts


def add_career_events(connection, generator, people):
    """Record the promotions, department changes and hires of the ten years, which the
    outcome figures read: a person promoted or moved since then had another level or
    department at the start, and one hired since then is left out."""
    first_start = PROGRAMS[0][1]
    days = (TODAY - first_start).days
    levels = dict(connection.execute("SELECT employee_id, job_level FROM people"))
    departments = sorted(DEPARTMENTS)
    events = []
    for employee_id in generator.sample(people, PROMOTIONS):
        day = first_start + datetime.timedelta(days=generator.randrange(1, days))
        level = levels[employee_id]
        events.append((employee_id, "promoted", day.isoformat(), str(max(level - 1, 1)),
                       str(level)))
    for employee_id in generator.sample(people, DEPARTMENT_CHANGES):
        day = first_start + datetime.timedelta(days=generator.randrange(1, days))
        events.append((employee_id, "department_changed", day.isoformat(),
                       generator.choice(departments), ""))
    for employee_id in generator.sample(people, HIRES):
        day = first_start + datetime.timedelta(days=generator.randrange(1, days))
        events.append((employee_id, "joined", day.isoformat(), "", ""))
    connection.executemany(
        "INSERT INTO person_events (employee_id, kind, occurred_on, old_value, new_value) "
        "VALUES (?, ?, ?, ?, ?)", events)


def generate(mentor, folder, seed=1):
    """Build the data set in `folder` and return the environment that points mentor at it."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {"MENTOR_DB": str(folder / "mentor.db"), "MENTOR_CONFIG": str(folder / "config.toml"),
           "PATH": "/usr/bin:/bin"}
    for name in ("mentor.db", "mentor.db-wal", "mentor.db-shm", "config.toml"):
        (folder / name).unlink(missing_ok=True)
    run_mentor(mentor, env, "init")
    with open(folder / "config.toml", "a", encoding="utf-8") as config:
        config.write(template_toml())

    roster = folder / "roster.csv"
    write_roster(roster, PEOPLE, seed)
    run_mentor(mentor, env, "people", "import", str(roster), "--as-of", "2016-12-01")
    for name, start in PROGRAMS:
        run_mentor(mentor, env, "program", "create", name, "--template", TEMPLATE,
                   "--start", start.isoformat())

    counts = fill_programs(folder / "mentor.db", random.Random(seed))
    print(", ".join(f"{count:,} {table}" for table, count in counts.items()))
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mentor", required=True, help="the mentor binary")
    parser.add_argument("--folder", required=True, type=pathlib.Path,
                        help="where to write config.toml and mentor.db (replaced if present)")
    arguments = parser.parse_args()
    env = generate(os.path.abspath(arguments.mentor), arguments.folder)
    print(f"MENTOR_CONFIG={env['MENTOR_CONFIG']} MENTOR_DB={env['MENTOR_DB']}")


if __name__ == "__main__":
    main()
