// The employee ids an import has seen, with the line each was first seen on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentor {

// A hash set of ids packed into one buffer, because a roster of a million people must
// fit beside SQLite's page cache in well under 100 MiB: about 24 bytes per id plus its
// characters, where a std::unordered_map<std::string, std::size_t> takes over 60.
class SeenIds {
 public:
  // Records `id` as seen on `line`. Returns nullopt when it is new, or the line it was
  // first seen on.
  std::optional<std::size_t> insert(std::string_view id, std::size_t line);
  // The line `id` was first seen on, or nullopt.
  std::optional<std::size_t> find(std::string_view id) const;
  bool contains(std::string_view id) const { return find(id).has_value(); }
  std::size_t size() const { return m_size; }

 private:
  // The upper half of the id's hash is kept beside its offset, so that a probe reads the
  // buffer only for an id that is probably the one sought.
  struct Slot {
    std::uint32_t offset = k_empty;  // where the entry starts in m_text
    std::uint32_t tag = 0;
  };
  static constexpr std::uint32_t k_empty = UINT32_MAX;

  std::string_view id_at(std::uint32_t offset) const;
  std::size_t line_at(std::uint32_t offset) const;
  // The slot holding `id`, whose hash is `hash`, or the empty slot where it belongs.
  std::size_t probe(std::string_view id, std::size_t hash) const;
  void grow();

  // Entries are packed into blocks that are never moved, so the buffer grows without
  // the copy, and the spare half, of a doubling string. Each entry is the id's length and
  // its line (4 bytes each; lines past 2^32 - 1 are stored as that value), then its
  // characters. An entry's offset is its block's index times the block size plus its
  // place in the block; an entry larger than a block gets a block of its own.
  const char* entry_at(std::uint32_t offset) const;
  std::uint32_t append_entry(std::string_view id, std::size_t line);

  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::size_t m_block_used = 0;  // bytes used in the last block
  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

}  // namespace mentor
