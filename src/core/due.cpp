#include "mentor/due.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace mentor {

namespace {

std::vector<DueRow> active_rows(const Store& store, const std::optional<std::string>& employee_id,
                                Date today) {
  std::map<std::int64_t, Program> programs;
  for (auto& program : store.list_programs()) programs.emplace(program.id, std::move(program));
  PairSelection selection;
  selection.active_only = true;
  auto overviews = store.list_pair_overviews(selection);
  std::vector<DueRow> rows;
  rows.reserve(overviews.size());
  for (auto& overview : overviews) {
    const Pair& pair = overview.pair;
    if (employee_id && pair.mentor_id != *employee_id && pair.mentee_id != *employee_id) {
      continue;
    }
    const Program& program = programs.at(pair.program_id);
    auto row = pair_status(program, std::move(overview), today);
    const Date since = row.last_held.value_or(std::max(program.start, row.pair.paired_on));
    rows.push_back({program.name, std::move(row), static_cast<int>((today - since).count())});
  }
  return rows;
}

// Returns `rows` stably sorted by `less`. A row contains a pair and two people, so the
// sort moves indexes, and each row moves once.
template <typename Less>
std::vector<DueRow> sorted_by(std::vector<DueRow> rows, Less less) {
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return less(rows[a], rows[b]); });
  std::vector<DueRow> sorted;
  sorted.reserve(rows.size());
  for (const std::size_t i : order) sorted.push_back(std::move(rows[i]));
  return sorted;
}

}  // namespace

std::vector<DueRow> list_due(const Store& store, const std::optional<std::string>& employee_id,
                             Date until, Date today) {
  auto rows = active_rows(store, employee_id, today);
  std::erase_if(rows, [&](const DueRow& row) {
    return !row.status.next_due || *row.status.next_due > until;
  });
  // Rows due on the same day keep the order of their programs' names, then of the pairs.
  return sorted_by(std::move(rows), [](const DueRow& a, const DueRow& b) {
    return std::tie(*a.status.next_due, a.program) < std::tie(*b.status.next_due, b.program);
  });
}

std::vector<DueRow> list_stalled(const Store& store, const std::optional<std::string>& employee_id,
                                 int days, Date today) {
  auto rows = active_rows(store, employee_id, today);
  std::erase_if(rows, [&](const DueRow& row) { return row.days_since_held < days; });
  return sorted_by(std::move(rows), [](const DueRow& a, const DueRow& b) {
    if (a.days_since_held != b.days_since_held) return a.days_since_held > b.days_since_held;
    return a.program < b.program;
  });
}

std::optional<int> parse_period_days(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  if (unit != 'd' && unit != 'w') return std::nullopt;
  int count = 0;
  const auto* end = text.data() + text.size() - 1;
  const auto result = std::from_chars(text.data(), end, count);
  if (result.ec != std::errc() || result.ptr != end || count < 1 || count > 3650) {
    return std::nullopt;
  }
  return unit == 'w' ? count * 7 : count;
}

}  // namespace mentor
