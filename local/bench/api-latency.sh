#!/usr/bin/env bash
# Latency of one API path through the local API gateway at N concurrent clients.
# Starts a platform of its own on a free port with a throw-away state directory (as root: the
# runtime needs LXC), warms it up for 10 s, then measures with wrk (Debian package `wrk`).
# Paths under /api/sessions are called with an anonymous token, so they go through the caller
# authorizer and DynamoDB (dynalite), as a signed-in user's requests do.
# Usage: local/bench/api-latency.sh [path] [connections] [seconds]
#   e.g. local/bench/api-latency.sh /api/scenarios 50 30
#        local/bench/api-latency.sh /api/sessions 50 30
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
path=${1:-/api/scenarios}
connections=${2:-50}
seconds=${3:-30}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
[ -f "$root/local/runtime/target/breakfix-local-runtime.jar" ] || (cd "$root" && mvn -B -q -o package -DskipTests -pl local/runtime -am)
state=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -XX:+UseSerialGC -cp "$root/local/runtime/target/breakfix-local-runtime.jar:$root/local/runtime/target/lib/*" \
  dev.breakfix.local.BreakfixLocal --root "$root" --port "$port" --state "$state/state" >"$state/runtime.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state"' EXIT
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
auth=()
if [[ $path == /api/sessions* ]]; then
  token=$(curl -fs -X POST "http://127.0.0.1:$port/api/auth/anonymous" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
  auth=(-H "Authorization: Bearer $token")
fi
wrk -t2 -c"$connections" -d10s "${auth[@]}" "http://127.0.0.1:$port$path" >/dev/null
echo "GET $path, $connections connections, ${seconds}s, $(nproc) cores:"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "${auth[@]}" "http://127.0.0.1:$port$path"
