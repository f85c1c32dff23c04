#!/bin/bash
# Solved when PostgreSQL answers on port 5432 from its systemd service, with the restored inventory
# data intact and writable, survives a restart, and starts at boot. How the files were fixed (chown
# and chmod, a re-copy with the right owner, a moved data_directory) does not matter.
set -uo pipefail

fail() { echo "$1"; exit 1; }
psql_as_postgres() { timeout 10 runuser -u postgres -- psql -X -A -t -q -v ON_ERROR_STOP=1 "$@" 2>/dev/null; }
ready() {  # waits up to $1 seconds
  local deadline=$((SECONDS + $1))
  while :; do
    runuser -u postgres -- pg_isready -q -h /var/run/postgresql -p 5432 && return 0
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.25
  done
}

ready 3 || fail "PostgreSQL does not answer on port 5432: 'systemctl status postgresql@15-main' says why."

# Who answers: a postmaster started by systemd, not one started by hand from a shell.
pid=$(ss -ltnpH 'sport = :5432' | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
[ -n "$pid" ] || fail "Something answers on the socket, but nothing listens on TCP port 5432."
unit=$(ps -o unit= -p "$pid" | tr -d ' ')
case "$unit" in
  postgresql@*.service) ;;
  *) [ -n "$unit" ] && [ "$unit" != "-" ] || unit="no unit at all"
     fail "PostgreSQL answers, but it was started by hand, not by its service (it runs in $unit)." ;;
esac

# The restored data: every row as it was backed up.
parts=$(psql_as_postgres -d inventory -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws(':', id, sku, name, qty, price), ',' ORDER BY id)) FROM parts")
moves=$(psql_as_postgres -d inventory -c "SELECT count(*) || ' ' || md5(string_agg(concat_ws(':', id, part_id, delta, extract(epoch FROM at)::bigint), ',' ORDER BY id)) FROM stock_moves")
[ "$parts" = "2500 8885d6616ea112b7185ce8cd7d976ec5" ] && [ "$moves" = "6000 e8fb69a555b70d6545492814f357bfda" ] \
  || fail "PostgreSQL runs, but the restored inventory data is missing or changed: it had to be kept."

# Usable, not just readable: a write and a checkpoint touch the restored files.
psql_as_postgres -d inventory -c "BEGIN; UPDATE parts SET qty = qty WHERE id = 1; ROLLBACK;" >/dev/null \
  && psql_as_postgres -c "CHECKPOINT" >/dev/null \
  || fail "The inventory database answers, but PostgreSQL cannot write to its files."

systemctl restart "$unit" >/dev/null 2>&1 || fail "PostgreSQL does not survive a restart: 'sudo systemctl restart $unit' fails."
ready 10 || fail "PostgreSQL does not come back after a restart."
systemctl is-enabled --quiet postgresql.service && systemctl is-enabled --quiet "$unit" \
  || fail "PostgreSQL runs now, but it would not start at boot."

echo "PostgreSQL runs from $unit with the restored inventory data, survives a restart and starts at boot."
