#include <doctest/doctest.h>

#include <string>
#include <unordered_map>

#include "core/seen_ids.hpp"

using mentor::SeenIds;

TEST_SUITE("seen ids") {
  TEST_CASE("repeat returns the first line") {
    SeenIds seen;
    const auto first = seen.insert("E001", 2);
    CHECK_FALSE(first.first_line);
    const auto again = seen.insert("E001", 9);
    CHECK(again.index == first.index);
    CHECK(again.first_line == std::optional<std::size_t>(2));
    CHECK(seen.line_of("E001") == std::optional<std::size_t>(2));
    CHECK_FALSE(seen.line_of("E002"));
    CHECK(seen.size() == 1);
  }

  TEST_CASE("distinct spellings stay distinct") {
    SeenIds seen;
    for (const char* id : {"7", "07", "007", "e7", "E7", ""}) {
      CHECK_FALSE(seen.insert(id, 1).first_line);
    }
    CHECK(seen.size() == 6);
    CHECK(seen.line_of("") == std::optional<std::size_t>(1));
    CHECK_FALSE(seen.line_of("0007"));
  }

  TEST_CASE("referred id has no line until inserted") {
    SeenIds seen;
    const auto manager = seen.refer("M1");
    CHECK(seen.id(manager) == "M1");
    CHECK_FALSE(seen.line(manager));
    CHECK_FALSE(seen.line_of("M1"));
    CHECK(seen.refer("M1") == manager);

    const auto inserted = seen.insert("M1", 40);
    CHECK(inserted.index == manager);
    CHECK_FALSE(inserted.first_line);
    CHECK(seen.line(manager) == std::optional<std::size_t>(40));
    CHECK(seen.insert("M1", 41).first_line == std::optional<std::size_t>(40));
  }

  TEST_CASE("id longer than a block") {
    SeenIds seen;
    const std::string huge(3'000'000, 'x');
    seen.insert("A", 2);
    const auto index = seen.insert(huge, 3).index;
    seen.insert("B", 4);
    CHECK(seen.id(index) == huge);
    CHECK(seen.line_of(huge) == std::optional<std::size_t>(3));
    CHECK_FALSE(seen.line_of(huge.substr(1)));
    CHECK(seen.line_of("A") == std::optional<std::size_t>(2));
    CHECK(seen.line_of("B") == std::optional<std::size_t>(4));
  }

  TEST_CASE("matches unordered_map through growth") {
    SeenIds seen;
    std::unordered_map<std::string, std::size_t> expected;
    // Ids repeat: the generator draws 60,000 times from 40,000 values.
    std::uint64_t state = 12345;
    for (std::size_t line = 2; line < 60'002; ++line) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto id = "P" + std::to_string((state >> 33) % 40'000);
      const auto [entry, added] = expected.emplace(id, line);
      const auto inserted = seen.insert(id, line);
      CHECK(inserted.first_line.has_value() == !added);
      if (inserted.first_line) CHECK(*inserted.first_line == entry->second);
      CHECK(seen.id(inserted.index) == id);
    }
    CHECK(seen.size() == expected.size());
    for (const auto& [id, line] : expected) CHECK(seen.line_of(id) == std::optional(line));
  }
}
