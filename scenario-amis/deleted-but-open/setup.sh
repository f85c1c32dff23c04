#!/bin/bash
# ingest-01: /var/log is a small volume of its own. At every boot, ingest-worker replays the backlog
# spooled while billing was down and logs every event: its log grows to ~125 MB. Right after, the
# boot-time run of log-archiver gzips every log over 50 MB to /srv/archive and *deletes* it, while
# the worker still has it open for writing. The name is gone (du sees nothing), the space is not (df
# sees it all), and the worker keeps writing into the deleted file. Deleting more files frees nothing.
# Restarting or reloading the worker (it reopens its log on SIGHUP) frees it now; the archiver has to
# truncate instead of delete, or tell the worker to reopen its log, or it happens again.
set -euo pipefail

# --- the worker ----------------------------------------------------------------------------------
id -u ingest >/dev/null 2>&1 || useradd --system --home-dir /var/lib/ingest --create-home --shell /usr/sbin/nologin ingest
install -d -o ingest -g ingest -m 0750 /var/spool/ingest /var/spool/ingest/done

cat >/usr/local/bin/ingest-worker <<'APP'
#!/bin/bash
# ingest-worker 1.4: receives meter readings and forwards them to the billing queue.
# On start it replays the backlog spooled while billing was unreachable (/var/spool/ingest).
# SIGHUP makes it reopen its log file (for log rotation): `systemctl reload ingest-worker`.
LOG=/var/log/ingest/worker.log
SPOOL=/var/spool/ingest

open_log() { exec 3>>"$LOG"; }
log() { printf '%s %s\n' "$(date -Is)" "$*" >&3; }

open_log
trap 'open_log; log "INFO log file reopened (SIGHUP)"' HUP
log "INFO ingest-worker 1.4 starting (pid $$)"
for backlog in "$SPOOL"/backlog-*.jsonl.gz; do
  [ -e "$backlog" ] || continue
  log "INFO billing reachable again: replaying $backlog"
  zcat "$backlog" | sed "s/^/$(date -Is) INFO replayed event /" >&3
  mv "$backlog" "$SPOOL/done/"
  log "INFO replay of $backlog done"
done
log "INFO backlog empty; forwarding live readings"
systemd-notify --ready
batch=0
while true; do
  sleep 2 3>&- & wait $!
  batch=$((batch + 1))
  log "INFO forwarded $((RANDOM % 40 + 10)) readings to billing (batch $batch)"
done
APP
chmod 0755 /usr/local/bin/ingest-worker

# Two days of readings, spooled while billing was down: ~700,000 events.
seq 1 780000 | awk '{
  printf "{\"seq\":%d,\"meter\":\"mtr-%05d\",\"kind\":\"reading\",\"kwh\":%d.%03d,\"ts\":%d,\"site\":\"eu-west-plant-%d\",\"schema\":\"v3\"}\n",
    $1, ($1 * 7919) % 40000, ($1 * 104729) % 100000, $1 % 1000, 1732060800 + $1 * 3, $1 % 12
}' | gzip -6 >/var/spool/ingest/backlog-0001.jsonl.gz
chown ingest:ingest /var/spool/ingest/backlog-0001.jsonl.gz

cat >/etc/systemd/system/ingest-worker.service <<'UNIT'
[Unit]
Description=Ingest worker (meter readings to billing)
After=network.target

[Service]
Type=notify
NotifyAccess=all
User=ingest
Group=ingest
LogsDirectory=ingest
ExecStart=/usr/local/bin/ingest-worker
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT

# --- the log archiver ------------------------------------------------------------------------------
cat >/usr/local/sbin/log-archiver <<'SCRIPT'
#!/bin/bash
# log-archiver: ships big log files to the archive share and removes them, to keep /var/log small.
# Runs at boot and hourly (log-archiver.timer). -- ops, after INC-2077 (/var/log full)
set -euo pipefail

ARCHIVE=/srv/archive/$(hostname)
LIMIT_MB=50

mkdir -p "$ARCHIVE"
find /var/log -xdev -type f -name '*.log' -size +"$LIMIT_MB"M -print0 |
while IFS= read -r -d '' log; do
  dest="$ARCHIVE/$(basename "$log" .log)-$(date +%Y%m%d-%H%M%S).log.gz"
  size=$(du -m "$log" | cut -f1)
  gzip -1 -c "$log" >"$dest.part"
  mv "$dest.part" "$dest"
  rm -f "$log"
  echo "log-archiver: archived $log (${size} MB) to $dest, removed it"
done
SCRIPT
chmod 0755 /usr/local/sbin/log-archiver

cat >/etc/systemd/system/log-archiver.service <<'UNIT'
[Unit]
Description=Ship big log files to the archive
After=ingest-worker.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/log-archiver

[Install]
WantedBy=multi-user.target
UNIT
cat >/etc/systemd/system/log-archiver.timer <<'UNIT'
[Unit]
Description=Ship big log files to the archive, hourly

[Timer]
OnCalendar=hourly

[Install]
WantedBy=timers.target
UNIT

# Earlier archives (the archive share is a mount in production; a folder here).
install -d -m 0755 /srv/archive/ingest-01
for age in 12 5; do
  stamp=$(date -d "-$age days 03:00" +%Y%m%d-%H%M%S)
  seq 1 20000 | sed "s/^/$(date -d "-$age days" -Is) INFO forwarded readings, batch /" | gzip -1 \
    >"/srv/archive/ingest-01/worker-$stamp.log.gz"
done

systemctl daemon-reload
systemctl enable ingest-worker.service log-archiver.service log-archiver.timer >/dev/null 2>&1

# --- /var/log as a small volume of its own ------------------------------------------------------
# A 140 MiB file system mounted on /var/log early at boot, filled with the image's /var/log. (On a
# VM this would be a disk; a container gets a tmpfs, which `df` shows the same way.)
install -d -m 0755 /usr/lib/var-log-volume
cp -a /var/log/. /usr/lib/var-log-volume/
rm -rf /usr/lib/var-log-volume/journal/*   # this build's boot is not the server's history
cat >/etc/systemd/system/var-log-volume.service <<'UNIT'
[Unit]
Description=The /var/log volume
DefaultDependencies=no
After=local-fs-pre.target
Before=local-fs.target systemd-journal-flush.service systemd-tmpfiles-setup.service
ConditionPathIsMountPoint=!/var/log

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/mount -t tmpfs -o size=140m,mode=0755 var-log-volume /var/log
ExecStart=/bin/cp -a /usr/lib/var-log-volume/. /var/log/

[Install]
WantedBy=local-fs.target
UNIT
systemctl enable var-log-volume.service >/dev/null 2>&1

cat >>/home/admin/.bash_history <<'HIST'
df -h /var/log
sudo du -sh /var/log/* | sort -h
sudo rm /var/log/*.1 /var/log/*.gz /var/log/apt/*.gz
df -h /var/log
HIST
chown admin:admin /home/admin/.bash_history
