#!/bin/bash
# shop-01: a small Python shop behind nginx. Yesterday someone "hardened" its systemd unit after a
# security review: ProtectSystem=strict makes the whole file system read-only for the service, but the
# shop writes its state under /opt/shop/data, so it dies at start; and the unit was left disabled.
# nginx, still proxying to 127.0.0.1:8000, answers 502 Bad Gateway.
set -euo pipefail

useradd --system --home-dir /opt/shop --shell /usr/sbin/nologin shop
install -d -o root -g root -m 0755 /opt/shop
install -d -o shop -g shop -m 0750 /opt/shop/data

cat >/opt/shop/app.py <<'PY'
#!/usr/bin/env python3
"""The shop: a tiny web shop on 127.0.0.1, behind nginx."""
import argparse
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA = "/opt/shop/data"
BUILD = "2024.11.3"
PRODUCTS = [("Espresso beans, 1 kg", "18.90"), ("Moka pot", "34.00"), ("Milk frother", "12.50")]


def write_state(name, text):
    with open(os.path.join(DATA, name), "w") as f:
        f.write(text)


class Shop(BaseHTTPRequestHandler):
    server_version = "shop/" + BUILD

    def do_GET(self):
        if self.path not in ("/", "/index.html"):
            self.send_error(404)
            return
        visits = 1
        try:
            with open(os.path.join(DATA, "visits")) as f:
                visits = int(f.read() or 0) + 1
        except (OSError, ValueError):
            pass
        write_state("visits", str(visits))
        rows = "".join(f"<li>{name}: EUR {price}</li>" for name, price in PRODUCTS)
        body = (f"<!doctype html><title>The Coffee Shop</title><h1>Welcome to the Coffee Shop</h1>"
                f"<ul>{rows}</ul><p>Visitor number {visits}.</p>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("X-Shop-Build", BUILD)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("shop: %s %s\n" % (self.address_string(), fmt % args))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    try:
        write_state("shop.pid", str(os.getpid()))
    except OSError as e:
        print(f"shop: cannot write its state to {DATA}: {e.strerror}", file=sys.stderr)
        sys.exit(1)
    print(f"shop {BUILD}: listening on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
    ThreadingHTTPServer(("127.0.0.1", args.port), Shop).serve_forever()


if __name__ == "__main__":
    main()
PY
chmod 0755 /opt/shop/app.py

cat >/etc/systemd/system/shop.service <<'UNIT'
[Unit]
Description=The Coffee Shop web application
After=network.target

[Service]
User=shop
Group=shop
WorkingDirectory=/opt/shop
ExecStart=/usr/bin/python3 /opt/shop/app.py --port 8000
Restart=on-failure
RestartSec=2

# Hardening (security review SEC-231, done by mk)
NoNewPrivileges=yes
PrivateTmp=yes
ProtectHome=yes
ProtectSystem=strict

[Install]
WantedBy=multi-user.target
UNIT

cat >/etc/nginx/sites-available/shop <<'CONF'
# The shop, proxied to its Python app.
server {
	listen 80 default_server;
	listen [::]:80 default_server;
	server_name shop-01 _;

	location / {
		proxy_pass http://127.0.0.1:8000;
		proxy_set_header Host $host;
		proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
		proxy_connect_timeout 2s;
	}
}
CONF
rm -f /etc/nginx/sites-enabled/default
ln -sf /etc/nginx/sites-available/shop /etc/nginx/sites-enabled/shop
systemctl enable nginx >/dev/null 2>&1

# The reviewer restarted the shop, saw it fail, disabled it "until Monday" and left.
systemctl daemon-reload
systemctl disable shop >/dev/null 2>&1 || true

cat >>/home/admin/.bash_history <<'HIST'
sudo vim /etc/systemd/system/shop.service
sudo systemctl daemon-reload
sudo systemctl restart shop
sudo systemctl disable shop
HIST
chown admin:admin /home/admin/.bash_history
