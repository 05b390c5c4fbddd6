// Exact weighted assignment and matching, behind an interface free of LEMON types.
// The implementation (matching_solver.cpp) is compiled as C++17 because the LEMON
// 1.3.1 headers use std::allocator members that C++20 removed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace mentor::solver {

// The weight of linking `left` with `right`, or nullopt when they must not be linked.
// Only positive weights are worth a link, so the solvers never use the others.
using WeightFunction = std::function<std::optional<std::int64_t>(int left, int right)>;

// Solves a maximum-weight assignment with capacities exactly: each of `left_count`
// left nodes gets at most one right node, and right node r at most capacities[r] left
// nodes. Returns, for each left node, its right node or -1.
//
// The solver starts from the `candidates_per_left` heaviest arcs of each left node and
// proves optimality with the dual prices of LEMON's network simplex: every arc left out
// must have a non-negative reduced cost, and arcs that do not are added before solving
// again. The result is therefore optimal over all arcs, while the graph stays small.
// Ties go to the solution the solver reaches from the arcs in index order, so the same
// input always gives the same output.
std::vector<int> max_weight_assignment(int left_count, const std::vector<int>& capacities,
                                       const WeightFunction& weight, int candidates_per_left);

// Solves a maximum-weight matching in the general graph on `node_count` nodes, where
// weight(u, v) is called with u < v. Returns each node's mate or -1. Like the
// assignment, it starts from the `candidates_per_node` heaviest edges of each node and
// adds every left-out edge that violates LEMON's blossom duals until none does.
std::vector<int> max_weight_matching(int node_count, const WeightFunction& weight,
                                     int candidates_per_node);

}  // namespace mentor::solver
