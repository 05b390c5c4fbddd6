#include "mentor/roster.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "mentor/csv_reader.hpp"
#include "mentor/errors.hpp"
#include "mentor/text.hpp"
#include "roster_rows.hpp"
#include "seen_ids.hpp"

namespace mentor {

namespace {

std::string optional_text(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "";
}

struct FieldChange {
  std::string_view field;
  std::string before;
  std::string after;
};

// The fields that differ between the stored person and the imported row. `left_on`
// is not among them: a rehire is reported on its own.
std::vector<FieldChange> changed_fields(const Person& before, const Person& after) {
  std::vector<FieldChange> changes;
  const auto compare = [&](std::string_view field, const std::string& old_value,
                           const std::string& new_value) {
    if (old_value != new_value) changes.push_back({field, old_value, new_value});
  };
  compare("name", before.name, after.name);
  compare("email", before.email, after.email);
  compare("department", before.department, after.department);
  compare("job_role", before.job_role, after.job_role);
  compare("job_level", std::to_string(before.job_level), std::to_string(after.job_level));
  compare("education_field", before.education_field, after.education_field);
  compare("gender", before.gender, after.gender);
  compare("age", optional_text(before.age), optional_text(after.age));
  compare("years_at_company", optional_text(before.years_at_company),
          optional_text(after.years_at_company));
  compare("years_since_last_promotion", optional_text(before.years_since_last_promotion),
          optional_text(after.years_since_last_promotion));
  compare("total_working_years", optional_text(before.total_working_years),
          optional_text(after.total_working_years));
  compare("timezone", before.timezone, after.timezone);
  compare("manager_id", before.manager_id, after.manager_id);
  return changes;
}

std::string describe(const RosterProblem& problem) {
  return fmt::format("line {}, column {}: '{}' {}", problem.line, problem.column,
                     escape_control(problem.value), problem.message);
}

// One import: reads records as read_csv delivers them and writes each valid row at
// once, so that memory does not grow with the size of the file.
class RosterImport {
 public:
  RosterImport(Store& store, const ImportOptions& options)
      : m_store(store), m_options(options), m_first_roster(store.count_people() == 0) {
    m_store.begin_import();
  }

  void on_record(const CsvRecord& record) {
    if (!m_layout) {
      m_layout = roster::read_header(record, m_options.columns, m_options.source);
      m_header = record.fields;
      return;
    }
    auto row = roster::parse_row(*m_layout, record, m_zones);
    if (row.blank) return;
    ++m_summary.rows;
    if (m_options.on_progress && m_summary.rows % k_progress_rows == 0) {
      m_options.on_progress(m_summary.rows);
    }
    if (row.problems.empty()) import_row(row, record.line);
    if (!row.problems.empty()) reject(record, row.problems);
  }

  ImportSummary finish() {
    if (!m_layout) {
      throw DataError(fmt::format("{} is empty: a roster needs a header row and one row per "
                                  "employee",
                                  m_options.source));
    }
    const bool managers_valid = !m_layout->has_manager || check_managers();
    if (!managers_valid || (m_problem_count > 0 && !m_options.skip_invalid)) {
      throw problem_report(managers_valid);
    }
    if (m_options.full && m_summary.rows == m_summary.rejected) {
      throw DataError(fmt::format("{} has no valid rows: a full import of it would record "
                                  "everyone as having left; check that the export is complete",
                                  m_options.source));
    }
    if (m_options.full) record_departures();
    return m_summary;
  }

 private:
  void import_row(roster::ParsedRow& row, std::size_t line) {
    const auto [index, first_line] = m_seen.insert(row.person.employee_id, line);
    // When the store started empty, the only stored people are this file's earlier
    // rows, so only an id seen before needs a lookup.
    std::optional<Person> existing;
    if (first_line || !m_first_roster) existing = m_store.find_person(row.person.employee_id);
    if (existing) row.person = keep_absent_fields(*existing, std::move(row.person));
    const Person& person = row.person;
    if (first_line) {
      // `existing` is what the first row with this id wrote, if it was valid.
      if (existing) existing->left_on.reset();
      if (existing && *existing == person) {
        ++m_summary.duplicates;
        return;
      }
      row.problems.push_back({line, m_layout->headers[id_column()], person.employee_id,
                              fmt::format("is also on line {} with different data; keep one "
                                          "of the two rows",
                                          *first_line)});
      return;
    }
    if (!existing) {
      add(person);
    } else {
      update(*existing, person);
    }
    if (m_layout->has_manager && !person.manager_id.empty()) {
      const auto manager = m_seen.refer(person.manager_id);
      m_manager_of.resize(m_seen.size(), k_no_manager);
      m_manager_of[index] = manager;
      m_managed.push_back(index);
    }
  }

  bool has_column(roster::Field field) const {
    return std::find(m_layout->fields.begin(), m_layout->fields.end(), field) !=
           m_layout->fields.end();
  }

  // A file without a column gives no value for that field, so the stored value stays:
  // a roster of ids, names and levels must not erase everyone's email or time zone.
  Person keep_absent_fields(const Person& stored, Person person) const {
    using roster::Field;
    const auto keep = [this](Field field, auto& value, const auto& stored_value) {
      if (!has_column(field)) value = stored_value;
    };
    keep(Field::email, person.email, stored.email);
    keep(Field::department, person.department, stored.department);
    keep(Field::job_role, person.job_role, stored.job_role);
    keep(Field::education_field, person.education_field, stored.education_field);
    keep(Field::gender, person.gender, stored.gender);
    keep(Field::age, person.age, stored.age);
    keep(Field::years_at_company, person.years_at_company, stored.years_at_company);
    keep(Field::years_since_last_promotion, person.years_since_last_promotion,
         stored.years_since_last_promotion);
    keep(Field::total_working_years, person.total_working_years, stored.total_working_years);
    keep(Field::timezone, person.timezone, stored.timezone);
    keep(Field::manager_id, person.manager_id, stored.manager_id);
    return person;
  }

  std::size_t id_column() const {
    const auto found = std::find(m_layout->fields.begin(), m_layout->fields.end(),
                                 roster::Field::employee_id);
    return static_cast<std::size_t>(found - m_layout->fields.begin());
  }

  void add(const Person& person) {
    m_store.write_person(person);
    // The first roster is the company as it already was, not a wave of hires. Recording
    // everyone as joining on the import day would leave no one employed before it.
    if (!m_first_roster) record_event(person.employee_id, PersonEventKind::joined, "", "");
    ++m_summary.added;
    report_change(fmt::format("add {} ({})", person.employee_id, person.name));
  }

  void update(const Person& before, const Person& after) {
    const bool rehired = before.left_on.has_value();
    const auto changes = changed_fields(before, after);
    if (!rehired && changes.empty()) {
      ++m_summary.unchanged;
      return;
    }
    m_store.write_person(after);
    ++m_summary.updated;
    for (const auto& change : changes) ++m_summary.updated_fields[std::string(change.field)];

    if (rehired) {
      record_event(after.employee_id, PersonEventKind::rehired, format_date(*before.left_on), "");
      ++m_summary.rehired;
    }
    if (after.job_level > before.job_level) {
      record_event(after.employee_id, PersonEventKind::promoted, std::to_string(before.job_level),
                   std::to_string(after.job_level));
      ++m_summary.promoted;
    }
    if (after.department != before.department) {
      record_event(after.employee_id, PersonEventKind::department_changed, before.department,
                   after.department);
      ++m_summary.department_changed;
    }
    if (after.job_role != before.job_role) {
      record_event(after.employee_id, PersonEventKind::role_changed, before.job_role,
                   after.job_role);
      ++m_summary.role_changed;
    }
    report_update(after.employee_id, rehired, changes);
  }

  void report_update(const std::string& employee_id, bool rehired,
                     const std::vector<FieldChange>& changes) {
    if (!m_options.on_change) return;
    std::vector<std::string> parts;
    if (rehired) parts.emplace_back("rehired");
    for (const auto& change : changes) {
      parts.push_back(fmt::format("{} '{}' -> '{}'", change.field, escape_control(change.before),
                                  escape_control(change.after)));
    }
    report_change(fmt::format("update {}: {}", employee_id, fmt::join(parts, ", ")));
  }

  void report_change(const std::string& change) {
    if (m_options.on_change) m_options.on_change(change);
  }

  void record_event(const std::string& employee_id, PersonEventKind kind, std::string old_value,
                    std::string new_value) {
    m_store.insert_person_event(
        {employee_id, kind, m_options.as_of, std::move(old_value), std::move(new_value)});
  }

  // Everyone not in a full export has left: they are kept, with their pairs and
  // history, and their active pairs end.
  void record_departures() {
    std::vector<std::string> leaving;
    m_store.for_each_employee_id(
        [&](const std::string& employee_id) {
          if (!m_seen.line_of(employee_id)) leaving.push_back(employee_id);
        },
        false);
    for (const auto& employee_id : leaving) {
      m_store.set_left_on(employee_id, m_options.as_of);
      record_event(employee_id, PersonEventKind::left, "", "");
      m_summary.pairs_ended += static_cast<std::size_t>(m_store.end_active_pairs(
          employee_id, m_options.as_of, std::string(k_left_company_reason)));
      ++m_summary.left;
      report_change(fmt::format("leave {} on {}", employee_id, format_date(m_options.as_of)));
    }
  }

  void add_problem(RosterProblem problem) {
    ++m_problem_count;
    if (m_problems.size() < k_max_listed_problems) m_problems.push_back(std::move(problem));
  }

  void reject(const CsvRecord& record, std::vector<RosterProblem>& problems) {
    ++m_summary.rejected;
    std::vector<std::string> reasons;
    for (auto& problem : problems) {
      reasons.push_back(describe(problem));
      add_problem(std::move(problem));
    }
    // A rejected row still names someone who works here, so a full import must not
    // record them as having left.
    mark_rejected_id(record);

    if (!m_options.skip_invalid || !m_options.open_rejected) return;
    if (m_rejected == nullptr) {
      m_rejected = &m_options.open_rejected();
      auto header = m_header;
      header.emplace_back("error");
      *m_rejected << format_csv_row(header);
    }
    auto fields = record.fields;
    fields.resize(std::max(fields.size(), m_header.size()));
    fields.push_back(fmt::format("{}", fmt::join(reasons, "; ")));
    *m_rejected << format_csv_row(fields);
  }

  void mark_rejected_id(const CsvRecord& record) {
    const auto column = id_column();
    if (column >= record.fields.size()) return;
    auto id = record.fields[column];
    id.erase(0, id.find_first_not_of(" \t"));
    id.erase(id.find_last_not_of(" \t\r\n") + 1);
    if (!id.empty()) m_seen.insert(id, record.line);
  }

  // Reports managers missing from the file, people managing themselves and loops of
  // managers. Returns false when it found any.
  // The links are kept as indexes in m_seen, 8 bytes per person with a manager: at a
  // million rows, a manager column raised peak memory from 72 to 81 MiB.
  bool check_managers();

  void report_loop(const std::vector<SeenIds::Index>& chain, SeenIds::Index repeated,
                   const std::string& header) {
    std::vector<std::string_view> loop;
    for (auto at = std::find(chain.begin(), chain.end(), repeated); at != chain.end(); ++at) {
      loop.push_back(m_seen.id(*at));
    }
    loop.push_back(m_seen.id(repeated));
    if (loop.size() <= 2) return;  // a person managing themselves is reported with their row
    ++m_manager_rows;
    add_problem({m_seen.line(repeated).value_or(0), header, std::string(loop[1]),
                 fmt::format("makes a loop of managers: {}; one of them needs another manager",
                             fmt::join(loop, " -> "))});
  }

  // The manager of `person` once the import is written: the file's, or for a partial
  // import of someone the file has no manager for, the store's.
  std::optional<SeenIds::Index> manager_after_import(SeenIds::Index person);

  DataError problem_report(bool managers_valid) const {
    if (m_options.single_row) return DataError(single_row_report());
    std::vector<std::string> listing;
    for (const auto& problem : m_problems) listing.push_back(describe(problem));
    if (m_problem_count > m_problems.size()) {
      listing.push_back(fmt::format("... and {} more", m_problem_count - m_problems.size()));
    }
    const char* next_step = managers_valid
                                ? "fix them and import again, or import the valid rows with "
                                  "--skip-invalid"
                                : "fix them and import again (manager problems are not skipped "
                                  "by --skip-invalid)";
    return DataError(fmt::format("{}: {} invalid value(s) in {} row(s); nothing was imported; {}:",
                                 m_options.source, m_problem_count,
                                 m_summary.rejected + m_manager_rows, next_step),
                     std::move(listing));
  }

  // Reports the problems of a one-row roster that mentor built itself, so that the
  // message names no line and offers no --skip-invalid.
  std::string single_row_report() const {
    std::vector<std::string> parts;
    for (const auto& problem : m_problems) {
      parts.push_back(fmt::format("{} '{}' {}", problem.column, escape_control(problem.value),
                                  problem.message));
    }
    return fmt::format("{}: {}; nothing was written", m_options.source, fmt::join(parts, "; "));
  }

  Store& m_store;
  const ImportOptions& m_options;
  bool m_first_roster = false;  // the store had no people before this import
  std::optional<roster::Layout> m_layout;
  std::vector<std::string> m_header;
  roster::ZoneChecker m_zones;
  ImportSummary m_summary;
  std::vector<RosterProblem> m_problems;  // the first k_max_listed_problems
  std::size_t m_problem_count = 0;
  std::size_t m_manager_rows = 0;
  std::ostream* m_rejected = nullptr;
  static constexpr SeenIds::Index k_no_manager = UINT32_MAX;
  SeenIds m_seen;  // every employee id in the file, valid or not, and their managers
  std::vector<SeenIds::Index> m_manager_of;  // by index in m_seen, or k_no_manager
  std::vector<SeenIds::Index> m_managed;     // the people with a manager, in file order
};

std::optional<SeenIds::Index> RosterImport::manager_after_import(SeenIds::Index person) {
  if (person < m_manager_of.size() && m_manager_of[person] != k_no_manager) {
    return m_manager_of[person];
  }
  if (m_options.full) return std::nullopt;
  const auto stored = m_store.find_person(std::string(m_seen.id(person)));
  if (!stored || stored->manager_id.empty()) return std::nullopt;
  return m_seen.refer(stored->manager_id);
}

bool RosterImport::check_managers() {
  const auto manager_column = static_cast<std::size_t>(
      std::find(m_layout->fields.begin(), m_layout->fields.end(), roster::Field::manager_id) -
      m_layout->fields.begin());
  const auto& header = m_layout->headers[manager_column];
  const std::size_t before = m_problem_count;

  // Managers must be in this file, or already in the store for a partial import.
  for (const auto person : m_managed) {
    const auto manager = m_manager_of[person];
    if (m_seen.line(manager)) continue;
    const std::string manager_id(m_seen.id(manager));
    if (!m_options.full && m_store.find_person(manager_id)) continue;
    ++m_manager_rows;
    add_problem({m_seen.line(person).value_or(0), header, manager_id,
                 "is not the employee id of anyone in the file; correct it or leave it empty"});
  }

  // Follow each chain of managers; reaching a person already on the current chain is a
  // loop. A partial import keeps the managers of people it leaves out, so a chain may go
  // on through the store: a file row pointing at a stored person who points back is a loop.
  enum class Mark : std::uint8_t { unvisited, on_chain, done };
  std::vector<Mark> marks;
  std::vector<SeenIds::Index> chain;
  for (const auto start : m_managed) {
    chain.clear();
    auto current = start;
    while (true) {
      // Following the store may add ids to m_seen, so the marks grow with it.
      marks.resize(m_seen.size(), Mark::unvisited);
      if (marks[current] == Mark::on_chain) report_loop(chain, current, header);
      if (marks[current] != Mark::unvisited) break;
      marks[current] = Mark::on_chain;
      chain.push_back(current);
      const auto next = manager_after_import(current);
      if (!next) break;
      current = *next;
    }
    for (const auto id : chain) marks[id] = Mark::done;
  }
  return m_problem_count == before;
}

}  // namespace

namespace {

// Rejects a roster dated before a change already recorded. Its changes would be dated
// before that change, so a rehire could precede the departure it ends, and a roster
// older than the stored data would undo later promotions and moves.
void check_not_older(const Store& store, const ImportOptions& options) {
  if (options.allow_older || options.single_row) return;
  const auto latest = store.latest_person_event_day();
  if (!latest || options.as_of >= *latest) return;
  throw DataError(fmt::format(
      "{} is dated {} (--as-of, or today), before the latest recorded change on {}: give "
      "the roster's own date with --as-of, or import it anyway with --allow-older",
      options.source, format_date(options.as_of), format_date(*latest)));
}

}  // namespace

ImportSummary import_roster(Store& store, std::istream& input, const ImportOptions& options) {
  check_not_older(store, options);
  RosterImport import(store, options);
  read_csv(input, {options.source, options.encoding},
           [&import](const CsvRecord& record) { import.on_record(record); });
  return import.finish();
}

std::string people_csv_header() {
  std::vector<std::string> header;
  for (const auto name : roster_field_names()) {
    if (name != "first_name" && name != "last_name") header.emplace_back(name);
  }
  return format_csv_row(header);
}

std::string person_csv_row(const Person& person) {
  return format_csv_row({make_formula_safe(person.employee_id), make_formula_safe(person.name),
                         make_formula_safe(person.email), make_formula_safe(person.department),
                         make_formula_safe(person.job_role), std::to_string(person.job_level),
                         make_formula_safe(person.education_field),
                         make_formula_safe(person.gender), optional_text(person.age),
                         optional_text(person.years_at_company),
                         optional_text(person.years_since_last_promotion),
                         optional_text(person.total_working_years),
                         make_formula_safe(person.timezone), make_formula_safe(person.manager_id)});
}

void export_people_csv(const Store& store, std::ostream& output) {
  output << people_csv_header();
  store.for_each_person([&output](const Person& person) { output << person_csv_row(person); },
                        false);
}

}  // namespace mentor
