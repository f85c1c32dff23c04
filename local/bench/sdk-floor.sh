#!/usr/bin/env bash
# The floor under every cold start that calls AWS: a fresh JVM that builds one DynamoDB client and makes one
# GetItem (SdkFloor.java), from a copy of the API's base package, measured by ColdStart exactly as the
# functions are, and then GetSession from the real package for comparison, interleaved run by run.
#
# Usage: local/bench/sdk-floor.sh [runs]     (default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
base="$root/functions/api/target/breakfix-api-base.zip"
[ -f "$base" ] || (cd "$root" && mvn -B -q -o package -DskipTests -pl functions/api -am)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/package" "$work/classes"
(cd "$work/package" && unzip -q "$base")
javac -nowarn -cp "$work/package:$work/package/lib/*" -d "$work/package" "$root/local/bench/SdkFloor.java"
(cd "$work/package" && zip -q -r "$work/sdk-floor.zip" .)
sed -e 's/"function": "GetSession"/"function": "SdkFloor"/' \
    -e 's/"handler": "[^"]*"/"handler": "SdkFloor"/' \
    -e "s#\"package\": \"[^\"]*\"#\"package\": \"$work/sdk-floor.zip\"#" \
    "$root/local/bench/cold-start/GetSession.json" > "$work/SdkFloor.json"

javac -d "$work/classes" "$root/local/bench/ColdStart.java"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2
fixtures=()
for _ in $(seq "$runs"); do fixtures+=("$work/SdkFloor.json" "$root/local/bench/cold-start/GetSession.json"); done
# The same fixtures alternating, one run each: ColdStart counts a repeated fixture as one function.
java -Dcold.start.home="$root/local/bench" -cp "$work/classes" ColdStart bench 1 "$root" "${fixtures[@]}" | grep '^|'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
