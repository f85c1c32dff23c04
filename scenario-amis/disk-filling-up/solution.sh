#!/bin/bash
# lsof shows metrics-agent writing /var/log/metrics-agent/debug.log; its config still has the
# temporary debug level. Turn debug off for good, restart the agent, and give the space back.
set -euo pipefail

sed -i -E 's/^([[:space:]]*log_level[[:space:]]*=).*/\1 info/' /etc/metrics-agent.conf
systemctl restart metrics-agent.service
rm -f /var/log/metrics-agent/debug.log
