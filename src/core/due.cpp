#include "mentor/due.hpp"

#include <algorithm>
#include <charconv>

namespace mentor {

namespace {

std::vector<DueRow> active_rows(const Store& store, const std::optional<std::string>& employee_id,
                                Date today) {
  std::vector<DueRow> rows;
  // Only active pairs are due, so the finished pairs of past programs cost no lookups.
  for (const auto& program : store.list_programs()) {
    for (auto& pair : store.list_pairs(program.id)) {
      if (pair.state != PairState::active) continue;
      if (employee_id && pair.mentor_id != *employee_id && pair.mentee_id != *employee_id) {
        continue;
      }
      auto row = pair_status(store, program, std::move(pair), today);
      const Date since = row.last_held.value_or(std::max(program.start, row.pair.paired_on));
      rows.push_back({program.name, std::move(row), static_cast<int>((today - since).count())});
    }
  }
  return rows;
}

}  // namespace

std::vector<DueRow> list_due(const Store& store, const std::optional<std::string>& employee_id,
                             Date until, Date today) {
  auto rows = active_rows(store, employee_id, today);
  std::erase_if(rows, [&](const DueRow& row) {
    return !row.status.next_due || *row.status.next_due > until;
  });
  std::stable_sort(rows.begin(), rows.end(), [](const DueRow& a, const DueRow& b) {
    return *a.status.next_due < *b.status.next_due;
  });
  return rows;
}

std::vector<DueRow> list_stalled(const Store& store, const std::optional<std::string>& employee_id,
                                 int days, Date today) {
  auto rows = active_rows(store, employee_id, today);
  std::erase_if(rows, [&](const DueRow& row) { return row.days_since_held < days; });
  std::stable_sort(rows.begin(), rows.end(), [](const DueRow& a, const DueRow& b) {
    return a.days_since_held > b.days_since_held;
  });
  return rows;
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
