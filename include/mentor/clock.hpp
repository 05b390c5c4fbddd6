// The current instant behind an interface, so tests and examples can fix "now".
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "mentor/dates.hpp"
#include "mentor/zones.hpp"

namespace mentor {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
  // The UTC date of now().
  Date today() const { return date::floor<date::days>(now()); }
};

class SystemClock : public Clock {
 public:
  Instant now() const override;
};

class FixedClock : public Clock {
 public:
  explicit FixedClock(Instant instant) : m_instant(instant) {}
  explicit FixedClock(Date day) : m_instant(day) {}
  Instant now() const override { return m_instant; }

 private:
  Instant m_instant;
};

// Returns a FixedClock when `fixed` (from --now or MENTOR_NOW) is set, else the
// system clock. `fixed` takes the forms parse_instant_option accepts: a date
// (midnight UTC) or a date and time with an offset or a zone. Throws UsageError
// for anything else.
std::unique_ptr<Clock> make_clock(const std::optional<std::string>& fixed);

}  // namespace mentor
