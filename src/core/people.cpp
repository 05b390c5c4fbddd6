#include "mentor/people.hpp"

#include <stdexcept>

#include <date/tz.h>

namespace mentor {

bool is_known_time_zone(const std::string& name) {
  // The default zone, known without reading the tz database, which lists the zoneinfo
  // folder on first use: most commands never need it.
  if (name == "UTC") return true;
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

bool is_email_address(const std::string& text) {
  const auto at = text.find('@');
  return at != std::string::npos && at != 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string::npos &&
         text.find_first_of(" \t,;") == std::string::npos;
}

}  // namespace mentor
