"""Load and faults (issue 19 item 7): 50 citizens for 60 s on the production configuration, with editors publishing,
then the same load with Redis stopped, then with PostgreSQL restarted mid-run. A benchmark to run, not a timed test.

    .venv/bin/python bench/load_faults.py [--users 50] [--seconds 60] [--phases steady,redis,postgres] [--port 8721]

Everything it uses is its own: a PostgreSQL cluster initialised under /tmp (port 5498, so the machine's server is
never restarted), a redis-server on port 6398 (no persistence), the demo seeded into that cluster once, and gunicorn
with the production settings on the port (the repository's gunicorn.conf.py when there is one, 2 workers otherwise).
The citizens are Locust users (bench/locust_portal.py) reading homes, news, articles, registries, schedules and
sitemaps of every unit on its own hostname. Two editors publish a changed article every 10 s each (`--publish-every`)
through the ORM — the same `publish()` the admin's button calls, with its signals and the page cache purge — and after
each publish read the article over HTTP until the change shows: the time it took is the "visible after" column.

Phases (each with a fresh Locust run; a failure is any answer but 200, a refused connection or a timeout):
- steady:   the load alone. Expected: no failure.
- redis:    Redis is shut down 15 s in and started again 15 s before the end. Expected: no failure (pages render
            uncached; the page cache fills again when Redis is back).
- postgres: PostgreSQL is restarted (fast shutdown, so every connection is cut) 15 s in. Expected: failures (503)
            only while it is down, every request answered again within seconds, without restarting gunicorn.

It prints a table per phase and the per-second failures around the fault; the figures are recorded in
docs/operations.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")
PG_PORT = 5498
REDIS_PORT = 6398


def pg_bin(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise SystemExit("PostgreSQL's server programs are not installed (apt-get install postgresql)")
    return str(versions[-1] / name)


def as_postgres(command: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "data"

    def start(self) -> None:
        if not self.data.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            subprocess.run(
                as_postgres([pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.ctl("start", "-w")

    def ctl(self, action: str, *extra: str) -> None:
        options = f"-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=100"
        command = [pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"), "-o", options]
        subprocess.run(as_postgres([*command, action, *extra]), check=True, stdout=subprocess.DEVNULL)

    def restart(self) -> None:
        self.ctl("restart", "-m", "fast", "-w")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("stop", "-m", "fast", "-w")


class PrivateRedis:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [server, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(REDIS_PORT)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/portal",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        PORTAL_VAR_DIR=args.var,
        PORTAL_PORT=str(args.port),
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key-bench-only-secret-key-0123456789"),
        ALTCHA_HMAC_KEY=env.get("ALTCHA_HMAC_KEY", "bench-only-altcha-key"),
        # Plain HTTP on the loopback: no secure cookies, no redirect to https.
        SECURE_COOKIES="0",
        PORTAL_HTTPS="0",
        LOG_LEVEL="ERROR",
    )
    return env


def seed(env: dict[str, str]) -> None:
    marker = Path(env["PORTAL_VAR_DIR"]) / "seeded"
    if marker.exists():  # seeded by an earlier run: only the migrations and static files of this checkout
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        return
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "portal"], check=False, env=env
    )
    for command in (["migrate", "-v0"], ["seed_demo", "--allow-production"], ["collectstatic", "--noinput", "-v0"]):
        print("$ manage.py", " ".join(command), flush=True)
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    marker.touch()


TARGETS_SCRIPT = """
import json, sys
import django; django.setup()
from news.models import NewsArticlePage
from sites.models import Unit
port = int(sys.argv[1])
targets = []
for unit in Unit.objects.select_related("site", "home_page").order_by("pk"):
    host = f"{unit.site.hostname}:{port}"
    prefix = len(unit.home_page.url_path) - 1
    sections = {s.key: s.page for s in unit.sections.filter(page__live=True).select_related("page")}
    targets.append(["home", host, "/"])
    targets.append(["sitemap", host, "/sitemap.xml"])
    for key, kind, query in (("news", "news index", ""), ("documents", "registry", "?q=quyet+dinh"),
                             ("schedule", "schedule", "")):
        if key in sections:
            targets.append([kind, host, sections[key].url_path[prefix:] + query])
    articles = NewsArticlePage.objects.live().descendant_of(unit.home_page).order_by("-first_published_at")[:5]
    for article in articles:
        targets.append(["article", host, article.url_path[prefix:]])
print(json.dumps(targets, ensure_ascii=False))
"""


def targets(env: dict[str, str], port: int) -> list[list[str]]:
    out = subprocess.run(
        [PYTHON, "-c", TARGETS_SCRIPT, str(port)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    command = [GUNICORN, "portal.wsgi", "-b", f"127.0.0.1:{port}", "--log-level", "error"]
    if (ROOT / "gunicorn.conf.py").exists():
        command[1:1] = ["-c", str(ROOT / "gunicorn.conf.py")]
        env = {**env, "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "2"), "GUNICORN_ACCESS_LOG": ""}
    else:
        command += ["-w", "2", "-k", "sync", "--timeout", "30"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    wait_for_port(port)
    return server


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def check_targets(port: int, pages: list[list[str]]) -> None:
    """Every page answers 200 before anything is measured (a 404 served fast measures nothing)."""
    for kind, host, path in pages:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status != 200:
                raise SystemExit(f"{kind} {host}{path} answered {response.status}")


EDITOR_SCRIPT = """
import json, random, sys, time, urllib.request
import django; django.setup()
from news.models import NewsArticlePage
from sites.models import Unit
unit = Unit.objects.select_related("site", "home_page").order_by("pk")[int(sys.argv[1])]
port, seconds, interval = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
articles = list(NewsArticlePage.objects.live().descendant_of(unit.home_page).order_by("-first_published_at")[:5])
prefix = len(unit.home_page.url_path) - 1
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    article = random.choice(articles).specific
    n += 1
    marker = f"Cập nhật lần {n} lúc {time.strftime('%H:%M:%S')}"
    article.intro = marker + ". " + article.intro.split(". ", 1)[-1]
    try:
        article.save_revision().publish()
        published = time.monotonic()
        visible = None
        request = urllib.request.Request(f"http://127.0.0.1:{port}{article.url_path[prefix:]}",
                                         headers={"Host": f"{unit.site.hostname}:{port}"})
        while time.monotonic() - published < 10:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    if marker in response.read().decode():
                        visible = time.monotonic() - published
                        break
            except Exception:
                pass
            time.sleep(0.05)
        print(json.dumps({"ok": True, "visible_after": visible}), flush=True)
    except Exception as error:
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}), flush=True)
        from django.db import close_old_connections; close_old_connections()
    time.sleep(interval)
"""


def editors(env: dict[str, str], port: int, seconds: float, interval: float) -> list[subprocess.Popen]:
    """Two editors, of the city and of its first ward, each publishing every `interval` seconds. A city's publish
    purges the pages of every unit below it (they show its news): at one every 2 s nothing stays cached."""
    return [
        subprocess.Popen(
            [PYTHON, "-c", EDITOR_SCRIPT, str(index), str(port), str(seconds), str(interval)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for index in (0, 1)
    ]


def run_locust(port: int, users: int, seconds: int, target_file: Path, prefix: Path) -> subprocess.Popen:
    env = {**os.environ, "LOAD_TARGETS": str(target_file)}
    command = [
        LOCUST,
        "-f",
        str(ROOT / "bench" / "locust_portal.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(max(1, users // 5)),
        "-t",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--csv-full-history",
        "--only-summary",
        "--loglevel",
        "ERROR",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def read_history(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats_history.csv", encoding="utf-8") as history:
        return [row for row in csv.DictReader(history) if row["Name"] == "Aggregated"]


def phase(name: str, args, env, pages, target_file: Path, workdir: Path, fault=None) -> dict:
    print(f"\n=== {name}: {args.users} users × {args.seconds} s ===", flush=True)
    prefix = workdir / name
    started = time.time()
    locust = run_locust(args.port, args.users, args.seconds, target_file, prefix)
    publishers = editors(env, args.port, args.seconds - 5, args.publish_every)
    events: list[tuple[float, str]] = []
    if fault is not None:
        thread = threading.Thread(target=fault, args=(events, started), daemon=True)
        thread.start()
    locust.wait(timeout=args.seconds + 120)
    publishes = []
    for publisher in publishers:
        out, _ = publisher.communicate(timeout=60)
        publishes += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if fault is not None:
        thread.join(timeout=60)
    stats = read_stats(prefix)
    history = read_history(prefix)
    print("| page | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in stats:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    visible = sorted(p["visible_after"] for p in publishes if p.get("ok") and p["visible_after"] is not None)
    failed = [p for p in publishes if not p.get("ok")]
    never = [p for p in publishes if p.get("ok") and p["visible_after"] is None]
    print(
        f"editors: {len(publishes)} publishes, {len(failed)} failed, {len(never)} not visible within 10 s; "
        + (
            f"visible after p50 {visible[len(visible) // 2] * 1000:.0f} ms, max {visible[-1] * 1000:.0f} ms"
            if visible
            else "none visible"
        )
    )
    for error in failed[:3]:
        print("  publish failed:", error["error"])
    for when, what in events:
        print(f"  t+{when - started:5.1f} s  {what}")
    if fault is not None:
        print("  per second (t, req/s, failures/s):")
        for row in history:
            t = int(row["Timestamp"]) - int(started)
            if any(abs(t - (when - started)) < 12 for when, _ in events):
                print(f"    t+{t:3d}  {float(row['Requests/s']):6.1f}  {float(row['Failures/s']):6.1f}")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return {"stats": stats, "publishes": publishes, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8721)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--phases", default="steady,redis,postgres")
    parser.add_argument("--publish-every", type=float, default=10.0, help="seconds between an editor's publishes")
    parser.add_argument("--var", default="/tmp/load-faults")
    args = parser.parse_args()
    if not Path(LOCUST).exists():
        raise SystemExit("locust is not installed in .venv (pip install -r requirements-dev.txt)")
    env = environment(args)
    postgres = PrivatePostgres(Path(args.var) / "postgres")
    redis = PrivateRedis()
    postgres.start()
    redis.start()
    server = None
    try:
        seed(env)
        pages = targets(env, args.port)
        server = serve(env, args.port)
        check_targets(args.port, pages)
        workdir = Path(tempfile.mkdtemp(prefix="load-faults-"))
        target_file = workdir / "targets.json"
        target_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        print(f"{len(pages)} pages on {len({host for _, host, _ in pages})} hostnames; machine: {os.cpu_count()} cores")

        def redis_fault(events, started):
            time.sleep(15)
            redis.stop()
            events.append((time.time(), "Redis stopped"))
            time.sleep(max(1, args.seconds - 30))
            redis.start()
            events.append((time.time(), "Redis started again"))

        def postgres_fault(events, started):
            time.sleep(15)
            events.append((time.time(), "PostgreSQL restart (fast shutdown) begins"))
            postgres.restart()
            events.append((time.time(), "PostgreSQL accepts connections again"))

        faults = {"steady": None, "redis": redis_fault, "postgres": postgres_fault}
        for name in args.phases.split(","):
            phase(name, args, env, pages, target_file, workdir, faults[name])
    finally:
        if server is not None:
            stop(server)
        redis.stop()
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
