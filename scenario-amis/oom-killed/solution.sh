#!/bin/bash
# The journal: "Main process exited, code=killed, status=9/KILL" right after "warming the cache";
# `systemctl status`: memory at its 256M max; dmesg: "Memory cgroup out of memory: Killed process
# ... (python3)" in thumbd.service. `systemctl cat thumbd`: override.conf sets THUMBD_CACHE_MB=1536,
# which wins over cache_mb = 192 in thumbd.conf. Drop the override (192 MiB + Python fits in 256M
# with room for requests), keep the limit, restart.
set -euo pipefail

rm -f /etc/systemd/system/thumbd.service.d/override.conf
systemctl daemon-reload
systemctl restart thumbd
for _ in $(seq 1 40); do
  curl -fs --max-time 1 http://127.0.0.1:8080/health >/dev/null && exit 0
  sleep 0.25
done
echo "thumbd did not come up" >&2
exit 1
