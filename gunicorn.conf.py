"""gunicorn's configuration for the portal in production (docs/deploy.md): `gunicorn -c gunicorn.conf.py`.

Every value can be changed from the environment of the service. Synchronous workers behind nginx, which buffers
slow clients on both sides (a worker is busy only while Django works, not while a phone downloads)."""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


# A request holds its worker at most this long in the database (portal/settings/base.py; home/outage.py answers 503);
# the workers read it when they load the settings. `manage.py` commands run without these limits.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "15")
os.environ.setdefault("DATABASE_LOCK_TIMEOUT", "10")

wsgi_app = "portal.wsgi:application"
# A TCP address (nginx on the same machine) or unix:/run/portal/gunicorn.sock.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address]
# The usual 2 × cores + 1, at most 12 by default: each worker holds a database connection (CONN_MAX_AGE) and
# PostgreSQL's max_connections must cover every worker of every app server plus the cron jobs.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))
worker_class = "sync"
# A request still running after this many seconds is killed (its worker restarts) and answers 502 at the proxy.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On a restart (SIGHUP, SIGTERM) the requests under way get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after about this many requests (a slow leak in a library never grows for long); the jitter
# keeps the workers from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# No preload: each worker imports the portal itself, so a `systemctl reload` (SIGHUP) loads new code, and no
# connection (database, Redis, S3) is ever shared across a fork.
preload_app = False
# The heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only the proxy on this machine may say the request came over HTTPS (X-Forwarded-Proto) — Django trusts it
# (SECURE_PROXY_SSL_HEADER); the addresses of a proxy on another machine, comma-separated.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log on standard output (journald under systemd): the client as nginx saw it, the request, the status, the
# size, the time taken in milliseconds and the Host (each unit is its own hostname).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%({x-real-ip}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms host=%({host}i)s ua="%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "portal"
