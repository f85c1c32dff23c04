#!/bin/bash
# The journal: "Data directory /var/lib/postgresql/15/main must not be owned by root". Give the
# restored files back to postgres; the next start says "data directory ... has invalid permissions",
# so restore the directory's mode too (and tidy the files' modes the chmod -R broke). Then start it.
set -euo pipefail

DATA=/var/lib/postgresql/15/main
chown -R postgres:postgres "$DATA"
find "$DATA" -type d -exec chmod 0700 {} +
find "$DATA" -type f -exec chmod 0600 {} +
systemctl reset-failed postgresql@15-main 2>/dev/null || true
systemctl restart postgresql@15-main
for _ in $(seq 1 50); do
  runuser -u postgres -- pg_isready -q && exit 0
  sleep 0.2
done
echo "PostgreSQL did not come up" >&2
exit 1
