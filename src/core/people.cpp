#include "mentor/people.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include "mentor/errors.hpp"
#include "mentor/text.hpp"

namespace mentor {

bool is_known_time_zone(const std::string& name) {
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

void check_person(const Person& person) {
  const auto invalid = [&person](std::string_view field, const std::string& value,
                                 std::string_view fix) {
    return DataError(fmt::format("invalid {} '{}' for {}: {}", field, escape_control(value),
                                 escape_control(person.employee_id), fix));
  };
  if (person.employee_id.empty()) throw DataError("the employee id is empty: give one");
  if (person.name.empty()) throw invalid("name", person.name, "give the person's name");
  if (person.job_level < 0 || person.job_level > 1000) {
    throw invalid("job level", std::to_string(person.job_level), "give a whole number from 0 to 1000");
  }
  if (!person.email.empty() && person.email.find('@') == std::string::npos) {
    throw invalid("email", person.email, "write it as name@example.com");
  }
  if (!person.timezone.empty() && !is_known_time_zone(person.timezone)) {
    throw invalid("time zone", person.timezone, "use an IANA name such as Europe/Berlin");
  }
}

}  // namespace mentor
