#!/bin/bash
# app-03: internal names live in /etc/hosts. Yesterday the DBA's failover script was changed to
# replace /etc/hosts "atomically" (write a temp file, then mv it over the original). mktemp creates
# its file with mode 0600, so since the 02:10 failover /etc/hosts is readable by root only: every
# lookup by an ordinary user (and by the sync service's user) fails, while `sudo getent` works.
# Fixing the file's mode is not enough: the next failover would break it again.
set -euo pipefail

# Dates in the planted evidence are relative to the build: "last night" is the latest 02:10 (UTC).
day() { date -u -d "$1" +%F; }
last_night=$(day 'today')
[ "$(date -u +%H%M)" -ge 0210 ] || last_night=$(day 'yesterday')
yesterday=$(date -u -d "$last_night -1 day" +%F)

# --- the internal names ------------------------------------------------------------------------
# (At launch the platform rewrites the 127.0.1.1 line with the server's name; the rest stays.)
cat >/etc/hosts <<'HOSTS'
127.0.0.1	localhost
127.0.1.1	app-03
::1		localhost ip6-localhost ip6-loopback
ff02::1		ip6-allnodes
ff02::2		ip6-allrouters

# --- internal services (there is no internal DNS: keep this list in sync with the CMDB) ---
10.20.0.11	db-a.internal
10.20.0.12	db-b.internal
10.20.0.30	cache.internal
10.20.0.40	mq.internal
# The database primary: moved by db-failover (do not edit by hand)
10.20.0.11	db.internal
HOSTS
chmod 0644 /etc/hosts
# On EC2, cloud-init must not regenerate /etc/hosts at boot (Debian's images let it): this file is ours.
if [ -d /etc/cloud/cloud.cfg.d ]; then
  printf '# /etc/hosts holds the internal names (see db-failover): cloud-init must leave it alone.\nmanage_etc_hosts: false\n' \
    >/etc/cloud/cloud.cfg.d/99-etc-hosts.cfg
fi

# --- the failover script, as changed yesterday ------------------------------------------------------
cat >/usr/local/sbin/db-failover <<'SCRIPT'
#!/bin/bash
# db-failover: point db.internal at another database node.
#   usage: db-failover db-a|db-b
# @FIRST@ rs: first version (sed -i on /etc/hosts)
# @CHANGED@ kp: replace /etc/hosts atomically: readers must never see a half-written file (INC-1187)
set -euo pipefail

HOSTS=/etc/hosts
node=${1:-}
case "$node" in
  db-a|db-b) ;;
  *) echo "usage: db-failover db-a|db-b" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "db-failover: run me as root (sudo)" >&2; exit 1; }

ip=$(awk -v name="$node.internal" '!/^[[:space:]]*#/ && $2 == name { print $1; exit }' "$HOSTS")
[ -n "$ip" ] || { echo "db-failover: $node.internal is not in $HOSTS" >&2; exit 1; }

tmp=$(mktemp "$HOSTS.XXXXXX")
trap 'rm -f "$tmp"' EXIT
awk -v ip="$ip" '!/^[[:space:]]*#/ && $2 == "db.internal" { print ip "\tdb.internal"; next } { print }' "$HOSTS" >"$tmp"
mv "$tmp" "$HOSTS"
trap - EXIT

echo "$(date -u '+%Y-%m-%dT%H:%M:%SZ') db.internal -> $node ($ip) by ${SUDO_USER:-$(id -un)}" >>/var/log/db-failover.log
echo "db.internal now points at $node ($ip)"
SCRIPT
sed -i -e "s/@FIRST@/$(day '-9 months')/" -e "s/@CHANGED@/$yesterday/" /usr/local/sbin/db-failover
chmod 0755 /usr/local/sbin/db-failover

cat >/var/log/db-failover.log <<LOG
$(day '-75 days')T01:05:12Z db.internal -> db-b (10.20.0.12) by rsmith
$(day '-75 days')T03:40:55Z db.internal -> db-a (10.20.0.11) by rsmith
$(day '-40 days')T02:02:31Z db.internal -> db-b (10.20.0.12) by mlee
$(day '-40 days')T02:48:09Z db.internal -> db-a (10.20.0.11) by mlee
LOG

# --- the service that needs the database -----------------------------------------------------------------
id -u invsync >/dev/null 2>&1 || useradd --system --home-dir /var/lib/inventory-sync --create-home --shell /usr/sbin/nologin invsync
cat >/usr/local/bin/inventory-sync <<'APP'
#!/bin/bash
# inventory-sync: pushes stock levels to the inventory database every few seconds.
# It finds the database by name (db.internal), so a failover only has to move the name.
DB_HOST=db.internal
STATUS=${RUNTIME_DIRECTORY:-/run/inventory-sync}/status
last=""
quiet=0
while true; do
  addr=$(getent hosts "$DB_HOST" | awk 'NR == 1 { print $1 }')
  if [ -n "$addr" ]; then
    [ "$last" = "$addr" ] || echo "inventory-sync: $DB_HOST is $addr: syncing stock levels"
    last=$addr
    echo "ok $addr $(date +%s)" >"$STATUS.tmp" && mv -f "$STATUS.tmp" "$STATUS"
  else
    if [ "$last" != "FAILED" ] || [ "$quiet" -ge 10 ]; then
      echo "inventory-sync: ERROR cannot resolve $DB_HOST (Name or service not known); retrying" >&2
      quiet=0
    fi
    last=FAILED
    quiet=$((quiet + 1))
    echo "error cannot-resolve $(date +%s)" >"$STATUS.tmp" && mv -f "$STATUS.tmp" "$STATUS"
  fi
  sleep 1
done
APP
chmod 0755 /usr/local/bin/inventory-sync
cat >/etc/systemd/system/inventory-sync.service <<'UNIT'
[Unit]
Description=Inventory sync (pushes stock levels to db.internal)
After=network.target

[Service]
User=invsync
Group=invsync
RuntimeDirectory=inventory-sync
ExecStart=/usr/local/bin/inventory-sync
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable inventory-sync.service >/dev/null 2>&1

# --- last night's maintenance ------------------------------------------------------------------------
/usr/local/sbin/db-failover db-b >/dev/null
sed -i '$d' /var/log/db-failover.log
echo "${last_night}T02:10:44Z db.internal -> db-b (10.20.0.12) by mlee" >>/var/log/db-failover.log
touch -d "${last_night}T02:10:44Z" /etc/hosts /var/log/db-failover.log
cat >>/home/admin/.bash_history <<'HIST'
tail /var/log/db-failover.log
systemctl status inventory-sync
HIST
chown admin:admin /home/admin/.bash_history
