#include "mentor/programs.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "mentor/errors.hpp"

namespace mentor {

namespace {

bool is_valid_program_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

std::optional<int> parse_level(std::string_view text) {
  int level = 0;
  const auto* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, level);
  if (result.ec != std::errc() || result.ptr != end || level < 0) return std::nullopt;
  return level;
}

std::string describe(const PersonFilter& filter) {
  std::vector<std::string> parts;
  if (!filter.department.empty()) parts.push_back(fmt::format("department '{}'", filter.department));
  if (!filter.job_role.empty()) parts.push_back(fmt::format("job role '{}'", filter.job_role));
  if (filter.min_level) parts.push_back(fmt::format("job level >= {}", *filter.min_level));
  if (filter.max_level) parts.push_back(fmt::format("job level <= {}", *filter.max_level));
  return parts.empty() ? "everyone" : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

bool create_program(Store& store, const Config& config, const ProgramRequest& request) {
  if (!is_valid_program_name(request.name)) {
    throw UsageError(fmt::format("invalid program name '{}': use 1 to 64 letters, digits, '-', "
                                 "'_' or '.', for example tl-2027",
                                 request.name));
  }
  const auto& source = config.find_template(request.template_name);
  const Cadence cadence = request.cadence.value_or(source.cadence);
  if (cadence.days < 1 || cadence.days > 365) {
    throw UsageError(
        fmt::format("invalid cadence {} days: give a number of days from 1 to 365", cadence.days));
  }

  if (const auto existing = store.find_program(request.name)) {
    if (existing->template_name == request.template_name && existing->start == request.start &&
        existing->cadence() == cadence && existing->kind == request.kind) {
      return false;
    }
    throw DataError(
        fmt::format("program '{}' already exists as a {} program with template {}, start {} and "
                    "a cadence of {}; choose another name",
                    request.name, to_string(existing->kind), existing->template_name,
                    format_date(existing->start), describe(existing->cadence())));
  }

  Program program;
  program.name = request.name;
  program.template_name = source.name;
  program.start = request.start;
  program.cadence_days = cadence.days;
  program.cadence_monthly = cadence.monthly;
  program.kind = request.kind;
  program.sessions = source.sessions;
  store.insert_program(program);
  return true;
}

Program require_program(const Store& store, const std::string& name) {
  if (auto program = store.find_program(name)) return std::move(*program);
  throw NotFoundError(fmt::format("no program named '{}': run 'mentor program list' to see them, "
                                  "or create it with 'mentor program create'",
                                  name));
}

Person require_person(const Store& store, const std::string& employee_id) {
  if (auto person = store.find_person(employee_id)) return std::move(*person);
  throw NotFoundError(fmt::format("no person with employee id '{}': check the id with 'mentor "
                                  "people list', or import the roster first",
                                  employee_id));
}

PersonFilter parse_level_range(const std::string& text, PersonFilter filter) {
  const auto invalid = [&text]() {
    return UsageError(fmt::format("invalid job level range '{}': write a level (3) or a range "
                                  "(3..5, 3.., ..5)",
                                  text));
  };
  const auto dots = text.find("..");
  if (dots == std::string::npos) {
    const auto level = parse_level(text);
    if (!level) throw invalid();
    filter.min_level = level;
    filter.max_level = level;
    return filter;
  }
  const auto low = std::string_view(text).substr(0, dots);
  const auto high = std::string_view(text).substr(dots + 2);
  if (low.empty() && high.empty()) throw invalid();
  if (!low.empty()) {
    filter.min_level = parse_level(low);
    if (!filter.min_level) throw invalid();
  }
  if (!high.empty()) {
    filter.max_level = parse_level(high);
    if (!filter.max_level) throw invalid();
  }
  if (filter.min_level && filter.max_level && *filter.min_level > *filter.max_level) {
    throw invalid();
  }
  return filter;
}

EnrolResult enrol(Store& store, const Program& program, const EnrolRequest& request_in) {
  EnrolRequest request = request_in;
  if (request.peers != (program.kind == ProgramKind::peer)) {
    throw DataError(program.kind == ProgramKind::peer
                        ? fmt::format("{} is a peer program: enrol people with --peers",
                                      program.name)
                        : fmt::format("{} is a mentor program: enrol people with --mentors or "
                                      "--mentees",
                                      program.name));
  }
  if (request.peers) request.role = Role::mentee;
  if (request.capacity && request.role != Role::mentor) {
    throw UsageError("--capacity applies to mentors only: enrol mentors with --mentors");
  }
  if (request.capacity && (*request.capacity < 0 || *request.capacity > 100)) {
    throw UsageError(fmt::format("invalid capacity {}: give a number of mentees from 0 to 100",
                                 *request.capacity));
  }

  // Collect the people first, so that an unknown id rejects the whole request.
  std::set<std::string> ids;
  for (const auto& id : request.employee_ids) ids.insert(require_person(store, id).employee_id);
  if (request.filter) {
    const auto matches = store.list_people(*request.filter);
    if (matches.empty()) {
      throw DataError(fmt::format("no person matches {}; check the values with 'mentor people "
                                  "list'",
                                  describe(*request.filter)));
    }
    for (const auto& person : matches) ids.insert(person.employee_id);
  }

  EnrolResult result;
  for (const auto& id : ids) {
    const auto existing = store.find_enrolment(program.id, id);
    if (existing && existing->role != request.role) {
      throw DataError(fmt::format("{} is already enrolled in {} as a {}; a person takes one role "
                                  "in a program",
                                  id, program.name, to_string(existing->role)));
    }
    const auto capacity = request.capacity ? request.capacity
                                           : (existing ? existing->capacity : std::nullopt);
    switch (store.enrol(program.id, {id, request.role, capacity, request.enrolled_on})) {
      case Upsert::added: result.added.push_back(id); break;
      case Upsert::updated: result.updated.push_back(id); break;
      case Upsert::unchanged: result.unchanged.push_back(id); break;
    }
  }
  return result;
}

}  // namespace mentor

namespace mentor {

namespace {

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

Person resolve_person(const Store& store, const std::string& text) {
  if (auto person = store.find_person(text)) return std::move(*person);
  const std::string wanted = lower_ascii(text);
  std::vector<Person> by_name;
  for (auto& person : store.list_people({})) {
    if (!person.email.empty() && lower_ascii(person.email) == wanted) return std::move(person);
    if (!wanted.empty() && lower_ascii(person.name).find(wanted) != std::string::npos) {
      by_name.push_back(std::move(person));
    }
  }
  if (by_name.size() == 1) return std::move(by_name.front());
  if (by_name.empty()) {
    throw NotFoundError(
        fmt::format("no person with the employee id, email or name '{}': check "
                    "with 'mentor people list'",
                    text));
  }
  constexpr std::size_t k_max_listed = 10;
  std::vector<std::string> candidates;
  for (const auto& person : by_name) {
    if (candidates.size() == k_max_listed) break;
    candidates.push_back(fmt::format("{} {}", person.employee_id, person.name));
  }
  const std::string more = by_name.size() > k_max_listed
                               ? fmt::format(" and {} more", by_name.size() - k_max_listed)
                               : "";
  throw DataError(fmt::format("'{}' matches {} people ({}{}): give the employee id or email", text,
                              by_name.size(), fmt::join(candidates, "; "), more));
}

}  // namespace mentor
