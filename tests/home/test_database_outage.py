"""A database outage answers 503 with the unit's contacts kept from its last good render (home/outage.py), logged as
one line with the request's id; a bug stays a 500. The database is made to fail here by mocks (SQLite's and
psycopg's errors); tests/portal/test_database_outage.py stops a real PostgreSQL and hangs one."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import IntegrityError, OperationalError
from django.test import Client

from home import outage
from home.models import HomePage
from pagecache import generations
from portal.logging import JsonFormatter, RequestContext
from portal.request_id import incoming_or_new

WARD = "ninhson.tayninh.localhost"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    outage._mark(None)
    yield tmp_path
    outage._mark(None)


def database_error(message: str = "unable to open database file") -> OperationalError:
    """What Django raises when SQLite cannot open its file: its OperationalError caused by sqlite3's."""
    error = OperationalError(message)
    error.__cause__ = sqlite3.OperationalError(message)
    return error


class PsycopgError(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def psycopg_error(sqlstate: str | None, message: str = "") -> OperationalError:
    error = OperationalError(message)
    error.__cause__ = PsycopgError(message, sqlstate)
    return error


def fail_site_lookup(monkeypatch, error: Exception) -> None:
    """The first query of a public request (home.routing) fails, as it does when the database is out."""

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr("home.routing._find_site", failing)


def outage_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "portal.database"]


def test_the_ward_page_of_its_last_good_render_answers_503_while_the_database_is_out(
    two_units, var_dir, monkeypatch, caplog
):
    client = Client(raise_request_exception=False)
    assert client.get("/", HTTP_HOST=WARD).status_code == 200  # the good render keeps the ward's page
    assert (var_dir / "outage" / f"{WARD}.vi.html").is_file()

    fail_site_lookup(monkeypatch, database_error())
    caplog.set_level(logging.INFO)
    response = client.get("/tin-tuc/", HTTP_HOST=WARD, HTTP_X_REQUEST_ID="proxy-req-0001")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["X-Request-ID"] == "proxy-req-0001"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Phường Ninh Sơn" in body and "0276 3821 111" in body and 'href="tel:02763821111"' in body
    assert "Thành phố Tây Ninh" in body  # the city it belongs to
    assert "Cổng thông tin tạm thời gián đoạn" in body
    assert "/static/css/portal.css" in body
    assert "Traceback" not in body and "OperationalError" not in body

    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1, [record.getMessage() for record in records]
    (record,) = records
    assert record.name == "portal.database" and record.exc_info is None
    assert record.getMessage().startswith("database unavailable, answered 503: sqlite3.OperationalError:")
    RequestContext().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["request_id"] == "proxy-req-0001"
    assert fields["path"] == "/tin-tuc/" and fields["host"] == WARD
    assert fields["level"] == "ERROR" and fields["logger"] == "portal.database"
    assert fields["error_class"] == "sqlite3.OperationalError" and fields["outage"] == "unavailable"
    assert "traceback" not in fields

    monkeypatch.undo()  # the database is back: the same process answers the next request
    assert client.get("/", HTTP_HOST=WARD).status_code == 200


def test_english_paths_get_the_english_page_and_other_units_their_own(two_units, var_dir, monkeypatch):
    client = Client(raise_request_exception=False)
    for host in (WARD, "hiepninh.tayninh.localhost"):
        assert client.get("/", HTTP_HOST=host).status_code == 200
    fail_site_lookup(monkeypatch, database_error())

    english = client.get("/en/", HTTP_HOST=WARD)
    assert english.status_code == 503
    text = english.content.decode()
    assert '<html lang="en">' in text and "temporarily unavailable" in text and "0276 3821 111" in text

    other = client.get("/", HTTP_HOST="hiepninh.tayninh.localhost").content.decode()
    assert "Phường Hiệp Ninh" in other and "0276 3822 222" in other
    assert "Phường Ninh Sơn" not in other and "0276 3821 111" not in other


def test_a_host_without_a_kept_page_and_the_admin_get_the_portals_page(two_units, var_dir, monkeypatch):
    client = Client(raise_request_exception=False)
    fail_site_lookup(monkeypatch, database_error())

    unknown = client.get("/", HTTP_HOST=WARD)  # no page rendered since the start: nothing kept yet
    assert unknown.status_code == 503 and unknown["Retry-After"] == "30"
    assert "Cổng thông tin tạm thời gián đoạn" in unknown.content.decode()
    assert "Phường Ninh Sơn" not in unknown.content.decode()

    def failing_load(self):
        raise database_error()

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", failing_load)
    client.cookies["sessionid"] = "an-editors-session"  # the session is read from the database
    admin = client.get("/admin/", HTTP_HOST=WARD)
    assert admin.status_code == 503 and admin["Retry-After"] == "30"
    body = admin.content.decode()
    assert "Trang quản trị" in body and "Nội dung đã lưu không bị mất" in body
    assert "Traceback" not in body


def test_a_view_that_meets_the_outage_answers_503_too(two_units, var_dir, monkeypatch, caplog):
    """An error raised in the view itself (not the routing middleware) goes through the middleware's
    process_exception: the same page, the same single line."""
    client = Client()
    assert client.get("/", HTTP_HOST=WARD).status_code == 200

    def failing_serve(self, request, *args, **kwargs):
        raise psycopg_error(None, "connection failed: server closed the connection unexpectedly\n\tThis probably…")

    monkeypatch.setattr(HomePage, "serve", failing_serve)
    caplog.set_level(logging.INFO)
    response = client.get("/", HTTP_HOST=WARD)
    assert response.status_code == 503 and "0276 3821 111" in response.content.decode()
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.name for record in records] == ["portal.database"]
    assert "\n" not in records[0].getMessage()


def test_a_statement_timeout_is_a_503_logged_as_a_timeout(two_units, var_dir, monkeypatch, caplog):
    client = Client(raise_request_exception=False)
    fail_site_lookup(monkeypatch, psycopg_error("57014", "canceling statement due to statement timeout"))
    caplog.set_level(logging.INFO)
    response = client.get("/", HTTP_HOST=WARD)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    (record,) = outage_records(caplog)
    assert record.getMessage().startswith("database statement timed out, answered 503")
    assert record.outage == "timeout"
    assert not outage.database_recently_down()  # one slow statement is not an outage of the database


@pytest.mark.parametrize(
    "error",
    [
        database_error("no such table: wagtailcore_site"),  # a deploy without its migrations: a bug to see
        IntegrityError("UNIQUE constraint failed"),
        psycopg_error("42P01", 'relation "wagtailcore_site" does not exist'),
        psycopg_error("40P01", "deadlock detected"),
        ValueError("a bug"),
    ],
)
def test_other_database_errors_and_bugs_stay_a_500(two_units, var_dir, monkeypatch, error):
    client = Client(raise_request_exception=False)
    fail_site_lookup(monkeypatch, error)
    response = client.get("/", HTTP_HOST=WARD)
    assert response.status_code == 500
    assert not response.has_header("Retry-After")


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (psycopg_error(None, "connection refused"), outage.UNAVAILABLE),
        (psycopg_error("08006", "connection failure"), outage.UNAVAILABLE),
        (psycopg_error("57P01", "terminating connection due to administrator command"), outage.UNAVAILABLE),
        (psycopg_error("53300", "too many connections"), outage.UNAVAILABLE),
        (psycopg_error("57014", "statement timeout"), outage.TIMEOUT),
        (psycopg_error("55P03", "lock timeout"), outage.TIMEOUT),
        (database_error("database is locked"), outage.TIMEOUT),
        (database_error("disk I/O error"), outage.UNAVAILABLE),
        (OperationalError("no cause"), outage.UNAVAILABLE),
        (database_error("no such column: x"), None),
        (psycopg_error("22P02", "invalid input syntax"), None),
    ],
)
def test_outage_kinds(error, kind):
    assert outage.outage_kind(error) == kind


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, empty, in a process that has not read the hostnames yet."""
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    caches["pages"].clear()
    generations.hosts.version = None
    yield
    cache.clear()
    caches["pages"].clear()
    generations.hosts.version = None


def test_a_page_served_from_the_cache_during_the_outage_stays_a_page(two_units, var_dir, page_cache, monkeypatch):
    """The anonymous page cache needs no query: a cached page is still served (it cannot be stale, nothing can be
    published meanwhile), and its view is not counted rather than wait on the database."""
    client = Client(raise_request_exception=False)
    assert client.get("/", HTTP_HOST=WARD)["X-Page-Cache"] == "miss"
    fail_site_lookup(monkeypatch, database_error())
    assert client.get("/tin-tuc/", HTTP_HOST=WARD).status_code == 503  # not cached: the outage page
    assert outage.database_recently_down()

    def no_query(*args, **kwargs):
        raise AssertionError("the page view was counted during the outage")

    monkeypatch.setattr("reports.usage.UsageCounterMiddleware.count", no_query)
    cached = client.get("/", HTTP_HOST=WARD, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    assert cached.status_code == 200 and cached["X-Page-Cache"] == "hit"


def test_saving_the_unit_rewrites_its_page_and_the_command_writes_every_page(
    two_units, var_dir, django_capture_on_commit_callbacks
):
    ward = two_units.ward_a
    with django_capture_on_commit_callbacks(execute=True):
        ward.phone = "0276 3999 999"
        ward.save()
    kept = (var_dir / "outage" / f"{WARD}.vi.html").read_text()
    assert "0276 3999 999" in kept

    with django_capture_on_commit_callbacks(execute=True):  # the city's new name reaches the pages below it
        two_units.city.name = "Thành phố Tây Ninh (mới)"
        two_units.city.save()
    assert "Thành phố Tây Ninh (mới)" in (var_dir / "outage" / f"{WARD}.vi.html").read_text()
    assert "Thành phố Tây Ninh (mới)" in (var_dir / "outage" / "hiepninh.tayninh.localhost.vi.html").read_text()

    stale = var_dir / "outage" / "old-hostname.tayninh.localhost.vi.html"
    stale.write_text("old")
    call_command("write_outage_pages")
    names = sorted(path.name for path in (var_dir / "outage").glob("*.html"))
    assert stale.name not in names
    assert f"{WARD}.en.html" in names and "hiepninh.tayninh.localhost.vi.html" in names
    assert "tayninh.localhost.vi.html" in names


@pytest.mark.parametrize("hostname", ["../../etc/passwd", "a/b", "", "..", "_default/x", "Host.With.Caps/"])
def test_a_hostname_never_names_a_file_outside_the_directory(var_dir, hostname):
    assert outage.snapshot_path(hostname, "vi") is None
    assert outage.snapshot_path("ninhson.tayninh.localhost", "../x") is None


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("5f0c6a3e9b1d4c2a8e7f6b5a4c3d2e1f", True),
        ("req-2026.12.05:0001", True),
        ("short", False),
        ("a" * 129, False),
        ("bad id with spaces", False),
        ("<script>alert(1)</script>", False),
        ("line\r\nbreak-injected", False),
        (None, False),
    ],
)
def test_a_request_id_from_the_proxy_is_kept_only_when_it_looks_like_one(incoming, kept):
    request_id = incoming_or_new(incoming)
    assert (request_id == incoming) is kept
    assert 8 <= len(request_id) <= 128


def test_every_response_carries_a_request_id(two_units, var_dir):
    client = Client()
    first = client.get("/", HTTP_HOST=WARD)["X-Request-ID"]
    second = client.get("/", HTTP_HOST=WARD)["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_json_line_carries_any_other_error_with_its_traceback_on_the_same_line():
    try:
        raise ValueError("một lỗi\nhai dòng")
    except ValueError:
        record = logging.getLogger("news").makeRecord(
            "news", logging.ERROR, __file__, 1, "lỗi khi hiển thị %s", ("/tin-tuc/",), sys.exc_info()
        )
    RequestContext().filter(record)  # outside a request: no id, path nor host
    line = JsonFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["message"] == "lỗi khi hiển thị /tin-tuc/"
    assert fields["error_class"] == "ValueError" and "Traceback" in fields["traceback"]
    assert "request_id" not in fields and "path" not in fields


def connect_timeout() -> OperationalError:
    """What Django raises when psycopg's connect got no answer within `connect_timeout`."""
    from psycopg.errors import ConnectionTimeout

    error = OperationalError("connection timeout expired")
    error.__cause__ = ConnectionTimeout("connection timeout expired")
    return error


def test_after_a_connect_timed_out_requests_answer_503_at_once_until_one_tries_again(
    two_units, var_dir, monkeypatch, caplog
):
    """A hung database holds each request for the whole connect timeout: after one timed out, the next requests of
    the process get the outage page without trying, except health checks, until one tries again."""
    client = Client(raise_request_exception=False)
    assert client.get("/", HTTP_HOST=WARD).status_code == 200
    fail_site_lookup(monkeypatch, connect_timeout())
    assert client.get("/", HTTP_HOST=WARD).status_code == 503
    assert outage.breaker_open()

    tried = []
    monkeypatch.setattr("home.routing._find_site", lambda *args, **kwargs: tried.append(1) / 0)
    caplog.set_level(logging.INFO)
    for path in ("/", "/tin-tuc/", "/admin/"):
        response = client.get(path, HTTP_HOST=WARD)
        assert response.status_code == 503 and response["Retry-After"] == "30", path
    assert "Phường Ninh Sơn" in client.get("/", HTTP_HOST=WARD).content.decode()  # the ward's kept page
    assert tried == []  # no request waited on the database
    short_cut = [record for record in outage_records(caplog) if "without trying" in record.getMessage()]
    assert len(short_cut) == 4  # one line per request answered 503
    health = client.get("/health/", HTTP_HOST=WARD)  # a health check probes the database for real
    assert health["Content-Type"].startswith("application/json"), health["Content-Type"]
    monkeypatch.undo()  # the database answers again

    # HUNG_PROBE_INTERVAL later a request tries, gets its page, and the process serves as before.
    later = time.monotonic() + outage.HUNG_PROBE_INTERVAL + 0.1
    monkeypatch.setattr("home.outage.time.monotonic", lambda: later)
    assert client.get("/", HTTP_HOST=WARD).status_code == 200
    assert not outage.breaker_open()
    assert client.get("/tin-tuc/", HTTP_HOST=WARD).status_code != 503


def test_a_refused_connection_does_not_short_cut_the_next_requests(two_units, var_dir, monkeypatch):
    """A refused connection fails at once and holds no worker: the next request tries the database again."""
    client = Client(raise_request_exception=False)
    fail_site_lookup(monkeypatch, psycopg_error("08006", "connection refused"))
    assert client.get("/", HTTP_HOST=WARD).status_code == 503
    assert not outage.breaker_open()
    monkeypatch.undo()
    assert client.get("/", HTTP_HOST=WARD).status_code == 200


def test_with_the_breaker_open_a_worker_serves_its_cached_pages_and_a_fresh_one_does_not_wait(
    two_units, var_dir, page_cache, monkeypatch
):
    """The page cache reads the hostnames from the database once per process: a worker that has them serves its
    cached pages while the database hangs; a fresh worker (recycled by gunicorn) meets the hung database there once,
    which opens the breaker, and then neither waits on it again nor on the view's connect."""
    client = Client(raise_request_exception=False)
    client.get("/", HTTP_HOST=WARD)
    assert client.get("/", HTTP_HOST=WARD)["X-Page-Cache"] == "hit"
    outage._trip_breaker()
    assert client.get("/", HTTP_HOST=WARD)["X-Page-Cache"] == "hit"  # the worker knows the hostnames

    outage._mark(None)
    generations.hosts.version = None  # a fresh worker
    loads = []

    def hung(self, version):
        loads.append(version)
        raise connect_timeout()

    monkeypatch.setattr(generations.HostMap, "load", hung)
    fail_site_lookup(monkeypatch, connect_timeout())
    first = client.get("/", HTTP_HOST=WARD)
    assert first.status_code == 503 and outage.breaker_open()
    assert len(loads) == 1
    for path in ("/", "/tin-tuc/"):
        assert client.get(path, HTTP_HOST=WARD).status_code == 503
    assert len(loads) == 1  # no request tried the database again while the breaker is open
