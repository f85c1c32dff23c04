#!/bin/bash
# Solved when thumbd answers on 127.0.0.1:8080 and serves ~5 s of concurrent thumbnail requests
# without a failed request and without dying or being restarted (same main PID, same NRestarts), its
# cgroup still has a memory limit of at most 256 MiB, its cache is at least 128 MiB, and it starts at
# boot. Which cache size, and where it is set (config file, environment, drop-in), does not matter.
set -uo pipefail

fail() { echo "$1"; exit 1; }
URL=http://127.0.0.1:8080
THUMB_SIZE=49152   # bytes of every thumbnail
LIMIT=$((256 * 1024 * 1024))
restarts() { systemctl show --property NRestarts --value thumbd; }

systemctl is-enabled --quiet thumbd || fail "thumbd would not start at boot: enable it."

# It answers once its cache is warm: give it a few seconds (it may just have been restarted).
health=""
for _ in $(seq 1 32); do
  health=$(curl -fsS --max-time 2 "$URL/health" 2>/dev/null) && break
  health=""
  sleep 0.25
done
if [ -z "$health" ]; then
  state=$(systemctl show --property SubState --value thumbd)
  case "$state" in
    running|auto-restart|start*) fail "thumbd does not stay up long enough to answer on $URL: systemd has restarted it $(restarts) time(s) since boot." ;;
    *) fail "thumbd is not running ($state): 'systemctl status thumbd' says why." ;;
  esac
fi

pid=$(systemctl show --property MainPID --value thumbd)
before=$(restarts)
[ "${pid:-0}" -gt 0 ] || fail "Something answers on port 8080, but not thumbd's service."
ss -ltnpH 'sport = :8080' | grep -q "pid=$pid," || fail "Something answers on port 8080, but it is not thumbd's service."

# ~5 s of load: 3 clients asking for random thumbnails (mostly cache misses: render, cache, evict).
results=$(mktemp /tmp/check-load.XXXXXX)
trap 'rm -f "$results"' EXIT
client() {
  local end=$((SECONDS + 5)) urls i
  while [ "$SECONDS" -lt "$end" ]; do
    urls=()
    for i in $(seq 1 15); do urls+=(-o /dev/null "$URL/thumb/$(( (RANDOM * 32768 + RANDOM) % 100000 + 1 ))"); done
    curl -s --max-time 3 -w '%{http_code} %{size_download}\n' "${urls[@]}" 2>/dev/null
  done
}
for _ in 1 2 3; do client >>"$results" & done
wait
requests=$(wc -l <"$results")
failed=$(grep -cv "^200 $THUMB_SIZE\$" "$results")

systemctl is-active --quiet thumbd || fail "thumbd died under load ('journalctl -u thumbd' shows how it ended)."
[ "$(systemctl show --property MainPID --value thumbd)" = "$pid" ] && [ "$(restarts)" = "$before" ] \
  || fail "thumbd answers, but under a little load it died and was restarted (in 5 s of requests)."
[ "$requests" -ge 30 ] || fail "thumbd answered only $requests thumbnail requests in 5 s: it is too slow to be usable."
[ "$failed" -eq 0 ] || fail "thumbd stays up, but $failed of $requests thumbnail requests failed under load."

# The constraints: the platform's memory limit, and a useful cache.
memory_limit() {  # the memory limit of thumbd's cgroup in bytes (0 = none): cgroup v1 (local) or v2 (EC2)
  local v1 v2 value
  v1=$(awk -F: '$2 == "memory" { print $3 }' "/proc/$pid/cgroup")
  v2=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
  if [ -n "$v1" ] && [ -r "/sys/fs/cgroup/memory${v1}/memory.limit_in_bytes" ]; then
    value=$(cat "/sys/fs/cgroup/memory${v1}/memory.limit_in_bytes")
  elif [ -n "$v2" ] && [ -r "/sys/fs/cgroup${v2}/memory.max" ]; then
    value=$(cat "/sys/fs/cgroup${v2}/memory.max")
  fi
  [[ ${value:-} =~ ^[0-9]+$ ]] && echo "$value" || echo 0
}
limit=$(memory_limit)
[ "$limit" -gt 0 ] && [ "$limit" -le "$LIMIT" ] \
  || fail "thumbd is stable, but no longer under a memory limit of 256 MiB or less: the platform's limit had to stay."
cache_mb=$(curl -fsS --max-time 2 "$URL/health" | sed -n 's/.*"cache_limit_mb": *\([0-9]*\).*/\1/p')
[ "${cache_mb:-0}" -ge 128 ] || fail "thumbd is stable, but its cache is only ${cache_mb:-?} MiB: keep at least 128 MiB."

echo "thumbd served $requests thumbnails under load without dying, within its $((limit / 1048576)) MiB limit, with a ${cache_mb} MiB cache."
