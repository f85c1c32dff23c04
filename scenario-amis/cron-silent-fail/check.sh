#!/bin/bash
# Solved when cron would run a job at 02:30 every night that, run exactly the way Debian's cron runs it,
# writes a complete backup of /srv/wiki/data into /var/backups/wiki/. How the line was fixed (escaped
# `%`, a PATH line, an absolute path, a wrapper script, root's crontab instead of /etc/cron.d) does
# not matter.
#
# Instead of waiting for 02:30, this check reads the crontabs with cron's rules and runs each 02:30
# job the way cron 3.0pl1 (Debian 12) does: only files cron accepts (/etc/crontab, root's crontab,
# /etc/cron.d/ names of letters, digits, '_' and '-', owned by root, not writable by group or others,
# ending in a newline); the environment cron gives a job (pam_env's /etc/environment and locale, then
# HOME, LOGNAME, PATH=/usr/bin:/bin, SHELL=/bin/sh, then the crontab's own NAME=value lines above the
# entry); the command cut at the first unescaped `%` (the rest, with `%` as newlines, is its stdin,
# and `\%` is a literal `%`); run by $SHELL -c in the user's home directory.
set -uo pipefail

fail() { echo "$1"; exit 1; }
SRC=/srv/wiki/data
DEST=/var/backups/wiki
started=$(mktemp /tmp/check-started.XXXXXX)
trap 'rm -f "$started"' EXIT

systemctl is-active --quiet cron || fail "cron itself is not running: nothing would run at 02:30."
systemctl is-enabled --quiet cron || fail "cron runs now, but it would not start at boot."

# --- what cron reads -------------------------------------------------------------------------------
ignored_reason() {  # why cron would ignore crontab file $1 (nothing when it reads it)
  local file=$1 mode
  [ -f "$file" ] || { echo "it is not a regular file"; return; }
  [ "$(stat -L -c %u "$file")" = 0 ] || { echo "it is not owned by root"; return; }
  mode=$(stat -L -c %a "$file")
  (( (8#$mode & 8#022) == 0 )) || { echo "it is writable by group or others"; return; }
  [ ! -s "$file" ] || [ -z "$(tail -c 1 "$file")" ] || { echo "its last line does not end with a newline"; return; }
}

pam_env=()
for f in /etc/environment /etc/default/locale; do
  [ -r "$f" ] || continue
  while IFS= read -r line; do
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    name=${BASH_REMATCH[2]} value=${BASH_REMATCH[3]}
    [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]] && value=${BASH_REMATCH[1]}
    pam_env+=("$name=$value")
  done <"$f"
done

# cron's `%` rule: sets job_cmd and job_input
split_percent() {
  local s=$1 i ch escaped=0 in_cmd=1
  job_cmd="" job_input=""
  for ((i = 0; i < ${#s}; i++)); do
    ch=${s:i:1}
    if ((in_cmd)); then
      if ((escaped)); then
        escaped=0
        if [ "$ch" = "%" ]; then job_cmd="${job_cmd%\\}%"; continue; fi
      elif [ "$ch" = "\\" ]; then
        escaped=1
      elif [ "$ch" = "%" ]; then
        in_cmd=0; continue
      fi
      job_cmd+=$ch
    else
      if ((escaped)); then
        escaped=0
        [ "$ch" = "%" ] || job_input+="\\"
      elif [ "$ch" = "%" ]; then
        ch=$'\n'
      elif [ "$ch" = "\\" ]; then
        escaped=1; continue
      fi
      job_input+=$ch
    fi
  done
  ((in_cmd)) || [ -z "$job_input" ] || [ "${job_input: -1}" = $'\n' ] || job_input+=$'\n'
}

at_0230_daily() {  # minute hour dom month dow
  local m h
  [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] || return 1
  m=$((10#$1)) h=$((10#$2))
  [ "$m" = 30 ] && [ "$h" = 2 ] && [ "$3" = "*" ] && [ "$4" = "*" ] || return 1
  case "$5" in "*"|"0-6"|"0-7"|"1-7") return 0 ;; esac
  return 1
}

ran=0 ignored=""
run_jobs_in() {  # $1 = file, $2 = system|user
  local file=$1 kind=$2 line env=() user cmd home shell name rest why kv
  why=$(ignored_reason "$file")
  if [ -n "$why" ]; then
    grep -q 'wiki-backup' "$file" 2>/dev/null && ignored+="cron ignores $file: $why. "
    return
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
    if [[ $line =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]]; then
      name=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
      [[ $rest =~ ^\"(.*)\"[[:space:]]*$ || $rest =~ ^\'(.*)\'[[:space:]]*$ ]] && rest=${BASH_REMATCH[1]}
      env+=("$name=$rest")
      continue
    fi
    if [ "$kind" = system ]; then
      [[ $line =~ ^[[:space:]]*([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+(.*)$ ]] || continue
      user=${BASH_REMATCH[6]} cmd=${BASH_REMATCH[7]}
    else
      [[ $line =~ ^[[:space:]]*([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+(.*)$ ]] || continue
      user=root cmd=${BASH_REMATCH[6]}
    fi
    at_0230_daily "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[5]}" || continue
    home=$(getent passwd "$user" | cut -d: -f6)
    [ -n "$home" ] || continue
    local job_env=("${pam_env[@]}" "HOME=$home" "LOGNAME=$user" "PATH=/usr/bin:/bin" "SHELL=/bin/sh" "${env[@]}")
    shell=/bin/sh
    for kv in "${job_env[@]}"; do [ "${kv%%=*}" = SHELL ] && shell=${kv#SHELL=}; done
    split_percent "$cmd"
    ran=$((ran + 1))
    ( cd "$home" 2>/dev/null || cd /
      printf '%s' "$job_input" | timeout 10 runuser -u "$user" -- env -i "${job_env[@]}" "$shell" -c "$job_cmd" ) >/dev/null 2>&1
  done <"$file"
}

run_jobs_in /etc/crontab system
for file in /etc/cron.d/*; do
  name=${file##*/}
  if [[ ! $name =~ ^[A-Za-z0-9_-]+$ ]]; then
    grep -q 'wiki-backup' "$file" 2>/dev/null && ignored+="cron ignores $file: only names of letters, digits, '_' and '-' count. "
    continue
  fi
  run_jobs_in "$file" system
done
[ -e /var/spool/cron/crontabs/root ] && run_jobs_in /var/spool/cron/crontabs/root user

if [ "$ran" -eq 0 ]; then
  [ -n "$ignored" ] && fail "${ignored% }"
  fail "No crontab that cron reads has a job at 02:30 every night."
fi

# --- did cron's run produce a backup? ------------------------------------------------------------------
backup=$(find "$DEST" -maxdepth 1 -type f -name '*.tar.gz' -newer "$started" -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2-)
[ -n "$backup" ] || fail "Run the way cron runs it, the 02:30 job writes no backup into $DEST/."
listing=$(tar -tzf "$backup" 2>/dev/null) || fail "The 02:30 job writes $backup, but it is not a readable .tar.gz."
for f in pages/start.txt pages/oncall.txt pages/runbooks/dns.txt media/architecture.png meta/index.json; do
  grep -qx "data/$f" <<<"$listing" || fail "The 02:30 job writes $backup, but data/$f is missing from it."
  cmp -s <(tar -xzOf "$backup" "data/$f") "$SRC/$f" || fail "The 02:30 job writes $backup, but data/$f in it differs from the wiki's."
done

echo "cron's 02:30 job now writes a complete backup of the wiki ($(basename "$backup"))."
