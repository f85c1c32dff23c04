#!/bin/bash
# Solved when /var/log has at least 100 MB free, ingest-worker runs (enabled at boot) and writes its
# log to /var/log/ingest/worker.log itself (not to a deleted file), and it stays so after the log
# archiver's next run: the check makes the log grow past the archiver's 50 MB threshold, runs
# log-archiver, and looks again. Restart, reload or truncate-and-reload, and a truncating or reloading
# archiver all pass; how does not matter.
set -uo pipefail

fail() { echo "$1"; exit 1; }
LOG=/var/log/ingest/worker.log
MiB=1048576

timeout 15 systemctl is-system-running --wait >/dev/null 2>&1   # boot finished (it is seconds, normally)

free_mb() { df --output=avail -m /var/log | tail -n 1 | tr -d ' '; }
space_back() {  # "" when /var/log has >= 100 MB free, else what is wrong
  local free used files
  # A reload only signals the worker, which reopens its log when its current step ends: give a fix
  # a few seconds to take effect (a wrong one never frees the space).
  for _ in $(seq 1 20); do
    free=$(free_mb)
    [ "$free" -ge 100 ] && return 0
    sleep 0.25
  done
  used=$(df --output=pcent /var/log | tail -n 1 | tr -d ' ')
  files=$(du -sxm /var/log 2>/dev/null | cut -f1)
  echo "/var/log is $used full ($free MB free; it needs 100 MB), yet its files add up to only $files MB."
}
writes_its_log() {  # ingest-worker's main process writes to the file at $LOG (not a deleted one) and it grows
  local pid before
  pid=$(systemctl show --property MainPID --value ingest-worker)
  [ "${pid:-0}" -gt 0 ] || return 1
  for _ in $(seq 1 12); do
    ls -l "/proc/$pid/fd/" 2>/dev/null | grep -q -- "-> $LOG\$" && break
    sleep 0.25
  done
  ls -l "/proc/$pid/fd/" 2>/dev/null | grep -q -- "-> $LOG\$" || return 1
  before=$(stat -c %s "$LOG" 2>/dev/null) || return 1
  for _ in $(seq 1 20); do
    sleep 0.25
    [ "$(stat -c %s "$LOG" 2>/dev/null || echo 0)" -gt "$before" ] && return 0
  done
  return 1
}

problem=$(space_back) || true
[ -z "$problem" ] || fail "$problem"
systemctl is-active --quiet ingest-worker || fail "There is space now, but ingest-worker is not running: it must keep running."
systemctl is-enabled --quiet ingest-worker || fail "ingest-worker runs now, but it would not start at boot."
writes_its_log || fail "ingest-worker runs, but it does not write its log to $LOG any more."

# --- the next archiver run -----------------------------------------------------------------------------
host=$(hostname)
started=$(mktemp /tmp/check-started.XXXXXX)
trap 'rm -f "$started"' EXIT
# The worker's log grows past the threshold, as after a busy day (filler lines in its own format).
head -c $((60 * MiB)) < <(yes "$(date -Is) INFO forwarded 42 readings to billing (batch 0, check)") >>"$LOG" \
  || fail "Cannot append to $LOG: is /var/log full again?"
timeout 12 systemctl start log-archiver.service >/dev/null 2>&1 \
  || fail "log-archiver fails now ('systemctl status log-archiver'): the logs must still be archived."
ls "/srv/archive/$host"/worker-*.log.gz >/dev/null 2>&1 \
  && [ -n "$(find "/srv/archive/$host" -name 'worker-*.log.gz' -newer "$started" -size +10k)" ] \
  || fail "log-archiver ran, but it no longer ships the worker's big log to /srv/archive/$host/."
problem=$(space_back) || true
[ -z "$problem" ] || fail "It comes back: after the next archiver run, ${problem,}"
systemctl is-active --quiet ingest-worker || fail "After the next archiver run ingest-worker is not running any more."
writes_its_log || fail "After the next archiver run ingest-worker no longer writes its log to $LOG."

echo "/var/log has $(free_mb) MB free, ingest-worker writes its log, and the archiver's runs keep it that way."
