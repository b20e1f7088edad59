"""Benchmark: the anonymous page cache against the server's own ceiling (issue 18), a script, never a timed test.

Seeds the demo once in its own PORTAL_VAR_DIR (SQLite), then serves it with gunicorn (2 sync workers, production
settings, DEBUG off) twice — page cache on and off (PORTAL_PAGE_CACHE) — and measures each URL with wrk (8
connections, 10 s): a constant view (/healthz: no template, no query) and the city's home, news index, an article,
the registry search and the work schedule. Prints req/s, p50/p99 and each page's ratio to the constant view.

    .venv/bin/python bench/pagecache.py [--port 8611] [--seconds 10] [--connections 8] [--var /tmp/pagecache-bench]

Add DATABASE_URL=postgres://… to measure PostgreSQL (the database must exist; the demo is seeded into it once).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        PORTAL_VAR_DIR=args.var,
        PORTAL_PORT=str(args.port),
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key"),
        ALTCHA_HMAC_KEY=env.get("ALTCHA_HMAC_KEY", "bench-only-altcha-key"),
        SECURE_COOKIES="0",
        PORTAL_HTTPS="0",  # plain HTTP on the loopback: no redirect to https
        LOG_LEVEL="ERROR",
    )
    return env


def seed(env: dict[str, str]) -> None:
    marker = Path(env["PORTAL_VAR_DIR"]) / "seeded"
    if marker.exists():
        return
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    for command in (["migrate", "-v0"], ["seed_demo", "--allow-production"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    marker.touch()


def targets(env: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The city's host and (name, path) of the pages measured, read from the seeded database."""
    script = """
import django; django.setup()
from sites.models import Unit
city = Unit.objects.filter(kind="city").order_by("pk").first()
sections = {s.key: s.page for s in city.sections.select_related("page")}
from news.models import NewsArticlePage
article = NewsArticlePage.objects.live().descendant_of(city.home_page).order_by("-first_published_at").first()
print(city.site.hostname)
print(sections["news"].url_path[len(city.home_page.url_path) - 1:])
print(article.url_path[len(city.home_page.url_path) - 1:])
print(sections["documents"].url_path[len(city.home_page.url_path) - 1:])
print(sections["schedule"].url_path[len(city.home_page.url_path) - 1:])
"""
    out = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    host, news, article, documents, schedule = out.stdout.split()
    return host, [
        ("constant view (/healthz)", "/healthz"),
        ("city home", "/"),
        ("news index", news),
        ("article", article),
        ("registry search", documents + "?q=quyet+dinh"),
        ("schedule", schedule),
    ]


def serve(env: dict[str, str], port: int, page_cache: bool) -> subprocess.Popen:
    env = {**env, "PORTAL_PAGE_CACHE": "1" if page_cache else "0"}
    command = [GUNICORN, "portal.wsgi", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "error"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def warm(host: str, port: int, path: str) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"})
    for _ in range(3):  # each worker renders once and fills the cache
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}")


def milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def measure(host: str, port: int, path: str, seconds: int, connections: int) -> tuple[float, float, float]:
    out = subprocess.run(
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Host: {host}:{port}",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in out or "50%" not in out:
        raise SystemExit(f"{path}: errors under load\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    return rps, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8611)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--var", default="/tmp/pagecache-bench")
    args = parser.parse_args()
    env = environment(args)
    seed(env)
    host, pages = targets(env)
    rows = []
    for page_cache in (True, False):
        server = serve(env, args.port, page_cache)
        try:
            constant = None
            for name, path in pages:
                warm(host, args.port, path)
                rps, p50, p99 = measure(host, args.port, path, args.seconds, args.connections)
                constant = constant or rps
                rows.append(("on" if page_cache else "off", name, path, rps, p50, p99, rps / constant))
                print(f"{rows[-1][0]:>5} {name:<26} {rps:9.1f} req/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms", flush=True)
        finally:
            stop(server)
    print()
    print("| page cache | page | path | req/s | p50 ms | p99 ms | × constant view |")
    print("|---|---|---|---:|---:|---:|---:|")
    for mode, name, path, rps, p50, p99, ratio in rows:
        print(f"| {mode} | {name} | `{path}` | {rps:.0f} | {p50:.1f} | {p99:.1f} | {ratio:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
