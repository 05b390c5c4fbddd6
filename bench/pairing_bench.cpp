// Times the exact pairing solvers on generated instances and prints one JSON line with
// the total score, the seconds taken and the peak resident memory of this process.
//
//   pairing_bench mentor MENTEES MENTORS CAPACITY [CANDIDATES]
//   pairing_bench peer PEERS [CANDIDATES]
//
// CANDIDATES (default 24, the engine's value) is the number of best arcs per person the
// solver starts from; a value at least the number of partners solves the full graph.
//
// Scores come from score() below; bench/pairing_bench.py builds the same matrix for
// scipy, so both solve the same instance.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/matching_solver.hpp"

namespace {

// A score from 0 to 999 for the pair (i, j): the splitmix64 hash of i * 1000003 + j,
// modulo 1000, so that scores look random but both programs compute the same ones.
std::int64_t score(std::uint64_t i, std::uint64_t j) {
  std::uint64_t z = i * 1000003U + j + 0x9E3779B97F4A7C15U;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9U;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBU;
  z ^= z >> 31U;
  return static_cast<std::int64_t>(z % 1000U);
}

// Peak resident memory in KiB: VmHWM from /proc/self/status (Linux). Unlike
// getrusage's ru_maxrss, it starts afresh at exec, so a parent's memory is not counted.
long peak_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

int to_int(const char* text) { return static_cast<int>(std::strtol(text, nullptr, 10)); }

struct Result {
  long pairs = 0;
  std::int64_t total = 0;
};

// Every pair is allowed. As with the max-pairs objective, each pair's weight carries a
// bonus larger than any difference in total score, so the solvers pair everyone first.
Result solve_mentor(int mentees, int mentors, int capacity, int candidates) {
  const std::vector<int> capacities(static_cast<std::size_t>(mentors), capacity);
  const std::int64_t bonus = 2 * std::int64_t{mentees} * 1000 + 1;
  const auto weight = [bonus](int l, int r) -> std::optional<std::int64_t> {
    return score(static_cast<std::uint64_t>(l), static_cast<std::uint64_t>(r)) + bonus;
  };
  const auto mentor_of =
      mentor::solver::max_weight_assignment(mentees, capacities, weight, candidates);

  Result result;
  for (int l = 0; l < mentees; ++l) {
    const int r = mentor_of[static_cast<std::size_t>(l)];
    if (r < 0) continue;
    ++result.pairs;
    result.total += score(static_cast<std::uint64_t>(l), static_cast<std::uint64_t>(r));
  }
  return result;
}

Result solve_peer(int peers, int candidates) {
  const std::int64_t bonus = std::int64_t{peers} * 1000 + 1;
  // Called with u < v, so score(u, v) is the weight of the undirected edge.
  const auto weight = [bonus](int u, int v) -> std::optional<std::int64_t> {
    return score(static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(v)) + bonus;
  };
  const auto mate = mentor::solver::max_weight_matching(peers, weight, candidates);

  Result result;
  for (int u = 0; u < peers; ++u) {
    const int v = mate[static_cast<std::size_t>(u)];
    if (v <= u) continue;
    ++result.pairs;
    result.total += score(static_cast<std::uint64_t>(u), static_cast<std::uint64_t>(v));
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string kind = argc > 1 ? argv[1] : "";
  const bool mentor = kind == "mentor" && (argc == 5 || argc == 6);
  const bool peer = kind == "peer" && (argc == 3 || argc == 4);
  if (!mentor && !peer) {
    std::cerr << "usage: pairing_bench mentor MENTEES MENTORS CAPACITY [CANDIDATES] | peer "
                 "PEERS [CANDIDATES]\n";
    return 64;
  }
  const int candidate_index = mentor ? 5 : 3;
  const int candidates = argc > candidate_index ? to_int(argv[candidate_index]) : 24;

  const auto start = std::chrono::steady_clock::now();
  const Result result = mentor ? solve_mentor(to_int(argv[2]), to_int(argv[3]), to_int(argv[4]),
                                              candidates)
                               : solve_peer(to_int(argv[2]), candidates);
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;

  std::cout << "{\"kind\": \"" << kind << "\", \"candidates\": " << candidates
            << ", \"pairs\": " << result.pairs << ", \"total\": " << result.total
            << ", \"seconds\": " << seconds.count() << ", \"peak_kib\": " << peak_kib()
            << "}\n";
  return 0;
}
