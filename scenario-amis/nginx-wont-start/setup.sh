#!/bin/bash
# web-01: on Friday afternoon a colleague added the team's intranet site to nginx and went on holiday.
# Modelled on a classic: the new server block was copied from the default site, "default_server" and
# all, and nginx refuses to start with two default servers on port 80. Nobody ran `nginx -t` first.
set -euo pipefail

mkdir -p /var/www/intranet
cat >/var/www/intranet/index.html <<'HTML'
<!doctype html>
<html>
<head><title>Team intranet</title></head>
<body>
<h1>Team intranet</h1>
<p>Status board: all systems nominal. On call this week: Priya (ext. 4411).</p>
</body>
</html>
HTML

cat >/etc/nginx/sites-available/intranet <<'CONF'
# Intranet status board -- added by jmiller (Friday), copied from the default site.
server {
	listen 80 default_server;
	listen [::]:80 default_server;

	server_name intranet.example.com;

	root /var/www/intranet;
	index index.html;

	access_log /var/log/nginx/intranet.access.log;

	location / {
		try_files $uri $uri/ =404;
	}
}
CONF
ln -sf /etc/nginx/sites-available/intranet /etc/nginx/sites-enabled/intranet

# nginx stays enabled: at every boot it tries, and fails, to start.
systemctl enable nginx >/dev/null 2>&1
systemctl restart nginx >/dev/null 2>&1 || true

# A little history of how it happened.
cat >>/home/admin/.bash_history <<'HIST'
sudo vim /etc/nginx/sites-available/intranet
sudo ln -s /etc/nginx/sites-available/intranet /etc/nginx/sites-enabled/
sudo systemctl reload nginx
HIST
chown admin:admin /home/admin/.bash_history
