"""Where mentor keeps its files: --config and --db, else MENTOR_CONFIG and MENTOR_DB,
else $XDG_CONFIG_HOME/mentor/config.toml and $XDG_DATA_HOME/mentor/mentor.db, with
~/.config and ~/.local/share when the XDG variables are unset or relative."""

import json
import unittest

from mentor_e2e import (
    EXAMPLE_CONFIG_FILE,
    EXIT_NOT_FOUND,
    EXIT_USAGE,
    ROSTER_FILE,
    MentorTestCase,
    read_roster,
)

# A template that only the custom config defines, to tell which config was read.
CUSTOM_CONFIG = """\
[templates.coaching]
cadence_days = 7

[[templates.coaching.sessions]]
title = "Agree the coaching goal"
"""


def all_files(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file())


class PathTest(MentorTestCase):
    def assertInitCreated(self, config_file, database_file, env=None, args=()):
        """Run `mentor [args] init` and check that it made exactly these two files."""
        result = self.sandbox.run(*args, "init", env=env)
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertIn(str(config_file), result.stdout)
        self.assertIn(str(database_file), result.stdout)
        self.assertTrue(config_file.is_file())
        self.assertTrue(database_file.is_file())
        created = [path for path in all_files(self.sandbox.root)
                   if not path.name.startswith("mentor.db-")]
        self.assertEqual(created, sorted([config_file, database_file]))

    def test_init_uses_xdg_folders(self):
        self.assertInitCreated(self.sandbox.config_file, self.sandbox.database_file)
        self.assertEqual(self.sandbox.config_file.read_text(encoding="utf-8"),
                         EXAMPLE_CONFIG_FILE.read_text(encoding="utf-8"))
        tables = self.sandbox.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        self.assertIn(("people",), tables)

    def test_init_without_xdg_uses_home(self):
        home = self.sandbox.home
        self.assertInitCreated(home / ".config" / "mentor" / "config.toml",
                               home / ".local" / "share" / "mentor" / "mentor.db",
                               env={"XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None})

    def test_relative_xdg_ignored(self):
        # The XDG Base Directory specification treats relative paths in these variables as
        # invalid, so mentor falls back to the folders under HOME.
        home = self.sandbox.home
        self.assertInitCreated(home / ".config" / "mentor" / "config.toml",
                               home / ".local" / "share" / "mentor" / "mentor.db",
                               env={"XDG_CONFIG_HOME": "config", "XDG_DATA_HOME": "data"})

    def test_env_overrides_xdg(self):
        config_file = self.sandbox.root / "env" / "settings.toml"
        database_file = self.sandbox.root / "env" / "team.db"
        self.assertInitCreated(config_file, database_file,
                               env={"MENTOR_CONFIG": config_file, "MENTOR_DB": database_file})

    def test_options_override_env(self):
        config_file = self.sandbox.root / "options" / "settings.toml"
        database_file = self.sandbox.root / "options" / "team.db"
        env = {"MENTOR_CONFIG": self.sandbox.root / "env" / "settings.toml",
               "MENTOR_DB": self.sandbox.root / "env" / "team.db"}
        self.assertInitCreated(config_file, database_file, env=env,
                               args=("--config", config_file, "--db", database_file))

    def test_empty_env_is_unset(self):
        self.assertInitCreated(self.sandbox.config_file, self.sandbox.database_file,
                               env={"MENTOR_CONFIG": "", "MENTOR_DB": ""})

    def test_no_home_rejected(self):
        result = self.sandbox.run("init", env={"HOME": None, "XDG_CONFIG_HOME": None,
                                               "XDG_DATA_HOME": None})
        self.assertErrorLine(result, EXIT_USAGE, "XDG_CONFIG_HOME", "HOME")
        self.assertEqual(all_files(self.sandbox.root), [])

    def test_db_precedence_for_import(self):
        env_database = self.sandbox.root / "env.db"
        option_database = self.sandbox.root / "option.db"
        for database_file in (env_database, option_database, self.sandbox.database_file):
            self.sandbox.run_ok("--db", database_file, "init")
        people = len({row["employee_id"] for row in read_roster()})
        count_sql = "SELECT count(*) FROM people"

        self.sandbox.run_ok("people", "import", ROSTER_FILE, env={"MENTOR_DB": env_database})
        self.assertEqual(self.sandbox.query(count_sql, database_file=env_database), [(people,)])
        self.assertEqual(self.sandbox.query(count_sql), [(0,)])

        self.sandbox.run_ok("--db", option_database, "people", "import", ROSTER_FILE,
                            env={"MENTOR_DB": self.sandbox.database_file})
        self.assertEqual(self.sandbox.query(count_sql, database_file=option_database),
                         [(people,)])
        self.assertEqual(self.sandbox.query(count_sql), [(0,)])

    def test_config_precedence_for_create(self):
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        custom = self.sandbox.root / "custom.toml"
        custom.write_text(CUSTOM_CONFIG, encoding="utf-8")
        create = ["program", "create", "coach-2027", "--template", "coaching",
                  "--start", "2027-01-11"]

        result = self.sandbox.run(*create)
        self.assertErrorLine(result, EXIT_NOT_FOUND, "coaching")

        result = self.sandbox.run("--config", self.sandbox.config_file, *create,
                                  env={"MENTOR_CONFIG": custom})
        self.assertErrorLine(result, EXIT_NOT_FOUND, "coaching")

        self.sandbox.run_ok(*create, env={"MENTOR_CONFIG": custom})
        program = json.loads(
            self.sandbox.run_ok("program", "show", "coach-2027", "--json").stdout)
        self.assertEqual(program["template"], "coaching")
        self.assertEqual(program["cadence_days"], 7)

    def test_init_twice_keeps_config(self):
        self.sandbox.run_ok("init")
        edited = self.sandbox.config_file.read_text(encoding="utf-8").replace(
            "default_capacity = 2", "default_capacity = 3")
        self.assertIn("default_capacity = 3", edited)
        self.sandbox.config_file.write_text(edited, encoding="utf-8")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        before = self.sandbox.dump()

        result = self.sandbox.run_ok("init")
        self.assertIn("unchanged", result.stdout)
        self.assertEqual(self.sandbox.config_file.read_text(encoding="utf-8"), edited)
        self.assertEqual(self.sandbox.dump(), before)


if __name__ == "__main__":
    unittest.main()
