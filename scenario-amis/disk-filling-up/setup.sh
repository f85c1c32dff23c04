#!/bin/bash
# app-02: /var is a small volume of its own. A metrics agent was switched to debug logging during an
# investigation and never switched back: it dumps every payload to /var/log/metrics-agent/debug.log,
# megabytes a second. The service restarts itself when killed and is enabled at boot, so deleting logs
# or killing it only buys a minute. (Deleting the log while the agent holds it open frees nothing.)
set -euo pipefail

# --- the application's data, which must survive ---------------------------------------------------
install -d -m 0755 /var/lib/app
seq 1 40000 | awk '{printf "%06d,customer-%d,%d.%02d\n", $1, $1 % 997, ($1*37)%500, $1%100}' >/var/lib/app/orders.csv
printf '{"name":"app","schema":7,"region":"eu-west-1"}\n' >/var/lib/app/settings.json

# --- the metrics agent ----------------------------------------------------------------------------
cat >/etc/metrics-agent.conf <<'CONF'
# metrics-agent configuration
gateway = https://metrics.internal.example.com:9091
interval = 10
# TEMP for INC-2231 (payload corruption), revert when done!  -- dk
log_level = debug
log_dir = /var/log/metrics-agent
CONF

cat >/usr/local/bin/metrics-agent <<'AGENT'
#!/bin/bash
# metrics-agent 2.3.1: collects host metrics every few seconds and ships them to the metrics gateway.
conf=/etc/metrics-agent.conf
setting() { awk -F= -v key="$1" '$1 ~ "^[[:space:]]*"key"[[:space:]]*$" {gsub(/[[:space:]]/, "", $2); print $2}' "$conf"; }
level=$(setting log_level)
dir=$(setting log_dir)
mkdir -p "${dir:=/var/log/metrics-agent}"
log="$dir/agent.log"
debug="$dir/debug.log"
echo "$(date -Is) INFO metrics-agent 2.3.1 started, log_level=${level:-info}" >>"$log"
# A payload dump as the debug level writes it: about 0.75 MB per batch, several batches a second.
payload=$(head -c 589824 /dev/zero | base64 -w 128)
if [ "$level" = "debug" ]; then
  exec 3>>"$debug"   # the debug log stays open for as long as the agent runs
fi
while true; do
  if [ "$level" = "debug" ]; then
    for _ in 1 2 3 4; do
      printf '%s DEBUG batch payload=\n%s\n' "$(date -Is)" "$payload" >&3 2>/dev/null \
        || { echo "$(date -Is) ERROR cannot write $debug: No space left on device" >>"$log" 2>/dev/null; sleep 1 3>&-; }
    done
    sleep 0.25 3>&-
  else
    echo "$(date -Is) INFO shipped 42 metrics" >>"$log" 2>/dev/null
    sleep 10
  fi
done
AGENT
chmod 0755 /usr/local/bin/metrics-agent

cat >/etc/systemd/system/metrics-agent.service <<'UNIT'
[Unit]
Description=Metrics agent (ships host metrics to the gateway)
After=local-fs.target

[Service]
ExecStart=/usr/local/bin/metrics-agent
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
UNIT
systemctl enable metrics-agent.service >/dev/null 2>&1

# Yesterday's logs, rotated by hand.
install -d -m 0755 /var/log/metrics-agent
echo "$(date -Is) INFO metrics-agent 2.3.1 started, log_level=info" >/var/log/metrics-agent/agent.log

# --- /var as a small volume of its own ------------------------------------------------------------
# A 256 MiB file system mounted on /var early at boot, filled with the image's /var. (On a VM this
# would be a disk; a container gets a tmpfs, which `df` shows the same way.)
install -d -m 0755 /usr/lib/var-volume
cp -a /var/. /usr/lib/var-volume/
rm -rf /usr/lib/var-volume/log/journal/*   # this build's boot is not the server's history
cat >/etc/systemd/system/var-volume.service <<'UNIT'
[Unit]
Description=The /var volume
DefaultDependencies=no
After=local-fs-pre.target
Before=local-fs.target systemd-tmpfiles-setup.service
ConditionPathIsMountPoint=!/var

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/mount -t tmpfs -o size=256m,mode=0755 var-volume /var
ExecStart=/bin/cp -a /usr/lib/var-volume/. /var/

[Install]
WantedBy=local-fs.target
UNIT
systemctl enable var-volume.service >/dev/null 2>&1

cat >>/home/admin/.bash_history <<'HIST'
df -h
sudo rm /var/log/metrics-agent/debug.log.1 /var/log/metrics-agent/debug.log.2
df -h
HIST
chown admin:admin /home/admin/.bash_history
