"""A real database outage, end to end (home/outage.py): the portal runs as a WSGI server process against a private
PostgreSQL cluster started here; the cluster is stopped under it and started again. While it is down, a ward's pages
answer 503 with Retry-After and the ward's name and phone (kept from its last good render), the admin a plain 503, and
the log has one JSON line per failure with the request's id; once it is back, the same process answers 200. A database
that accepts connections and never answers is cut off by the connect timeout within seconds, and the requests that
follow answer at once without trying it.

Needs PostgreSQL's initdb and pg_ctl (.ci/run installs postgresql): skipped without them."""

from __future__ import annotations

import glob
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

# Its own cluster whatever DATABASE_URL says: CI runs it on the SQLite pass only (.ci/run).
pytestmark = pytest.mark.database_independent

WARD = "ninhson.tayninh.localhost"
ROOT = Path(settings.BASE_DIR)

# The portal as one single-threaded WSGI worker (as a sync gunicorn worker): its database connection is kept between
# requests (conn_max_age), so answering 200 after the restart proves the reconnect, not a fresh process.
SERVER = """
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.core.wsgi import get_wsgi_application


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), handler_class=Quiet)
print("ready", flush=True)
server.serve_forever()
"""

PROVISION = """
from sites.provisioning import UnitSpec, provision_unit
provision_unit(UnitSpec(kind="city", name="Thành phố Tây Ninh", slug="tayninh", phone="0276 3822 170"))
provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh",
                        phone="0276 3821 111", email="ninhson@tayninh.gov.vn"))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_binaries() -> tuple[str, str] | None:
    for directory in [None, *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]:
        initdb = shutil.which("initdb", path=directory)
        pg_ctl = shutil.which("pg_ctl", path=directory)
        if initdb and pg_ctl:
            return initdb, pg_ctl
    return None


class PrivateCluster:
    """A throwaway PostgreSQL cluster on a free port of the loopback, trust authentication, no fsync. As root (CI,
    containers) it runs as the `postgres` user: initdb refuses root."""

    def __init__(self, directory: Path, initdb: str, pg_ctl: str) -> None:
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                pytest.skip("running as root without runuser: initdb cannot run")
            try:
                shutil.chown(directory, user="postgres")
            except (LookupError, PermissionError):
                pytest.skip("running as root and no postgres user to run initdb as")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120, cwd=self.directory)

    def create(self) -> None:
        self.run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", "start")

    def stop(self) -> None:
        self.run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "portal") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def portal_env(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    (var_dir / "staticfiles").mkdir(parents=True, exist_ok=True)  # no warning from whitenoise in the log
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORTAL_", "DATABASE_", "REDIS_", "LOG_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PORTAL_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        LOG_FORMAT="json",
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600
    )


class PortalServer:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.stderr = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the portal did not start: {log.read_text()}")

    def get(self, path: str, host: str = WARD, request_id: str | None = None, timeout: float = 30, cookie: str = ""):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": host, **({"Cookie": cookie} if cookie else {})}
        if request_id:
            headers["X-Request-ID"] = request_id
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        return response, body

    def log_lines(self) -> list[str]:
        self.stderr.flush()
        return [line for line in self.log.read_text().splitlines() if line.strip()]

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.stderr.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)")
    # Directly under /tmp: pytest's own temporary directories are closed to the postgres user.
    directory = Path(tempfile.mkdtemp(prefix="portal-outage-pg-"))
    cluster = PrivateCluster(directory, *binaries)
    cluster.create()
    cluster.start()
    try:
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE portal")
        env = portal_env(directory / "var", cluster.url(), DATABASE_STATEMENT_TIMEOUT="0")
        manage(env, "migrate", "--no-input")
        manage(env, "shell", "-c", PROVISION)
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


def test_a_stopped_database_answers_503_with_the_wards_contacts_and_the_same_process_recovers(cluster, tmp_path):
    server = PortalServer(portal_env(tmp_path / "var", cluster.url(), DATABASE_CONNECT_TIMEOUT="2"), tmp_path / "log")
    try:
        response, body = server.get("/")
        assert response.status == 200, body
        assert "Phường Ninh Sơn" in body
        assert (tmp_path / "var" / "outage" / f"{WARD}.vi.html").is_file()  # kept from this good render

        cluster.stop()
        before = len(server.log_lines())
        response, body = server.get("/", request_id="outage-test-0001")
        assert response.status == 503
        assert response.getheader("Retry-After") == "30"
        assert response.getheader("X-Request-ID") == "outage-test-0001"
        assert "Phường Ninh Sơn" in body and "0276 3821 111" in body and "ninhson@tayninh.gov.vn" in body
        assert "Thành phố Tây Ninh" in body
        assert "Traceback" not in body

        lines = server.log_lines()[before:]
        assert len(lines) == 1, lines  # one line per failure, no traceback
        line = json.loads(lines[0])
        assert line["request_id"] == "outage-test-0001"
        assert line["level"] == "ERROR" and line["logger"] == "portal.database"
        assert line["message"].startswith("database unavailable, answered 503")
        assert line["error_class"].endswith("OperationalError") and line["outage"] == "unavailable"
        assert line["path"] == "/" and line["host"] == WARD
        assert {"timestamp", "message"} <= line.keys() and "traceback" not in line

        response, body = server.get("/en/")
        assert response.status == 503 and '<html lang="en">' in body and "0276 3821 111" in body

        response, body = server.get("/admin/", cookie="sessionid=an-editors-session")  # read from the database
        assert response.status == 503 and response.getheader("Retry-After") == "30"
        assert "Trang quản trị" in body and "Traceback" not in body and "0276 3821 111" not in body
        lines = server.log_lines()[before:]
        assert len(lines) == 3, lines  # one per request

        cluster.start()
        response, body = server.get("/")
        assert response.status == 200 and "Phường Ninh Sơn" in body
        assert server.process.poll() is None  # the same process, not a restarted one
    finally:
        server.stop()
        if not cluster.running():
            cluster.start()


class SilentDatabase:
    """Accepts TCP connections and never answers: a hung server, a dropped network path behind a proxy."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self) -> None:
        while True:
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)  # kept open, never read nor written

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def test_a_database_that_never_answers_is_cut_off_by_the_connect_timeout(tmp_path):
    silent = SilentDatabase()
    url = f"postgres://postgres@127.0.0.1:{silent.port}/portal"
    server = PortalServer(portal_env(tmp_path / "var", url, DATABASE_CONNECT_TIMEOUT="2"), tmp_path / "log")
    try:
        started = time.monotonic()
        response, body = server.get("/", request_id="hung-database-01", timeout=20)
        elapsed = time.monotonic() - started
        assert response.status == 503 and response.getheader("Retry-After") == "30"
        assert elapsed < 8, f"the request took {elapsed:.1f} s"
        assert "Cổng thông tin tạm thời gián đoạn" in body  # no page kept for this host: the portal's own
        assert silent.accepted  # it did reach the silent server
        lines = [json.loads(line) for line in server.log_lines()]
        assert [line["request_id"] for line in lines] == ["hung-database-01"]
        assert lines[0]["outage"] == "unavailable"

        # The next requests do not wait again: 503 at once, without a new connection to the hung server.
        reached = len(silent.accepted)
        started = time.monotonic()
        response, body = server.get("/tin-tuc/", request_id="hung-database-02", timeout=20)
        assert response.status == 503 and time.monotonic() - started < 1.5  # the connect timeout is 2 s
        assert "Cổng thông tin tạm thời gián đoạn" in body
        assert len(silent.accepted) == reached
    finally:
        server.stop()
        silent.close()
