// Confidence intervals for rates and for the difference of two rates.
#pragma once

#include <cstdint>
#include <string>

namespace mentor {

struct Interval {
  double low = 0;
  double high = 0;
};

// A count out of a group, such as "participants who stayed".
struct Proportion {
  std::int64_t count = 0;
  std::int64_t total = 0;

  // count / total, or 0 for an empty group.
  double rate() const;
};

// The 95% Wilson score interval for a proportion. Unlike the plain normal
// interval it stays inside [0, 1] and stays informative when count is 0 or total. An empty
// group gives [0, 1]: nothing is known.
Interval wilson_interval(Proportion proportion);

// The 95% interval for a.rate() - b.rate() by Newcombe's hybrid score method,
// which combines the two Wilson intervals. Either group empty gives [-1, 1].
Interval newcombe_difference(Proportion a, Proportion b);

// True when the interval excludes zero, so the difference is significant at 5%.
bool excludes_zero(Interval interval);

// Formats a difference of rates (0.091) in percentage points, signed, to one decimal
// place ("+9.1"). A value that is not zero but would round to +0.0 or -0.0 gets up to
// three places ("+0.04"), so that a bound just above zero never reads as zero beside
// an interval called significant.
std::string format_points(double rate_difference);

}  // namespace mentor
