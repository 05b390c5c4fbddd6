#include "mentor/csv_reader.hpp"

#include <csv.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <optional>

#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

constexpr std::string_view k_byte_order_mark = "\xEF\xBB\xBF";
constexpr std::size_t k_chunk_size = std::size_t{1} << 16;

// Returns the offset of the first byte that does not start or continue a valid UTF-8
// sequence (overlong forms and surrogates included), or npos when `text` is valid.
std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      const unsigned char min = k == 1 ? low : 0x80;
      const unsigned char max = k == 1 ? high : 0xBF;
      if (byte < min || byte > max) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Picks the separator that occurs most often outside quotes in the header line.
// A file with a single column has none, and gets a comma.
unsigned char detect_separator(std::string_view header_line) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
    if (c == '\t') ++tabs;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Only the space character counts as padding for libcsv: with its default, a tab
// would be skipped even when it is the separator.
int is_padding(unsigned char c) { return c == ' ' ? 1 : 0; }

// Converts text from a named encoding to UTF-8 with iconv, chunk by chunk, keeping a
// multibyte sequence split across chunks for the next call.
class Utf8Converter {
 public:
  Utf8Converter(const std::string& encoding, std::string source)
      : m_encoding(encoding), m_source(std::move(source)) {
    m_handle = iconv_open("UTF-8", encoding.c_str());
    if (m_handle == reinterpret_cast<iconv_t>(-1)) {  // NOLINT: iconv's documented error value
      throw UsageError(fmt::format("unknown encoding '{}' for --encoding: use a name that "
                                   "iconv knows, such as latin1 or windows-1252",
                                   encoding));
    }
  }
  Utf8Converter(const Utf8Converter&) = delete;
  Utf8Converter& operator=(const Utf8Converter&) = delete;
  ~Utf8Converter() { iconv_close(m_handle); }

  std::string convert(std::string_view chunk) {
    m_pending.append(chunk);
    std::string output(m_pending.size() * 4 + 16, '\0');
    char* in = m_pending.data();
    std::size_t in_left = m_pending.size();
    char* out = output.data();
    std::size_t out_left = output.size();
    if (iconv(m_handle, &in, &in_left, &out, &out_left) == static_cast<std::size_t>(-1) &&
        errno != EINVAL) {
      // NOTE: iconv reports no line here, because it converts before lines are split.
      throw DataError(fmt::format("{}: the text is not valid {}; check the --encoding", m_source,
                                  m_encoding));
    }
    output.resize(output.size() - out_left);
    m_pending.erase(0, m_pending.size() - in_left);
    return output;
  }

  bool has_pending() const { return !m_pending.empty(); }

 private:
  std::string m_encoding;
  std::string m_source;
  iconv_t m_handle{};
  std::string m_pending;
};

// Feeds libcsv one physical line at a time, so that each record gets the line it
// starts on even when quoted fields contain line breaks.
class LineFeeder {
 public:
  LineFeeder(const CsvReadOptions& options, const std::function<void(const CsvRecord&)>& on_record)
      : m_options(options), m_on_record(on_record) {
    if (csv_init(&m_parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
      throw Error(ExitStatus::software, "cannot initialise the CSV parser");
    }
    csv_set_space_func(&m_parser, is_padding);
  }
  LineFeeder(const LineFeeder&) = delete;
  LineFeeder& operator=(const LineFeeder&) = delete;
  ~LineFeeder() { csv_free(&m_parser); }

  void feed_line(std::string_view line) {
    ++m_line;
    if (m_line == 1 && line.substr(0, k_byte_order_mark.size()) == k_byte_order_mark) {
      line.remove_prefix(k_byte_order_mark.size());
    }
    // The separator is the one the header uses: the first line that is not blank.
    if (!m_separator_known && !is_blank(line)) {
      csv_set_delim(&m_parser, detect_separator(line));
      m_separator_known = true;
    }
    check_utf8(line);
    if (!m_in_record && !is_blank(line)) {
      m_record.line = m_line;
      m_in_record = true;
      m_record_bytes = 0;
    }
    if (m_in_record) {
      m_record_bytes += line.size();
      check_record_size(m_record.line, m_record_bytes);
    }
    if (csv_parse(&m_parser, line.data(), line.size(), on_field, on_record_end, this) !=
        line.size()) {
      throw DataError(fmt::format("{}: line {}: invalid CSV ({}); a quote inside a field must "
                                  "be doubled and the field quoted",
                                  m_options.source, m_line, csv_strerror(csv_error(&m_parser))));
    }
    rethrow_callback_error();
  }

  // Throws DataError when the line being read, not yet complete, is already too long
  // for a record.
  void check_unfinished_line(std::size_t bytes) const {
    check_record_size(m_in_record ? m_record.line : m_line + 1,
                      bytes + (m_in_record ? m_record_bytes : 0));
  }

  void finish() {
    if (csv_fini(&m_parser, on_field, on_record_end, this) != 0) {
      throw DataError(fmt::format("{}: line {}: invalid CSV at the end of the file ({}); a "
                                  "quoted field is probably not closed",
                                  m_options.source, m_record.line,
                                  csv_strerror(csv_error(&m_parser))));
    }
    rethrow_callback_error();
  }

 private:
  void check_utf8(std::string_view line) const {
    const auto offset = find_invalid_utf8(line);
    if (offset == std::string_view::npos) return;
    throw DataError(fmt::format("{}: line {}: the text is not valid UTF-8 (byte 0x{:02X} at "
                                "column {}); if the file is Latin-1, import it with --encoding "
                                "latin1",
                                m_options.source, m_line,
                                static_cast<unsigned char>(line[offset]), offset + 1));
  }

  // libcsv is C code, so exceptions from the record handler are kept here and
  // rethrown once csv_parse has returned, instead of unwinding through it.
  // The strings of the last record are overwritten rather than freed, so that a row
  // costs no allocation for fields no longer than the ones before.
  static void on_field(void* text, std::size_t length, void* self) {
    auto& feeder = *static_cast<LineFeeder*>(self);
    if (feeder.m_error) return;
    if (feeder.m_field_count == k_max_csv_fields) {
      feeder.m_error = std::make_exception_ptr(DataError(fmt::format(
          "{}: line {}: more than {} columns; a roster needs far fewer, so check that this is "
          "the right file",
          feeder.m_options.source, feeder.m_record.line, k_max_csv_fields)));
      return;
    }
    auto& fields = feeder.m_record.fields;
    if (feeder.m_field_count < fields.size()) {
      fields[feeder.m_field_count].assign(static_cast<const char*>(text), length);
    } else {
      fields.emplace_back(static_cast<const char*>(text), length);
    }
    ++feeder.m_field_count;
  }

  static void on_record_end(int /*terminator*/, void* self) {
    auto& feeder = *static_cast<LineFeeder*>(self);
    feeder.m_record.fields.resize(feeder.m_field_count);
    feeder.m_field_count = 0;
    if (!feeder.m_error) {
      try {
        feeder.m_on_record(feeder.m_record);
      } catch (...) {
        feeder.m_error = std::current_exception();
      }
    }
    feeder.m_in_record = false;
  }

  void check_record_size(std::size_t line, std::size_t bytes) const {
    if (bytes <= k_max_csv_record_bytes) return;
    throw DataError(
        fmt::format("{}: line {}: the record is longer than {} bytes; a roster row "
                    "is far shorter, so check that this is the right file and that "
                    "every quoted field is closed",
                    m_options.source, line, k_max_csv_record_bytes));
  }

  void rethrow_callback_error() {
    if (m_error) std::rethrow_exception(m_error);
  }

  const CsvReadOptions& m_options;
  const std::function<void(const CsvRecord&)>& m_on_record;
  csv_parser m_parser{};
  CsvRecord m_record;
  std::size_t m_field_count = 0;  // fields of m_record filled for the current record
  bool m_separator_known = false;
  std::size_t m_line = 0;
  std::size_t m_record_bytes = 0;  // of the lines fed since the current record started
  bool m_in_record = false;
  std::exception_ptr m_error;
};

}  // namespace

void read_csv(std::istream& input, const CsvReadOptions& options,
              const std::function<void(const CsvRecord&)>& on_record) {
  std::optional<Utf8Converter> converter;
  if (!options.encoding.empty()) converter.emplace(options.encoding, options.source);
  LineFeeder feeder(options, on_record);
  std::array<char, k_chunk_size> buffer{};
  std::string pending;

  while (input) {
    input.read(buffer.data(), buffer.size());
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(input.gcount()));
    if (converter) {
      pending += converter->convert(chunk);
    } else {
      pending.append(chunk);
    }

    // Feed every complete line, and keep the unfinished one for the next chunk.
    std::size_t start = 0;
    for (auto end = pending.find('\n'); end != std::string::npos;
         end = pending.find('\n', start)) {
      feeder.feed_line(std::string_view(pending).substr(start, end + 1 - start));
      start = end + 1;
    }
    pending.erase(0, start);
    // A file without line breaks would otherwise be held in memory whole.
    feeder.check_unfinished_line(pending.size());
  }
  if (converter && converter->has_pending()) {
    throw DataError(fmt::format("{}: the file ends inside a multibyte character; check the "
                                "--encoding",
                                options.source));
  }
  if (!pending.empty()) feeder.feed_line(pending);
  feeder.finish();
}

std::string format_csv_row(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) line += ',';
    const auto& field = fields[i];
    const bool needs_quotes = field.find_first_of(",;\t\"\r\n") != std::string::npos ||
                              (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!needs_quotes) {
      line += field;
      continue;
    }
    line += '"';
    for (const char c : field) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += '\n';
  return line;
}

namespace {

bool starts_formula(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Returns whether `value` is a decimal number such as -3, +11.2 or 0.25, which a
// spreadsheet reads as a number and never runs.
bool is_plain_number(std::string_view value) {
  if (!value.empty() && (value.front() == '-' || value.front() == '+')) value.remove_prefix(1);
  const auto is_digits = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
  };
  const auto point = value.find('.');
  if (point == std::string_view::npos) return is_digits(value);
  return is_digits(value.substr(0, point)) && is_digits(value.substr(point + 1));
}

// Returns whether `value` is apostrophes followed by a formula character, such as
// '=x or ''-3: the values that strip_formula_guard shortens.
bool is_guarded_formula(std::string_view value) {
  const auto first = value.find_first_not_of('\'');
  return first != 0 && first != std::string_view::npos && starts_formula(value[first]);
}

}  // namespace

std::string make_formula_safe(std::string_view value) {
  const bool formula = !value.empty() && starts_formula(value.front()) && !is_plain_number(value);
  // A value that already looks guarded gets one more apostrophe, so that the import
  // gives it back exactly.
  const std::size_t guard = formula || is_guarded_formula(value) ? 1 : 0;
  std::string safe(guard + value.size(), '\'');
  std::copy(value.begin(), value.end(), safe.begin() + static_cast<std::ptrdiff_t>(guard));
  return safe;
}

std::string strip_formula_guard(std::string_view value) {
  if (is_guarded_formula(value)) value.remove_prefix(1);
  return std::string(value);
}

}  // namespace mentor
