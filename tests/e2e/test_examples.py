"""The files under examples/ work as shipped."""

import email
import email.policy
import os
import subprocess
import unittest
from pathlib import Path

from mentor_e2e import MentorTestCase, mentor_binary

SOURCE = Path(os.environ.get("MENTOR_SOURCE_DIR", Path(__file__).resolve().parents[2]))


class ExamplesTest(MentorTestCase):
    def test_cron_config_composes_mail(self):
        result = self.sandbox.run("--config", SOURCE / "examples" / "cron" / "config.toml",
                                  "email", "test", "--to", "lead@example.com", "--dry-run")
        self.assertEqual(result.status, 0, msg=result.stderr)
        message = email.message_from_string(result.stdout, policy=email.policy.default)
        self.assertEqual(message["From"].addresses[0].display_name, "Mentoring team")
        self.assertEqual(message["From"].addresses[0].addr_spec, "mentoring@example.com")

    def test_crontab_line_runs_weekly_email(self):
        lines = [line for line in (SOURCE / "examples" / "cron" / "crontab")
                 .read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        settings = dict(line.split("=", 1) for line in lines if "=" in line.split()[0])
        self.assertIn("/usr/local/bin", settings["PATH"].split(":"))
        lines = [line for line in lines if "=" not in line.split()[0]]
        self.assertEqual(len(lines), 1)
        fields = lines[0].split(None, 5)
        self.assertEqual(fields[4], "1")  # Mondays
        self.assertEqual(fields[5].split()[:4], ["mentor", "report", "weekly", "--email"])

    def test_demo_script_runs(self):
        demo_dir = self.sandbox.root / "demo"
        completed = subprocess.run(
            [SOURCE / "examples" / "demo.sh", mentor_binary()],
            env={**self.sandbox.environment(), "MENTOR_DEMO_DIR": str(demo_dir)},
            capture_output=True, encoding="utf-8", timeout=300)
        self.assertEqual(completed.returncode, 0, msg=completed.stderr)
        self.assertIn("$ mentor --now 2027-01-29 status tl-2027", completed.stdout)
        # The script pairs four mentees and logs sessions for two of them, so on
        # 2027-01-29 the other two are past their first due date, 2027-01-11 + 14 days.
        self.assertIn("4 pairs, 2 overdue", completed.stdout)


if __name__ == "__main__":
    unittest.main()
