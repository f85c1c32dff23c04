#!/bin/bash
# Solved when http://localhost/ answers the shop's home page through nginx, from the shop's own
# service (not a copy started by hand), and that service starts at boot. How the unit was fixed (drop-in,
# edited file, other hardening) does not matter.
set -uo pipefail

fail() { echo "$1"; exit 1; }

systemctl is-active --quiet nginx || fail "nginx is not running."

response=$(curl -s -i --max-time 5 http://localhost/) || fail "http://localhost/ does not answer at all."
status=$(head -n 1 <<<"$response" | awk '{print $2}')
[ "$status" = "200" ] || fail "http://localhost/ still answers HTTP ${status:-nothing}, not the shop's home page."
grep -qi '^server: nginx' <<<"$response" || fail "The page is not served through nginx."
grep -q 'Welcome' <<<"$response" || fail "http://localhost/ answers, but not with the shop's home page."
grep -qi '^x-shop-build:' <<<"$response" || fail "Something answers, but it is not the shop's app."

systemctl is-active --quiet shop || fail "The page works, but not from the shop service: see 'systemctl status shop'."
pid=$(systemctl show --property MainPID --value shop)
ss -ltnpH 'sport = :8000' | grep -q "pid=${pid}," \
  || fail "The shop service runs, but what answers on port 8000 is another process."
systemctl is-enabled --quiet shop || fail "The shop works now, but its service would not start at boot."

echo "The shop answers through nginx, from its own service, and starts at boot."
