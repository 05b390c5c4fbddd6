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

}  // namespace

const char* SeenIds::entry_at(std::uint32_t offset) const {
  return m_blocks[offset >> k_block_bits].get() + (offset & (k_block_size - 1));
}

std::string_view SeenIds::id_at(std::uint32_t offset) const {
  const char* entry = entry_at(offset);
  return {entry + k_header_size, read_u32(entry)};
}

std::size_t SeenIds::line_at(std::uint32_t offset) const {
  return read_u32(entry_at(offset) + sizeof(std::uint32_t));
}

std::uint32_t SeenIds::append_entry(std::string_view id, std::size_t line) {
  const std::size_t entry_size = k_header_size + id.size();
  if (m_blocks.empty() || m_block_used + entry_size > k_block_size) {
    if (m_blocks.size() == k_max_blocks || id.size() > UINT32_MAX) {
      throw DataError("the roster has more employee id text than one import can hold (4 GiB); "
                      "split the file");
    }
    m_blocks.push_back(std::make_unique_for_overwrite<char[]>(std::max(entry_size, k_block_size)));
    m_block_used = 0;
  }
  char* entry = m_blocks.back().get() + m_block_used;
  write_u32(entry, static_cast<std::uint32_t>(id.size()));
  write_u32(entry + sizeof(std::uint32_t),
            static_cast<std::uint32_t>(std::min<std::size_t>(line, UINT32_MAX)));
  std::memcpy(entry + k_header_size, id.data(), id.size());
  const auto offset = static_cast<std::uint32_t>(((m_blocks.size() - 1) << k_block_bits) |
                                                 m_block_used);
  m_block_used += entry_size;
  return offset;
}

std::size_t SeenIds::probe(std::string_view id, std::size_t hash) const {
  const auto tag = tag_of(hash);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t index = hash & mask;
  while (m_slots[index].offset != k_empty &&
         (m_slots[index].tag != tag || id_at(m_slots[index].offset) != id)) {
    index = (index + 1) & mask;
  }
  return index;
}

std::optional<std::size_t> SeenIds::find(std::string_view id) const {
  if (m_slots.empty()) return std::nullopt;
  const auto& slot = m_slots[probe(id, hash_of(id))];
  if (slot.offset == k_empty) return std::nullopt;
  return line_at(slot.offset);
}

std::optional<std::size_t> SeenIds::insert(std::string_view id, std::size_t line) {
  // Keep at most half of the slots full, so that probes stay short.
  if ((m_size + 1) * 2 > m_slots.size()) grow();
  const auto hash = hash_of(id);
  auto& slot = m_slots[probe(id, hash)];
  if (slot.offset != k_empty) return line_at(slot.offset);

  slot.offset = append_entry(id, line);
  slot.tag = tag_of(hash);
  ++m_size;
  return std::nullopt;
}

void SeenIds::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_first_capacity : old.size() * 2, Slot{});
  const std::size_t mask = m_slots.size() - 1;
  for (const auto& slot : old) {
    if (slot.offset == k_empty) continue;
    // Every id is distinct, so the first empty slot from its home is its place.
    std::size_t index = hash_of(id_at(slot.offset)) & mask;
    while (m_slots[index].offset != k_empty) index = (index + 1) & mask;
    m_slots[index] = slot;
  }
}

}  // namespace mentor
