// The current date behind an interface, so tests and examples can fix "today".
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mentor/dates.hpp"

namespace mentor {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Date today() const = 0;
};

// Today in UTC, from the system clock.
class SystemClock : public Clock {
 public:
  Date today() const override;
};

class FixedClock : public Clock {
 public:
  explicit FixedClock(Date day) : m_day(day) {}
  Date today() const override { return m_day; }

 private:
  Date m_day;
};

// Returns a FixedClock when `fixed` (from --now or MENTOR_NOW) is set, else the
// system clock. Throws UsageError when `fixed` is not a YYYY-MM-DD date.
std::unique_ptr<Clock> make_clock(const std::optional<std::string>& fixed);

}  // namespace mentor
