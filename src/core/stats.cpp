#include "mentor/stats.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mentor {

namespace {

// The standard normal quantile for 97.5%, for two-sided 95% intervals.
constexpr double k_z95 = 1.959963984540054;

}  // namespace

double Proportion::rate() const {
  return total == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(total);
}

Interval wilson_interval(Proportion proportion) {
  if (proportion.total <= 0) return {0.0, 1.0};
  const auto n = static_cast<double>(proportion.total);
  const double p = proportion.rate();
  const double z2 = k_z95 * k_z95;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = k_z95 * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval newcombe_difference(Proportion a, Proportion b) {
  if (a.total <= 0 || b.total <= 0) return {-1.0, 1.0};
  const double p1 = a.rate();
  const double p2 = b.rate();
  const Interval w1 = wilson_interval(a);
  const Interval w2 = wilson_interval(b);
  const double below = std::sqrt((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2));
  const double above = std::sqrt((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low));
  return {p1 - p2 - below, p1 - p2 + above};
}

bool excludes_zero(Interval interval) { return interval.low > 0.0 || interval.high < 0.0; }

std::string format_points(double rate_difference) {
  const double value = 100 * rate_difference;
  for (int places = 1; places <= 3; ++places) {
    auto text = fmt::format("{:+.{}f}", value, places);
    if (value == 0 || text.find_first_not_of("+-0.") != std::string::npos) return text;
  }
  return fmt::format("{:+.1e}", value);
}

}  // namespace mentor
