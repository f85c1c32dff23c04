#!/bin/bash
# The quick fix: /etc/hosts is unreadable, so make it readable. Resolution works at once, but the
# next failover writes it with mode 0600 again.
set -euo pipefail

chmod 0644 /etc/hosts
