"""The weekly summary mailed to a real SMTP server on the loopback address (aiosmtpd)
and through a stand-in sendmail program, then parsed with Python's email package."""

import asyncio
import email
import email.policy
import email.utils
import socket
import stat
import subprocess
import textwrap
import time
import unittest
from pathlib import Path

from aiosmtpd.controller import Controller

from mentor_e2e import EXIT_USAGE, ROSTER_FILE, MentorTestCase, mentor_binary

EXIT_UNAVAILABLE = 69
EXIT_DATA_ERROR = 65
EXIT_TEMP_FAIL = 75

# 2027-01-25 is a Monday: the week 2027-W04 runs to Sunday 2027-01-31.
NOW = "2027-02-02"
WEEK = "2027-W04"
FROM_NAME = "Équipe Mentorat"


class Recorder:
    """An aiosmtpd handler that keeps every message, or rejects recipients with a code."""

    def __init__(self):
        self.messages = []
        self.reject_with = None
        self.delay_seconds = 0  # before accepting a message, to widen races between senders

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_with:
            return self.reject_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay_seconds)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WeeklyEmailTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        self.recorder = Recorder()
        self.port = free_port()
        self.server = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.server.start()
        self.addCleanup(self.server.stop)
        self.write_config(f'transport = "smtp"\nsmtp_url = "smtp://127.0.0.1:{self.port}"\n'
                          "require_tls = false\n")
        self.build_program()

    def write_config(self, transport: str):
        self.sandbox.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.sandbox.config_file.write_text(
            f'[email]\nfrom_name = "{FROM_NAME}"\nfrom_address = "mentoring@example.com"\n'
            + transport, encoding="utf-8")

    def build_program(self):
        run = self.sandbox.run_ok
        run("init")
        run("people", "import", ROSTER_FILE)
        run("program", "create", "tl-2027", "--start", "2027-01-11")
        run("enroll", "tl-2027", "--mentors", "E00023", "E00009")
        run("enroll", "tl-2027", "--mentees", "E00004", "E00012")
        run("--now", "2027-01-11", "pair", "tl-2027", "--mentor", "E00023", "--mentee", "E00004")
        run("--now", "2027-01-26", "pair", "tl-2027", "--mentor", "E00009", "--mentee", "E00012")
        # In the reported week: two held sessions (45 and 30 minutes) and one missed.
        run("--now", "2027-01-31", "session", "log", "tl-2027", "E00004", "--date", "2027-01-25",
            "--minutes", "45", "--rating", "4", "--notes", "goals")
        run("--now", "2027-01-31", "session", "log", "tl-2027", "E00012", "--date", "2027-01-27",
            "--status", "missed", "--notes", "")
        run("--now", "2027-01-31", "session", "log", "tl-2027", "E00012", "--date", "2027-01-29",
            "--minutes", "30", "--rating", "5", "--notes", "")

    def send(self, *extra):
        return self.sandbox.run("--now", NOW, "report", "weekly", "--email", *extra)

    def test_message_reaches_server(self):
        result = self.send("--to", "lead@example.com")
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, "")
        self.assertEqual(len(self.recorder.messages), 1)
        mail_from, recipients, content = self.recorder.messages[0]
        self.assertEqual(mail_from, "mentoring@example.com")
        self.assertEqual(recipients, ["lead@example.com"])

        message = email.message_from_bytes(content, policy=email.policy.default)
        self.assertEqual(message.get_content_type(), "multipart/alternative")
        parts = [part.get_content_type() for part in message.iter_parts()]
        self.assertEqual(parts, ["text/plain", "text/html"])
        self.assertEqual(message["From"].addresses[0].display_name, FROM_NAME)
        # The non-ASCII display name travels as an RFC 2047 encoded word.
        self.assertRegex(content.split(b"\r\n\r\n", 1)[0], rb"From: =\?[\w-]+\?[QqBb]\?")
        self.assertIn(WEEK, str(message["Subject"]))
        self.assertIsNotNone(email.utils.parsedate_to_datetime(str(message["Date"])))
        self.assertRegex(str(message["Message-ID"]), r"^<[^<>@\s]+@example\.com>$")

        text = message.get_body(("plain",)).get_content()
        self.assertIn("2 held (75 minutes), 1 missed", text)
        html = message.get_body(("html",)).get_content()
        self.assertIn("<html", html)
        self.assertIn("Mentoring week " + WEEK, html)
        # Both parts are UTF-8, the charset that the HTML's own meta tag declares.
        for part in message.iter_parts():
            self.assertEqual(part.get_content_charset(), "utf-8")
        self.assertIn('<meta charset="utf-8">', html)

    def test_non_ascii_text_kept_in_utf8(self):
        self.sandbox.run_ok("people", "add", "E09999", "--name", "Émile Žák", "--level", "1")
        self.sandbox.run_ok("enroll", "tl-2027", "--mentees", "E09999")
        self.sandbox.run_ok("--now", "2027-01-27", "pair", "tl-2027", "--mentor", "E00023",
                            "--mentee", "E09999")
        self.assertEqual(self.send("--to", "lead@example.com").status, 0)
        message = email.message_from_bytes(self.recorder.messages[0][2],
                                           policy=email.policy.default)
        for subtype in ("plain", "html"):
            part = message.get_body((subtype,))
            self.assertEqual(part.get_content_charset(), "utf-8")
            self.assertIn("Émile Žák", part.get_content())

    def test_server_without_starttls_names_setting(self):
        self.write_config(f'transport = "smtp"\nsmtp_url = "smtp://127.0.0.1:{self.port}"\n')
        result = self.send("--to", "lead@example.com")
        self.assertErrorLine(result, EXIT_UNAVAILABLE, "STARTTLS", "require_tls")
        self.assertEqual(self.recorder.messages, [])

    def test_email_with_json_rejected(self):
        for extra in (["--json"], ["--format", "csv"]):
            with self.subTest(extra=extra):
                result = self.send("--to", "lead@example.com", *extra)
                self.assertErrorLine(result, EXIT_USAGE, "--email")
        self.assertEqual(self.recorder.messages, [])

    def test_lines_within_limits(self):
        # A note far longer than a mail line must still give lines of at most 78 octets.
        self.sandbox.run_ok("--now", "2027-01-31", "session", "log", "tl-2027", "E00004",
                            "--date", "2027-01-30", "--minutes", "20", "--rating", "3",
                            "--another", "--notes", "x" * 3000)
        self.assertEqual(self.send("--to", "lead@example.com").status, 0)
        content = self.recorder.messages[0][2]
        for line in content.split(b"\r\n"):
            self.assertLessEqual(len(line), 78, msg=line[:80])

    def test_second_run_not_resent(self):
        self.assertEqual(self.send("--to", "lead@example.com").status, 0)
        # A cron job's repeated run is silent. With --verbose, a note explains why nothing
        # was sent.
        again = self.send("--to", "lead@example.com")
        self.assertEqual(again.status, 0)
        self.assertEqual(again.stderr, "")
        self.assertEqual(again.stdout, "")
        verbose = self.send("--to", "lead@example.com", "--verbose")
        self.assertEqual(verbose.status, 0)
        self.assertIn("already sent", verbose.stderr)
        self.assertEqual(len(self.recorder.messages), 1)
        forced = self.send("--to", "lead@example.com", "--force")
        self.assertEqual(forced.status, 0, msg=forced.stderr)
        self.assertEqual(len(self.recorder.messages), 2)

    def test_concurrent_runs_send_once(self):
        # Each send takes a second, so runs that checked "already sent" before the first
        # recorded it would all send.
        self.recorder.delay_seconds = 1
        command = [mentor_binary(), "--now", NOW, "report", "weekly", "--email",
                   "--to", "lead@example.com"]
        runs = [subprocess.Popen(command, env=self.sandbox.environment(),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for _ in range(4)]
        for run in runs:
            _, stderr = run.communicate(timeout=120)
            self.assertEqual(run.returncode, 0, msg=stderr)
        self.assertEqual(len(self.recorder.messages), 1)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM sent_reports"), [(1,)])

    def test_rejected_recipient_reported(self):
        self.recorder.reject_with = "550 5.1.1 mailbox unavailable"
        result = self.send("--to", "nobody@example.com")
        self.assertErrorLine(result, EXIT_UNAVAILABLE, "550")
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM sent_reports"), [(0,)])

    def test_line_break_in_address_rejected(self):
        result = self.send("--to", "lead@example.com\nBcc: spy@example.com")
        self.assertEqual(result.status, EXIT_DATA_ERROR, msg=result.stderr)
        self.assertEqual(self.recorder.messages, [])

    def test_recipients_scoped_by_department(self):
        self.sandbox.config_file.write_text(
            self.sandbox.config_file.read_text(encoding="utf-8") + textwrap.dedent("""\
                [[email.recipients]]
                address = "sales@example.com"
                department = "Sales"
                [[email.recipients]]
                address = "rd@example.com"
                department = "Research Development"
                """), encoding="utf-8")
        result = self.send()
        self.assertEqual(result.status, 0, msg=result.stderr)
        by_recipient = {recipients[0]: email.message_from_bytes(content, policy=email.policy.default)
                        for _, recipients, content in self.recorder.messages}
        self.assertEqual(sorted(by_recipient), ["rd@example.com", "sales@example.com"])
        # All four people of the program are in Research Development.
        rd_text = by_recipient["rd@example.com"].get_body(("plain",)).get_content()
        sales_text = by_recipient["sales@example.com"].get_body(("plain",)).get_content()
        self.assertIn("2 held", rd_text)
        self.assertIn("0 held", sales_text)


def is_running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


class SendmailTest(MentorTestCase):
    """Delivery through a stand-in sendmail that records its arguments and input and
    exits with the status written in a file next to it."""

    def setUp(self):
        super().setUp()
        self.folder = self.sandbox.root / "sendmail"
        self.folder.mkdir()
        self.program = self.folder / "sendmail"
        self.program.write_text(textwrap.dedent(f"""\
            #!/bin/sh
            printf '%s\\n' "$@" > "{self.folder}/arguments"
            cat > "{self.folder}/input"
            exit "$(cat "{self.folder}/status")"
            """), encoding="utf-8")
        self.program.chmod(self.program.stat().st_mode | stat.S_IXUSR)
        self.set_status(0)
        self.sandbox.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.sandbox.config_file.write_text(
            '[email]\nfrom_address = "mentoring@example.com"\ntransport = "sendmail"\n'
            f'sendmail = "{self.program}"\n', encoding="utf-8")
        WeeklyEmailTest.build_program(self)

    def set_status(self, status: int):
        (self.folder / "status").write_text(str(status), encoding="utf-8")

    def send(self):
        return self.sandbox.run("--now", NOW, "report", "weekly", "--email", "--to",
                                "lead@example.com")

    def test_arguments_and_input(self):
        result = self.send()
        self.assertEqual(result.status, 0, msg=result.stderr)
        arguments = (self.folder / "arguments").read_text(encoding="utf-8").splitlines()
        self.assertEqual(arguments, ["-i", "-f", "mentoring@example.com", "--",
                                     "lead@example.com"])
        message = email.message_from_bytes((self.folder / "input").read_bytes(),
                                           policy=email.policy.default)
        self.assertEqual(message.get_content_type(), "multipart/alternative")

    def test_deferred_then_sent(self):
        self.set_status(EXIT_TEMP_FAIL)
        deferred = self.send()
        self.assertEqual(deferred.status, EXIT_TEMP_FAIL)
        self.assertIn("deferred", deferred.stderr)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM sent_reports"), [(0,)])
        self.set_status(0)
        sent = self.send()
        self.assertEqual(sent.status, 0, msg=sent.stderr)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM sent_reports"), [(1,)])

    def test_failure_exits_unavailable(self):
        self.set_status(1)
        result = self.send()
        self.assertErrorLine(result, EXIT_UNAVAILABLE, "1")

    def test_second_sender_waits_only_the_lock_timeout(self):
        self.program.write_text("#!/bin/sh\ncat > /dev/null\nsleep 30\n", encoding="utf-8")
        with self.sandbox.config_file.open("a", encoding="utf-8") as config:
            config.write("timeout_seconds = 20\n")
        first = subprocess.Popen(
            [mentor_binary(), "--now", NOW, "report", "weekly", "--email", "--to",
             "lead@example.com"], cwd=self.sandbox.root, env=self.sandbox.environment(),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(first.wait)
        self.addCleanup(first.kill)
        time.sleep(1)  # time for the first run to take the lock and start sendmail
        started = time.monotonic()
        second = self.sandbox.run("--now", NOW, "report", "weekly", "--email", "--to",
                                  "lead@example.com", env={"MENTOR_LOCK_TIMEOUT": "1"})
        self.assertLess(time.monotonic() - started, 10)
        self.assertErrorLine(second, EXIT_TEMP_FAIL, "weekly-mail.lock", "try again")

    def test_flood_on_stderr_is_cut(self):
        # A broken program may write without end; the error keeps a bounded part of it.
        self.program.write_text(textwrap.dedent("""\
            #!/bin/sh
            cat > /dev/null
            head -c 5000000 /dev/zero | tr '\\0' 'a' >&2
            exit 1
            """), encoding="utf-8")
        result = self.send()
        self.assertErrorLine(result, EXIT_UNAVAILABLE, "exited with status 1")
        self.assertLess(len(result.stderr), 2000)
        self.assertIn("aaa...", result.stderr)

    def test_hung_program_is_stopped_at_the_timeout(self):
        # A sendmail that reads the message and then hangs, with a child of its own.
        self.program.write_text(textwrap.dedent(f"""\
            #!/bin/sh
            cat > "{self.folder}/input"
            sleep 60 &
            echo $! > "{self.folder}/child"
            wait
            """), encoding="utf-8")
        with self.sandbox.config_file.open("a", encoding="utf-8") as config:
            config.write("timeout_seconds = 1\n")
        started = time.monotonic()
        result = self.send()
        elapsed = time.monotonic() - started
        self.assertErrorLine(result, EXIT_UNAVAILABLE, "timeout_seconds")
        self.assertIn("within 1 s", result.stderr)
        self.assertLess(elapsed, 20)
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM sent_reports"), [(0,)])
        # The program's own child was killed with it.
        child = int((self.folder / "child").read_text(encoding="utf-8"))
        deadline = time.monotonic() + 5
        while is_running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(is_running(child), "the sendmail program's child is still running")


if __name__ == "__main__":
    unittest.main()


class PasswordTest(MentorTestCase):
    """SMTP authentication with the password from the environment or from a command."""

    def setUp(self):
        super().setUp()
        from aiosmtpd.smtp import AuthResult

        self.logins = []

        def authenticator(server, session, envelope, mechanism, auth_data):
            login = auth_data.login.decode()
            password = auth_data.password.decode()
            self.logins.append((login, password))
            return AuthResult(success=(login, password) == ("mentoring", "s3cret"))

        self.recorder = Recorder()
        self.port = free_port()
        self.server = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                 authenticator=authenticator, auth_require_tls=False)
        self.server.start()
        self.addCleanup(self.server.stop)

    def configure(self, extra: str):
        self.sandbox.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.sandbox.config_file.write_text(
            '[email]\nfrom_address = "mentoring@example.com"\ntransport = "smtp"\n'
            f'smtp_url = "smtp://127.0.0.1:{self.port}"\nrequire_tls = false\n'
            'smtp_user = "mentoring"\n' + extra, encoding="utf-8")
        WeeklyEmailTest.build_program(self)

    def send(self, env=None):
        return self.sandbox.run("--now", NOW, "report", "weekly", "--email", "--to",
                                "lead@example.com", env=env)

    def test_password_from_environment(self):
        self.configure("")
        result = self.send(env={"MENTOR_SMTP_PASSWORD": "s3cret"})
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertEqual(self.logins, [("mentoring", "s3cret")])
        self.assertEqual(len(self.recorder.messages), 1)

    def test_password_from_command(self):
        script = self.sandbox.root / "print-password"
        script.write_text("#!/bin/sh\necho s3cret\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        self.configure(f'smtp_password_command = ["{script}"]\n')
        result = self.send()
        self.assertEqual(result.status, 0, msg=result.stderr)
        self.assertEqual(self.logins, [("mentoring", "s3cret")])

    def test_missing_password_named(self):
        self.configure("")
        result = self.send()
        self.assertErrorLine(result, 78, "MENTOR_SMTP_PASSWORD")
        self.assertEqual(self.recorder.messages, [])
