"""Time mentor's everyday commands on a company-sized database against plain SQL.

On the data set of bench/scale_generate.py (100,000 people, 20,000 pairs, 1,000,000
sessions), runs `mentor status`, `mentor due`, `mentor report weekly` and `mentor session
log`, and, in the same run, the sqlite3 command-line shell on SQL that computes the same
figures from the same file. `session log` is also compared with taskwarrior's `task add`
on a task list that already contains 10,000 tasks. Each command runs once untimed (which
also applies any pending schema migration), then RUNS times. The script prints the
median wall-clock time and the largest peak resident set size (ru_maxrss of the child
process, from /usr/bin/time) of each.

Run with Debian's Python, standard library only, after a Release build:

    /usr/bin/python3 bench/scale_bench.py --mentor build/mentor --folder /tmp/mentor-scale

The data set is generated in FOLDER when it has no mentor.db yet (under a minute),
and reused otherwise; --generate replaces it. `session log` adds sessions to it, so
numbers from a reused folder can differ slightly. This is a benchmark, not a test: it
asserts nothing.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import scale_generate  # noqa: E402

NOW = scale_generate.TODAY.isoformat()
PROGRAM = scale_generate.PROGRAMS[-1][0]
WEEK_MONDAY = "2026-11-09"  # the last full week before NOW
WEEK_SUNDAY = "2026-11-15"
DUE_UNTIL = "2026-11-22"  # the Sunday that ends NOW's week, in UTC
FIRST_START = scale_generate.PROGRAMS[0][1].isoformat()

# The last held session of a pair, and when its next session is due.
LAST_HELD = "(SELECT max(s.held_on) FROM sessions s WHERE s.pair_id = p.id AND s.status = 'held')"
NEXT_DUE = ("date(coalesce(last_held, max(pg.start_date, p.paired_on)), "
            "'+' || pg.cadence_days || ' days')")

STATUS_SQL = f"""
WITH rows AS (
  SELECT p.*, pg.start_date, pg.cadence_days, {LAST_HELD} AS last_held
  FROM pairs p JOIN programs pg ON pg.id = p.program_id WHERE pg.name = '{PROGRAM}')
SELECT p.mentee_id, mentee.name, p.mentor_id, mentor.name, p.sessions_held + 1, ps.title,
       p.last_held, CASE WHEN p.state = 'active' THEN {NEXT_DUE} END,
       (SELECT count(done_on) FROM goals g WHERE g.pair_id = p.id),
       (SELECT count(*) FROM goals g WHERE g.pair_id = p.id)
FROM rows p JOIN programs pg ON pg.id = p.program_id
JOIN people mentee ON mentee.employee_id = p.mentee_id
JOIN people mentor ON mentor.employee_id = p.mentor_id
LEFT JOIN program_sessions ps ON ps.program_id = p.program_id AND ps.number = p.sessions_held + 1
ORDER BY p.id;
SELECT count(*) FROM pairs p JOIN programs pg ON pg.id = p.program_id
  WHERE pg.name = '{PROGRAM}' AND p.state = 'active' AND '{NOW}' > {NEXT_DUE.replace(
      'last_held', LAST_HELD)};
SELECT e.role, count(*) FROM enrolments e JOIN programs pg ON pg.id = e.program_id
  JOIN people person USING (employee_id)
  WHERE pg.name = '{PROGRAM}' AND person.left_on IS NULL
    AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.program_id = e.program_id
                    AND p.mentee_id = e.employee_id AND p.state <> 'ended')
  GROUP BY e.role;
SELECT count(*) FROM micro_sessions m JOIN programs pg ON pg.id = m.program_id
  WHERE pg.name = '{PROGRAM}';
"""

DUE_SQL = f"""
SELECT * FROM (
  SELECT pg.name, p.mentee_id, mentee.name, p.mentor_id, mentor.name, {NEXT_DUE} AS next_due,
         julianday('{NOW}') - julianday(coalesce(last_held, max(pg.start_date, p.paired_on))),
         (SELECT min(a.starts_at_utc) FROM appointments a WHERE a.pair_id = p.id
            AND a.status = 'scheduled' AND a.number = p.sessions_held + 1)
  FROM (SELECT p.*, {LAST_HELD} AS last_held FROM pairs p WHERE p.state = 'active') p
  JOIN programs pg ON pg.id = p.program_id
  JOIN people mentee ON mentee.employee_id = p.mentee_id
  JOIN people mentor ON mentor.employee_id = p.mentor_id)
WHERE next_due <= '{DUE_UNTIL}' ORDER BY next_due;
"""

WEEK = f"BETWEEN '{WEEK_MONDAY}' AND '{WEEK_SUNDAY}'"
# The unary + on ev.kind keeps SQLite on the index by person: through the index by kind,
# each person's lookup would read every promotion of the ten years.
WEEKLY_SQL = f"""
SELECT status, count(*), sum(minutes) FROM sessions WHERE held_on {WEEK} GROUP BY status;
SELECT pg.name, p.mentee_id, p.mentor_id FROM pairs p JOIN programs pg ON pg.id = p.program_id
  WHERE p.paired_on {WEEK};
SELECT p.id FROM pairs p JOIN programs pg ON pg.id = p.program_id
  JOIN sessions s ON s.pair_id = p.id AND s.status = 'held'
  WHERE p.state = 'completed' AND s.held_on {WEEK}
    AND s.number = (SELECT count(*) FROM program_sessions ps WHERE ps.program_id = pg.id);
SELECT pg.name, p.mentee_id, p.mentor_id FROM pairs p JOIN programs pg ON pg.id = p.program_id
  WHERE p.state = 'active' AND '{WEEK_SUNDAY}' > {NEXT_DUE.replace('last_held', LAST_HELD)};
SELECT pg.name, e.employee_id, ev.occurred_on FROM enrolments e
  JOIN programs pg ON pg.id = e.program_id
  JOIN person_events ev ON ev.employee_id = e.employee_id AND ev.kind = 'left'
  WHERE ev.occurred_on {WEEK};
WITH subjects AS (
  SELECT p.left_on,
         (SELECT min(coalesce(e.enrolled_on, pg.start_date)) FROM enrolments e
            JOIN programs pg ON pg.id = e.program_id WHERE e.employee_id = p.employee_id)
           AS enrolled_on,
         EXISTS (SELECT 1 FROM person_events ev WHERE ev.employee_id = p.employee_id
                   AND +ev.kind = 'promoted' AND ev.occurred_on BETWEEN '{FIRST_START}'
                   AND '{WEEK_SUNDAY}') AS promoted
  FROM people p
  WHERE (p.left_on IS NULL OR p.left_on >= '{FIRST_START}')
    AND NOT EXISTS (SELECT 1 FROM person_events ev WHERE ev.employee_id = p.employee_id
                      AND +ev.kind = 'joined' AND ev.occurred_on > '{FIRST_START}'))
SELECT enrolled_on <= '{WEEK_SUNDAY}' AS participant, count(*),
       sum(left_on IS NULL OR left_on > '{WEEK_SUNDAY}') AS retained, sum(promoted)
FROM subjects GROUP BY participant;
"""

# One held session for the pair of the mentee given as %(mentee)s, in one transaction,
# with the reads that mentor makes to check it.
SESSION_LOG_SQL = f"""
BEGIN IMMEDIATE;
SELECT * FROM pairs WHERE program_id = (SELECT id FROM programs WHERE name = '{PROGRAM}')
  AND state <> 'ended' AND (mentor_id = '%(mentee)s' OR mentee_id = '%(mentee)s');
SELECT * FROM sessions WHERE pair_id = (SELECT id FROM pairs WHERE mentee_id = '%(mentee)s'
  AND state = 'active') ORDER BY id;
INSERT INTO sessions (pair_id, number, status, held_on, minutes, rating, notes)
  SELECT id, sessions_held + 1, 'held', '{NOW}', 45, 4, 'benchmark' FROM pairs
  WHERE mentee_id = '%(mentee)s' AND state = 'active';
UPDATE pairs SET sessions_held = sessions_held + 1
  WHERE mentee_id = '%(mentee)s' AND state = 'active';
COMMIT;
"""


def measure(command, env=None, stdin=None):
    """Run `command` once and return (seconds, peak resident set size in MiB).

    The command runs under /usr/bin/time, which reports its child's ru_maxrss. Read
    directly from this process, a child's ru_maxrss would include this Python process,
    because Linux carries the peak over from the process that forks."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.monotonic()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
                                env=env, input=stdin, text=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        seconds = time.monotonic() - start
        if result.returncode != 0 or result.stderr:
            raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr}")
        return seconds, int(report.read().strip()) / 1024


def series(commands, runs):
    """Run the first command untimed, then the others (or the first again) in turn.

    Returns the median time and the largest peak memory of the timed runs."""
    measure(*commands[0])
    timed = commands[1:] or commands
    results = [measure(*timed[i % len(timed)]) for i in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def active_mentees(database, count):
    """Return `count` mentees of PROGRAM's active pairs whose last session is before NOW."""
    import sqlite3
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = connection.execute(
        "SELECT p.mentee_id FROM pairs p JOIN programs pg ON pg.id = p.program_id "
        "WHERE pg.name = ? AND p.state = 'active' AND NOT EXISTS (SELECT 1 FROM sessions s "
        "WHERE s.pair_id = p.id AND s.held_on >= ?) ORDER BY p.id LIMIT ?",
        (PROGRAM, NOW, count)).fetchall()
    connection.close()
    return [row[0] for row in rows]


def taskwarrior_commands(folder, runs):
    """Set up a task list with 10,000 tasks; return `task add` commands for each run."""
    data = folder / "taskdata"
    data.mkdir()
    taskrc = folder / "taskrc"
    taskrc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n")
    env = {"TASKRC": str(taskrc), "TASKDATA": str(data), "PATH": "/usr/bin:/bin",
           "HOME": str(folder)}
    tasks = [{"description": f"Session {n} of pair {n % 1000}", "project": "mentoring",
              "status": "pending", "entry": "20261101T090000Z",
              "uuid": f"00000000-0000-4000-8000-{n:012d}"} for n in range(10_000)]
    (folder / "tasks.json").write_text(json.dumps(tasks))
    subprocess.run(["task", "import", str(folder / "tasks.json")], env=env, check=True,
                   capture_output=True)
    return [(["task", "add", f"Session with mentee {n}", "project:mentoring", f"due:{NOW}"], env)
            for n in range(runs + 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mentor", required=True, help="the mentor binary (a Release build)")
    parser.add_argument("--folder", required=True, type=pathlib.Path,
                        help="where the data set is, or is generated")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command")
    parser.add_argument("--generate", action="store_true", help="replace the data set")
    arguments = parser.parse_args()
    mentor = os.path.abspath(arguments.mentor)
    database = arguments.folder / "mentor.db"
    if arguments.generate or not database.exists():
        scale_generate.generate(mentor, arguments.folder)
    env = {"MENTOR_DB": str(database), "MENTOR_CONFIG": str(arguments.folder / "config.toml"),
           "MENTOR_NOW": NOW, "PATH": "/usr/bin:/bin"}
    sqlite = ["sqlite3", str(database)]
    mentees = active_mentees(database, 2 * (arguments.runs + 1))
    logged, plain_logged = mentees[:arguments.runs + 1], mentees[arguments.runs + 1:]

    # `program list` does almost no work: it shows the fixed cost of starting each process.
    cases = [
        ("program list", [([mentor, "--quiet", "program", "list"], env)],
         [(sqlite, None, "SELECT * FROM programs;")]),
        (f"status {PROGRAM}", [([mentor, "--quiet", "status", PROGRAM], env)],
         [(sqlite, None, STATUS_SQL)]),
        ("due", [([mentor, "--quiet", "due"], env)], [(sqlite, None, DUE_SQL)]),
        ("report weekly", [([mentor, "--quiet", "report", "weekly"], env)], [(sqlite, None, WEEKLY_SQL)]),
        ("session log", [([mentor, "--quiet", "session", "log", PROGRAM, mentee, "--date", NOW, "--minutes",
                           "45", "--rating", "4"], env) for mentee in logged],
         [(sqlite, None, SESSION_LOG_SQL % {"mentee": mentee}) for mentee in plain_logged]),
    ]
    print(f"{'command':<24} {'mentor s':>9} {'MiB':>6} {'sqlite3 s':>10} {'MiB':>6} {'ratio':>6}")
    for name, mentor_commands, plain_commands in cases:
        mentor_time, mentor_memory = series(mentor_commands, arguments.runs)
        plain_time, plain_memory = series(plain_commands, arguments.runs)
        print(f"{name:<24} {mentor_time:>9.3f} {mentor_memory:>6.1f} {plain_time:>10.3f} "
              f"{plain_memory:>6.1f} {mentor_time / plain_time:>6.2f}")

    with tempfile.TemporaryDirectory() as folder:
        task_time, task_memory = series(taskwarrior_commands(pathlib.Path(folder),
                                                             arguments.runs), arguments.runs)
    print(f"{'task add (10,000 tasks)':<24} {task_time:>9.3f} {task_memory:>6.1f}")


if __name__ == "__main__":
    main()
