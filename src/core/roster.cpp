#include "mentor/roster.hpp"

#include <csv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include <date/tz.h>
#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

enum class Field {
  employee_id,
  name,
  email,
  department,
  job_role,
  job_level,
  education_field,
  gender,
  age,
  years_at_company,
  years_since_last_promotion,
  total_working_years,
  timezone,
  manager_id,
};

struct FieldInfo {
  Field field;
  std::string_view name;  // the canonical column name, as `people export` writes it
  std::initializer_list<std::string_view> aliases;  // normalized: lower case, letters and digits
};

const std::array<FieldInfo, 14> k_fields = {{
    {Field::employee_id, "employee_id",
     {"employeeid", "employeeno", "employeenumber", "empid", "empno", "workerid", "staffid", "id"}},
    {Field::name, "name", {"name", "fullname", "employeename", "displayname"}},
    {Field::email, "email", {"email", "workemail", "emailaddress", "mail"}},
    {Field::department, "department", {"department", "dept", "departmentname"}},
    {Field::job_role, "job_role", {"jobrole", "jobtitle", "role", "title", "position"}},
    {Field::job_level, "job_level", {"joblevel", "level", "grade"}},
    {Field::education_field, "education_field", {"educationfield", "education", "fieldofstudy"}},
    {Field::gender, "gender", {"gender"}},
    {Field::age, "age", {"age"}},
    {Field::years_at_company, "years_at_company", {"yearsatcompany", "tenure", "tenureyears"}},
    {Field::years_since_last_promotion, "years_since_last_promotion",
     {"yearssincelastpromotion"}},
    {Field::total_working_years, "total_working_years",
     {"totalworkingyears", "yearsofexperience"}},
    {Field::timezone, "timezone", {"timezone", "tz", "tzname"}},
    {Field::manager_id, "manager_id", {"managerid", "manager", "managerno", "reportsto"}},
}};

constexpr std::array k_required = {Field::employee_id, Field::name, Field::job_level};

std::string normalize_header(std::string_view header) {
  std::string key;
  for (const char c : header) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

const FieldInfo& info(Field field) { return k_fields[static_cast<std::size_t>(field)]; }

// Collects libcsv's callbacks into whole records and hands each to the row handler.
class RosterBuilder {
 public:
  explicit RosterBuilder(std::string source) : m_source(std::move(source)) {}

  void on_field(std::string_view text) { m_record.push_back(trim(text)); }

  void on_record_end() {
    ++m_row;
    const bool blank = std::all_of(m_record.begin(), m_record.end(),
                                   [](const std::string& value) { return value.empty(); });
    if (!blank) {
      if (m_columns.empty()) {
        read_header();
      } else {
        read_row();
      }
    }
    m_record.clear();
  }

  std::size_t row() const { return m_row; }

  Roster finish() {
    if (m_columns.empty()) {
      throw DataError(fmt::format("{} is empty: a roster needs a header row and one row per "
                                  "employee",
                                  m_source));
    }
    return std::move(m_roster);
  }

 private:
  void read_header() {
    m_roster.columns = m_record;
    m_columns.assign(m_record.size(), std::nullopt);
    for (std::size_t i = 0; i < m_record.size(); ++i) {
      const auto key = normalize_header(m_record[i]);
      for (const auto& candidate : k_fields) {
        if (std::find(candidate.aliases.begin(), candidate.aliases.end(), key) ==
            candidate.aliases.end()) {
          continue;
        }
        if (m_seen.count(candidate.field) != 0) {
          throw DataError(fmt::format("{}: columns '{}' and '{}' both give {}; keep one of them",
                                      m_source, m_record[m_seen[candidate.field]], m_record[i],
                                      candidate.name));
        }
        m_seen[candidate.field] = i;
        m_columns[i] = candidate.field;
      }
    }
    std::vector<std::string> missing;
    for (const Field field : k_required) {
      if (m_seen.count(field) == 0) missing.emplace_back(info(field).name);
    }
    if (!missing.empty()) {
      throw DataError(fmt::format("{}: missing required column(s) {}; the file has columns: {}",
                                  m_source, fmt::join(missing, ", "),
                                  fmt::join(m_record, ", ")));
    }
  }

  void problem(Field field, const std::string& value, std::string message) {
    m_roster.problems.push_back({m_row, std::string(info(field).name), value, std::move(message)});
  }

  std::optional<int> read_int(Field field, const std::string& value, int minimum) {
    if (value.empty()) return std::nullopt;
    int number = 0;
    const auto* end = value.data() + value.size();
    const auto result = std::from_chars(value.data(), end, number);
    if (result.ec != std::errc() || result.ptr != end || number < minimum) {
      problem(field, value, fmt::format("must be a whole number of at least {}", minimum));
      return std::nullopt;
    }
    return number;
  }

  void read_row() {
    ++m_roster.rows_read;
    if (m_record.size() > m_columns.size()) {
      problem(Field::employee_id, m_record.empty() ? "" : m_record.front(),
              fmt::format("the row has {} fields but the header has {} columns", m_record.size(),
                          m_columns.size()));
      return;
    }
    const std::size_t problems_before = m_roster.problems.size();
    std::map<Field, std::string> values;
    for (std::size_t i = 0; i < m_record.size(); ++i) {
      if (m_columns[i]) values[*m_columns[i]] = m_record[i];
    }

    Person person;
    person.employee_id = values[Field::employee_id];
    person.name = values[Field::name];
    person.email = values[Field::email];
    std::transform(person.email.begin(), person.email.end(), person.email.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    person.department = values[Field::department];
    person.job_role = values[Field::job_role];
    person.education_field = values[Field::education_field];
    person.gender = values[Field::gender];
    person.timezone = values[Field::timezone];
    person.manager_id = values[Field::manager_id];

    if (person.employee_id.empty()) problem(Field::employee_id, "", "is empty");
    if (person.name.empty()) problem(Field::name, "", "is empty");
    const auto level = read_int(Field::job_level, values[Field::job_level], 0);
    if (values[Field::job_level].empty()) problem(Field::job_level, "", "is empty");
    person.job_level = level.value_or(0);
    if (!person.email.empty() && person.email.find('@') == std::string::npos) {
      problem(Field::email, person.email, "is not an email address (no @)");
    }
    if (!person.timezone.empty() && !is_known_zone(person.timezone)) {
      problem(Field::timezone, person.timezone,
              "is not a time zone in the system's tz database; use an IANA name such as "
              "Europe/Berlin");
    }
    person.age = read_int(Field::age, values[Field::age], 0);
    person.years_at_company = read_int(Field::years_at_company, values[Field::years_at_company], 0);
    person.years_since_last_promotion = read_int(
        Field::years_since_last_promotion, values[Field::years_since_last_promotion], 0);
    person.total_working_years =
        read_int(Field::total_working_years, values[Field::total_working_years], 0);
    if (m_roster.problems.size() != problems_before) return;

    add_person(std::move(person));
  }

  // A row repeated exactly is one person; the same id with other data is a problem.
  void add_person(Person person) {
    const auto [found, inserted] = m_rows_by_id.try_emplace(person.employee_id, m_row);
    if (!inserted) {
      const Person& first = m_roster.people[m_index_by_id[person.employee_id]];
      if (!(first == person)) {
        problem(Field::employee_id, person.employee_id,
                fmt::format("is also on row {} with different data; keep one of the two rows",
                            found->second));
      }
      return;
    }
    m_index_by_id[person.employee_id] = m_roster.people.size();
    m_roster.people.push_back(std::move(person));
  }

  static bool is_known_zone(const std::string& name) {
    try {
      date::locate_zone(name);
      return true;
    } catch (const std::runtime_error&) {
      return false;
    }
  }

  std::string m_source;
  Roster m_roster;
  std::vector<std::string> m_record;
  std::vector<std::optional<Field>> m_columns;
  std::map<Field, std::size_t> m_seen;
  std::map<std::string, std::size_t> m_rows_by_id;
  std::map<std::string, std::size_t> m_index_by_id;
  std::size_t m_row = 0;
};

extern "C" void on_csv_field(void* text, std::size_t length, void* builder) {
  static_cast<RosterBuilder*>(builder)->on_field(
      std::string_view(static_cast<const char*>(text), length));
}

extern "C" void on_csv_record(int /*terminator*/, void* builder) {
  static_cast<RosterBuilder*>(builder)->on_record_end();
}

// Owns a libcsv parser so that it is freed on every path, including exceptions.
class CsvParser {
 public:
  CsvParser() {
    if (csv_init(&m_parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
      throw Error(ExitStatus::software, "cannot initialise the CSV parser");
    }
  }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;
  ~CsvParser() { csv_free(&m_parser); }
  csv_parser* get() { return &m_parser; }

 private:
  csv_parser m_parser{};
};

}  // namespace

Roster read_roster(std::istream& input, const std::string& source) {
  RosterBuilder builder(source);
  CsvParser parser;
  std::array<char, 1 << 16> buffer{};
  bool first_chunk = true;
  while (input) {
    input.read(buffer.data(), buffer.size());
    auto length = static_cast<std::size_t>(input.gcount());
    const char* data = buffer.data();
    // Spreadsheets often save UTF-8 with a byte-order mark; it is not part of the header.
    if (first_chunk && length >= 3 && std::string_view(data, 3) == "\xEF\xBB\xBF") {
      data += 3;
      length -= 3;
    }
    first_chunk = false;
    if (csv_parse(parser.get(), data, length, on_csv_field, on_csv_record, &builder) != length) {
      throw DataError(fmt::format("{}: invalid CSV near row {}: {}", source,
                                  builder.row() + 1,
                                  csv_strerror(csv_error(parser.get()))));
    }
  }
  if (csv_fini(parser.get(), on_csv_field, on_csv_record, &builder) != 0) {
    throw DataError(fmt::format("{}: invalid CSV at the end of the file: {}", source,
                                csv_strerror(csv_error(parser.get()))));
  }
  return builder.finish();
}

ImportSummary import_roster(Store& store, const Roster& roster) {
  if (!roster.problems.empty()) {
    std::string listing;
    const std::size_t shown = std::min(roster.problems.size(), k_max_listed_problems);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& p = roster.problems[i];
      listing += fmt::format("\n  row {}, column {}: '{}' {}", p.row, p.column, p.value,
                             p.message);
    }
    if (shown < roster.problems.size()) {
      listing += fmt::format("\n  ... and {} more", roster.problems.size() - shown);
    }
    throw DataError(fmt::format("the roster has {} invalid value(s); nothing was imported; fix "
                                "them and import again:{}",
                                roster.problems.size(), listing));
  }

  ImportSummary summary;
  for (const auto& person : roster.people) {
    switch (store.upsert_person(person)) {
      case Upsert::added: ++summary.added; break;
      case Upsert::updated: ++summary.updated; break;
      case Upsert::unchanged: ++summary.unchanged; break;
    }
  }
  return summary;
}

}  // namespace mentor
