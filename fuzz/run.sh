#!/bin/sh
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each for SECONDS
# (default 60), starting from the seeds in fuzz/corpus/NAME/. New inputs go to
# build-fuzz/corpus/NAME/, and a crashing input to build-fuzz/crash-NAME-*, so the
# seed folders stay small. Exits non-zero when a target finds a crash.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[ "$#" -gt 0 ] && shift
targets="${*:-roster_import config_load time_parse person_lookup}"

cmake -S . -B build-fuzz -DMENTOR_FUZZ=ON -DMENTOR_BUILD_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
for target in $targets; do
  cmake --build build-fuzz -j"$(nproc)" --target "fuzz_$target"
done

failed=""
for target in $targets; do
  mkdir -p "build-fuzz/corpus/$target"
  echo "fuzz: $target for $seconds s"
  if ! "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build-fuzz/crash-$target-" \
      "build-fuzz/corpus/$target" "fuzz/corpus/$target"; then
    failed="$failed $target"
  fi
done

if [ -n "$failed" ]; then
  echo "fuzz: error: crashes in:$failed (inputs in build-fuzz/crash-*)" >&2
  exit 1
fi
echo "fuzz: no crashes"
