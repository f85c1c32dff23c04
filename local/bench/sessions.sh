#!/usr/bin/env bash
# Session benchmarks on a platform of their own (fresh state directory, real LXC servers; run as root):
#   ready [N]     N sequential sessions: POST /api/sessions → READY, p50/p95 (one warm-up first)
#   burst [N]     N sessions started at once by N anonymous visitors: how many READY, time to the last
#   deadline [N]  N sessions whose time limit is cut to 5 s: deadline → server gone, p50/p95
# Figures, not assertions. Prints one line per session, then the summary.
# Usage: local/bench/sessions.sh ready|burst|deadline [N] [SCENARIO]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:?usage: local/bench/sessions.sh ready|burst|deadline [N] [SCENARIO]}
n=${2:-20}
scenario=${3:-nginx-wont-start}
[ "$(id -u)" -eq 0 ] || { echo "scenario servers are LXC system containers: run as root" >&2; exit 1; }
cd "$root"
[ -d local/runtime/target/test-classes/dev/breakfix/local/bench ] || mvn -B -q -o test-compile -pl local/runtime -am
cp_file=local/runtime/target/bench-classpath.txt
[ -f "$cp_file" ] || mvn -B -q -o dependency:build-classpath -pl local/runtime -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file"
exec java -XX:+UseSerialGC -cp "local/runtime/target/test-classes:local/runtime/target/classes:$(cat "$cp_file")" \
  dev.breakfix.local.bench.SessionBenchmark "$root" "$what" "$n" "$scenario"
