// Compiled as C++17: see matching_solver.hpp.
#include "matching_solver.hpp"

#include <algorithm>
#include <utility>

#include <lemon/matching.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

namespace mentor::solver {

namespace {

struct Link {
  int from;
  int to;
  std::int64_t weight;
};

// Keeps the `limit` heaviest links, ties to the lower `to`, so the choice is stable.
void keep_heaviest(std::vector<Link>& links, int limit) {
  const auto heavier = [](const Link& a, const Link& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.to < b.to;
  };
  const auto kept = std::min(links.size(), static_cast<std::size_t>(std::max(limit, 0)));
  std::partial_sort(links.begin(), links.begin() + static_cast<std::ptrdiff_t>(kept), links.end(),
                    heavier);
  links.resize(kept);
}

// The links of each node, sorted by `to`, for membership tests while pricing.
class LinkSet {
 public:
  explicit LinkSet(int node_count) : m_targets(static_cast<std::size_t>(node_count)) {}

  bool contains(int from, int to) const {
    const auto& targets = m_targets[static_cast<std::size_t>(from)];
    return std::binary_search(targets.begin(), targets.end(), to);
  }

  void add(const Link& link) {
    if (contains(link.from, link.to)) return;
    auto& targets = m_targets[static_cast<std::size_t>(link.from)];
    targets.insert(std::upper_bound(targets.begin(), targets.end(), link.to), link.to);
    m_links.push_back(link);
  }

  const std::vector<Link>& links() const { return m_links; }

 private:
  std::vector<std::vector<int>> m_targets;
  std::vector<Link> m_links;
};

struct AssignmentSolution {
  std::vector<int> right_of_left;
  std::vector<std::int64_t> left_potential;
  std::vector<std::int64_t> right_potential;
};

// Min-cost flow: source -> left (1) -> right (1, cost -weight) -> sink (capacity), with a
// free source -> sink arc so that nobody has to be assigned.
AssignmentSolution solve_assignment(int left_count, const std::vector<int>& capacities,
                                    const std::vector<Link>& links) {
  using Graph = lemon::SmartDigraph;
  Graph graph;
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  std::vector<Graph::Node> left;
  std::vector<Graph::Node> right;
  for (int i = 0; i < left_count; ++i) left.push_back(graph.addNode());
  for (std::size_t r = 0; r < capacities.size(); ++r) right.push_back(graph.addNode());

  Graph::ArcMap<std::int64_t> capacity(graph);
  Graph::ArcMap<std::int64_t> cost(graph);
  const auto add_arc = [&](Graph::Node from, Graph::Node to, std::int64_t upper,
                           std::int64_t arc_cost) {
    const Graph::Arc arc = graph.addArc(from, to);
    capacity[arc] = upper;
    cost[arc] = arc_cost;
    return arc;
  };
  for (const auto node : left) add_arc(source, node, 1, 0);
  for (std::size_t r = 0; r < capacities.size(); ++r) add_arc(right[r], sink, capacities[r], 0);
  add_arc(source, sink, left_count, 0);
  std::vector<Graph::Arc> link_arcs;
  for (const auto& link : links) {
    link_arcs.push_back(add_arc(left[static_cast<std::size_t>(link.from)],
                                right[static_cast<std::size_t>(link.to)], 1, -link.weight));
  }

  lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(graph);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, left_count);
  simplex.run();

  AssignmentSolution solution;
  solution.right_of_left.assign(static_cast<std::size_t>(left_count), -1);
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (simplex.flow(link_arcs[i]) > 0) {
      solution.right_of_left[static_cast<std::size_t>(links[i].from)] = links[i].to;
    }
  }
  for (const auto node : left) solution.left_potential.push_back(simplex.potential(node));
  for (const auto node : right) solution.right_potential.push_back(simplex.potential(node));
  return solution;
}

}  // namespace

std::vector<int> max_weight_assignment(int left_count, const std::vector<int>& capacities,
                                       const WeightFunction& weight, int candidates_per_left) {
  const int right_count = static_cast<int>(capacities.size());
  LinkSet chosen(left_count);
  for (int l = 0; l < left_count; ++l) {
    std::vector<Link> links;
    for (int r = 0; r < right_count; ++r) {
      const auto w = weight(l, r);
      if (w && *w > 0 && capacities[static_cast<std::size_t>(r)] > 0) links.push_back({l, r, *w});
    }
    keep_heaviest(links, candidates_per_left);
    for (const auto& link : links) chosen.add(link);
  }

  while (true) {
    const AssignmentSolution solution = solve_assignment(left_count, capacities, chosen.links());

    // Pricing: an arc left out with a negative reduced cost could improve the flow.
    // LEMON's reduced cost of arc uv is cost(uv) + potential(u) - potential(v).
    std::vector<Link> violations;
    for (int l = 0; l < left_count; ++l) {
      std::vector<Link> improving;
      for (int r = 0; r < right_count; ++r) {
        if (capacities[static_cast<std::size_t>(r)] <= 0 || chosen.contains(l, r)) continue;
        const auto w = weight(l, r);
        if (!w || *w <= 0) continue;
        const std::int64_t reduced = -*w + solution.left_potential[static_cast<std::size_t>(l)] -
                                     solution.right_potential[static_cast<std::size_t>(r)];
        if (reduced < 0) improving.push_back({l, r, -reduced});
      }
      keep_heaviest(improving, std::max(candidates_per_left, 1));
      violations.insert(violations.end(), improving.begin(), improving.end());
    }
    if (violations.empty()) return solution.right_of_left;
    for (const auto& violation : violations) {
      chosen.add({violation.from, violation.to, *weight(violation.from, violation.to)});
    }
  }
}

namespace {

struct MatchingSolution {
  std::vector<int> mate;
  std::vector<std::int64_t> node_dual;
  std::vector<std::vector<int>> blossoms_of_node;  // sorted blossom indices
  std::vector<std::int64_t> blossom_dual;
  std::int64_t dual_scale = 1;
};

MatchingSolution solve_matching(int node_count, const std::vector<Link>& links) {
  using Graph = lemon::SmartGraph;
  Graph graph;
  std::vector<Graph::Node> nodes;
  for (int i = 0; i < node_count; ++i) nodes.push_back(graph.addNode());
  Graph::EdgeMap<std::int64_t> weight(graph);
  for (const auto& link : links) {
    const Graph::Edge edge = graph.addEdge(nodes[static_cast<std::size_t>(link.from)],
                                           nodes[static_cast<std::size_t>(link.to)]);
    weight[edge] = link.weight;
  }
  using Matching = lemon::MaxWeightedMatching<Graph, Graph::EdgeMap<std::int64_t>>;
  Matching matching(graph, weight);
  matching.run();

  MatchingSolution solution;
  solution.dual_scale = Matching::dualScale;
  solution.blossoms_of_node.resize(static_cast<std::size_t>(node_count));
  for (const auto node : nodes) {
    const Graph::Node mate = matching.mate(node);
    solution.mate.push_back(mate == lemon::INVALID ? -1 : graph.id(mate));
    solution.node_dual.push_back(matching.nodeValue(node));
  }
  for (int k = 0; k < matching.blossomNum(); ++k) {
    solution.blossom_dual.push_back(matching.blossomValue(k));
    for (Matching::BlossomIt it(matching, k); it != lemon::INVALID; ++it) {
      solution.blossoms_of_node[static_cast<std::size_t>(graph.id(it))].push_back(k);
    }
  }
  return solution;
}

// The left side of edge uv's dual constraint: y(u) + y(v) + z(B) over blossoms B
// containing both ends. The matching is optimal when it is at least scale * w(uv).
std::int64_t edge_dual(const MatchingSolution& solution, int u, int v) {
  const auto& in_u = solution.blossoms_of_node[static_cast<std::size_t>(u)];
  const auto& in_v = solution.blossoms_of_node[static_cast<std::size_t>(v)];
  std::int64_t total = solution.node_dual[static_cast<std::size_t>(u)] +
                       solution.node_dual[static_cast<std::size_t>(v)];
  std::vector<int> shared;
  std::set_intersection(in_u.begin(), in_u.end(), in_v.begin(), in_v.end(),
                        std::back_inserter(shared));
  for (const int k : shared) total += solution.blossom_dual[static_cast<std::size_t>(k)];
  return total;
}

}  // namespace

std::vector<int> max_weight_matching(int node_count, const WeightFunction& weight,
                                     int candidates_per_node) {
  const auto weight_between = [&weight](int u, int v) {
    return u < v ? weight(u, v) : weight(v, u);
  };
  LinkSet chosen(node_count);
  for (int u = 0; u < node_count; ++u) {
    std::vector<Link> links;
    for (int v = 0; v < node_count; ++v) {
      if (v == u) continue;
      const auto w = weight_between(u, v);
      if (w && *w > 0) links.push_back({u, v, *w});
    }
    keep_heaviest(links, candidates_per_node);
    for (const auto& link : links) {
      chosen.add({std::min(link.from, link.to), std::max(link.from, link.to), link.weight});
    }
  }

  while (true) {
    const MatchingSolution solution = solve_matching(node_count, chosen.links());
    std::vector<Link> violations;
    for (int u = 0; u < node_count; ++u) {
      std::vector<Link> improving;
      for (int v = u + 1; v < node_count; ++v) {
        if (chosen.contains(u, v)) continue;
        const auto w = weight(u, v);
        if (!w || *w <= 0) continue;
        const std::int64_t slack = edge_dual(solution, u, v) - solution.dual_scale * *w;
        if (slack < 0) improving.push_back({u, v, -slack});
      }
      keep_heaviest(improving, std::max(candidates_per_node, 1));
      violations.insert(violations.end(), improving.begin(), improving.end());
    }
    if (violations.empty()) return solution.mate;
    for (const auto& violation : violations) {
      chosen.add({violation.from, violation.to, *weight(violation.from, violation.to)});
    }
  }
}

}  // namespace mentor::solver
