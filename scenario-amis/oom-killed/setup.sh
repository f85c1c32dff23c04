#!/bin/bash
# media-01: thumbd serves thumbnails from an in-memory cache that it warms at start. Yesterday:
#   1. the platform team gave every service a memory limit: a drop-in with MemoryMax=256M (keep it);
#   2. a developer "tuned" thumbd for the new 4 GB servers with `systemctl edit thumbd`:
#      Environment=THUMBD_CACHE_MB=1536, which overrides cache_mb = 192 in /etc/thumbd/thumbd.conf.
# Warming a 1.5 GiB cache under a 256 MiB limit: the kernel's OOM killer kills thumbd within a second
# or two of each start, systemd restarts it 5 s later, forever. Nothing in thumbd's own log says why:
# it just stops. The journal (status=9/KILL), `systemctl status` (memory at the max) and `dmesg`
# ("Memory cgroup out of memory") do. Removing the limit is no fix: 1.5 GiB does not fit in the
# server (512 MiB) either.
set -euo pipefail

id -u thumbd >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin thumbd
install -d -m 0755 /etc/thumbd
cat >/etc/thumbd/thumbd.conf <<'CONF'
# thumbd configuration (see the top of /usr/local/bin/thumbd)
listen = 127.0.0.1:8080
# The LRU cache of rendered thumbnails, in MiB; warmed with the most popular ones at start.
cache_mb = 192
CONF

cat >/usr/local/bin/thumbd <<'APP'
#!/usr/bin/env python3
"""thumbd 2.2: serves image thumbnails over HTTP, from an in-memory cache.

Rendered thumbnails are kept in an LRU cache of `cache_mb` MiB (one slab, allocated at start). At start thumbd warms the cache with
the most popular thumbnails, so the first requests are fast; it answers once the cache is warm.

Configuration: /etc/thumbd/thumbd.conf (`key = value` lines, '#' starts a comment). For containers,
the environment variables THUMBD_LISTEN and THUMBD_CACHE_MB override the file.
"""
import json
import mmap
import os
import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VERSION = "2.2.1"
CONFIG = "/etc/thumbd/thumbd.conf"
THUMB_BYTES = 48 * 1024
CATALOG = 100000          # thumbnail ids 1..CATALOG, most popular first
MiB = 1024 * 1024


def log(message):
    print(message, file=sys.stderr, flush=True)


def load_config():
    settings = {"listen": "127.0.0.1:8080", "cache_mb": "64"}
    try:
        with open(CONFIG) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if "=" in line:
                    key, value = (part.strip() for part in line.split("=", 1))
                    settings[key] = value
    except OSError as e:
        log(f"thumbd: cannot read {CONFIG} ({e.strerror}): using defaults")
    for key in ("listen", "cache_mb"):
        env = os.environ.get("THUMBD_" + key.upper())
        if env:
            settings[key] = env
    return settings


def render(thumb_id):
    """A thumbnail, the same every time for its id (a real one would scale an image down)."""
    pattern = bytes((thumb_id * 31 + k) % 251 for k in range(256))
    head = b"\x89THUMB" + thumb_id.to_bytes(4, "big")
    return head + (pattern * (THUMB_BYTES // 256))[len(head):]


class Cache:
    """An LRU cache in one preallocated slab of fixed-size slots (like memcached): its memory is
    exactly `cache_mb`, however many thumbnails come and go."""

    def __init__(self, limit_bytes):
        self.slots = max(1, limit_bytes // THUMB_BYTES)
        self.slab = mmap.mmap(-1, self.slots * THUMB_BYTES)   # memory is used as the cache fills up
        self.index = OrderedDict()                          # thumbnail id -> slot, least recent first
        self.free = list(range(self.slots - 1, -1, -1))
        self.hits = self.misses = 0
        self.lock = threading.Lock()

    @property
    def size(self):
        return len(self.index) * THUMB_BYTES

    def get(self, thumb_id):
        with self.lock:
            slot = self.index.get(thumb_id)
            if slot is not None:
                self.index.move_to_end(thumb_id)
                self.hits += 1
                return self.slab[slot * THUMB_BYTES:(slot + 1) * THUMB_BYTES], True
        data = render(thumb_id)
        with self.lock:
            self.misses += 1
            if thumb_id not in self.index:
                slot = self.free.pop() if self.free else self.index.popitem(last=False)[1]
                self.slab[slot * THUMB_BYTES:(slot + 1) * THUMB_BYTES] = data
                self.index[thumb_id] = slot
        return data, False


def main():
    settings = load_config()
    try:
        cache_mb = int(settings["cache_mb"])
        host, port = settings["listen"].rsplit(":", 1)
        port = int(port)
    except ValueError as e:
        log(f"thumbd: bad configuration: {e}")
        sys.exit(2)
    log(f"thumbd {VERSION}: cache {cache_mb} MiB; warming it up before listening on {host}:{port}")
    cache = Cache(cache_mb * MiB)
    started = time.monotonic()
    thumb_id, reported = 1, 0
    while len(cache.index) < cache.slots and thumb_id <= CATALOG:
        cache.get(thumb_id)
        thumb_id += 1
        if cache.size // (64 * MiB) > reported:
            reported = cache.size // (64 * MiB)
            log(f"thumbd: warming the cache: {reported * 64} MiB")
    cache.hits = cache.misses = 0
    log(f"thumbd: cache warm ({len(cache.index)} thumbnails, {cache.size // MiB} MiB) "
        f"in {time.monotonic() - started:.1f} s; listening on {host}:{port}")

    class Handler(BaseHTTPRequestHandler):
        server_version = "thumbd/" + VERSION

        def do_GET(self):
            if self.path == "/health":
                body = json.dumps({"status": "ok", "version": VERSION, "pid": os.getpid(),
                                   "cache_limit_mb": cache_mb, "cached": len(cache.index),
                                   "cache_mb": cache.size // MiB, "hits": cache.hits,
                                   "misses": cache.misses}).encode()
                self.reply(200, "application/json", body, {})
                return
            parts = self.path.strip("/").split("/")
            if len(parts) == 2 and parts[0] == "thumb" and parts[1].isdigit() and 0 < int(parts[1]) <= CATALOG:
                data, hit = cache.get(int(parts[1]))
                self.reply(200, "image/x-thumb", data, {"X-Cache": "hit" if hit else "miss"})
                return
            self.reply(404, "text/plain", b"not found\n", {})

        def reply(self, status, kind, body, headers):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            pass

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer((host, port), Handler).serve_forever()


if __name__ == "__main__":
    main()
APP
chmod 0755 /usr/local/bin/thumbd

cat >/etc/systemd/system/thumbd.service <<'UNIT'
[Unit]
Description=thumbd, the shop's thumbnail server
After=network.target

[Service]
User=thumbd
Group=thumbd
ExecStart=/usr/local/bin/thumbd
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT

install -d -m 0755 /etc/systemd/system/thumbd.service.d
cat >/etc/systemd/system/thumbd.service.d/50-memory-limit.conf <<'UNIT'
# Managed by the platform team (PLAT-310): every service runs with a memory limit, so that one
# service cannot take the whole server down. Ask #platform before changing it.
[Service]
MemoryMax=256M
UNIT
# What `systemctl edit thumbd` left behind.
cat >/etc/systemd/system/thumbd.service.d/override.conf <<'UNIT'
[Service]
# PERF-77: the new servers have 4 GB, let thumbd cache more
Environment=THUMBD_CACHE_MB=1536
UNIT
systemctl daemon-reload
systemctl enable thumbd.service >/dev/null 2>&1

cat >>/home/admin/.bash_history <<'HIST'
curl -s http://127.0.0.1:8080/health
sudo systemctl edit thumbd
sudo systemctl restart thumbd
curl -s http://127.0.0.1:8080/health
systemctl status thumbd
HIST
chown admin:admin /home/admin/.bash_history
