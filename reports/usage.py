"""The portal's own usage counter: page views per unit, section and day (Decree 224/2026 Art. 12).

No cookie is set and no IP address, user agent or time of day is stored: a row is (unit, section, day, count).

What counts as one view (`UsageCounterMiddleware`): a GET answered 200 with an HTML page on a unit's public site.
Left out: HEAD and every other method, redirects and errors, streamed and non-HTML responses (feeds, sitemaps,
documents, JSON), the admin (previews included), static files and media, crawlers and bots (`crawlerdetect`, and
requests with no user agent), prefetches (`Sec-Purpose: prefetch`, `Purpose: prefetch`, `X-Moz: prefetch`), and
signed-in users (the portal's only accounts are editors and the oversight office). A visitor without the session
cookie is anonymous without looking up any session; only a request that carries the cookie has its user read.

The section is the blueprint key of the nearest section page above the requested path (English pages count for the
section their Vietnamese original belongs to), "" for the home page and pages outside every section. It is found in
a per-site map of section paths (`section_paths`), built in three queries for every unit at once, kept in the cache
and dropped whenever a page is published, unpublished, moved or deleted or a `UnitSection` changes.

The middleware sits near the top of `MIDDLEWARE`, outside the view and any page cache put in front of Wagtail's
`serve`, so a page served from a cache is counted the same, and cheaply: the site comes from the request when
Wagtail has found it already, else from a cached map of host → site (one query on a miss, the first visit of a host).

The write. With Redis as the cache (django-redis; `REDIS_URL`; `PORTAL_USAGE_FLUSH_SECONDS` > 0) a view is one
atomic `INCR` of a counter per (day, unit, section) in Redis, in one transaction with marking the counter dirty (a
set); `flush_buffered_views` moves every dirty counter, of any day, unit or section (a section deleted or renamed
since included) to the database in bulk upserts: at most every `PORTAL_USAGE_FLUSH_SECONDS` from each process's
middleware, and from `manage.py flush_usage_counts` (cron, every minute, for the views of a quiet process). A flush
takes the counters in one atomic step into a hash of its own, so a view counted during the flush stays for the next
one and a take whose answer timed out loses nothing; if the database refuses, the views go back to their counters. One
flush runs at a time (a lock owned by a random token, released only by its owner). Counting uses Redis's own client,
whose errors tell an outage from a slow answer: when Redis refuses (down, unreachable), the view is written directly;
when it took the command but did not answer within `REDIS_TIMEOUT`, the view may still be counted there, so it is
dropped rather than risk counting it twice (logged: the first of a series, then how many). Views are lost, never
counted twice: those dropped so, and those of a flush whose process dies between taking and writing them (they are
left in that flush's hash in Redis, kept BUFFER_DAYS days, and logged when Redis stops answering then).
With another shared cache backend and buffering on, the counters are read through Django's cache API for the
sections in the section map (see `_buffered_counters`). Without a shared cache (the embedded default, whose
local-memory cache is each process's own) every view is written directly. The direct write is one atomic
upsert-increment (`INSERT … ON CONFLICT … DO UPDATE SET views = views + 1`, race-safe through the unique
constraint). A database error is logged and never reaches the visitor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Sum
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.outage import database_recently_down, note_outage

logger = logging.getLogger(__name__)


class PageViewCount(models.Model):
    unit = models.ForeignKey("sites.Unit", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("chuyên mục"), max_length=40, blank=True)  # blueprint key; "" for the home page
    day = models.DateField(_("ngày"))
    views = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem trang")
        verbose_name_plural = _("lượt xem trang")
        constraints = [
            models.UniqueConstraint(fields=["unit", "section", "day"], name="reports_unique_page_view_count")
        ]
        indexes = [models.Index(fields=["day", "unit"])]


# ---------------------------------------------------------------------------------------------------------------
# Where a path belongs: {site id: (unit id, {language: [(relative path, section key), …] longest first})}

SECTION_MAP_CACHE_KEY = "reports:usage:section-paths:v1"
SECTION_MAP_TIMEOUT = 60 * 60 * 24


def _build_section_paths() -> dict[int, tuple[int, dict[str, list[tuple[str, str]]]]]:
    """Three queries for every unit: the units and their homes, the section pages, their translations."""
    from wagtail.models import Page

    from sites.models import Unit, UnitSection

    units = list(Unit.objects.values_list("pk", "site_id", "home_page__translation_key"))
    homes = {
        (row["translation_key"], row["locale__language_code"]): row["url_path"]
        for row in Page.objects.filter(depth=2, translation_key__in=[key for _, _, key in units]).values(
            "translation_key", "locale__language_code", "url_path"
        )
    }
    sections = list(UnitSection.objects.values_list("unit_id", "key", "page__translation_key"))
    pages = Page.objects.filter(translation_key__in=[key for _, _, key in sections]).values_list(
        "translation_key", "locale__language_code", "url_path"
    )
    paths_of: dict[object, list[tuple[str, str]]] = {}
    for translation_key, language, url_path in pages:
        paths_of.setdefault(translation_key, []).append((language, url_path))
    by_unit: dict[int, list[tuple[str, object]]] = {}
    for unit_id, key, translation_key in sections:
        by_unit.setdefault(unit_id, []).append((key, translation_key))
    result = {}
    for unit_id, site_id, home_key in units:
        languages: dict[str, list[tuple[str, str]]] = {}
        for key, translation_key in by_unit.get(unit_id, []):
            for language, url_path in paths_of.get(translation_key, []):
                home = homes.get((home_key, language))
                if home and url_path.startswith(home):  # a translation inside the unit's tree of that language
                    languages.setdefault(language, []).append(("/" + url_path[len(home) :], key))
        for entries in languages.values():
            entries.sort(key=lambda entry: len(entry[0]), reverse=True)
        result[site_id] = (unit_id, languages)
    return result


def section_paths() -> dict[int, tuple[int, dict[str, list[tuple[str, str]]]]]:
    """The per-site map of section paths, from the cache (built on a miss; a cache outage only costs the build)."""
    try:
        cached = cache.get(SECTION_MAP_CACHE_KEY)
    except Exception:  # a cache outage must not cost the page
        logger.warning("usage counter: cache unavailable", exc_info=True)
        cached = None
    if cached is None:
        cached = _build_section_paths()
        try:
            cache.set(SECTION_MAP_CACHE_KEY, cached, SECTION_MAP_TIMEOUT)
        except Exception:
            logger.warning("usage counter: cache unavailable", exc_info=True)
    return cached


def drop_section_paths(**kwargs) -> None:
    """Receiver: pages moved, published, unpublished or deleted, or a UnitSection changed."""
    try:
        cache.delete(SECTION_MAP_CACHE_KEY)
    except Exception:
        logger.warning("usage counter: cache unavailable", exc_info=True)


# {"hostname:port": site id} of the hosts visited, filled as they come; only hosts that are a site's own hostname are
# kept (a host that falls back to the default site costs its lookup every time, so made-up hosts cannot grow it).
HOST_MAP_CACHE_KEY = "reports:usage:site-of-host:v1"


def site_id_for(request) -> int | None:
    """The id of the Wagtail site serving `request`, without a query when Wagtail has found it already or the host is
    in the cached map."""
    from wagtail.models import Site

    found = getattr(request, "_wagtail_site", None)  # Site.find_for_request's own memo on the request
    if found is not None:
        return found.pk
    hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    host = f"{hostname}:{port}"
    try:
        hosts = cache.get(HOST_MAP_CACHE_KEY) or {}
    except Exception:
        hosts = {}
    if host in hosts:
        return hosts[host]
    site = Site.find_for_request(request)
    if site is None:
        return None
    if site.hostname == hostname:
        try:
            cache.set(HOST_MAP_CACHE_KEY, {**hosts, host: site.pk}, SECTION_MAP_TIMEOUT)
        except Exception:
            logger.warning("usage counter: cache unavailable")
    return site.pk


def drop_host_map(**kwargs) -> None:
    """Receiver: a Site saved or deleted."""
    try:
        cache.delete(HOST_MAP_CACHE_KEY)
    except Exception:
        logger.warning("usage counter: cache unavailable")


def connect_signals() -> None:
    """Called by ReportsConfig.ready."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from sites.models import Unit, UnitSection

    uid = "reports.usage.drop_section_paths"
    page_published.connect(drop_section_paths, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(drop_section_paths, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(drop_section_paths, dispatch_uid=f"{uid}.moved")
    post_delete.connect(drop_section_paths, sender=Page, dispatch_uid=f"{uid}.page-deleted")
    for model in (UnitSection, Unit):
        post_save.connect(drop_section_paths, sender=model, dispatch_uid=f"{uid}.{model.__name__}.saved")
        post_delete.connect(drop_section_paths, sender=model, dispatch_uid=f"{uid}.{model.__name__}.deleted")
    post_save.connect(drop_host_map, sender=Site, dispatch_uid="reports.usage.drop_host_map.saved")
    post_delete.connect(drop_host_map, sender=Site, dispatch_uid="reports.usage.drop_host_map.deleted")


def locate(site_id: int, path: str) -> tuple[int, str] | None:
    """(unit id, section key) of a public path (the path within the portal, `path_info`) on a site; None for a site
    of no unit."""
    entry = section_paths().get(site_id)
    if entry is None:
        return None
    unit_id, languages = entry
    language = settings.LANGUAGE_CODE
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
            language, path = code, path[len(prefix) - 1 :] or "/"
            break
    if not path.endswith("/"):
        path += "/"
    for section_path, key in languages.get(language, ()):
        if path.startswith(section_path):
            return unit_id, key
    return unit_id, ""


# ---------------------------------------------------------------------------------------------------------------
# The write


def _upsert_sql() -> str:
    table = connection.ops.quote_name(PageViewCount._meta.db_table)
    return (
        f"INSERT INTO {table} (unit_id, section, day, views) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (unit_id, section, day) DO UPDATE SET views = {table}.views + 1"
    )


def count_view(unit_id: int, section: str, day: dt.date | None = None) -> bool:
    """Add one view; False (and a log line) when the database refused. One statement, race-safe."""
    day = day or timezone.localdate()
    try:
        # Its own transaction (a savepoint inside a request's): a failure never breaks the surrounding one.
        with transaction.atomic():
            _execute(unit_id, section, day)
    except DatabaseError as error:
        if note_outage(error):  # one line per failure, not a traceback (home/outage.py)
            logger.error("usage counter: the view of unit %s was not counted, database unavailable: %r", unit_id, error)
        else:
            logger.exception("usage counter: the view of unit %s was not counted", unit_id)
        return False
    return True


def _execute(unit_id: int, section: str, day: dt.date) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            # A view count may be lost on a server crash, never the page's time: the commit does not wait for the
            # disk (SET LOCAL: for this transaction only).
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(_upsert_sql(), [unit_id, section, day])


# Buffered in the cache: one counter per (day, unit, section), kept BUFFER_DAYS days (a flush reads that many days).
BUFFER_DAYS = 3
BUFFER_TIMEOUT = BUFFER_DAYS * 24 * 60 * 60
FLUSH_LOCK_KEY = "reports:usage:flush-lock"
FLUSH_LOCK_TIMEOUT = 5 * 60  # a flusher that died leaves the lock this long at most
FLUSH_BATCH = 200  # rows per INSERT (4 parameters each: far below every database's limit)


def flush_interval() -> int:
    """Seconds between a process's flushes; 0: no buffering, every view written directly."""
    return int(getattr(settings, "PORTAL_USAGE_FLUSH_SECONDS", 0) or 0)


def buffer_key(unit_id: int, section: str, day: dt.date) -> str:
    return f"reports:usage:views:{day.isoformat()}:{unit_id}:{section}"


def buffer_view(unit_id: int, section: str, day: dt.date | None = None) -> bool:
    """Add one view to its counter in the cache; False when the cache could not count it (an outage: django-redis
    answers None, another backend may raise), for the caller to write it directly."""
    key = buffer_key(unit_id, section, day or timezone.localdate())
    try:
        try:
            return cache.incr(key) is not None
        except ValueError:  # the first view of this counter
            added = cache.add(key, 1, BUFFER_TIMEOUT)
            if added is None:
                return False
            return added or cache.incr(key) is not None  # another process created it in between
    except Exception:
        logger.warning("usage counter: cache unavailable, the view is written directly")
        return False


def record_view(unit_id: int, section: str, day: dt.date | None = None) -> bool:
    """Count one view: in the cache when buffering, else (or when the cache is down) in the database. False when the
    view was not counted: the database refused, or Redis did not answer in time (see `_buffer_in_redis`)."""
    if flush_interval() > 0:
        client = _redis()
        if client is not None:
            outcome = _buffer_in_redis(client, unit_id, section, day or timezone.localdate())
            if outcome != DOWN:
                return outcome == COUNTED
        elif buffer_view(unit_id, section, day):
            return True
    return count_view(unit_id, section, day)


# ---------------------------------------------------------------------------------------------------------------
# Buffered in Redis (the default cache is django-redis): its own client, whose calls raise (IGNORE_EXCEPTIONS only
# covers Django's cache API), so that a refused connection and a timeout can be told apart.

COUNTED, UNKNOWN, DOWN = "counted", "unknown", "down"
DIRTY_SET_KEY = "reports:usage:dirty"  # the counters that have views to write: "day:unit:section"
TAKEN_KEY = "reports:usage:taken:"  # + a flush's token: the hash of what that flush took, until it is written
_dropped = 0  # views this process left uncounted since Redis last answered in time

# Moves every dirty counter into the flush's own hash, in one atomic step: a view counted meanwhile makes a new
# counter for the next flush; a flush that timed out on this call finds what it took in its hash.
_TAKE = """
local taken = 0
for _, member in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local value = redis.call('GETDEL', ARGV[1] .. member)
  if value then
    redis.call('HINCRBY', KEYS[2], member, value)
    taken = taken + 1
  end
end
redis.call('DEL', KEYS[1])
if taken > 0 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return taken
"""
# Gives a flush's views back to their counters (the database refused them); atomic, so repeating it adds nothing.
_GIVE_BACK = """
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  redis.call('INCRBY', ARGV[1] .. fields[i], fields[i + 1])
  redis.call('SADD', KEYS[2], fields[i])
end
redis.call('DEL', KEYS[1])
return #fields / 2
"""


def _redis():
    """The raw client of the default cache when it is django-redis (its calls raise), else None."""
    from django.core.cache import caches

    try:
        from django_redis.cache import RedisCache
    except ImportError:  # pragma: no cover - django-redis is in requirements.txt
        return None
    if not isinstance(caches["default"], RedisCache):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _make_key(key: str) -> str:
    from django.core.cache import caches

    return caches["default"].make_key(key)


def _member(unit_id: int, section: str, day: dt.date) -> str:
    return f"{day.isoformat()}:{unit_id}:{section}"


def _buffer_in_redis(client, unit_id: int, section: str, day: dt.date) -> str:
    """One view added to its counter, and the counter marked dirty, in one transaction. COUNTED; DOWN when Redis
    refused (not reachable, connection refused or timed out, or an error reply: the command did not run), for the
    caller to write the view directly; UNKNOWN when Redis took the command but did not answer in time: it may still
    count it, so writing it directly could count it twice. That view is dropped; the first of a series is logged,
    and how many were dropped once Redis answers again."""
    global _dropped
    import redis

    member = _member(unit_id, section, day)
    try:
        pipe = client.pipeline(transaction=True)
        pipe.incr(_make_key("reports:usage:views:") + member)
        pipe.sadd(_make_key(DIRTY_SET_KEY), member)
        pipe.execute()
    except redis.exceptions.TimeoutError as error:
        if str(error).startswith("Timeout connecting"):  # never sent
            logger.warning("usage counter: cache unavailable, the view is written directly")
            return DOWN
        if not _dropped:
            logger.warning("usage counter: Redis did not answer in time; views are not counted until it does")
        _dropped += 1
        return UNKNOWN
    except redis.exceptions.RedisError:
        logger.warning("usage counter: cache unavailable, the view is written directly")
        return DOWN
    if _dropped:
        logger.warning("usage counter: %s views were not counted while Redis did not answer in time", _dropped)
        _dropped = 0
    return COUNTED


def _flush_redis(client) -> int:
    """`flush_buffered_views` with Redis: under a token-owned lock, every dirty counter is moved atomically into this
    flush's own hash (`_TAKE`), the hash is read and written to the database in bulk upserts, then deleted. A take
    that times out is no loss: what it took is read from the hash. If the database refuses, the views go back to
    their counters (`_GIVE_BACK`). If the process dies between the take and the write, or Redis stops answering
    then, that flush's views stay in its hash (kept BUFFER_DAYS days, logged) and are not counted."""
    import redis

    lock = client.lock(_make_key(FLUSH_LOCK_KEY), timeout=FLUSH_LOCK_TIMEOUT, blocking=False)
    try:
        if not lock.acquire(blocking=False):
            return 0
    except redis.exceptions.RedisError as error:
        logger.warning("usage counter: cache unavailable, nothing flushed (%s)", error)
        return 0
    prefix = _make_key("reports:usage:views:")
    dirty = _make_key(DIRTY_SET_KEY)
    taken_key = _make_key(TAKEN_KEY + uuid.uuid4().hex)
    try:
        try:
            client.eval(_TAKE, 2, dirty, taken_key, prefix, BUFFER_TIMEOUT)
        except redis.exceptions.TimeoutError:
            logger.warning("usage counter: Redis did not answer the flush in time; reading what it took")
        except redis.exceptions.RedisError:
            logger.warning("usage counter: cache unavailable, nothing flushed")
            return 0
        taken = None
        for _attempt in range(2):
            try:
                taken = client.hgetall(taken_key)
                break
            except redis.exceptions.RedisError:
                time.sleep(0.1)
        if taken is None:
            logger.error("usage counter: the views taken by a flush are left in %s (Redis does not answer)", taken_key)
            return 0
        rows = _rows(taken)
        if not rows:
            return 0
        try:
            with transaction.atomic():
                _execute_bulk(rows)
        except DatabaseError:
            total = sum(row[3] for row in rows)
            logger.exception("usage counter: %s buffered views not written, kept for the next flush", total)
            for _attempt in range(2):
                try:
                    client.eval(_GIVE_BACK, 2, taken_key, dirty, prefix)
                    break
                except redis.exceptions.RedisError:
                    time.sleep(0.1)
            else:
                logger.error("usage counter: %s views left in %s (cache and database both down)", total, taken_key)
            return 0
        try:
            client.delete(taken_key)
        except redis.exceptions.RedisError:  # read by no other flush: it expires
            logger.warning("usage counter: %s not deleted; it expires by itself", taken_key)
        return sum(row[3] for row in rows)
    finally:
        with contextlib.suppress(redis.exceptions.RedisError):
            lock.release()  # only if still ours (another flush may hold it since it expired)


def _rows(taken: dict) -> list[tuple[int, str, dt.date, int]]:
    """The rows of a flush's hash; those of a unit deleted since are left out (they would fail the whole write)."""
    from sites.models import Unit

    parsed = []
    for member, value in taken.items():
        day, unit_id, section = member.decode().split(":", 2)
        if int(value) > 0:
            parsed.append((int(unit_id), section, dt.date.fromisoformat(day), int(value)))
    units = set(Unit.objects.filter(pk__in={row[0] for row in parsed}).values_list("pk", flat=True))
    return [row for row in parsed if row[0] in units]


def _buffered_counters(today: dt.date) -> dict[str, tuple[int, str, dt.date]]:
    """Every counter a view of the last BUFFER_DAYS days may have made: the units and sections of the section map.
    Only for a shared cache other than Redis (Redis keeps a set of the counters to write, whatever their section)."""
    pairs = set()
    for unit_id, languages in section_paths().values():
        pairs.add((unit_id, ""))
        pairs.update((unit_id, key) for entries in languages.values() for _path, key in entries)
    days = [today - dt.timedelta(days=back) for back in range(BUFFER_DAYS)]
    return {buffer_key(unit, key, day): (unit, key, day) for unit, key in pairs for day in days}


def flush_buffered_views(today: dt.date | None = None) -> int:
    """Move the views counted in the cache to the database; the number of views written. With Redis: `_flush_redis`
    (`today` is not needed: every counter waiting is written). With another shared cache, through Django's cache API:
    each counter of the last BUFFER_DAYS days in the section map is taken with an atomic decrement of what was read (a
    view counted meanwhile stays for the next flush) and the rows are added in bulk upserts; if the database refuses,
    the views go back to their counters. One flush at a time (a lock in the cache); none while the cache is down."""
    client = _redis()
    if client is not None:
        return _flush_redis(client)
    if cache.add(FLUSH_LOCK_KEY, True, FLUSH_LOCK_TIMEOUT) is not True:
        return 0
    try:
        counters = _buffered_counters(today or timezone.localdate())
        pending = {key: value for key, value in cache.get_many(list(counters)).items() if value and value > 0}
        taken: dict[str, int] = {}
        for key, value in pending.items():
            try:
                left = cache.decr(key, value)
            except ValueError:  # expired since it was read: nothing taken
                continue
            except Exception:  # a backend that raises went down: what is left stays there
                left = None
            if left is None:  # the cache went down: what is left stays there
                break
            taken[key] = value
        if not taken:
            return 0
        rows = [(*counters[key], value) for key, value in taken.items()]
        try:
            with transaction.atomic():
                _execute_bulk(rows)
        except DatabaseError:
            logger.exception(
                "usage counter: %s buffered views not written, kept for the next flush", sum(taken.values())
            )
            for key, value in taken.items():
                if cache.incr(key, value) is None:
                    logger.error("usage counter: %s views of %s lost (cache and database both down)", value, key)
            return 0
        return sum(taken.values())
    finally:
        cache.delete(FLUSH_LOCK_KEY)


def _execute_bulk(rows: list[tuple[int, str, dt.date, int]]) -> None:
    table = connection.ops.quote_name(PageViewCount._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), FLUSH_BATCH):
            batch = rows[start : start + FLUSH_BATCH]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (unit_id, section, day, views) VALUES {values} "
                f"ON CONFLICT (unit_id, section, day) DO UPDATE SET views = {table}.views + excluded.views",
                [value for row in batch for value in row],
            )


# ---------------------------------------------------------------------------------------------------------------
# The middleware

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ", "HTTP_X_PURPOSE")
_detector = None


def is_crawler(user_agent: str) -> bool:
    global _detector
    if not user_agent.strip():
        return True
    if _detector is None:
        from crawlerdetect import CrawlerDetect

        _detector = CrawlerDetect()
    return _detector.isCrawler(user_agent)


def _excluded_prefixes() -> tuple[str, ...]:
    prefixes = ["/admin/", "/documents/", "/rss/", "/danh-gia/", "/sitemap.xml", "/robots.txt", "/favicon.ico"]
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/"):
            prefixes.append(url)
    return tuple(prefixes)


def is_countable(request, response) -> bool:
    """Whether this request and response make one page view (see the module's docstring)."""
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if getattr(request, "is_preview", False):
        return False
    path = request.path_info
    prefixes = _excluded_prefixes()
    if path.startswith(prefixes) or any(
        path.startswith(f"/{code}{p}") for code, _ in settings.LANGUAGES for p in prefixes
    ):
        return False
    if any("prefetch" in request.META.get(header, "").lower() for header in PREFETCH_HEADERS):
        return False
    if is_crawler(request.META.get("HTTP_USER_AGENT", "")):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        # Only a visitor carrying the session cookie has the session read, to leave signed-in editors out.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
    return True


class UsageCounterMiddleware:
    """Counts a public page view per unit, section and local day; never changes or fails the response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.next_flush = time.monotonic() + flush_interval()

    def __call__(self, request):
        response = self.get_response(request)
        try:
            # A page served from the cache while the database is out: not counted, rather than a worker held by a
            # connect timeout (home/outage.py).
            if is_countable(request, response) and not database_recently_down():
                self.count(request)
        except Exception as error:  # the counter never costs the visitor the page
            if note_outage(error):
                logger.error("usage counter failed, database unavailable: %r", error)
            else:
                logger.exception("usage counter failed")
        return response

    def count(self, request) -> None:
        site_id = site_id_for(request)
        if site_id is None:
            return
        located = locate(site_id, request.path_info)
        if located is not None:
            record_view(*located)
        interval = flush_interval()
        if interval > 0 and time.monotonic() >= self.next_flush:
            self.next_flush = time.monotonic() + interval
            flush_buffered_views()


# ---------------------------------------------------------------------------------------------------------------
# Reading: what the dashboard and the report show


def views(units: Iterable, period) -> dict[int, dict[str, int]]:
    """{unit id: {section: views}} in `period` (a `reports.oversight.periods.Period`, or anything with `start` and
    `end` dates, both included); one query whatever the number of units. Units without views are absent."""
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    rows = (
        PageViewCount.objects.filter(unit_id__in=unit_ids, day__gte=period.start, day__lte=period.end)
        .values("unit_id", "section")
        .annotate(total=Sum("views"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        result.setdefault(row["unit_id"], {})[row["section"]] = row["total"]
    return result


def daily(units: Iterable, start: dt.date, end: dt.date) -> dict[int, dict[dt.date, int]]:
    """{unit id: {day: views}} for the days between `start` and `end` that have views; one query."""
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    rows = (
        PageViewCount.objects.filter(unit_id__in=unit_ids, day__gte=start, day__lte=end)
        .values("unit_id", "day")
        .annotate(total=Sum("views"))
        .order_by()
    )
    result: dict[int, dict[dt.date, int]] = {}
    for row in rows:
        result.setdefault(row["unit_id"], {})[row["day"]] = row["total"]
    return result
