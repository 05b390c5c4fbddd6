"""The HTML reports open in a real browser: headless Chromium loads each page, and the
test reads back the DOM that Chromium built and a screenshot it took."""

import shutil
import subprocess
import tempfile
import unittest
from html.parser import HTMLParser

from mentor_e2e import ROSTER_FILE, MentorTestCase

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless run as root on a machine without a network or a session bus.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class TagCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


class HtmlInBrowserTest(MentorTestCase):
    def setUp(self):
        super().setUp()
        run = self.sandbox.run_ok
        run("init")
        run("people", "import", ROSTER_FILE, "--full", "--as-of", "2027-01-04")
        run("program", "create", "tl-2027", "--start", "2027-01-11")
        run("--now", "2027-01-05", "enroll", "tl-2027", "--mentors", "--level", "4..5")
        run("--now", "2027-01-05", "enroll", "tl-2027", "--mentees", "--level", "1",
            "--department", "Sales")
        run("--now", "2027-01-08", "pair", "tl-2027")

    def open_in_chromium(self, page):
        """Return the DOM Chromium serialises for `page` and the bytes of a screenshot."""
        self.assertTrue(shutil.which(CHROMIUM) or CHROMIUM, "chromium is not installed")
        profile = tempfile.mkdtemp(prefix="mentor-chromium-", dir=self.sandbox.root)
        url = page.resolve().as_uri()
        dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                              "--dump-dom", url],
                             capture_output=True, encoding="utf-8", timeout=120)
        self.assertEqual(dom.returncode, 0, msg=dom.stderr[-2000:])
        shot = self.sandbox.root / "page.png"
        subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--screenshot={shot}", "--window-size=1200,1600", url],
                       capture_output=True, timeout=120, check=True)
        for marker in ("Uncaught", "SyntaxError"):
            self.assertNotIn(marker, dom.stderr)
        return dom.stdout, shot.read_bytes()

    def check_page(self, page, title):
        dom, screenshot = self.open_in_chromium(page)
        parsed = TagCounter()
        parsed.feed(dom)
        self.assertEqual(parsed.title, title)
        self.assertGreaterEqual(parsed.tags.get("table", 0), 1)
        self.assertGreaterEqual(parsed.tags.get("h2", 0), 1)
        self.assertTrue(screenshot.startswith(PNG_SIGNATURE))
        self.assertGreater(len(screenshot), 10_000)

    def test_outcomes_page_renders(self):
        page = self.sandbox.root / "outcomes.html"
        result = self.sandbox.run_ok("--now", "2027-02-01", "report", "outcomes", "tl-2027",
                                     "--from", "2027-01-04", "--to", "2027-02-01",
                                     "--format", "html")
        page.write_text(result.stdout, encoding="utf-8")
        self.check_page(page, "Outcomes of tl-2027")

    def test_weekly_page_renders(self):
        page = self.sandbox.root / "weekly.html"
        result = self.sandbox.run_ok("--now", "2027-02-01", "report", "weekly",
                                     "--format", "html")
        page.write_text(result.stdout, encoding="utf-8")
        # 2027-02-01 is a Monday, so the last full week is 2027-W04.
        self.check_page(page, "Mentoring week 2027-W04")


if __name__ == "__main__":
    unittest.main()
