"""End-to-end tests of the help: `mentor help`, the help text of every option, and the
man page and docs/reference.md that the binary generates from its command tree.

The command tree the tests expect is read from the `--help` output of each command,
which CLI11 prints itself, so the generator is checked against the parser."""

import difflib
import re
import unittest

from mentor_e2e import (EXIT_USAGE, SOURCE_DIR, MentorTestCase, Sandbox, command_tree,
                        help_sections, option_names)

REGENERATE = "build/mentor --generate markdown > docs/reference.md"


class HelpTest(MentorTestCase):
    @classmethod
    def setUpClass(cls):
        sandbox = Sandbox()
        try:
            cls.tree = command_tree(sandbox)
        finally:
            sandbox.cleanup()

    def test_tree_has_nested_commands(self):
        for path in [("people",), ("people", "import"), ("report", "weekly"), ("help",)]:
            self.assertIn(path, self.tree)

    def test_help_command_matches_help_flag(self):
        for path in self.tree:
            with self.subTest(path=path):
                by_command = self.sandbox.run_ok("help", *path)
                self.assertEqual(by_command.stdout, self.tree[path])
                self.assertEqual(by_command.stderr, "")

    def test_help_lists_commands(self):
        result = self.sandbox.run_ok("help")
        for name, _ in help_sections(self.tree[()])["Subcommands"]:
            self.assertRegex(result.stdout, rf"\n  {name}\s")

    def test_help_unknown_command(self):
        result = self.sandbox.run("help", "people", "frobnicate")
        self.assertErrorLine(result, EXIT_USAGE, "frobnicate")

    def test_help_with_broken_config(self):
        self.sandbox.config_file.parent.mkdir(parents=True)
        self.sandbox.config_file.write_text("[pairing\n", encoding="utf-8")
        result = self.sandbox.run_ok("help", "people", "import")
        self.assertIn("Usage:", result.stdout)

    def test_every_option_has_help(self):
        for path, text in self.tree.items():
            for section in ("Options", "Positionals"):
                for name, description in help_sections(text).get(section, []):
                    with self.subTest(path=path, option=name):
                        self.assertRegex(description, r"[a-z]{3}")

    def test_option_help_names_units(self):
        # Each option that takes a date, a length or a count of days states the format
        # or the unit in its help.
        units = {"--date": "YYYY-MM-DD", "--from": "YYYY-MM-DD", "--to": "YYYY-MM-DD",
                 "--start": "YYYY-MM-DD", "--as-of": "YYYY-MM-DD", "--week": "YYYY-MM-DD",
                 "--minutes": "minutes", "--days": "days", "--cadence-days": "Days",
                 "--level": "level", "--capacity": "Number", "--stalled": "21d"}
        # --to is a mail recipient in these two commands, not a date.
        recipients = {(("email", "test"), "--to"), (("report", "weekly"), "--to")}
        checked = 0
        for path, text in self.tree.items():
            for name, description in help_sections(text).get("Options", []):
                for option in option_names(name):
                    if option not in units or (path, option) in recipients:
                        continue
                    checked += 1
                    with self.subTest(path=path, option=option):
                        self.assertIn(units[option], description)
        self.assertGreater(checked, 15)


class ReferenceTest(MentorTestCase):
    @classmethod
    def setUpClass(cls):
        sandbox = Sandbox()
        try:
            cls.tree = command_tree(sandbox)
            cls.markdown = sandbox.run_ok("--generate", "markdown").stdout
            cls.man = sandbox.run_ok("--generate", "man").stdout
        finally:
            sandbox.cleanup()

    def markdown_section(self, path) -> str:
        heading = "### " + " ".join(("mentor", *path)) + "\n"
        self.assertIn(heading, self.markdown)
        start = self.markdown.index(heading)
        end = self.markdown.find("\n### ", start + 1)
        end = self.markdown.find("\n## ", start + 1) if end == -1 else end
        return self.markdown[start:end]

    def test_committed_reference_is_current(self):
        committed = (SOURCE_DIR / "docs" / "reference.md").read_text(encoding="utf-8")
        if committed != self.markdown:
            diff = "".join(list(difflib.unified_diff(
                committed.splitlines(True), self.markdown.splitlines(True),
                "docs/reference.md", "mentor --generate markdown"))[:60])
            self.fail(f"docs/reference.md differs from what the binary generates; regenerate "
                      f"it with: {REGENERATE}\n{diff}")

    def test_reference_lists_every_option(self):
        for path, text in self.tree.items():
            if not path:
                continue
            section = self.markdown_section(path)
            for name, _ in help_sections(text).get("Options", []):
                for option in option_names(name):
                    if option in ("-h", "--help"):
                        continue
                    with self.subTest(path=path, option=option):
                        self.assertRegex(section, rf"`[^`]*{re.escape(option)}\b")
            for name, _ in help_sections(text).get("Positionals", []):
                with self.subTest(path=path, argument=name):
                    self.assertRegex(section, rf"`[<\[]{re.escape(name.split()[0])}")

    def test_reference_lists_global_options(self):
        start = self.markdown.index("## Global options")
        end = self.markdown.index("## Commands")
        for option in ("--config", "--db", "--now", "--quiet", "--version", "--help"):
            self.assertIn(option, self.markdown[start:end])
        self.assertNotIn("--generate", self.markdown[start:end])

    def test_man_page_lists_every_command(self):
        for path in self.tree:
            if path:
                heading = " ".join(("mentor", *path)).replace("-", "\\-")
                self.assertIn(f'.SS "{heading}"', self.man)

    def test_man_page_header(self):
        lines = self.man.splitlines()
        self.assertTrue(lines[0].startswith(".TH MENTOR 1 "), msg=lines[0])
        self.assertIn(".SH NAME", lines)
        self.assertIn(".SH EXIT STATUS", lines)


if __name__ == "__main__":
    unittest.main()
