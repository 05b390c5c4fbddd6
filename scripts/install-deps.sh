#!/bin/sh
# Installs the Debian or Ubuntu packages that building mentor needs, and with --tests
# also those that its tests need (a browser, Python modules, shells, about 350 MB more),
# skipping the ones already installed. Runs apt-get through sudo unless run as root.
set -eu

# python3 and doctest-dev are here because configuring the build looks for them.
packages="cmake make g++ pkg-config git python3
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev doctest-dev
  libcsv-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata liblemon-dev
  libgmime-3.0-dev libcurl4-openssl-dev"
test_packages="python3-aiosmtpd python3-icalendar python3-networkx python3-scipy sqlite3
  chromium dpkg-dev man-db locales zsh fish"

case "${1-}" in
  "") ;;
  --tests) packages="$packages $test_packages" ;;
  *)
    echo "install-deps: error: unknown argument '$1': run it alone, or with --tests" >&2
    exit 64
    ;;
esac

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: every package needed is already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  run_as_root=""
elif command -v sudo >/dev/null 2>&1; then
  run_as_root="sudo"
else
  echo "install-deps: error: missing packages:$missing; run this script as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing$missing"
$run_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086 # the package list is meant to split into words
$run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
