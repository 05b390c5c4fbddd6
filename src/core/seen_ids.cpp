#include "seen_ids.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

constexpr std::size_t k_first_capacity = 1024;  // a power of two
constexpr unsigned k_block_bits = 20;
constexpr std::size_t k_block_size = std::size_t{1} << k_block_bits;  // 1 MiB
constexpr std::size_t k_max_blocks = std::size_t{1} << (32 - k_block_bits);
constexpr std::size_t k_header_size = 2 * sizeof(std::uint32_t);

std::size_t hash_of(std::string_view id) { return std::hash<std::string_view>{}(id); }

std::uint32_t tag_of(std::size_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

std::uint32_t read_u32(const char* at) {
  std::uint32_t value = 0;
  std::memcpy(&value, at, sizeof value);
  return value;
}

void write_u32(char* at, std::uint32_t value) { std::memcpy(at, &value, sizeof value); }

std::uint32_t stored_line(std::size_t line) {
  return static_cast<std::uint32_t>(std::min<std::size_t>(line, UINT32_MAX));
}

}  // namespace

char* SeenIds::entry(Index index) const {
  const auto offset = m_offsets[index];
  return m_blocks[offset >> k_block_bits].get() + (offset & (k_block_size - 1));
}

std::string_view SeenIds::id(Index index) const {
  const char* at = entry(index);
  return {at + k_header_size, read_u32(at)};
}

std::optional<std::size_t> SeenIds::line(Index index) const {
  const auto value = read_u32(entry(index) + sizeof(std::uint32_t));
  if (value == 0) return std::nullopt;
  return value;
}

void SeenIds::append_entry(std::string_view id, std::uint32_t line) {
  const std::size_t entry_size = k_header_size + id.size();
  if (m_blocks.empty() || m_block_used + entry_size > k_block_size) {
    if (m_blocks.size() == k_max_blocks || id.size() > UINT32_MAX) {
      throw DataError("the roster has more employee id text than one import can hold (4 GiB); "
                      "split the file and import the parts one by one");
    }
    m_blocks.push_back(std::make_unique_for_overwrite<char[]>(std::max(entry_size, k_block_size)));
    m_block_used = 0;
  }
  char* at = m_blocks.back().get() + m_block_used;
  write_u32(at, static_cast<std::uint32_t>(id.size()));
  write_u32(at + sizeof(std::uint32_t), line);
  std::memcpy(at + k_header_size, id.data(), id.size());
  m_offsets.push_back(static_cast<std::uint32_t>(((m_blocks.size() - 1) << k_block_bits) |
                                                 m_block_used));
  m_block_used += entry_size;
}

std::size_t SeenIds::probe(std::string_view id, std::size_t hash) const {
  const auto tag = tag_of(hash);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t index = hash & mask;
  while (m_slots[index].index != k_empty &&
         (m_slots[index].tag != tag || this->id(m_slots[index].index) != id)) {
    index = (index + 1) & mask;
  }
  return index;
}

SeenIds::Insertion SeenIds::find_or_add(std::string_view id, std::uint32_t line) {
  // Keep at most half of the slots full, so that probes stay short.
  if ((size() + 1) * 2 > m_slots.size()) grow();
  const auto hash = hash_of(id);
  auto& slot = m_slots[probe(id, hash)];
  if (slot.index != k_empty) return {slot.index, this->line(slot.index)};

  append_entry(id, line);
  slot.index = static_cast<Index>(size() - 1);
  slot.tag = tag_of(hash);
  return {slot.index, std::nullopt};
}

SeenIds::Insertion SeenIds::insert(std::string_view id, std::size_t line) {
  const auto found = find_or_add(id, stored_line(line));
  // An id that was only referred to gets its first line now.
  if (!found.first_line) write_u32(entry(found.index) + sizeof(std::uint32_t), stored_line(line));
  return found;
}

SeenIds::Index SeenIds::refer(std::string_view id) { return find_or_add(id, 0).index; }

std::optional<std::size_t> SeenIds::line_of(std::string_view id) const {
  if (m_slots.empty()) return std::nullopt;
  const auto& slot = m_slots[probe(id, hash_of(id))];
  if (slot.index == k_empty) return std::nullopt;
  return line(slot.index);
}

void SeenIds::grow() {
  if (size() >= k_empty / 2) {
    throw DataError("the roster has more employee ids than one import can hold; split the file "
                    "and import the parts one by one");
  }
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_first_capacity : old.size() * 2, Slot{});
  const std::size_t mask = m_slots.size() - 1;
  for (const auto& slot : old) {
    if (slot.index == k_empty) continue;
    // Every id is distinct, so the first empty slot from its home is its place.
    std::size_t index = hash_of(id(slot.index)) & mask;
    while (m_slots[index].index != k_empty) index = (index + 1) & mask;
    m_slots[index] = slot;
  }
}

}  // namespace mentor
