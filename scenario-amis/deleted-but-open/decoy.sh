#!/bin/bash
# What the colleague did, only more of it: delete every old log and shrink the journal. None of that
# is where the space went, so df does not move.
set -euo pipefail

systemctl is-system-running --wait >/dev/null 2>&1 || true
find /var/log -type f \( -name '*.gz' -o -name '*.1' -o -name '*.old' \) -delete
rm -f /var/log/dpkg.log /var/log/alternatives.log /var/log/apt/*.log
journalctl --vacuum-size=1M >/dev/null 2>&1 || true
