#!/bin/bash
# The tempting shortcut: disable the new site so nginx starts. The default page comes back, but the
# task says to keep the new site, so the check must still fail.
set -euo pipefail

rm -f /etc/nginx/sites-enabled/intranet
systemctl restart nginx
