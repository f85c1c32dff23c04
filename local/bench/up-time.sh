#!/usr/bin/env bash
# Time from `./breakfix up` to a healthy platform on an already-installed machine (second and later
# runs: nothing to install or build), over N runs, each followed by `./breakfix down`.
# Usage: local/bench/up-time.sh [runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
"$root/breakfix" down >/dev/null 2>&1 || true
"$root/breakfix" up >/dev/null 2>&1 && "$root/breakfix" down >/dev/null 2>&1   # first run: installs and builds
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$root/breakfix" up >/dev/null 2>&1
  end=$(date +%s.%N)
  "$root/breakfix" down >/dev/null 2>&1
  printf 'run %d: %.2f s\n' "$i" "$(echo "$end - $start" | bc)"
done
