// Fuzzes person lookup by employee id, email or part of a name (resolve_person)
// against an in-memory store of a few people, some with shared name parts.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mentor/errors.hpp"
#include "mentor/programs.hpp"
#include "mentor/store.hpp"

namespace {

mentor::Store make_store() {
  auto store = mentor::Store::open_in_memory();
  const char* const people[][3] = {
      {"E001", "Aiko Nakamura", "aiko.nakamura@example.com"},
      {"E002", "Aiko Varga", "aiko.varga@example.com"},
      {"E003", "Jonas Ærø", "jonas@example.com"},
      {"E004", "Mei Li", ""},
      {"e004", "MEI LI", "MEI@EXAMPLE.COM"},
  };
  for (const auto& [id, name, email] : people) {
    mentor::Person person;
    person.employee_id = id;
    person.name = name;
    person.email = email;
    person.department = "Research";
    person.job_role = "Scientist";
    person.job_level = 2;
    person.education_field = "Life Sciences";
    person.gender = "Female";
    person.timezone = "Europe/Berlin";
    store.write_person(person);
  }
  return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mentor::Store store = make_store();
  try {
    mentor::resolve_person(store, std::string(reinterpret_cast<const char*>(data), size));
  } catch (const mentor::Error&) {
    // Not found or ambiguous is an expected outcome; any other exception is a finding.
  }
  return 0;
}
