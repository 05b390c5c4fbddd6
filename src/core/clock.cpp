#include "mentor/clock.hpp"

#include <chrono>

namespace mentor {

Instant SystemClock::now() const {
  return date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::unique_ptr<Clock> make_clock(const std::optional<std::string>& fixed) {
  if (!fixed || fixed->empty()) return std::make_unique<SystemClock>();
  return std::make_unique<FixedClock>(parse_instant_option(*fixed, "--now (or MENTOR_NOW)"));
}

}  // namespace mentor
