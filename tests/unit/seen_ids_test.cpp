#include <doctest/doctest.h>

#include <string>
#include <unordered_map>

#include "core/seen_ids.hpp"

TEST_SUITE("seen ids") {
  TEST_CASE("repeat returns the first line") {
    mentor::SeenIds seen;
    CHECK_FALSE(seen.insert("E001", 2).has_value());
    CHECK(seen.insert("E001", 9) == std::optional<std::size_t>(2));
    CHECK(seen.find("E001") == std::optional<std::size_t>(2));
    CHECK_FALSE(seen.find("E002").has_value());
    CHECK(seen.size() == 1);
  }

  TEST_CASE("distinct spellings stay distinct") {
    mentor::SeenIds seen;
    for (const char* id : {"7", "07", "007", "e7", "E7", ""}) CHECK_FALSE(seen.insert(id, 1));
    CHECK(seen.size() == 6);
    CHECK(seen.contains(""));
    CHECK_FALSE(seen.contains("0007"));
  }

  TEST_CASE("id longer than a block") {
    mentor::SeenIds seen;
    const std::string huge(3'000'000, 'x');
    CHECK_FALSE(seen.insert("A", 2));
    CHECK_FALSE(seen.insert(huge, 3));
    CHECK_FALSE(seen.insert("B", 4));
    CHECK(seen.find(huge) == std::optional<std::size_t>(3));
    CHECK_FALSE(seen.contains(huge.substr(1)));
    CHECK(seen.find("A") == std::optional<std::size_t>(2));
    CHECK(seen.find("B") == std::optional<std::size_t>(4));
  }

  TEST_CASE("matches unordered_map through growth") {
    mentor::SeenIds seen;
    std::unordered_map<std::string, std::size_t> expected;
    // Ids repeat: the generator draws 60,000 times from 40,000 values.
    std::uint64_t state = 12345;
    for (std::size_t line = 2; line < 60'002; ++line) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto id = "P" + std::to_string((state >> 33) % 40'000);
      const auto [entry, added] = expected.emplace(id, line);
      const auto first = seen.insert(id, line);
      CHECK(first.has_value() == !added);
      if (first) CHECK(*first == entry->second);
    }
    CHECK(seen.size() == expected.size());
    for (const auto& [id, line] : expected) CHECK(seen.find(id) == std::optional(line));
  }
}
