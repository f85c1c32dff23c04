#!/usr/bin/env bash
# Latency of GET /api/scenarios through the local API gateway at 50 concurrent clients.
# Starts a platform of its own on a free port with a throw-away state directory, warms it up for
# 10 s, then measures for 30 s with wrk (Debian package `wrk`). Prints wrk's latency distribution.
# Usage: local/bench/api-catalog.sh [connections] [seconds]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
connections=${1:-50}
seconds=${2:-30}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
[ -f "$root/local/runtime/target/breakfix-local-runtime.jar" ] || (cd "$root" && mvn -B -q -o package -DskipTests -pl local/runtime -am)
state=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -XX:+UseSerialGC -cp "$root/local/runtime/target/breakfix-local-runtime.jar:$root/local/runtime/target/lib/*" \
  dev.breakfix.local.BreakfixLocal --root "$root" --port "$port" --state "$state/state" >"$state/runtime.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state"' EXIT
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
wrk -t2 -c"$connections" -d10s "http://127.0.0.1:$port/api/scenarios" >/dev/null
echo "GET /api/scenarios, $connections connections, ${seconds}s, $(nproc) cores:"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/api/scenarios"
