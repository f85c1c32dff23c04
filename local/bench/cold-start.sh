#!/usr/bin/env bash
# Each Lambda function's cold start from its own package, locally: a fresh JVM whose classpath is the
# package unpacked as Lambda unpacks it, the handler constructed as Lambda constructs it, one invocation
# with the function's fixture (local/bench/cold-start/<Function>.json), AWS answered by a stand-in on the
# loopback address. Prints one JSON line per run, then the packages' sizes and, per function, the medians
# of "handler initialised" and "first response" (both from the moment the JVM is started). See ColdStart.java.
#
# Usage: local/bench/cold-start.sh [runs] [Function...]     (default: 5 runs of every function)
#
# Builds the packages first when one is missing (mvn package of functions/api, workflow and reaper).
# AwaitSsh logs into an SSH stand-in on 127.0.0.22:22, so run as root (or leave AwaitSsh out).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
[ $# -gt 0 ] && shift
fixtures=()
if [ $# -eq 0 ]; then
  fixtures=("$root"/local/bench/cold-start/*.json)
else
  for function in "$@"; do
    [ -f "$root/local/bench/cold-start/$function.json" ] || { echo "no fixture local/bench/cold-start/$function.json" >&2; exit 2; }
    fixtures+=("$root/local/bench/cold-start/$function.json")
  done
fi

missing=0
for fixture in "${fixtures[@]}"; do
  package=$(sed -n 's/^ *"package": "\(.*\)",$/\1/p' "$fixture")
  [ -f "$root/$package" ] || missing=1
done
if [ $missing -eq 1 ]; then
  echo "building the Lambda packages" >&2
  (cd "$root" && { mvn -B -q -o package -DskipTests -pl functions/api,functions/workflow,functions/reaper -am 2>/dev/null \
    || mvn -B -q package -DskipTests -pl functions/api,functions/workflow,functions/reaper -am; })
fi

classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" "$root/local/bench/ColdStart.java"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
java -Dcold.start.home="$root/local/bench" -cp "$classes" ColdStart bench "$runs" "$root" "${fixtures[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
