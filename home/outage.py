"""A database outage answers 503, not a generic 500: the unit's name and contacts, kept from its last good render.

`DatabaseOutageMiddleware` (near the top of MIDDLEWARE) and the 500 handler (`home.views.server_error`, for errors
raised by the middleware below it: the site lookup is the first query of a request) tell a database that cannot be
reached, or a statement that ran out of time, from a bug: only those answer 503 with `Retry-After`, the rest stays a
500. The page is a static file per hostname and language under VAR_DIR/outage/, written whenever a unit's public page
renders (at most every SNAPSHOT_REFRESH seconds), when the unit or its portal settings are saved, and by
`manage.py write_outage_pages`; reading it needs no database. A host without a file gets a page naming the portal.

Each failure is one log line on "portal.database" (no traceback), with the request's id (portal.request_id). Nothing
is held open: the next request connects again (conn_health_checks), so the portal recovers by itself. A database that
does not answer at all (a connect that times out, DATABASE_CONNECT_TIMEOUT) would hold every worker for the whole
timeout: `HungDatabaseBreakerMiddleware` then answers the next HUNG_PROBE_INTERVAL seconds of requests at once, and lets
one through to try again.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils import translation

from sites.models import PortalSettings, Unit

logger = logging.getLogger("portal.database")

RETRY_AFTER = 30  # seconds: what a browser or a crawler is told to wait
SNAPSHOT_REFRESH = 300  # seconds: a good render rewrites its unit's page when the file is older than this
UNAVAILABLE, TIMEOUT = "unavailable", "timeout"
LANGUAGES = ("vi", "en")
DEFAULT_SITE = "_default"  # the page of the default site: what Wagtail serves to a host no site names
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
_HOSTNAME = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")

# PostgreSQL's SQLSTATE classes of a server that cannot serve: connection exceptions (08), insufficient resources
# (53: too many connections, out of memory or disk), operator intervention (57P01-57P05: shut down, restarting).
_UNAVAILABLE_STATES = ("08", "53", "57P")
_TIMEOUT_STATES = ("57014", "55P03")  # query_canceled (statement_timeout), lock_not_available (lock_timeout)
_SQLITE_UNAVAILABLE = ("unable to open database file", "disk i/o error", "database or disk is full")
_SQLITE_TIMEOUT = ("database is locked", "database table is locked")

_down_until = 0.0  # time.monotonic() until which the database is taken as down by the page-view counter
# After a connect timed out, the requests of the next HUNG_PROBE_INTERVAL seconds answer 503 without trying the
# database (`HungDatabaseBreakerMiddleware`); then one request tries again, and trips it again if it times out too.
HUNG_PROBE_INTERVAL = 5
_skip_until = 0.0
# Answered whatever the breaker says: health checks must probe the database for real, files need no database.
BREAKER_EXEMPT = ("/health/", "/healthz")


def outage_kind(error: BaseException) -> str | None:
    """UNAVAILABLE (cannot connect, connection lost, server shutting down), TIMEOUT (statement or lock timeout, SQLite's
    busy timeout), or None for any other error (a bug, a constraint, a missing table: a 500)."""
    if isinstance(error, InterfaceError):
        return UNAVAILABLE  # a connection closed under the request
    if not isinstance(error, OperationalError):
        return None
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        text = str(cause).lower()
        if text.startswith(_SQLITE_TIMEOUT):
            return TIMEOUT
        return UNAVAILABLE if text.startswith(_SQLITE_UNAVAILABLE) else None
    state = getattr(cause, "sqlstate", None)
    if state is None:
        return UNAVAILABLE  # psycopg: no answer from a server at all (refused, timed out, closed)
    if state in _TIMEOUT_STATES:
        return TIMEOUT
    return UNAVAILABLE if state.startswith(_UNAVAILABLE_STATES) else None


def database_recently_down() -> bool:
    """Whether a request of this process found the database unreachable in the last RETRY_AFTER seconds: work that
    can wait (counting the view of a page served from the cache) skips it instead of waiting for a connect timeout."""
    return time.monotonic() < _down_until


def note_outage(error: BaseException) -> str | None:
    """For code that recovers from a database error itself: its outage kind, remembered as `outage_response` does
    (a connect that timed out opens the breaker)."""
    kind = outage_kind(error)
    if kind:
        _mark(kind)
        if kind == UNAVAILABLE and connect_timed_out(error):
            _trip_breaker()
    return kind


def _mark(kind: str | None) -> None:
    """Remember the outage `kind` met, or (None) that the database answered: the breaker closes too."""
    global _down_until, _skip_until
    _down_until = time.monotonic() + RETRY_AFTER if kind == UNAVAILABLE else 0.0
    if kind is None:
        _skip_until = 0.0


def connect_timed_out(error: BaseException | None) -> bool:
    """Whether `error` is a connection attempt that got no answer within the connect timeout: a hung server or a
    dropped network path, which holds a worker for the whole timeout (a refused connection fails at once)."""
    from psycopg.errors import ConnectionTimeout

    cause = getattr(error, "__cause__", None) or error
    return isinstance(cause, ConnectionTimeout)


def _trip_breaker() -> None:
    global _skip_until
    _skip_until = time.monotonic() + HUNG_PROBE_INTERVAL


def breaker_open() -> bool:
    """Whether this process takes the database as hung: a connect timed out less than HUNG_PROBE_INTERVAL ago."""
    return time.monotonic() < _skip_until


# ---------------------------------------------------------------------------------------------------------------
# The pages, written while the database answers


def snapshot_dir() -> Path:
    return Path(settings.VAR_DIR) / "outage"


def snapshot_path(hostname: str, language: str) -> Path | None:
    """The file of a hostname's page; None for a name that is not a plain hostname (never a path outside the dir)."""
    if language not in LANGUAGES or not (hostname == DEFAULT_SITE or _HOSTNAME.fullmatch(hostname)):
        return None
    return snapshot_dir() / f"{hostname}.{language}.html"


def _top_unit(unit: Unit) -> Unit:
    """The city above a unit, as far as its parents are loaded already (no query on the render path)."""
    top = unit
    while top.parent_id is not None and Unit.parent.is_cached(top):
        top = top.parent
    return top


def render_page(unit: Unit | None, portal_settings: PortalSettings | None, language: str, admin: bool = False) -> str:
    """The outage page in `language`: the unit's name, city, address, phone, fax and email; the portal's when None."""
    with translation.override(language):
        city = _top_unit(unit) if unit is not None else None
        address = unit.address if unit is not None else ""
        if language == "en" and portal_settings is not None and portal_settings.address_en:
            address = portal_settings.address_en
        return render_to_string(
            "outage.html",
            {
                "unit": unit,
                "city": city if city is not unit else None,
                "address": address,
                "admin": admin,
                "language": language,
                "retry_after": RETRY_AFTER,
            },
        )


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)  # a reader sees the old page or the new one, never half of one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_unit_pages(unit: Unit, portal_settings: PortalSettings | None) -> list[Path]:
    """Writes the unit's page in every language under its hostname (and as the default site's, if it is that)."""
    site = unit.site
    names = [site.hostname.lower()] + ([DEFAULT_SITE] if site.is_default_site else [])
    written = []
    for language in LANGUAGES:
        text = render_page(unit, portal_settings, language)
        for name in names:
            path = snapshot_path(name, language)
            if path is not None:
                _write_atomically(path, text)
                written.append(path)
    return written


def _units_with_settings(units) -> list[tuple[Unit, PortalSettings | None]]:
    units = list(units.select_related("site", "parent__parent__parent"))
    by_site = {item.site_id: item for item in PortalSettings.objects.filter(site__in=[unit.site for unit in units])}
    return [(unit, by_site.get(unit.site_id)) for unit in units]


def write_all_pages() -> int:
    """Every unit's pages, and removes those of hostnames no unit has any more (`manage.py write_outage_pages`)."""
    written: set[Path] = set()
    for unit, portal_settings in _units_with_settings(Unit.objects.all()):
        written.update(write_unit_pages(unit, portal_settings))
    directory = snapshot_dir()
    if directory.is_dir():
        for path in directory.glob("*.html"):
            if path not in written:
                path.unlink(missing_ok=True)
    return len(written)


def write_pages_on_commit(sender, instance, **kwargs) -> None:
    """post_save of a Unit (its pages and those of the units below it, which name it as their city) or of a
    PortalSettings (its unit's pages): rewritten once the change is committed."""
    if kwargs.get("raw"):
        return  # loaddata: `manage.py write_outage_pages` afterwards
    is_unit = isinstance(instance, Unit)
    units = instance.with_descendants() if is_unit else Unit.objects.filter(site_id=instance.site_id)
    transaction.on_commit(lambda: _write_pages_after_save(units))


def _write_pages_after_save(units) -> None:
    try:
        for unit, portal_settings in _units_with_settings(units):
            write_unit_pages(unit, portal_settings)
    except Exception:  # a full disk or a read-only var/ must not fail the editor's save
        logger.warning("outage pages not written", exc_info=True)


def _page_is_stale(unit: Unit) -> bool:
    path = snapshot_path(unit.site.hostname.lower(), "vi")
    try:
        return path is not None and time.time() - path.stat().st_mtime > SNAPSHOT_REFRESH
    except FileNotFoundError:
        return True


def keep_last_good_render(request, response) -> None:
    """After a unit's public page rendered: its outage pages, from what the request has loaded (no query)."""
    unit = request.__dict__.get("_portal_unit")
    if unit is None or response.status_code != 200 or request.method != "GET":
        return
    if not response.get("Content-Type", "").startswith("text/html") or not Unit.site.is_cached(unit):
        return
    if not _page_is_stale(unit):
        return
    try:
        write_unit_pages(unit, request.__dict__.get(PortalSettings.get_cache_attr_name()))
    except Exception:
        logger.warning("outage pages not written", exc_info=True)


# ---------------------------------------------------------------------------------------------------------------
# The answer while the database is out


def _hostname(request) -> str | None:
    try:
        return split_domain_port(request.get_host())[0].lower()  # ALLOWED_HOSTS checked, no database
    except DisallowedHost:
        return None


def _language(request) -> str:
    path = request.path_info
    return "en" if path == "/en" or path.startswith("/en/") else "vi"


def page_for(request) -> str:
    """The request's unit's page kept from its last good render; the portal's page for an admin path or an unknown
    hostname; plain text if even the template cannot be read."""
    language = _language(request)
    admin = request.path_info.startswith(ADMIN_PREFIXES)
    hostname = None if admin else _hostname(request)
    if hostname is not None:
        for name in (hostname, DEFAULT_SITE):
            path = snapshot_path(name, language)
            if path is None:
                continue
            try:
                return path.read_text(encoding="utf-8")
            except OSError:
                continue
    try:
        return render_page(None, None, "vi" if admin else language, admin=admin)
    except Exception:
        logger.warning("outage page could not be rendered", exc_info=True)
        return "<!DOCTYPE html><title>503</title><p>Hệ thống tạm thời gián đoạn. Vui lòng thử lại sau ít phút.</p>"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:500]


def outage_response(request, error: BaseException, kind: str) -> HttpResponse:
    """503 with Retry-After and the unit's page; the failure logged as one line (Django's own line left out)."""
    _mark(kind)
    if kind == UNAVAILABLE and connect_timed_out(error):
        _trip_breaker()
    cause = error.__cause__ or error
    error_class = f"{type(cause).__module__}.{type(cause).__qualname__}"
    what = "database unavailable" if kind == UNAVAILABLE else "database statement timed out"
    # A middleware above the one that failed may meet the database again on the way out (a signed-in editor's user,
    # read lazily): the same failure, logged once.
    if not getattr(request, "_database_outage_logged", False):
        request._database_outage_logged = True
        logger.error(
            "%s, answered 503: %s: %s",
            what,
            error_class,
            _one_line(cause),
            extra={"error_class": error_class, "outage": kind, "status_code": 503},
        )
    return _page_response(request)


def _page_response(request) -> HttpResponse:
    response = HttpResponse(page_for(request), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # django.request would log it again, with the traceback
    return response


def response_for_current_exception(request) -> HttpResponse | None:
    """For the 500 handler, called while the exception is being handled: the outage answer, if it is one."""
    error = sys.exc_info()[1]
    kind = outage_kind(error) if error is not None else None
    return outage_response(request, error, kind) if kind else None


class DatabaseOutageMiddleware:
    """Answers a view's database outage with the 503 page (errors of the middleware below it reach the 500 handler,
    which does the same), and keeps the page of every unit whose public page rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "_portal_unit" in request.__dict__ and response.status_code == 200:
            _mark(None)  # the database answered this request
            keep_last_good_render(request, response)
        return response

    def process_exception(self, request, exception):
        kind = outage_kind(exception)
        return outage_response(request, exception, kind) if kind else None


class HungDatabaseBreakerMiddleware:
    """While the database is taken as hung (`breaker_open`), answers the outage page at once instead of letting each
    request wait the connect timeout: the workers stay free for the pages the page cache above still serves, and for
    the one request every HUNG_PROBE_INTERVAL seconds that tries the database again. Health checks, static files and
    media always go through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not breaker_open() or path.startswith(BREAKER_EXEMPT) or path.startswith(_file_prefixes()):
            return self.get_response(request)
        logger.error(
            "database unavailable, answered 503 without trying: a connection timed out less than %d s ago",
            HUNG_PROBE_INTERVAL,
            extra={"error_class": "breaker", "outage": UNAVAILABLE, "status_code": 503},
        )
        request._database_outage_logged = True
        return _page_response(request)


def _file_prefixes() -> tuple[str, ...]:
    return tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix != "/")
