// Checks on single values of a person, shared by roster imports and the mail settings.
#pragma once

#include <string>

namespace mentor {

// True when `name` is a zone in the system's tz database, such as "Europe/Berlin".
bool is_known_time_zone(const std::string& name);

// True when `text` looks like an addr-spec: one '@' with text on both sides, and no
// spaces, tabs, commas or semicolons. It does not check that the domain exists.
bool is_email_address(const std::string& text);

}  // namespace mentor
