#!/bin/bash
# `nginx -t` names the duplicate default server in sites-enabled/intranet: a second site must not
# claim default_server on port 80. Drop the flag from the new site, test, restart.
set -euo pipefail

sed -i -E 's/^([[:space:]]*listen[[:space:]]+[^;]*)[[:space:]]+default_server;/\1;/' /etc/nginx/sites-available/intranet
nginx -t
systemctl restart nginx
