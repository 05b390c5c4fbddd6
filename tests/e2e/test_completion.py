"""End-to-end tests of the shell completions that `mentor --generate SHELL` prints.
Bash and fish complete real command lines; zsh, which completes only inside its line
editor, gets a syntax check and a check of the words it offers per command."""

import subprocess
import tempfile
import unittest
from pathlib import Path

from mentor_e2e import COMMAND_TIMEOUT_SECONDS, Sandbox, command_tree, help_sections


def run_shell(*args) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, encoding="utf-8",
                          timeout=COMMAND_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)


class CompletionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._folder = tempfile.TemporaryDirectory(prefix="mentor-completion-")
        folder = Path(cls._folder.name)
        sandbox = Sandbox()
        try:
            cls.tree = command_tree(sandbox)
            cls.scripts = {}
            for shell in ("bash", "zsh", "fish"):
                path = folder / f"mentor.{shell}"
                path.write_text(sandbox.run_ok("--generate", shell).stdout, encoding="utf-8")
                cls.scripts[shell] = path
        finally:
            sandbox.cleanup()

    @classmethod
    def tearDownClass(cls):
        cls._folder.cleanup()

    def subcommands(self, path) -> list:
        return [name for name, _ in help_sections(self.tree[path]).get("Subcommands", [])]

    def bash_complete(self, line: str) -> list:
        """Return the words bash offers for `line`, completing its last word."""
        script = (f'source "{self.scripts["bash"]}"\n'
                  f'read -ra COMP_WORDS <<< "$LINE"\n'
                  f'[[ $LINE == *" " ]] && COMP_WORDS+=("")\n'
                  f'COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n'
                  f'_mentor\n'
                  f'printf "%s\\n" "${{COMPREPLY[@]}}"\n')
        result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                                capture_output=True, encoding="utf-8",
                                env={"LINE": line, "PATH": "/usr/bin:/bin"},
                                timeout=COMMAND_TIMEOUT_SECONDS)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertEqual(result.stderr, "")
        return [word for word in result.stdout.splitlines() if word]

    def test_bash_offers_every_subcommand(self):
        for path in self.tree:
            with self.subTest(path=path):
                offered = self.bash_complete(" ".join(("mentor", *path)) + " ")
                self.assertEqual(sorted(offered), sorted(self.subcommands(path)))

    def test_bash_completes_prefix(self):
        self.assertEqual(self.bash_complete("mentor peo"), ["people"])
        self.assertEqual(self.bash_complete("mentor people im"), ["import"])

    def test_bash_completes_options(self):
        self.assertEqual(self.bash_complete("mentor people import --dr"), ["--dry-run"])
        self.assertEqual(sorted(self.bash_complete("mentor report weekly --fo")),
                         ["--force", "--format"])
        # Global options are accepted after the command too.
        self.assertIn("--quiet", self.bash_complete("mentor status --q"))

    def test_bash_skips_option_values(self):
        # "people" here is the value of --db, not the command.
        self.assertEqual(self.bash_complete("mentor --db people pro"), ["program"])

    def test_bash_offers_nothing_after_value_option(self):
        self.assertEqual(self.bash_complete("mentor people import --rejected "), [])

    def fish_complete(self, line: str) -> list:
        result = run_shell("fish", "--no-config", "-c",
                           f"source {self.scripts['fish']}; complete -C '{line}'")
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    def test_fish_offers_every_subcommand(self):
        for path in self.tree:
            if not self.subcommands(path):
                continue
            with self.subTest(path=path):
                offered = self.fish_complete(" ".join(("mentor", *path)) + " ")
                self.assertEqual(sorted(offered), sorted(self.subcommands(path)))

    def test_fish_completes_options(self):
        self.assertEqual(self.fish_complete("mentor people import --dr"), ["--dry-run"])
        self.assertEqual(self.fish_complete("mentor --db people pro"), ["program"])

    def test_zsh_script_parses(self):
        result = run_shell("zsh", "-n", str(self.scripts["zsh"]))
        self.assertEqual(result.returncode, 0, msg=result.stderr)

    def test_zsh_words_per_command(self):
        # The script ends by calling _mentor, which only works inside completion, so
        # the test loads everything above that line and prints each command's words.
        for path in self.tree:
            with self.subTest(path=path):
                command = (f'eval "$(sed \'$d\' {self.scripts["zsh"]})"; '
                           f'_mentor_words "{" ".join(path)}"; print -r -- $mentor_commands')
                result = run_shell("zsh", "-f", "-c", command)
                self.assertEqual(result.returncode, 0, msg=result.stderr)
                self.assertEqual(sorted(result.stdout.split()), sorted(self.subcommands(path)))

    def test_zsh_walks_command_path(self):
        # "people" is the value of --db here, so the path starts at "program".
        command = (f'eval "$(sed \'$d\' {self.scripts["zsh"]})"; '
                   f'_mentor_walk --db people program -n create; print -r -- "$mentor_path"')
        result = run_shell("zsh", "-f", "-c", command)
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertEqual(result.stdout, "program create\n")


if __name__ == "__main__":
    unittest.main()
