#!/bin/bash
# wiki-01: the wiki's nightly backup used to run from root's crontab, which set its own PATH at the
# top. Three weeks ago it was moved to /etc/cron.d/wiki-backup, and on the way it lost that PATH and
# gained a dated log file name. Two classic cron traps, both silent because cron can only mail the
# errors and there is no mail server:
#   1. `%` is special in a crontab line: cron cuts the command at the first unescaped `%` (the rest
#      becomes stdin), so sh gets `... backup-$(date +` and fails with a syntax error;
#   2. cron's PATH is /usr/bin:/bin, and the script lives in /usr/local/sbin: "not found".
# Run by hand from a root shell, the same line works, so "it works for me".
set -euo pipefail

days_ago() { date -d "-$1 days" +%F; }
MOVED_DAYS_AGO=21

# --- the wiki and its data ------------------------------------------------------------------------
install -d -m 0755 /srv/wiki/data/pages /srv/wiki/data/media /srv/wiki/data/meta
cat >/srv/wiki/data/pages/start.txt <<'PAGE'
====== Team wiki ======
Welcome! Start here:
  * [[oncall|On-call handbook]]
  * [[runbooks:index|Runbooks]]
  * [[decisions|Architecture decisions]]
PAGE
cat >/srv/wiki/data/pages/oncall.txt <<'PAGE'
====== On-call handbook ======
  - Acknowledge within 5 minutes, even if you cannot fix it yet.
  - Escalate to the service owner after 30 minutes.
  - Write the incident note before you go back to sleep.
PAGE
install -d -m 0755 /srv/wiki/data/pages/runbooks
for topic in disk-full nginx postgres-failover cert-renewal dns; do
  printf '====== Runbook: %s ======\nSteps, owners and links for %s.\n' "$topic" "$topic" >"/srv/wiki/data/pages/runbooks/$topic.txt"
done
seq 1 400 | awk '{printf "ADR-%03d: decision %d, accepted\n", $1, $1}' >/srv/wiki/data/pages/decisions.txt
head -c 200000 /dev/urandom >/srv/wiki/data/media/architecture.png
printf '{"pages": 9, "revision": 4817}\n' >/srv/wiki/data/meta/index.json

# --- the backup script (works by hand) -----------------------------------------------------------
cat >/usr/local/sbin/wiki-backup <<'SCRIPT'
#!/bin/bash
# wiki-backup: archive the wiki's data into /var/backups/wiki/, one file per day.
set -euo pipefail

SRC=/srv/wiki
DEST=/var/backups/wiki
stamp=$(date +%F)
mkdir -p "$DEST"
tar -czf "$DEST/wiki-$stamp.tar.gz.part" -C "$SRC" data
mv -f "$DEST/wiki-$stamp.tar.gz.part" "$DEST/wiki-$stamp.tar.gz"
echo "$(date -Is) wiki-backup: wrote $DEST/wiki-$stamp.tar.gz ($(stat -c %s "$DEST/wiki-$stamp.tar.gz") bytes)"
SCRIPT
chmod 0755 /usr/local/sbin/wiki-backup

# The backups made while the job still ran from root's crontab, and its old log.
install -d -m 0750 /var/backups/wiki /var/log/wiki-backup
: >/var/log/wiki-backup.log
for age in $(seq 35 -1 $((MOVED_DAYS_AGO + 1))); do
  day=$(days_ago "$age")
  tar -czf "/var/backups/wiki/wiki-$day.tar.gz" -C /srv/wiki data
  touch -d "$day 02:30:07" "/var/backups/wiki/wiki-$day.tar.gz"
  echo "${day}T02:30:07+00:00 wiki-backup: wrote /var/backups/wiki/wiki-$day.tar.gz ($(stat -c %s "/var/backups/wiki/wiki-$day.tar.gz") bytes)" >>/var/log/wiki-backup.log
done
touch -d "$(days_ago $((MOVED_DAYS_AGO + 1))) 02:30:07" /var/log/wiki-backup.log

# --- root's old crontab, emptied by the move ------------------------------------------------------
crontab - <<CRON
# m h  dom mon dow   command
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MAILTO=ops@example.com

# $(days_ago $MOVED_DAYS_AGO) wiki-backup moved to /etc/cron.d/wiki-backup (OPS-512) -- tk
#30 2 * * * wiki-backup >>/var/log/wiki-backup.log 2>&1
CRON

# --- the job, as it was moved into /etc/cron.d ------------------------------------------------------
cat >/etc/cron.d/wiki-backup <<'CRON'
# Nightly backup of the team wiki (after the 02:00 import). One log file per day.
# Moved here from root's crontab (OPS-512).
MAILTO=ops@example.com

30 2 * * * root wiki-backup >>/var/log/wiki-backup/backup-$(date +%Y%m%d).log 2>&1
CRON
chmod 0644 /etc/cron.d/wiki-backup
touch -d "$(days_ago $MOVED_DAYS_AGO) 16:12" /etc/cron.d/wiki-backup /var/log/wiki-backup
systemctl enable cron >/dev/null 2>&1

cat >>/home/admin/.bash_history <<'HIST'
sudo ls -lt /var/backups/wiki/ | head -3
cat /etc/cron.d/wiki-backup
systemctl status cron
HIST
chown admin:admin /home/admin/.bash_history
