#!/bin/bash
# db-01: the data disk died; a contractor restored PostgreSQL's data directory from the nightly
# file-level backup. He copied it back as root (`cp -r`), so every file now belongs to root, and
# PostgreSQL's Debian wrapper refuses to start a cluster owned by root. Seeing "permission" errors,
# he then ran `chmod -R 755` on it, so once the ownership is fixed PostgreSQL refuses the data
# directory's mode too (it must be 0700 or 0750). Two layers, one incident.
set -euo pipefail

VERSION=15
CLUSTER=main
DATA=/var/lib/postgresql/$VERSION/$CLUSTER

if [ "$(stat -c %U "$DATA")" = root ]; then
  echo "the data directory is already the contractor's restore: nothing to do"
  exit 0
fi

# --- the inventory database, as it was before the disk died ---------------------------------------
systemctl start "postgresql@$VERSION-$CLUSTER"
for _ in $(seq 1 50); do
  runuser -u postgres -- pg_isready -q && break
  sleep 0.2
done
runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE inventory LOGIN PASSWORD 'inv-2023!';
CREATE DATABASE inventory OWNER inventory;
SQL
runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d inventory <<'SQL'
SET ROLE inventory;
CREATE TABLE parts (
  id    integer PRIMARY KEY,
  sku   text NOT NULL UNIQUE,
  name  text NOT NULL,
  qty   integer NOT NULL,
  price numeric(10,2) NOT NULL
);
INSERT INTO parts
  SELECT i, format('P-%s', lpad(i::text, 5, '0')), format('part %s', i), (i * 7) % 113, ((i * 37) % 10000) / 100.0
  FROM generate_series(1, 2500) AS i;
CREATE TABLE stock_moves (
  id      bigserial PRIMARY KEY,
  part_id integer NOT NULL REFERENCES parts(id),
  delta   integer NOT NULL,
  at      timestamptz NOT NULL
);
INSERT INTO stock_moves (part_id, delta, at)
  SELECT 1 + (i * 13) % 2500, ((i * 17) % 21) - 10, timestamptz '2024-11-01 08:00:00+00' + i * interval '7 minutes'
  FROM generate_series(1, 6000) AS i;
SQL
runuser -u postgres -- psql -X -q -c 'CHECKPOINT'
systemctl stop "postgresql@$VERSION-$CLUSTER"
if runuser -u postgres -- pg_isready -q; then
  echo "PostgreSQL did not stop" >&2
  exit 1
fi

# --- the restore, as the contractor did it ------------------------------------------------------------
# The backup was a copy of the stopped cluster; it came back with `cp -r`, as root.
cp -r "$DATA" /root/pgdata-from-backup
rm -rf "$DATA"
cp -r /root/pgdata-from-backup "$DATA"
rm -rf /root/pgdata-from-backup
# "Permission denied" everywhere, so:
chmod -R 755 "$DATA"

# The cluster stays configured to start at boot: at every boot it tries, and fails.
systemctl enable postgresql >/dev/null 2>&1
systemctl start postgresql >/dev/null 2>&1 || true

cat >>/root/.bash_history <<'HIST'
systemctl stop postgresql
mount /dev/sdc1 /mnt/backup
ls /mnt/backup/db-01/pgdata/
cp -r /mnt/backup/db-01/pgdata/15/main /var/lib/postgresql/15/
systemctl start postgresql
systemctl status postgresql
tail /var/log/postgresql/postgresql-15-main.log
chmod -R 755 /var/lib/postgresql/15/main
systemctl restart postgresql
umount /mnt/backup
HIST
chmod 0600 /root/.bash_history
