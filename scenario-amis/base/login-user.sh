#!/bin/bash
# Creates a scenario's login user, if the base image has none by that name, and grants or withholds
# passwordless sudo. Run as root by both image builders, after the scenario's packages and before its
# setup.sh: locally in the scenario layer's build container, on AWS by the Image Builder recipe.
#
# Usage: login-user.sh USER yes|no
set -euo pipefail
user=$1
sudo=$2

if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment breakfix "$user"
  # No password (key-only SSH), but not a locked account: sshd refuses locked accounts.
  usermod --password '*' "$user"
fi
rm -f /etc/sudoers.d/90-breakfix-login
if [ "$sudo" = yes ]; then
  usermod --append --groups sudo "$user"
  printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$user" >/etc/sudoers.d/90-breakfix-login
  chmod 0440 /etc/sudoers.d/90-breakfix-login
else
  gpasswd --delete "$user" sudo >/dev/null 2>&1 || true
fi
