#include "mentor/stats.hpp"

#include <doctest/doctest.h>

using mentor::Proportion;

TEST_SUITE_BEGIN("stats");

// Expected Wilson bounds come from scipy 1.10's binomtest(k, n).proportion_ci(
// method="wilson"), an implementation independent of this one.
TEST_CASE("wilson matches scipy") {
  struct Case {
    Proportion proportion;
    double low;
    double high;
  };
  const Case cases[] = {
      {{56, 70}, 0.6918335550374693, 0.8769526075163704},
      {{48, 80}, 0.490454650051604, 0.7003817240412907},
      {{81, 263}, 0.2552885198782742, 0.36620957698280004},
      {{0, 10}, 0.0, 0.27753279986288926},
      {{10, 10}, 0.7224672001371109, 1.0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.proportion.count);
    CAPTURE(c.proportion.total);
    const auto interval = mentor::wilson_interval(c.proportion);
    CHECK(interval.low == doctest::Approx(c.low).epsilon(1e-9));
    CHECK(interval.high == doctest::Approx(c.high).epsilon(1e-9));
  }
}

TEST_CASE("wilson of empty group") {
  const auto interval = mentor::wilson_interval({0, 0});
  CHECK(interval.low == 0.0);
  CHECK(interval.high == 1.0);
}

// 56/70 against 48/80, worked by hand from the scipy Wilson bounds above:
// 0.2 - hypot(0.8 - 0.69183, 0.70038 - 0.6) = 0.0524 and
// 0.2 + hypot(0.87695 - 0.8, 0.6 - 0.49045) = 0.3339.
TEST_CASE("newcombe worked example") {
  const auto interval = mentor::newcombe_difference({56, 70}, {48, 80});
  CHECK(interval.low == doctest::Approx(0.0524).epsilon(1e-3));
  CHECK(interval.high == doctest::Approx(0.3339).epsilon(1e-3));
  CHECK(mentor::excludes_zero(interval));
}

TEST_CASE("newcombe is antisymmetric") {
  const auto forward = mentor::newcombe_difference({9, 12}, {30, 61});
  const auto backward = mentor::newcombe_difference({30, 61}, {9, 12});
  CHECK(forward.low == doctest::Approx(-backward.high));
  CHECK(forward.high == doctest::Approx(-backward.low));
}

TEST_CASE("small groups not significant") {
  // 3 of 4 against 2 of 4: a 25-point gap that four people per group cannot support.
  const auto interval = mentor::newcombe_difference({3, 4}, {2, 4});
  CHECK(interval.low < 0.0);
  CHECK(interval.high > 0.0);
  CHECK_FALSE(mentor::excludes_zero(interval));
}

TEST_CASE("newcombe with an empty group") {
  const auto interval = mentor::newcombe_difference({0, 0}, {5, 10});
  CHECK(interval.low == -1.0);
  CHECK(interval.high == 1.0);
}

TEST_CASE("points keep a sign and one place") {
  CHECK(mentor::format_points(0.091) == "+9.1");
  CHECK(mentor::format_points(-0.125) == "-12.5");
  CHECK(mentor::format_points(0.0) == "+0.0");
}

TEST_CASE("points near zero get more places") {
  CHECK(mentor::format_points(0.0004) == "+0.04");
  CHECK(mentor::format_points(-0.00004) == "-0.004");
  CHECK(mentor::format_points(1e-9) == "+1.0e-07");
}

TEST_SUITE_END();
