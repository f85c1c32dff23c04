#!/bin/bash
# The hurried fix: "the restore is broken, start from a clean cluster" (keeping the broken copy
# aside "for later"). PostgreSQL runs again, but empty: the restored inventory data is not in it.
set -euo pipefail

mv /var/lib/postgresql/15/main /var/lib/postgresql/15/main.broken-restore
pg_dropcluster 15 main
pg_createcluster --start 15 main >/dev/null
systemctl restart postgresql
