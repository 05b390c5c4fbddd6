// The employee ids an import has met, with the line of the file each is on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace mentor {

// A hash table of ids packed into blocks of memory, because a roster of a million
// people must fit beside SQLite's page cache in well under 100 MiB: about 28 bytes per
// id plus its characters, where a std::unordered_map<std::string, std::size_t> node
// alone takes about 64 with GCC's library and allocator (an estimate). Each id gets a dense index, so that callers can keep per-id data in vectors.
// An id is either on a line of the file or only referred to, as a manager may be.
class SeenIds {
 public:
  using Index = std::uint32_t;

  struct Insertion {
    Index index;
    std::optional<std::size_t> first_line;  // set when the id was on an earlier line
  };

  // Records that `id` is on `line` (1 or more) of the file.
  Insertion insert(std::string_view id, std::size_t line);
  // Returns the index of `id`, adding it without a line when it is new.
  Index refer(std::string_view id);
  // The line `id` is on, or nullopt when it is not on any line.
  std::optional<std::size_t> line_of(std::string_view id) const;
  std::optional<std::size_t> line(Index index) const;
  std::string_view id(Index index) const;
  // The number of ids, those only referred to included; indexes run from 0 to size() - 1.
  std::size_t size() const { return m_offsets.size(); }

 private:
  // The upper half of the id's hash is kept beside its index, so that a probe reads the
  // id's text only when it is probably the one sought.
  struct Slot {
    Index index = k_empty;
    std::uint32_t tag = 0;
  };
  static constexpr Index k_empty = UINT32_MAX;

  // Entries are packed into blocks that are never moved, so the table grows without the
  // copy, and the spare half, of a doubling string. Each entry is the id's length and
  // its line (4 bytes each; 0 for no line, and lines past 2^32 - 1 stored as that value),
  // then its characters. An entry larger than a block gets a block of its own.
  char* entry(Index index) const;
  // The slot holding `id`, whose hash is `hash`, or the empty slot where it belongs.
  std::size_t probe(std::string_view id, std::size_t hash) const;
  // Returns the index of `id`, adding it with `line` when it is new.
  Insertion find_or_add(std::string_view id, std::uint32_t line);
  void append_entry(std::string_view id, std::uint32_t line);
  void grow();

  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::size_t m_block_used = 0;        // bytes used in the last block
  std::vector<std::uint32_t> m_offsets;  // by index: block index times block size plus place
  std::vector<Slot> m_slots;
};

}  // namespace mentor
