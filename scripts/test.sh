#!/bin/sh
# Builds mentor and runs every test twice: once as built normally (build/), and once
# with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/). Fails on a failed
# test and on any sanitizer report, even one from a run whose test ignores the exit
# status. Extra arguments go to both cmake configure steps, e.g. a compiler launcher.
set -eu
cd "$(dirname "$0")/.."
jobs="$(nproc)"

cmake -S . -B build "$@"
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure

cmake -S . -B build-asan -DMENTOR_SANITIZE=ON "$@"
cmake --build build-asan -j"$jobs"

# Reports go to files as well as failing the run with exit status 86, which no
# mentor command uses, so that a test that expects a failure cannot mistake one
# for its own error.
reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
status=0
# With MENTOR_SANITIZED set, the test that bounds resident memory skips itself, because
# AddressSanitizer's shadow memory and quarantine make the resident size several times larger.
MENTOR_SANITIZED=1 \
ASAN_OPTIONS="halt_on_error=1:exitcode=86:detect_leaks=1:log_path=$reports/asan" \
LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0" \
UBSAN_OPTIONS="halt_on_error=1:exitcode=86:print_stacktrace=1:log_path=$reports/ubsan" \
  ctest --test-dir build-asan --output-on-failure || status=$?

if [ -n "$(ls -A "$reports")" ]; then
  for report in "$reports"/*; do
    echo "test.sh: sanitizer report $report:"
    cat "$report"
  done
  echo "test.sh: error: the sanitizers reported errors (above)" >&2
  exit 1
fi
echo "test.sh: no sanitizer reports"
exit "$status"
