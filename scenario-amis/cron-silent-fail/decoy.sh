#!/bin/bash
# The half-right fix: add the missing PATH, and "protect" the date format with quotes, which shell
# users expect to work. cron splits the line at `%` before any shell sees the quotes.
set -euo pipefail

cat >/etc/cron.d/wiki-backup <<'CRON'
# Nightly backup of the team wiki (after the 02:00 import). One log file per day.
MAILTO=ops@example.com
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

30 2 * * * root wiki-backup >>/var/log/wiki-backup/backup-$(date '+%Y%m%d').log 2>&1
CRON
chmod 0644 /etc/cron.d/wiki-backup
