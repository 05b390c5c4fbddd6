#!/bin/sh
# Installs the Debian or Ubuntu packages that building and testing mentor needs,
# skipping the ones already installed. Runs apt-get through sudo unless run as root.
set -eu

packages="cmake make g++ pkg-config
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev doctest-dev
  libcsv-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata liblemon-dev
  libgmime-3.0-dev libcurl4-openssl-dev
  python3 python3-aiosmtpd python3-icalendar python3-networkx python3-scipy sqlite3
  chromium git dpkg-dev man-db locales zsh fish"

missing=""
for package in $packages; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all build and test packages are installed"
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
