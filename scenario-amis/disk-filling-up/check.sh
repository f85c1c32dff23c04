#!/bin/bash
# Solved when /var has at least 100 MB free, nothing is filling it now, nothing would start filling it
# again at boot, and the application's data is untouched. Stopping the agent, disabling it, or turning
# its debug logging off are all fine, as long as the outcome holds.
set -uo pipefail

fail() { echo "$1"; exit 1; }
used() { df --output=used -B1 /var | tail -n 1 | tr -d ' '; }
growth_over() { local before after; before=$(used); sleep "$1"; after=$(used); echo $((after - before)); }
MiB=1048576

( cd /var/lib/app 2>/dev/null && sha256sum --quiet --check --status - ) <<'SUMS' \
  || fail "The application's data in /var/lib/app/ was changed or deleted: it had to stay intact."
d4c46deeb33a775c468de8eea19c1d6bec90a246dea42fabae8fabdfb4de6493  orders.csv
b619610ae675abbb67770bbb6319a2bac817134e9bfe3c0bd86d28db13c6a230  settings.json
SUMS

grown=$(growth_over 3)
[ "$grown" -le "$MiB" ] || fail "Something is still writing to /var, fast. Find the writer and stop it."

free_mb=$(df --output=avail -m /var | tail -n 1 | tr -d ' ')
[ "$free_mb" -ge 100 ] || fail "/var has only ${free_mb} MB free; it needs at least 100 MB."

# Would it come back at boot? If the agent is still enabled, start it as a boot would and watch /var.
if systemctl is-enabled --quiet metrics-agent.service 2>/dev/null; then
  was_active=$(systemctl is-active metrics-agent.service)
  systemctl restart metrics-agent.service >/dev/null 2>&1
  grown=$(growth_over 3)
  [ "$was_active" = active ] || systemctl stop metrics-agent.service >/dev/null 2>&1
  [ "$grown" -le "$MiB" ] || fail "It comes back: after a reboot something would fill /var again."
fi

echo "/var has ${free_mb} MB free, nothing is filling it, and it stays that way after a reboot."
