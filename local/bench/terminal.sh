#!/usr/bin/env bash
# Terminal gateway: keystroke echo latency (p50/p99) and bulk-output throughput, through the gateway
# and over a direct SSH session to the same scenario server (a real LXC container), from one JVM.
# The gateway runs in-process on Jetty as in the local runtime, recording as in service.
# Needs root and LXC (a scenario server); builds the terminal module's test classes on first use.
# Usage: local/bench/terminal.sh [keystrokes] [megabytes] [rounds]     (defaults 1000 64 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
module=$root/functions/terminal
cp_file=$module/target/bench.classpath
# The modules it runs on (ssh, core, sandbox…) are installed first: resolved from ~/.m2 below, they
# would otherwise be whatever was installed last, or missing on a fresh machine.
(cd "$root" && mvn -B -q -o install -DskipTests -pl functions/terminal -am)
(cd "$root" && mvn -B -q -o test-compile -pl functions/terminal)
(cd "$root" && mvn -B -q -o dependency:build-classpath -pl functions/terminal -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null)
exec java -XX:+UseSerialGC ${BENCH_JAVA_OPTS:-} \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")" \
  dev.breakfix.gateway.TerminalBenchmark "$@"
