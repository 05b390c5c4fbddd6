#include "mentor/clock.hpp"

#include <chrono>

namespace mentor {

Date SystemClock::today() const {
  return date::floor<date::days>(std::chrono::system_clock::now());
}

std::unique_ptr<Clock> make_clock(const std::optional<std::string>& fixed) {
  if (!fixed || fixed->empty()) return std::make_unique<SystemClock>();
  return std::make_unique<FixedClock>(parse_date_option(*fixed, "--now (or MENTOR_NOW)"));
}

}  // namespace mentor
