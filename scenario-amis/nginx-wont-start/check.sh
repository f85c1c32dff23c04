#!/bin/bash
# Solved when nginx runs, serves the default page on http://localhost/, still serves the new intranet
# site (fixed, not removed), survives a restart and starts at boot. How it was fixed does not matter.
set -uo pipefail

fail() { echo "$1"; exit 1; }

systemctl is-active --quiet nginx || fail "nginx is not running: 'systemctl status nginx' says why."
systemctl is-enabled --quiet nginx || fail "nginx runs now, but it would not start at boot."
systemctl restart nginx >/dev/null 2>&1 || fail "nginx does not survive a restart: 'sudo systemctl restart nginx' fails."
sleep 0.5
systemctl is-active --quiet nginx || fail "nginx stops again after a restart."

page=$(curl -s --max-time 5 http://localhost/) || fail "nginx runs, but http://localhost/ does not answer."
grep -q "Welcome to nginx" <<<"$page" || fail "http://localhost/ answers, but not with the default page."

intranet=$(curl -s --max-time 5 -H 'Host: intranet.example.com' http://localhost/)
grep -q "Team intranet" <<<"$intranet" \
  || fail "The default page works, but the new intranet site is gone: fix it instead of removing it."

echo "nginx is up: the default page and the intranet site both answer, and it survives a restart."
