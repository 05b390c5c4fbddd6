"""Pairing end to end: the peer matching against networkx's max_weight_matching on the
exported graph, and mentor and peer programs on the example roster."""

import datetime
import json
import unittest

import networkx

from mentor_e2e import (
    EXIT_NOT_FOUND,
    ROSTER_FILE,
    MentorTestCase,
    pair_allowed,
    pair_score,
    read_example_config,
    read_roster,
)

START = datetime.date(2027, 3, 22)  # New York is on summer time, Berlin is not yet
TODAY = "2027-03-15"
PEER_CONFIG = """
[programs.hr-peers]
max_level_difference = 1
min_overlap_hours = 2
"""


def json_output(result):
    return json.loads(result.stdout)


class PeerMatchingTest(MentorTestCase):
    """A peer program of Human Resources at levels 1 to 3, with a working-hours minimum, so
    the graph is neither complete nor bipartite."""

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.config_file.write_text(
            self.sandbox.config_file.read_text(encoding="utf-8") + PEER_CONFIG, encoding="utf-8")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.sandbox.run_ok("program", "create", "hr-peers", "--kind", "peer", "--start",
                            START.isoformat())
        self.sandbox.run_ok("enroll", "hr-peers", "--peers", "--department", "Human Resources",
                            "--level", "1..3")
        self.pool = [row for row in read_roster() if row["department"] == "Human Resources"
                     and row["job_level"] <= 3]

    def plan(self, objective=None):
        if objective:
            text = self.sandbox.config_file.read_text(encoding="utf-8")
            text = text.replace('objective = "max-pairs"', f'objective = "{objective}"')
            self.sandbox.config_file.write_text(text, encoding="utf-8")
        result = self.sandbox.run_ok("--now", TODAY, "pair", "hr-peers", "--dry-run", "--json",
                                     "--graph")
        return json_output(result)

    def graph(self, printed):
        graph = networkx.Graph()
        graph.add_nodes_from(row["employee_id"] for row in self.pool)
        for first, second, score in printed["graph"]["edges"]:
            graph.add_edge(first, second, weight=score)
        return graph

    def matching_weight(self, graph, matching):
        return sum(graph[a][b]["weight"] for a, b in matching)

    def test_max_pairs_equals_networkx(self):
        printed = self.plan()
        graph = self.graph(printed)
        self.assertGreater(graph.number_of_edges(), 0)
        self.assertLess(graph.number_of_edges(), len(self.pool) * (len(self.pool) - 1) // 2)
        expected = networkx.max_weight_matching(graph, maxcardinality=True)
        self.assertEqual(len(printed["pairs"]), len(expected))
        self.assertEqual(printed["total"], self.matching_weight(graph, expected))

    def test_max_score_equals_networkx(self):
        printed = self.plan("max-score")
        graph = self.graph(printed)
        expected = networkx.max_weight_matching(graph, maxcardinality=False)
        self.assertEqual(printed["total"], self.matching_weight(graph, expected))

    def test_graph_matches_rules(self):
        printed = self.plan()
        rules = read_example_config()["pairing"]
        rules["min_overlap_hours"] = 2
        people = {row["employee_id"]: row for row in self.pool}
        for first, second, score in printed["graph"]["edges"]:
            with self.subTest(pair=(first, second)):
                self.assertTrue(pair_allowed(people[first], people[second], rules, True))
                self.assertEqual(score, pair_score(people[first], people[second], rules, START,
                                                   True))

    def test_pairs_are_graph_edges(self):
        printed = self.plan()
        graph = self.graph(printed)
        seen = set()
        for pair in printed["pairs"]:
            self.assertTrue(graph.has_edge(pair["mentor"], pair["mentee"]))
            self.assertEqual(pair["total"], graph[pair["mentor"]][pair["mentee"]]["weight"])
            self.assertEqual(pair["total"], sum(part["points"] for part in pair["score"]))
            self.assertNotIn(pair["mentor"], seen)
            self.assertNotIn(pair["mentee"], seen)
            seen.update((pair["mentor"], pair["mentee"]))
        unpaired = {person["employee_id"] for person in printed["unpaired"]}
        self.assertEqual(seen | unpaired, {row["employee_id"] for row in self.pool})
        for person in printed["unpaired"]:
            self.assertTrue(person["reason"])

    def test_explain_a_pair(self):
        printed = self.plan()
        pair = printed["pairs"][0]
        result = self.sandbox.run_ok("pair", "explain", "hr-peers", pair["mentee"],
                                     pair["mentor"], "--json")
        explained = json_output(result)
        self.assertTrue(explained["in_plan"])
        self.assertTrue(explained["eligible"])
        self.assertEqual(explained["total"], pair["total"])
        self.assertEqual(explained["plan_total"], printed["total"])


class RosterProgramsTest(MentorTestCase):
    """The example roster: levels 1 and 2 mentored by levels 4 and 5, and a peer program
    of everyone at level 2."""

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.roster = read_roster()
        self.capacity = read_example_config()["pairing"]["default_capacity"]

    def test_mentor_program_completes(self):
        self.sandbox.run_ok("program", "create", "growth", "--start", START.isoformat())
        self.sandbox.run_ok("enroll", "growth", "--mentees", "--level", "1..2")
        self.sandbox.run_ok("enroll", "growth", "--mentors", "--level", "4..5")
        result = self.sandbox.run_ok("--now", TODAY, "pair", "growth")
        mentees = [row for row in self.roster if row["job_level"] <= 2]
        mentors = [row for row in self.roster if row["job_level"] >= 4]
        expected_pairs = min(len(mentees), self.capacity * len(mentors))
        self.assertRegex(result.stdout, rf"\b{expected_pairs} pairs made, total score \d+")
        rows = self.sandbox.query("SELECT mentor_id, mentee_id FROM pairs")
        self.assertEqual(len(rows), expected_pairs)
        per_mentor = {}
        for mentor_id, _ in rows:
            per_mentor[mentor_id] = per_mentor.get(mentor_id, 0) + 1
        self.assertLessEqual(max(per_mentor.values()), self.capacity)
        self.assertEqual(len({mentee for _, mentee in rows}), expected_pairs)
        left_out = [line for line in result.stdout.splitlines() if "(mentee) not paired" in line]
        self.assertEqual(len(left_out), len(mentees) - expected_pairs)
        for line in left_out:
            self.assertIn("capacity exhausted", line)

    def test_peer_program_completes(self):
        self.sandbox.run_ok("program", "create", "level-2", "--kind", "peer", "--start",
                            START.isoformat())
        self.sandbox.run_ok("enroll", "level-2", "--peers", "--level", "2")
        result = self.sandbox.run_ok("--now", TODAY, "pair", "level-2")
        pool = [row for row in self.roster if row["job_level"] == 2]
        self.assertRegex(result.stdout, rf"\b{len(pool) // 2} pairs made, total score \d+")
        rows = self.sandbox.query("SELECT mentor_id, mentee_id FROM pairs")
        people = [person for row in rows for person in row]
        self.assertEqual(len(people), len(set(people)))
        self.assertEqual(len(people), len(pool) - len(pool) % 2)
        status = json_output(self.sandbox.run_ok("--now", TODAY, "status", "level-2", "--json"))
        self.assertEqual(len(status["unpaired_mentees"]), len(pool) % 2)

    def test_rematch_keeps_then_replaces(self):
        self.sandbox.run_ok("program", "create", "p", "--kind", "peer", "--start",
                            START.isoformat())
        self.sandbox.run_ok("enroll", "p", "--peers", "--department", "Human Resources")
        self.sandbox.run_ok("--now", TODAY, "pair", "p")
        first = self.sandbox.query("SELECT id FROM pairs WHERE state = 'active'")
        again = json_output(self.sandbox.run_ok("--now", TODAY, "pair", "p", "--json"))
        self.assertEqual(again["pairs"], [])
        rematched = json_output(self.sandbox.run_ok("--now", TODAY, "pair", "p", "--rematch",
                                                    "--json"))
        self.assertEqual(sorted(rematched["ended"]), sorted(row[0] for row in first))
        self.assertEqual(len(rematched["pairs"]), len(first))

    def test_peer_enrolment_needs_peer_program(self):
        self.sandbox.run_ok("program", "create", "m", "--start", START.isoformat())
        result = self.sandbox.run("enroll", "m", "--peers", "E00001")
        self.assertErrorLine(result, 65, "m", "--mentees")

    def test_tags_and_request_raise_score(self):
        self.sandbox.run_ok("program", "create", "m", "--start", START.isoformat())
        self.sandbox.run_ok("enroll", "m", "--mentees", "E00001")
        mentors = [row["employee_id"] for row in self.roster if row["job_level"] == 5][:2]
        self.sandbox.run_ok("enroll", "m", "--mentors", *mentors)
        before = json_output(self.sandbox.run_ok("pair", "explain", "m", "E00001", mentors[1],
                                                 "--json"))
        self.sandbox.run_ok("people", "tag", "E00001", "kubernetes", "rust")
        self.sandbox.run_ok("people", "tag", mentors[1], "kubernetes")
        self.sandbox.run_ok("pair", "request", "m", "E00001", mentors[1])
        after = json_output(self.sandbox.run_ok("pair", "explain", "m", "E00001", mentors[1],
                                                "--json"))
        weights = read_example_config()["pairing"]["weights"]
        self.assertEqual(after["total"],
                         before["total"] + weights["shared_tag"] + weights["requested"])
        printed = json_output(self.sandbox.run_ok("--now", TODAY, "pair", "m", "--json"))
        self.assertEqual([(pair["mentor"], pair["mentee"]) for pair in printed["pairs"]],
                         [(mentors[1], "E00001")])



class EnrolByNameTest(MentorTestCase):
    """enroll names people as every other command does: by id, email or part of a name."""

    def setUp(self):
        super().setUp()
        self.sandbox.run_ok("init")
        self.sandbox.run_ok("people", "import", ROSTER_FILE)
        self.sandbox.run_ok("program", "create", "tl-2027", "--start", "2027-01-11")

    def test_enrol_by_email_and_name(self):
        self.sandbox.run_ok("enroll", "tl-2027", "--mentees", "E00001",
                            "farah.nakamura.2@example.com", "Goran Nakamura")
        stored = self.sandbox.query("SELECT employee_id FROM enrolments ORDER BY employee_id")
        self.assertEqual(stored, [("E00001",), ("E00002",), ("E00003",)])

    def test_unknown_person_enrols_nobody(self):
        result = self.sandbox.run("enroll", "tl-2027", "--mentees", "E00001", "nobody@example.com")
        self.assertErrorLine(result, EXIT_NOT_FOUND, "nobody@example.com")
        self.assertEqual(self.sandbox.query("SELECT count(*) FROM enrolments"), [(0,)])

if __name__ == "__main__":
    unittest.main()
