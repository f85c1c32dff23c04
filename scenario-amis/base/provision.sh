#!/bin/bash
# Provisions the base image: the login user, SSH as the only way in, and a quick, quiet boot.
#
# Runs once, as root, inside the new root file system: locally in a chroot at the end of
# mmdebstrap (see README.md), on AWS as an EC2 Image Builder step on the Debian 12 AMI. It must work
# in both, so it only touches files and never starts anything. It is idempotent.
#
# Per-server secrets are NOT baked in: at launch the platform writes the session's public key to
# /etc/ssh/authorized_keys.d/<user> (and root) and the derived host key to /etc/ssh/ssh_host_ed25519_key.
set -euo pipefail

LOGIN_USER=admin

# --- the login user ------------------------------------------------------------------------------
if ! id "$LOGIN_USER" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment "breakfix" "$LOGIN_USER"
fi
# No password at all ('*', not a locked '!'): sshd refuses locked accounts, and keys are the only way.
usermod --password '*' "$LOGIN_USER"
usermod --append --groups sudo,adm,systemd-journal "$LOGIN_USER"
install -d -m 0755 /etc/sudoers.d
printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$LOGIN_USER" >/etc/sudoers.d/90-breakfix-login
chmod 0440 /etc/sudoers.d/90-breakfix-login

# --- SSH: keys only, a pinned host key ------------------------------------------------------------
install -d -m 0755 /etc/ssh/sshd_config.d /etc/ssh/authorized_keys.d
cat >/etc/ssh/sshd_config.d/10-breakfix.conf <<'CONF'
# breakfix: SSH is the platform's only way in. Keys only; they are written per server at launch.
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
# root logs in by key only: the platform runs the check script as root this way (see README.md).
PermitRootLogin prohibit-password
# Kept outside home directories so that a user who breaks ~/.ssh does not lock the platform out.
AuthorizedKeysFile /etc/ssh/authorized_keys.d/%u .ssh/authorized_keys
HostKey /etc/ssh/ssh_host_ed25519_key
UseDNS no
X11Forwarding no
AllowAgentForwarding no
AllowTcpForwarding no
PermitTunnel no
ClientAliveInterval 30
CONF
# The host key is derived per session and written at launch; never ship one in the image.
rm -f /etc/ssh/ssh_host_*

# --- a quick, quiet boot ----------------------------------------------------------------------------
# Nothing on a scenario server may reach the network, so timers that would try are masked, and so are
# consoles: the user's only terminal is SSH.
for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
    fstrim.timer man-db.timer getty.target console-getty.service systemd-networkd-wait-online.service \
    systemd-timesyncd.service; do
  systemctl mask "$unit" >/dev/null 2>&1 || true
done
install -d -m 0755 /etc/systemd/journald.conf.d
cat >/etc/systemd/journald.conf.d/10-breakfix.conf <<'CONF'
[Journal]
# Debian 12 keeps the journal on disk (/var/log/journal), as on a real server; a scenario server lives
# for an hour at most, so keep it small.
SystemMaxUse=32M
RuntimeMaxUse=16M
CONF

# --- identity: every server gets its own --------------------------------------------------------------
# An empty machine-id makes systemd create a fresh one at each boot.
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id
printf 'LANG=C.UTF-8\n' >/etc/default/locale
ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime
echo Etc/UTC >/etc/timezone
