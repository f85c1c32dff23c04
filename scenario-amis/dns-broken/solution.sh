#!/bin/bash
# `getent hosts db.internal` fails as admin and works with sudo: /etc/hosts is -rw------- since the
# failover, because db-failover now writes it through mktemp (mode 0600) and mv. Give the file its
# mode back, and make the script keep it (still atomic: chmod the temp file before the mv).
set -euo pipefail

chmod 0644 /etc/hosts
sed -i 's|^tmp=$(mktemp "$HOSTS.XXXXXX")$|&\nchmod 0644 "$tmp"|' /usr/local/sbin/db-failover
grep -q '^chmod 0644 "$tmp"$' /usr/local/sbin/db-failover
