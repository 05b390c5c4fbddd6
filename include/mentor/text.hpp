// Plain-text tables for terminals, safe against control characters in the data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mentor {

// Replaces control characters (C0, DEL and C1, including ESC) and the bidirectional
// overrides and isolates (U+202A to U+202E, U+2066 to U+2069) with visible escapes
// such as "\x1b", "\n" and "\u202e", so that data cannot move the cursor, recolour a
// terminal or reorder the text around it.
std::string escape_control(std::string_view text);

// Returns serialized JSON with DEL, the C1 controls and the bidirectional controls
// written as \u escapes. JSON libraries escape only the C0 controls, and these others
// occur only inside strings, where the escape stands for the same character.
std::string escape_json_controls(std::string_view json);

// The number of terminal columns `text` takes, by the C library's wcwidth: none for
// combining marks, two for wide East Asian characters, one for the rest.
std::size_t display_width(std::string_view text);

// The maximum size of a free text that a command stores (notes, topics, goals). 64 KiB
// is far more than a session's notes need, and keeps a pasted file out of the database
// and of every later listing.
constexpr std::size_t k_max_text_bytes = 64 * 1024;

// Throws UsageError naming `option` (such as "--notes") when `text` is longer than
// k_max_text_bytes.
void check_text_length(std::string_view text, std::string_view option);

// Returns the count and the noun in agreement with it: "1 pair", "0 pairs", "3 pairs".
template <typename Count>
std::string counted(Count count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_aligned;  // per column; missing entries mean left-aligned
};

// Renders the table with one space-padded column per header and a rule under the
// header. Cells are escaped with escape_control first.
std::string render_table(const Table& table);

}  // namespace mentor
