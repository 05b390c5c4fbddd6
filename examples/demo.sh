#!/bin/sh
# Runs a whole mentoring program on the example roster, from an empty folder to a
# status report. Usage: examples/demo.sh [PATH-TO-MENTOR]
#
# The demo keeps its config and database in build/demo (or $MENTOR_DEMO_DIR), never
# in your own XDG folders, and starts afresh on every run. Each step fixes "today"
# with --now, so the output is the same whatever day you run it.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
mentor=$(realpath -m "${1:-$root/build/mentor}")
demo_dir=$(realpath -m "${MENTOR_DEMO_DIR:-$root/build/demo}")
cd "$root"

if [ ! -x "$mentor" ]; then
  echo "demo: error: no mentor binary at $mentor; build it first (see README.md)" >&2
  exit 66
fi

rm -rf "$demo_dir"
mkdir -p "$demo_dir"
XDG_CONFIG_HOME="$demo_dir/config"
XDG_DATA_HOME="$demo_dir/data"
export XDG_CONFIG_HOME XDG_DATA_HOME
unset MENTOR_CONFIG MENTOR_DB MENTOR_NOW

# Prints the command as a user would type it, then runs it.
step() {
  printf '\n$ mentor'
  for argument in "$@"; do
    case $argument in
      *" "*) printf ' "%s"' "$argument" ;;
      *) printf ' %s' "$argument" ;;
    esac
  done
  printf '\n'
  "$mentor" "$@"
}

step init
step people import examples/data/roster.csv
step program create tl-2027 --template technical-leadership --start 2027-01-11
step enroll tl-2027 --mentors --level 3..5 --department "Research Development"
step enroll tl-2027 --mentees E00004 E00012 E00031
step --now 2027-01-08 pair tl-2027
step enroll tl-2027 --mentees E00020
step --now 2027-01-08 pair tl-2027 --mentor E00023 --mentee E00020
step --now 2027-01-13 session log tl-2027 E00004 --date 2027-01-13 --minutes 45 --rating 4 \
  --notes "goals agreed"
step --now 2027-01-29 session log tl-2027 E00004 --date 2027-01-27 --minutes 50 --rating 5 \
  --notes "strengths and two gaps named"
step --now 2027-01-29 session log tl-2027 E00020 --date 2027-01-21 --minutes 30 --rating 4
step --now 2027-01-29 status tl-2027
