"""The anonymous page cache (DESIGN decision 10): a public page rendered once per site, language and personalising
cookie is served from Django's cache, without a session, a user or a database query, until a change it shows bumps a
generation (pagecache/invalidation.py). Every response also gets its Cache-Control here (docs/caching.md)."""

from __future__ import annotations

import datetime
import hashlib
import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control

from home.outage import breaker_open, note_outage
from participation.rating_cookie import voted_keys

from . import generations

logger = logging.getLogger(__name__)

# The cookies the server reads to render a public page; their values are part of the key. The display preference
# cookie (home/preferences.py) is read only by the browser's script and is left out.
MY_UNIT_COOKIE = "don_vi_cua_toi"  # home.templatetags.portal_tags.my_unit: “Đơn vị của tôi” on a parent's home
RATING_COOKIE = "danh_gia"  # participation.rating_cookie: “Bạn đã đánh giá trang này”
VARYING_COOKIES = (MY_UNIT_COOKIE, RATING_COOKIE)

# Never read nor written: the admin, documents and files served by views, previews (under /admin/).
BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/__")
CACHED_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "text/calendar",
)
SEARCH_PARAMETER = "q"  # the site search and the registry search
HEADER = "X-Page-Cache"

# Every query parameter a public page reads (`request.GET`, `int_param`, `page_param`, `text_param` and the GET forms
# across the apps; the admin is bypassed). A request with any other parameter is neither read from nor stored in the
# cache: a page may echo the whole query into its links (`{% querystring %}`, the registry's CSV link), so an unknown
# name cannot be left out of the key, and a random one must not store a page. Keep in step with docs/caching.md.
READ_PARAMETERS = frozenset(
    {
        "page", "q",  # every listing and search
        "pham-vi", "pham_vi", "loai",  # home.views.search_view (pham_vi redirects), home.params
        "untranslated",  # languages.templatetags.language_tags
        "chu-de", "the", "thang",  # news.models.NewsIndexPage
        "nam", "ky",  # workdays.views, disclosure.items
        "lanh-dao",  # organization.models
        "danh-gia", "da-gui",  # participation.rating_views.STATUS_PARAMETER, participation.consultations
        "t", "ma", "linh_vuc",  # participation.views (answer lookup, filters), disclosure.information_requests
        "linh-vuc", "muc-do",  # disclosure.procedures
        "type", "sector", "issuer", "year", "status", "unit", "sort", "so", "ngay",  # documents.search, documents.views
        "don_vi",  # home.views.my_unit_view (a redirect, never stored)
    }
)  # fmt: skip
# Tracking parameters no view reads: removed from the request before any view runs (the page and its links are
# rendered without them), so `?utm_source=…` or a per-click `fbclid` shares the entry of the address without it.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "zarsrc", "_ga", "_gl"})
TRACKING_PREFIX = "utm_"

# A page that shows a state ending at a time (a consultation opening or closing) sets this request attribute to an
# aware datetime (participation does, see docs/caching.md): its entry expires then, not at midnight.
EXPIRES_ATTRIBUTE = "page_cache_expires_at"
# participation.rating_cookie.has_voted records here which votes (`p12`, `s3`) the page asked the cookie about.
RATING_KEYS_ATTRIBUTE = "rating_keys_checked"


class RecordingCookies(dict):
    """request.COOKIES that remembers which personalising cookies the page read (then it varies by Cookie at the
    edge)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    @property
    def read_varying(self) -> bool:
        return bool(self.read)

    def __getitem__(self, key):
        if key in VARYING_COOKIES:
            self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in VARYING_COOKIES:
            self.read.add(key)
        return super().get(key, default)


def seconds_to_local_midnight() -> int:
    """Pages show “today”: this week's schedule, days left to a deadline, announcements shown until a date. No entry
    outlives the local day it was rendered on."""
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((midnight - now).total_seconds()))


def page_cache_on() -> bool:
    return getattr(settings, "PORTAL_PAGE_CACHE", False)


def bypasses(request) -> bool:
    """Requests the cache never reads nor fills."""
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True  # a signed-in editor (their userbar) or a message waiting to be shown
    path = request.path_info
    return path.startswith(BYPASS_PREFIXES)


def is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX)


def normalised_query(request) -> str | None:
    """The query string of the key: the read parameters, grouped by name, in their order within a name (QueryDict
    takes the last of a repeated name: `?page=2&page=1` is page 1). Tracking parameters are removed from the request
    itself first. None when the request carries a parameter no page reads (not cached)."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    pairs = parse_qsl(raw, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not is_tracking(name)]
    if len(kept) != len(pairs):
        query = urlencode(kept)
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    if any(name not in READ_PARAMETERS for name, _value in kept):
        return None
    return urlencode(sorted(kept, key=lambda pair: pair[0]))  # a stable sort: a name's values keep their order


def my_unit_slug(request) -> str:
    """The “Đơn vị của tôi” cookie when it names a unit; any other value is removed from the request (the page
    renders as without it), so that random values share the entry of no cookie."""
    slug = request.COOKIES.get(MY_UNIT_COOKIE)
    if slug is None:
        return ""
    if slug in generations.hosts.unit_slugs:
        return slug
    request.COOKIES = {name: value for name, value in request.COOKIES.items() if name != MY_UNIT_COOKIE}
    return ""


def voted(request) -> frozenset[str]:
    """What the visitor's rating cookie records, its signature checked as participation checks it."""
    if RATING_COOKIE not in request.COOKIES:
        return frozenset()
    return frozenset(voted_keys(request))


def cache_key(request, hostname: str, query: str, tokens: list[str]) -> str:
    """The key of the entry every visitor with the same site, address, read parameters and unit cookie shares; the
    votes a page shows select a variant of it (`variant_key`)."""
    raw = "\n".join([request.scheme, hostname, request.path, query, my_unit_slug(request), *tokens])
    return "pagecache:p:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def variant_key(key: str, voted_in: frozenset[str]) -> str:
    """The entry of the visitors who voted exactly `voted_in` among the votes the page shows (`key` itself: none)."""
    return key + ":" + ".".join(sorted(voted_in)) if voted_in else key


def storable(request, response) -> bool:
    """A public page every anonymous visitor with the same cookies gets byte for byte."""
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a form carrying a CSRF token, or a cookie for this visitor
    if response.get("Content-Type", "").split(";")[0].strip() not in CACHED_TYPES:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def expires_in(request) -> int | None:
    """Seconds until the state a page shows ends (`request.page_cache_expires_at`), if it set one."""
    expires_at = getattr(request, EXPIRES_ATTRIBUTE, None)
    if expires_at is None:
        return None
    return int((expires_at - timezone.now()).total_seconds())


def set_cache_control(request, response, stored: bool) -> None:
    """Cache-Control by kind of response (docs/caching.md): signed-in, public page, search or form, the rest.
    `stored`: a public page every anonymous visitor may share (stored by the page cache when it is on)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
        return
    if response.has_header("Cache-Control") and not stored:
        return  # views that decided themselves
    if response.status_code != 200:
        if response.status_code >= 500:
            patch_cache_control(response, no_store=True)
        elif response.cookies:
            patch_cache_control(response, private=True, no_cache=True)  # a redirect setting a preference
        else:
            # A redirect or a 404 becomes a page (or another redirect) on a publish an edge may not be told of:
            # an edge or a browser may keep it, but asks the portal again every time.
            patch_cache_control(response, public=True, no_cache=True)
        return
    if not stored:
        if response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True, no_cache=True)  # a form (CSRF token), a cookie being set
        return
    if SEARCH_PARAMETER in request.GET:
        # Results for any typed words: the portal caches them (purged with the site), an edge should not keep them.
        patch_cache_control(response, private=True, no_cache=True)
        return
    edge_age = settings.PORTAL_EDGE_MAX_AGE
    ends = expires_in(request)
    if ends is not None:
        edge_age = max(0, min(edge_age, ends))
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.PORTAL_BROWSER_MAX_AGE, edge_age),
        s_maxage=edge_age,
    )
    read_varying = isinstance(request.COOKIES, RecordingCookies) and request.COOKIES.read_varying
    # The language comes from the path alone (languages.middleware): Django's LocaleMiddleware still adds
    # Accept-Language to unprefixed (Vietnamese) pages, which would split an edge's copies by browser language.
    # A shared page varies by Cookie only when it read a personalising cookie: the session middleware adds Cookie
    # whenever anything looked at the (empty) session of an anonymous visitor, which changed nothing on the page.
    vary = [
        field
        for field in cc_delim_re.split(response.get("Vary", ""))
        if field and field.lower() not in ("accept-language", "cookie")
    ]
    if read_varying:
        vary.append("Cookie")
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]


class AnonymousPageCacheMiddleware:
    """Serves anonymous GET/HEAD pages from the cache; any cache failure serves the page uncached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if bypasses(request):
            response = self.get_response(request)
            set_cache_control(request, response, stored=False)
            return response
        if not page_cache_on():  # the headers an edge cache reads all the same
            response = self.get_response(request)
            set_cache_control(request, response, stored=storable(request, response))
            return response
        key = self.lookup_key(request)
        visitor_voted = frozenset()
        if key is not None:
            visitor_voted = voted(request)
            hit = self.lookup(key, visitor_voted)
            if hit is not None:
                return hit
        request.COOKIES = RecordingCookies(request.COOKIES)
        response = self.get_response(request)
        stored = key is not None and storable(request, response)
        rating_keys = getattr(request, RATING_KEYS_ATTRIBUTE, None)
        read = getattr(request.COOKIES, "read", set(VARYING_COOKIES))  # a view that replaced COOKIES: assume read
        if stored and RATING_COOKIE in read and rating_keys is None and visitor_voted:
            stored = False  # the page read the votes without saying which: not shared
        timeout = self.timeout(request)
        stored = stored and timeout > 0
        set_cache_control(request, response, stored)
        if stored:
            response[HEADER] = "miss"
            self.cache_set(key, response, frozenset(rating_keys or ()), visitor_voted, timeout)
        return response

    def lookup_key(self, request) -> str | None:
        """The key of this request under the current generations: one round trip to the cache (two after a Site
        changed), no database query once the process knows the hostnames. None: neither read nor stored."""
        try:
            query = normalised_query(request)
            if query is None:
                return None
            guess = generations.hosts.site_id(request, generations.hosts.version) if generations.hosts.version else None
            keys = [generations.GLOBAL, generations.SITES]
            if guess is not None:
                keys.append(generations.site_generation_key(guess))
            tokens = generations.read(keys)
            if tokens[generations.SITES] != generations.hosts.version and breaker_open():
                return None  # the hostnames need the database, taken as hung: the breaker below answers at once
            site_id = generations.hosts.site_id(request, tokens[generations.SITES])
            if site_id is None:
                return None
            hostname = generations.hosts.own_hostname(request, site_id)
            if hostname is None:
                return None
            site_key = generations.site_generation_key(site_id)
            if site_key not in tokens:
                tokens.update(generations.read([site_key]))
            return cache_key(request, hostname, query, [tokens[generations.GLOBAL], tokens[site_key]])
        except DisallowedHost:
            return None  # answered 400 by the view's own get_host()
        except DatabaseError as error:  # the hostnames could not be read: the request meets the outage, logged there
            note_outage(error)  # a connect that timed out opens the breaker below: no second wait in the view
            return None
        except Exception:  # a cache outage: the page renders as if there were no cache
            logger.warning("page cache lookup failed", exc_info=True)
            return None

    def lookup(self, key: str, visitor_voted: frozenset[str]):
        """The stored response for this visitor: the entry at `key`, or the variant for the votes it shows."""
        try:
            entry = self.cache_get(key)
            if entry is None:
                return None
            content, headers, rating_keys, voted_in = entry
            wanted = visitor_voted & rating_keys
            if wanted != voted_in:
                entry = self.cache_get(variant_key(key, wanted))
                if entry is None or entry[3] != wanted:
                    return None
                content, headers = entry[0], entry[1]
        except (TypeError, ValueError, IndexError):  # an entry of another shape (an older release): a miss
            return None
        if content is None:
            return None  # only the list of votes the page shows: nobody without them has been served yet
        return self.from_entry(content, headers)

    def cache_get(self, key: str):
        try:
            return caches[generations.CACHE_ALIAS].get(key)
        except Exception:
            logger.warning("page cache read failed", exc_info=True)
            return None

    @staticmethod
    def timeout(request) -> int:
        """The entry's life: the configured timeout, the end of the local day, the end of the state it shows."""
        timeout = min(settings.PORTAL_PAGE_CACHE_TIMEOUT, seconds_to_local_midnight())
        ends = expires_in(request)
        return timeout if ends is None else min(timeout, ends)

    def cache_set(self, key, response, rating_keys: frozenset[str], visitor_voted: frozenset[str], timeout) -> None:
        headers = [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()]
        voted_in = visitor_voted & rating_keys
        cache = caches[generations.CACHE_ALIAS]
        try:
            cache.set(variant_key(key, voted_in), (response.content, headers, rating_keys, voted_in), timeout=timeout)
            if voted_in:  # tells the next voters where their variant is, until a visitor without votes fills it
                cache.add(key, (None, None, rating_keys, frozenset()), timeout=timeout)
        except Exception:
            logger.warning("page cache write failed", exc_info=True)

    @staticmethod
    def from_entry(content, headers) -> HttpResponse:
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
