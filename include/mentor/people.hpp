// Checks on one person's values, shared by `people add` and anything else that
// writes a single person.
#pragma once

#include "mentor/model.hpp"

namespace mentor {

// Throws DataError naming the field and the value when the person has an empty id
// or name, a job level outside 0 to 1000, an email without '@', or a time zone that
// the system's tz database does not know.
void check_person(const Person& person);

// True when `name` is a zone in the system's tz database, such as "Europe/Berlin".
bool is_known_time_zone(const std::string& name);

}  // namespace mentor
