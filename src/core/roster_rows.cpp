#include "roster_rows.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/people.hpp"
#include "mentor/text.hpp"

namespace mentor {

namespace roster {

namespace {

// The largest number a roster cell may hold (levels, ages, years), as `people add
// --level` allows.
constexpr int k_max_number = 1000;

struct FieldInfo {
  Field field;
  std::string_view name;  // the canonical column name, as `people export` writes it
  std::initializer_list<std::string_view> aliases;  // normalized: lower case, letters and digits
};

const std::array<FieldInfo, 16> k_fields = {{
    {Field::employee_id, "employee_id",
     {"employeeid", "employeeno", "employeenumber", "empid", "empno", "workerid", "workerno",
      "staffid", "personnelnumber", "id"}},
    {Field::name, "name", {"name", "fullname", "employeename", "displayname", "workername"}},
    {Field::email, "email", {"email", "workemail", "emailaddress", "workemailaddress", "mail"}},
    {Field::department, "department", {"department", "dept", "departmentname"}},
    {Field::job_role, "job_role", {"jobrole", "jobtitle", "role", "title", "position"}},
    {Field::job_level, "job_level", {"joblevel", "level", "grade", "jobgrade"}},
    {Field::education_field, "education_field", {"educationfield", "education", "fieldofstudy"}},
    {Field::gender, "gender", {"gender"}},
    {Field::age, "age", {"age"}},
    {Field::years_at_company, "years_at_company", {"yearsatcompany", "tenure", "tenureyears"}},
    {Field::years_since_last_promotion, "years_since_last_promotion",
     {"yearssincelastpromotion"}},
    {Field::total_working_years, "total_working_years",
     {"totalworkingyears", "yearsofexperience"}},
    {Field::timezone, "timezone", {"timezone", "tz", "tzname"}},
    {Field::manager_id, "manager_id",
     {"managerid", "manager", "managerno", "manageremployeeid", "reportsto"}},
    {Field::first_name, "first_name", {"firstname", "givenname", "forename"}},
    {Field::last_name, "last_name", {"lastname", "surname", "familyname"}},
}};

const FieldInfo& info(Field field) { return k_fields[static_cast<std::size_t>(field)]; }

std::string normalize_header(std::string_view header) {
  std::string key;
  for (const char c : header) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<Field> field_named(std::string_view name) {
  for (const auto& candidate : k_fields) {
    if (candidate.name == name) return candidate.field;
  }
  return std::nullopt;
}

// The field a header gives: through the config's mapping first, then the aliases.
std::optional<Field> field_for_header(const std::string& key,
                                      const std::map<std::string, Field>& mapped) {
  if (const auto found = mapped.find(key); found != mapped.end()) return found->second;
  for (const auto& candidate : k_fields) {
    if (std::find(candidate.aliases.begin(), candidate.aliases.end(), key) !=
        candidate.aliases.end()) {
      return candidate.field;
    }
  }
  return std::nullopt;
}

std::map<std::string, Field> normalize_mapping(const ColumnMapping& columns,
                                               const std::string& source) {
  std::map<std::string, Field> mapped;
  for (const auto& [header, field_name] : columns) {
    const auto field = field_named(field_name);
    if (!field) {
      throw ConfigError(fmt::format("[import.columns] maps '{}' to '{}', which is not a roster "
                                    "field; known fields: {} (while reading {})",
                                    header, field_name, fmt::join(roster_field_names(), ", "),
                                    source));
    }
    mapped[normalize_header(header)] = *field;
  }
  return mapped;
}

void check_required(const Layout& layout, const std::string& source) {
  const auto has = [&](Field field) {
    return std::find(layout.fields.begin(), layout.fields.end(), field) != layout.fields.end();
  };
  std::vector<std::string> missing;
  if (!has(Field::employee_id)) missing.emplace_back("employee_id");
  if (!has(Field::name) && !(has(Field::first_name) && has(Field::last_name))) {
    missing.emplace_back("name (or first_name and last_name)");
  }
  if (!has(Field::job_level)) missing.emplace_back("job_level");
  if (missing.empty()) return;
  throw DataError(fmt::format("{}: missing required column(s) {}; the file has columns: {}; "
                              "rename a column or map it under [import.columns] in the config",
                              source, fmt::join(missing, ", "), fmt::join(layout.headers, ", ")));
}

}  // namespace

Layout read_header(const CsvRecord& header, const ColumnMapping& columns,
                   const std::string& source) {
  const auto mapped = normalize_mapping(columns, source);
  Layout layout;
  std::map<Field, std::size_t> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string text(trim(header.fields[i]));
    layout.headers.push_back(escape_control(text));
    layout.unnamed.push_back(text.empty());
    const auto field = field_for_header(normalize_header(text), mapped);
    layout.fields.push_back(field);
    if (!field) continue;
    if (const auto first = seen.find(*field); first != seen.end()) {
      throw DataError(fmt::format("{}: line {}: columns {} '{}' and {} '{}' both give {}; "
                                  "remove or rename one of them",
                                  source, header.line, first->second + 1,
                                  layout.headers[first->second], i + 1, layout.headers[i],
                                  info(*field).name));
    }
    seen[*field] = i;
  }
  layout.has_manager = seen.count(Field::manager_id) != 0;
  check_required(layout, source);
  return layout;
}

bool ZoneChecker::is_known(const std::string& name) {
  if (const auto found = m_known.find(name); found != m_known.end()) return found->second;
  const bool known = is_known_time_zone(name);
  // A file of many distinct invalid names must not grow the cache without bound.
  if (m_known.size() < 4096) m_known.emplace(name, known);
  return known;
}

namespace {

class RowReader {
 public:
  RowReader(const Layout& layout, const CsvRecord& record, ParsedRow& row)
      : m_layout(layout), m_record(record), m_row(row) {}

  void read_values() {
    // Every row of a CSV export has the header's columns. A shorter one is most often a
    // file cut off mid-row, by a stopped transfer, and would clear the missing fields.
    if (m_record.fields.size() < m_layout.fields.size()) {
      problem_at(m_record.fields.size(), "",
                 fmt::format("is missing: the row has {} of the header's {} columns; complete "
                             "the row, or check that the file was not cut short",
                             m_record.fields.size(), m_layout.fields.size()));
    }
    for (std::size_t i = 0; i < m_record.fields.size(); ++i) {
      auto value = strip_formula_guard(trim(m_record.fields[i]));
      if (value.empty()) continue;
      if (i >= m_layout.fields.size() || m_layout.unnamed[i]) {
        problem_at(i, value, "is in a column without a header name; name the column or "
                             "remove the value");
      } else if (const auto field = m_layout.fields[i]) {
        m_values[static_cast<std::size_t>(*field)] = std::move(value);
      }
    }
  }

  void fill_person(ZoneChecker& zones) {
    Person& person = m_row.person;
    person.employee_id = move_out(Field::employee_id);
    person.name = move_out(Field::name);
    if (person.name.empty()) {
      const auto first = take(Field::first_name);
      const auto last = take(Field::last_name);
      person.name = trim(first + " " + last);
    }
    person.email = move_out(Field::email);
    std::transform(person.email.begin(), person.email.end(), person.email.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    person.department = move_out(Field::department);
    person.job_role = move_out(Field::job_role);
    person.education_field = move_out(Field::education_field);
    person.gender = move_out(Field::gender);
    person.timezone = move_out(Field::timezone);
    person.manager_id = move_out(Field::manager_id);

    if (person.employee_id.empty()) problem(Field::employee_id, "is empty");
    if (person.name.empty()) problem(Field::name, "is empty");
    if (take(Field::job_level).empty()) {
      problem(Field::job_level, "is empty");
    } else {
      person.job_level = read_int(Field::job_level).value_or(0);
    }
    if (!person.email.empty() && !is_email_address(person.email)) {
      problem(Field::email, person.email, "is not an email address (expected name@domain)");
    }
    if (!person.timezone.empty() && !zones.is_known(person.timezone)) {
      problem(Field::timezone, person.timezone,
              "is not a time zone in the system's tz database; use an IANA name such as "
              "Europe/Berlin");
    }
    if (!person.manager_id.empty() && person.manager_id == person.employee_id) {
      problem(Field::manager_id, person.manager_id,
              "is the person's own employee id; a person cannot be their own manager");
    }
    person.age = read_int(Field::age);
    person.years_at_company = read_int(Field::years_at_company);
    person.years_since_last_promotion = read_int(Field::years_since_last_promotion);
    person.total_working_years = read_int(Field::total_working_years);
  }

 private:
  const std::string& take(Field field) const { return m_values[static_cast<std::size_t>(field)]; }
  // Moves a text value into the person; problems with it then name the person's copy.
  std::string move_out(Field field) {
    return std::move(m_values[static_cast<std::size_t>(field)]);
  }

  // Reads a whole number from 0 to k_max_number in decimal digits; an empty value is
  // nullopt. from_chars alone would also accept "-0".
  std::optional<int> read_int(Field field) {
    const auto& value = take(field);
    if (value.empty()) return std::nullopt;
    int number = 0;
    const auto* end = value.data() + value.size();
    const auto result = std::from_chars(value.data(), end, number);
    if (value.front() == '-' || result.ec != std::errc() || result.ptr != end ||
        number > k_max_number) {
      problem(field, fmt::format("is not a whole number from 0 to {}", k_max_number));
      return std::nullopt;
    }
    return number;
  }

  void problem(Field field, std::string message) {
    problem(field, take(field), std::move(message));
  }

  void problem(Field field, const std::string& value, std::string message) {
    const auto column = std::find(m_layout.fields.begin(), m_layout.fields.end(), field);
    std::string header = column == m_layout.fields.end()
                             ? std::string(info(field).name)
                             : m_layout.headers[static_cast<std::size_t>(
                                   column - m_layout.fields.begin())];
    m_row.problems.push_back({m_record.line, std::move(header), value, std::move(message)});
  }

  void problem_at(std::size_t index, const std::string& value, std::string message) {
    m_row.problems.push_back(
        {m_record.line, fmt::format("#{}", index + 1), value, std::move(message)});
  }

  const Layout& m_layout;
  const CsvRecord& m_record;
  ParsedRow& m_row;
  std::array<std::string, k_fields.size()> m_values;  // by Field; empty when absent
};

}  // namespace

ParsedRow parse_row(const Layout& layout, const CsvRecord& record, ZoneChecker& zones) {
  ParsedRow row;
  row.blank = std::all_of(record.fields.begin(), record.fields.end(),
                          [](const std::string& value) { return trim(value).empty(); });
  if (row.blank) return row;
  RowReader reader(layout, record, row);
  reader.read_values();
  reader.fill_person(zones);
  return row;
}

}  // namespace roster

const std::vector<std::string_view>& roster_field_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> result;
    for (const auto& field : roster::k_fields) result.push_back(field.name);
    return result;
  }();
  return names;
}

}  // namespace mentor
