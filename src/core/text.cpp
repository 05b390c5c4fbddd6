#include "mentor/text.hpp"

#include <clocale>
#include <cwchar>
#include <locale.h>

#include <algorithm>

#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

// Decodes one UTF-8 code point at `text[i]`, advancing `i`. Invalid bytes decode as
// themselves (one byte each), so that no input is lost.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 1;
  char32_t code = lead;
  if (lead >= 0xF0 && lead < 0xF8) {
    length = 4;
    code = lead & 0x07U;
  } else if (lead >= 0xE0) {
    length = 3;
    code = lead & 0x0FU;
  } else if (lead >= 0xC0) {
    length = 2;
    code = lead & 0x1FU;
  }
  if (length == 1 || i + length > text.size()) {
    ++i;
    return lead;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0U) != 0x80U) {
      ++i;
      return lead;
    }
    code = (code << 6U) | (byte & 0x3FU);
  }
  i += length;
  return code;
}

bool is_printable_ascii(char32_t code) { return code >= 0x20 && code < 0x7F; }

// The terminal columns of one code point, from the C library's Unicode tables
// (wcwidth under a UTF-8 locale): 0 for combining marks and zero-width characters,
// 2 for wide East Asian characters. Characters it does not classify count as 1.
int column_width(char32_t code) {
  // Printable ASCII is one column. Asking the C library costs a locale switch each time.
  if (is_printable_ascii(code)) return 1;
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8 == static_cast<locale_t>(nullptr)) return 1;
  const locale_t previous = uselocale(utf8);
  const int width = wcwidth(static_cast<wchar_t>(code));
  uselocale(previous);
  return width < 0 ? 1 : width;
}

bool is_c0_or_c1_control(char32_t code) {
  return code < 0x20 || code == 0x7F || (code >= 0x80 && code < 0xA0);
}

bool is_bidi_control(char32_t code) {
  return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

}  // namespace

std::string escape_control(std::string_view text) {
  // Most cells are printable ASCII, which stays as it is.
  const auto printable = [](char c) { return is_printable_ascii(static_cast<unsigned char>(c)); };
  if (std::all_of(text.begin(), text.end(), printable)) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    const char32_t code = next_code_point(text, i);
    if (code == '\n') {
      out += "\\n";
    } else if (code == '\t') {
      out += "\\t";
    } else if (code == '\r') {
      out += "\\r";
    } else if (is_c0_or_c1_control(code)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(code));
    } else if (is_bidi_control(code)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(code));
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string escape_json_controls(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  std::size_t i = 0;
  while (i < json.size()) {
    const std::size_t start = i;
    const char32_t code = next_code_point(json, i);
    // C0 controls stay: the JSON library escapes those in strings, and the rest are the
    // line breaks of the layout.
    if (code >= 0x7F && (is_c0_or_c1_control(code) || is_bidi_control(code))) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(code));
    } else {
      out.append(json.substr(start, i - start));
    }
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    width += static_cast<std::size_t>(column_width(next_code_point(text, i)));
  }
  return width;
}

std::string render_table(const Table& table) {
  const std::size_t columns = table.headers.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(table.rows.size() + 1);
  cells.push_back(table.headers);
  for (const auto& row : table.rows) {
    std::vector<std::string> escaped;
    for (std::size_t c = 0; c < columns; ++c) {
      escaped.push_back(c < row.size() ? escape_control(row[c]) : "");
    }
    cells.push_back(std::move(escaped));
  }

  std::vector<std::size_t> widths(columns, 0);
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < columns; ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }

  std::string out;
  const auto append_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string padding(widths[c] - display_width(row[c]), ' ');
      const bool right = c < table.right_aligned.size() && table.right_aligned[c];
      if (c > 0) line += "  ";
      line += right ? padding + row[c] : row[c] + padding;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  };
  append_row(cells.front());
  std::vector<std::string> rule;
  for (const auto width : widths) rule.emplace_back(width, '-');
  append_row(rule);
  for (std::size_t r = 1; r < cells.size(); ++r) append_row(cells[r]);
  return out;
}

void check_text_length(std::string_view text, std::string_view option) {
  if (text.size() <= k_max_text_bytes) return;
  throw UsageError(fmt::format("{} is {} bytes long, more than the maximum of {}: shorten it, "
                               "or keep the long text elsewhere and note where",
                               option, text.size(), k_max_text_bytes));
}

}  // namespace mentor
