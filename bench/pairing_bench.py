"""Benchmark of the pairing solvers; not a test.

Runs the pairing_bench binary on a mentor program (5,000 mentees, 1,000 mentors of
capacity 5) and a peer pool (5,000), and solves the same mentor instance with scipy's
linear_sum_assignment on the cost matrix with each mentor repeated by capacity. Prints
time and peak memory for each, and fails when the totals differ.

    /usr/bin/python3 bench/pairing_bench.py build/pairing_bench
"""

import json
import resource
import subprocess
import sys
import time

import numpy
from scipy.optimize import linear_sum_assignment

MENTEES = 5000
MENTORS = 1000
CAPACITY = 5
PEERS = 5000


def scores(rows, columns):
    """Return the score matrix of pairing_bench.cpp's score(): splitmix64 of
    i * 1000003 + j, modulo 1000."""
    with numpy.errstate(over="ignore"):
        i = numpy.arange(rows, dtype=numpy.uint64)[:, None]
        j = numpy.arange(columns, dtype=numpy.uint64)[None, :]
        z = i * numpy.uint64(1000003) + j + numpy.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> numpy.uint64(30))) * numpy.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> numpy.uint64(27))) * numpy.uint64(0x94D049BB133111EB)
        z ^= z >> numpy.uint64(31)
    return (z % numpy.uint64(1000)).astype(numpy.int64)


def run_binary(binary, *args):
    completed = subprocess.run([binary, *map(str, args)], check=True, capture_output=True,
                               encoding="utf-8")
    return json.loads(completed.stdout)


def run_scipy():
    """Solve the mentor instance with scipy; return (total, seconds, peak MiB)."""
    start = time.perf_counter()
    matrix = numpy.repeat(scores(MENTEES, MENTORS), CAPACITY, axis=1)
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    total = int(matrix[rows, columns].sum())
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return total, seconds, peak_mib


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/pairing_bench"
    full_graph = run_binary(binary, "mentor", MENTEES, MENTORS, CAPACITY, MENTORS)
    mentor = run_binary(binary, "mentor", MENTEES, MENTORS, CAPACITY)
    peer = run_binary(binary, "peer", PEERS)
    scipy_total, scipy_seconds, scipy_peak = run_scipy()

    print(f"mentor program, {MENTEES} mentees x {MENTORS} mentors of capacity {CAPACITY}:")
    print(f"  mentor's solver (LEMON, priced): total {mentor['total']}, pairs {mentor['pairs']}, "
          f"{mentor['seconds']:.2f} s, peak {mentor['peak_kib'] / 1024:.0f} MiB")
    print(f"  the same solver on all {MENTEES * MENTORS} arcs: total {full_graph['total']}, "
          f"{full_graph['seconds']:.2f} s, peak {full_graph['peak_kib'] / 1024:.0f} MiB")
    print(f"  scipy linear_sum_assignment: total {scipy_total}, {scipy_seconds:.2f} s, "
          f"peak {scipy_peak:.0f} MiB (the whole Python process)")
    print(f"peer pool of {PEERS}:")
    print(f"  mentor's solver (LEMON, priced): total {peer['total']}, pairs {peer['pairs']}, "
          f"{peer['seconds']:.2f} s, peak {peer['peak_kib'] / 1024:.0f} MiB")
    if full_graph["total"] != scipy_total or mentor["total"] != scipy_total or mentor["pairs"] != MENTEES:
        print(f"error: mentor's total {mentor['total']} ({mentor['pairs']} pairs) differs from "
              f"scipy's {scipy_total}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
