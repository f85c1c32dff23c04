#!/bin/bash
# Solved when the internal names resolve for the service's user (and any other user), the service
# reports it is syncing, and a failover in both directions moves db.internal without breaking
# resolution again. How it was fixed (chmod in the script, install -m 644, writing in place) does not
# matter. The check fails the database over and back, so it ends where it started.
set -uo pipefail

fail() { echo "$1"; exit 1; }
resolve_as() { timeout 5 runuser -u "$1" -- getent hosts "$2" 2>/dev/null | awk 'NR == 1 { print $1 }'; }
DB_A=10.20.0.11
DB_B=10.20.0.12

db=$(resolve_as invsync db.internal)
[ -n "$db" ] || fail "db.internal still does not resolve for the inventory-sync service (it runs as user invsync)."
[ "$db" = "$DB_A" ] || [ "$db" = "$DB_B" ] \
  || fail "db.internal resolves for the service, but to $db: it must point at db-a or db-b."
for name in localhost cache.internal mq.internal; do
  [ -n "$(resolve_as invsync "$name")" ] || fail "db.internal resolves now, but $name still does not for the service's user."
done
[ -n "$(resolve_as nobody db.internal)" ] || fail "db.internal resolves for the service's user, but not for other users."

systemctl is-active --quiet inventory-sync || fail "Names resolve, but inventory-sync is not running: 'systemctl status inventory-sync'."
systemctl is-enabled --quiet inventory-sync || fail "inventory-sync runs, but it would not start at boot."
status_ok() {  # the service wrote "ok <address> <time>" within the last few seconds
  local status now
  for _ in $(seq 1 16); do
    now=$(date +%s)
    status=$(cat /run/inventory-sync/status 2>/dev/null)
    if [ "${status%% *}" = ok ] && [ "$(awk '{ print $2 }' <<<"$status")" = "$1" ] \
        && [ $((now - $(awk '{ print $3 }' <<<"$status"))) -le 3 ]; then
      return 0
    fi
    sleep 0.25
  done
  return 1
}
status_ok "$db" || fail "Names resolve, but inventory-sync does not report that it is syncing with $db."

# A failover to the other node and back, as the DBAs do it.
if [ "$db" = "$DB_A" ]; then there=db-b there_ip=$DB_B back=db-a; else there=db-a there_ip=$DB_A back=db-b; fi
timeout 10 /usr/local/sbin/db-failover "$there" >/dev/null 2>&1 || fail "'sudo db-failover $there' fails now: the DBAs need it."
moved=$(resolve_as invsync db.internal)
timeout 10 /usr/local/sbin/db-failover "$back" >/dev/null 2>&1 || fail "'sudo db-failover $back' fails now: the DBAs need it."
[ -n "$moved" ] || fail "It works now, but after a failover ('sudo db-failover $there') db.internal stops resolving again."
[ "$moved" = "$there_ip" ] || fail "After 'sudo db-failover $there', db.internal should point at $there_ip, but resolves to $moved."
[ "$(resolve_as invsync db.internal)" = "$db" ] || fail "After failing back to $back, db.internal does not resolve for the service."
status_ok "$db" || fail "Resolution survives a failover, but inventory-sync stopped syncing."

echo "db.internal resolves for everyone, inventory-sync is syncing, and failovers keep it that way."
