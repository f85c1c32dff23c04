#!/bin/bash
# Run like cron runs it (env -i ... /bin/sh -c), the line fails twice: sh gets the command cut at the
# first `%` ("Syntax error: end of file unexpected"), and after that "wiki-backup: not found", since
# cron's PATH is /usr/bin:/bin. Escape the `%` signs and give the file a PATH (an absolute path to the
# script works as well).
set -euo pipefail

cat >/etc/cron.d/wiki-backup <<'CRON'
# Nightly backup of the team wiki (after the 02:00 import). One log file per day.
# Moved here from root's crontab (OPS-512). cron's own PATH is only /usr/bin:/bin, and `%` must be
# escaped as `\%` in a crontab line.
MAILTO=ops@example.com
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

30 2 * * * root wiki-backup >>/var/log/wiki-backup/backup-$(date +\%Y\%m\%d).log 2>&1
CRON
chmod 0644 /etc/cron.d/wiki-backup
