"""mentor config show and mentor config check: every key with the source of its value,
and every problem of a config file as FILE:LINE:COLUMN: message."""

import json
import os
import re
import tomllib
import unittest

from mentor_e2e import (
    EXIT_CONFIG,
    EXIT_NO_INPUT,
    SOURCE_DIR,
    MentorTestCase,
    read_example_config,
)

# Line 2 sets an unknown key, line 3 a string where a number belongs, line 5 an
# unknown time zone, and line 7 an unknown table.
BROKEN_CONFIG = """\
[pairing]
colour = "blue"
default_capacity = "two"
[email]
timezone = "Mars/Olympus"

[reports]
weekly = true
"""
BROKEN_PROBLEMS = [(2, 1, "colour"), (3, 20, "default_capacity"), (5, 12, "Mars/Olympus"),
                   (7, 2, "reports")]
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def flatten(table, prefix=""):
    """Return the dotted keys and values of a parsed TOML table, with the tables whose keys
    users name (schedule.people, import.columns) and arrays kept whole."""
    keys = {}
    for key, value in table.items():
        name = prefix + key
        if isinstance(value, dict) and name not in ("schedule.people", "import.columns"):
            keys.update(flatten(value, name + "."))
        else:
            keys[name] = value
    return keys


class ConfigCheckTest(MentorTestCase):
    def write_config(self, text, mode=0o600):
        path = self.sandbox.root / "team.toml"
        path.write_text(text, encoding="utf-8")
        os.chmod(path, mode)
        return path

    def test_default_config_is_ok(self):
        self.sandbox.run_ok("init")
        result = self.sandbox.run_ok("config", "check")
        self.assertEqual(result.stdout, f"{self.sandbox.config_file}: OK\n")
        self.assertEqual(result.stderr, "")

    def test_every_problem_listed(self):
        path = self.write_config(BROKEN_CONFIG)
        result = self.sandbox.run("config", "check", path)
        self.assertEqual(result.status, EXIT_CONFIG)
        self.assertEqual(result.stdout, "")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), len(BROKEN_PROBLEMS), msg=result.stderr)
        for line, (number, column, value) in zip(lines, BROKEN_PROBLEMS):
            match = PROBLEM_LINE.match(line)
            self.assertIsNotNone(match, msg=line)
            self.assertEqual(match["file"], str(path))
            self.assertEqual((int(match["line"]), int(match["column"])), (number, column))
            self.assertIn(value, match["message"])

    def test_check_json_lists_problems(self):
        path = self.write_config(BROKEN_CONFIG)
        result = self.sandbox.run("config", "check", path, "--json")
        self.assertEqual(result.status, EXIT_CONFIG)
        report = json.loads(result.stdout)
        self.assertEqual(report["file"], str(path))
        self.assertIs(report["exists"], True)
        self.assertIs(report["valid"], False)
        positions = [(problem["line"], problem["column"]) for problem in report["problems"]]
        self.assertEqual(positions, [(number, column) for number, column, _ in BROKEN_PROBLEMS])
        for problem, (_, _, value) in zip(report["problems"], BROKEN_PROBLEMS):
            self.assertIn(value, problem["message"])

    def test_check_json_valid_file(self):
        self.sandbox.run_ok("init")
        report = json.loads(self.sandbox.run_ok("config", "check", "--json").stdout)
        self.assertEqual(report["problems"], [])
        self.assertIs(report["valid"], True)

    def test_syntax_error_position(self):
        path = self.write_config("[pairing]\nmin_level_gap = 1\ndefault_capacity = = 2\n")
        result = self.sandbox.run("config", "check", path)
        self.assertEqual(result.status, EXIT_CONFIG)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=result.stderr)
        self.assertTrue(lines[0].startswith(f"{path}:3:"), msg=lines[0])

    def test_checks_config_in_use(self):
        path = self.write_config(BROKEN_CONFIG)
        result = self.sandbox.run("config", "check", env={"MENTOR_CONFIG": path})
        self.assertEqual(result.status, EXIT_CONFIG)
        self.assertEqual(len(result.stderr.splitlines()), len(BROKEN_PROBLEMS))
        result = self.sandbox.run("--config", path, "config", "check")
        self.assertEqual(result.status, EXIT_CONFIG)

    def test_missing_file_named(self):
        result = self.sandbox.run("config", "check", self.sandbox.root / "absent.toml")
        self.assertErrorLine(result, EXIT_NO_INPUT, "absent.toml")

    def test_missing_default_file_ok(self):
        result = self.sandbox.run_ok("config", "check")
        self.assertIn("built-in defaults", result.stdout)

    def test_other_commands_name_first_problem(self):
        path = self.write_config(BROKEN_CONFIG)
        result = self.sandbox.run("--config", path, "program", "list")
        self.assertErrorLine(result, EXIT_CONFIG, f"{path}:2:1:", "colour", "3", "more")

    def test_readable_password_reported(self):
        path = self.write_config('[email]\n# smtp_password = "hunter2"\n', mode=0o644)
        result = self.sandbox.run("config", "check", path)
        self.assertEqual(result.status, EXIT_CONFIG)
        self.assertRegex(result.stderr, rf"^{re.escape(str(path))}:2:3: .*0644")
        self.assertNotIn("hunter2", result.stderr)

        os.chmod(path, 0o600)
        self.sandbox.run_ok("config", "check", path)

    def test_password_problem_in_line_order(self):
        path = self.write_config('# password = "hunter2"\n[pairing]\ncolour = 1\n', mode=0o640)
        result = self.sandbox.run("config", "check", path)
        self.assertEqual(result.status, EXIT_CONFIG)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 2, msg=result.stderr)
        self.assertTrue(lines[0].startswith(f"{path}:1:3: "), msg=lines[0])
        self.assertIn("0640", lines[0])
        self.assertTrue(lines[1].startswith(f"{path}:3:1: "), msg=lines[1])

    def test_readable_password_warns_at_load(self):
        path = self.write_config('[email]\n# smtp_password = "hunter2"\n', mode=0o644)
        self.sandbox.run_ok("init")
        result = self.sandbox.run_ok("--config", path, "program", "list")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, msg=result.stderr)
        self.assertTrue(lines[0].startswith(f"mentor: warning: {path}:2:3: "), msg=lines[0])

    def test_password_key_rejected(self):
        path = self.write_config('[email]\nsmtp_password = "hunter2"\n')
        result = self.sandbox.run("config", "check", path)
        self.assertEqual(result.status, EXIT_CONFIG)
        self.assertTrue(result.stderr.startswith(f"{path}:2:1: "), msg=result.stderr)
        self.assertNotIn("hunter2", result.stderr)


class ConfigShowTest(MentorTestCase):
    def show_json(self, *args, env=None):
        return json.loads(self.sandbox.run_ok(*args, "config", "show", "--json", env=env).stdout)

    def test_defaults_match_example_config(self):
        shown = self.show_json()
        keys = {entry["key"]: entry for entry in shown["keys"]}
        for key, value in flatten(read_example_config()).items():
            with self.subTest(key=key):
                self.assertIn(key, keys)
                self.assertEqual(keys[key]["value"], value)
                self.assertEqual(keys[key]["source"], "default")
        self.assertEqual(shown["config_file"]["source"], "default")
        self.assertFalse(shown["config_file"]["exists"])
        self.assertEqual(shown["config_file"]["value"], str(self.sandbox.config_file))
        self.assertEqual(shown["hooks_dir"], str(self.sandbox.config_file.parent / "hooks"))

    def test_file_option_and_environment_sources(self):
        config = self.sandbox.root / "team.toml"
        config.write_text("[pairing]\ndefault_capacity = 3\n[hooks]\ndir = \"scripts\"\n",
                          encoding="utf-8")
        database = self.sandbox.root / "team.db"
        shown = self.show_json("--config", config, "--db", database,
                               env={"MENTOR_NOW": "2027-01-08"})
        keys = {entry["key"]: entry for entry in shown["keys"]}
        self.assertEqual(keys["pairing.default_capacity"],
                         {"key": "pairing.default_capacity", "value": 3, "source": "file"})
        self.assertEqual(keys["pairing.min_level_gap"]["source"], "default")
        self.assertEqual(shown["config_file"],
                         {"value": str(config), "source": "option", "origin": "--config",
                          "exists": True})
        self.assertEqual(shown["database_file"],
                         {"value": str(database), "source": "option", "origin": "--db"})
        self.assertEqual(shown["now"],
                         {"value": "2027-01-08", "source": "environment", "origin": "MENTOR_NOW"})
        self.assertEqual(shown["hooks_dir"], str(self.sandbox.root / "scripts"))

    def test_text_names_file(self):
        config = self.sandbox.root / "team.toml"
        config.write_text("[pairing]\ndefault_capacity = 3\n", encoding="utf-8")
        result = self.sandbox.run_ok("--config", config, "config", "show")
        self.assertIn(f"pairing.default_capacity = 3  # file {config}\n", result.stdout)
        self.assertIn("pairing.min_level_gap = 0  # default\n", result.stdout)
        self.assertIn('schedule.working_day = "09:00-17:00"  # default\n', result.stdout)

    def test_password_never_shown(self):
        secret = "s3cret-Value-42"
        config = self.sandbox.root / "team.toml"
        config.write_text('[email]\nsmtp_password_env = "TEAM_SMTP_PASSWORD"\n', encoding="utf-8")
        env = {"TEAM_SMTP_PASSWORD": secret}
        shown = self.show_json("--config", config, env=env)
        self.assertEqual(shown["smtp_password"],
                         {"source": "environment", "name": "TEAM_SMTP_PASSWORD", "set": True})
        text = self.sandbox.run_ok("--config", config, "config", "show", env=env)
        self.assertIn("TEAM_SMTP_PASSWORD (set)", text.stdout)
        for output in (json.dumps(shown), text.stdout, text.stderr):
            self.assertNotIn(secret, output)

    def test_smtp_url_needs_mail_scheme(self):
        # libcurl sends to a URL of any protocol it supports, http:// included, password and
        # all.
        for url in ("http://127.0.0.1:8080", "127.0.0.1:25", "ftp://mail.example.com"):
            with self.subTest(url=url):
                config = self.sandbox.root / "mail.toml"
                config.write_text(f'[email]\nsmtp_url = "{url}"\n', encoding="utf-8")
                result = self.sandbox.run("--config", config, "config", "check")
                self.assertEqual(result.status, EXIT_CONFIG, msg=result.stderr)
                self.assertIn("smtp_url", result.stdout + result.stderr)
                self.assertIn("smtps://", result.stdout + result.stderr)

    def test_invalid_config_rejected(self):
        config = self.sandbox.root / "team.toml"
        config.write_text("[pairing]\ncolour = 1\n", encoding="utf-8")
        result = self.sandbox.run("--config", config, "config", "show")
        self.assertErrorLine(result, EXIT_CONFIG, "colour")


HEADING = re.compile(r"^#+ (?:`\[+([^\]`]+)\]+`|Top-level keys)")
TABLE_ROW = re.compile(r"^\| `(\w+)` \| ([a-z ]+) \| (.*?) \|")
JSON_TYPES = {"integer": int, "string": str, "boolean": bool, "array": list, "table": dict,
              "array of tables": list}


def documented_keys():
    """Return {dotted key: (type, default cell)} from the key tables of docs/config.md.
    A table belongs to the `[TABLE]` heading above it; "Top-level keys" has no table."""
    keys = {}
    prefix = None
    for line in (SOURCE_DIR / "docs" / "config.md").read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading:
            prefix = f"{heading[1]}." if heading[1] else ""
            continue
        row = TABLE_ROW.match(line)
        if row and prefix is not None:
            keys[prefix + row[1]] = (row[2], row[3])
    return keys


class ConfigDocsTest(MentorTestCase):
    """docs/config.md lists every key with its type and default, checked against the
    keys the binary accepts and the values of the built-in config."""

    @classmethod
    def setUpClass(cls):
        cls.documented = documented_keys()

    def setUp(self):
        super().setUp()
        self.shown = json.loads(self.sandbox.run_ok("config", "show", "--json").stdout)

    def test_documented_keys_are_known_keys(self):
        documented = set(self.documented)
        # [programs.NAME] takes every [pairing] key, as its section of config.md states.
        documented |= {key.replace("pairing.", "programs.NAME.", 1)
                       for key in self.documented if key.startswith("pairing.")}
        self.assertEqual(documented, set(self.shown["known_keys"]))

    def test_documented_defaults_match(self):
        defaults = {entry["key"].replace("technical-leadership", "NAME"): entry["value"]
                    for entry in self.shown["keys"]}
        checked = 0
        for key, (kind, cell) in self.documented.items():
            with self.subTest(key=key):
                self.assertIn(kind, JSON_TYPES)
                if key not in defaults:
                    continue
                self.assertIsInstance(defaults[key], JSON_TYPES[kind])
                if cell.startswith("`"):
                    documented = tomllib.loads(f"value = {cell.strip('`')}")["value"]
                    self.assertEqual(documented, defaults[key])
                    checked += 1
        self.assertGreater(checked, 30)


if __name__ == "__main__":
    unittest.main()
