"""The anonymous page cache (DESIGN decision 10): a public page rendered once per site, language and personalising
cookie is served from Django's cache, without a session, a user or a database query, until a change it shows bumps a
generation (pagecache/invalidation.py). Every response also gets its Cache-Control here (docs/caching.md)."""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

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


class RecordingCookies(dict):
    """request.COOKIES that remembers whether the page read one of the personalising cookies (then it varies by
    Cookie at the edge)."""

    read_varying = False

    def __getitem__(self, key):
        if key in VARYING_COOKIES:
            self.read_varying = True
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key in VARYING_COOKIES:
            self.read_varying = True
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


def cache_key(request, tokens: list[str]) -> str:
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    cookies = "|".join(request.COOKIES.get(name, "") for name in VARYING_COOKIES)
    raw = "\n".join([request.scheme, request.get_host().lower(), request.path, query, cookies, *tokens])
    return "pagecache:p:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


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


def set_cache_control(request, response, stored: bool) -> None:
    """Cache-Control by kind of response (docs/caching.md): signed-in, public page, search or form, the rest.
    `stored`: a public page every anonymous visitor may share (stored by the page cache when it is on)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
        return
    if response.status_code != 200 or (response.has_header("Cache-Control") and not stored):
        return  # errors, redirects and views that decided themselves
    if not stored:
        if response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True, no_cache=True)  # a form (CSRF token), a cookie being set
        return
    if SEARCH_PARAMETER in request.GET:
        # Results for any typed words: the portal caches them (purged with the site), an edge should not keep them.
        patch_cache_control(response, private=True, no_cache=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PORTAL_BROWSER_MAX_AGE,
        s_maxage=settings.PORTAL_EDGE_MAX_AGE,
    )
    if isinstance(request.COOKIES, RecordingCookies) and request.COOKIES.read_varying:
        patch_vary_headers(response, ("Cookie",))
    # The language comes from the path alone (languages.middleware): Django's LocaleMiddleware still adds
    # Accept-Language to unprefixed (Vietnamese) pages, which would split an edge's copies by browser language.
    vary = [field for field in cc_delim_re.split(response.get("Vary", "")) if field and field != "Accept-Language"]
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
        if key is not None:
            entry = self.cache_get(key)
            if entry is not None:
                return self.from_entry(entry)
        request.COOKIES = RecordingCookies(request.COOKIES)
        response = self.get_response(request)
        stored = key is not None and storable(request, response)
        set_cache_control(request, response, stored)
        if stored:
            response[HEADER] = "miss"
            self.cache_set(key, response)
        return response

    def lookup_key(self, request) -> str | None:
        """The key of this request under the current generations: one round trip to the cache (two after a Site
        changed), no database query once the process knows the hostnames."""
        try:
            guess = generations.hosts.site_id(request, generations.hosts.version) if generations.hosts.version else None
            keys = [generations.GLOBAL, generations.SITES]
            if guess is not None:
                keys.append(generations.site_generation_key(guess))
            tokens = generations.read(keys)
            site_id = generations.hosts.site_id(request, tokens[generations.SITES])
            if site_id is None:
                return None
            site_key = generations.site_generation_key(site_id)
            if site_key not in tokens:
                tokens.update(generations.read([site_key]))
            return cache_key(request, [tokens[generations.GLOBAL], tokens[site_key]])
        except DisallowedHost:
            return None  # answered 400 by the view's own get_host()
        except Exception:  # a cache outage: the page renders as if there were no cache
            logger.warning("page cache lookup failed", exc_info=True)
            return None

    def cache_get(self, key: str):
        try:
            return caches[generations.CACHE_ALIAS].get(key)
        except Exception:
            logger.warning("page cache read failed", exc_info=True)
            return None

    def cache_set(self, key: str, response) -> None:
        headers = [(name, value) for name, value in response.items() if name.lower() != HEADER.lower()]
        timeout = min(settings.PORTAL_PAGE_CACHE_TIMEOUT, seconds_to_local_midnight())
        try:
            caches[generations.CACHE_ALIAS].set(key, (response.content, headers), timeout=timeout)
        except Exception:
            logger.warning("page cache write failed", exc_info=True)

    @staticmethod
    def from_entry(entry) -> HttpResponse:
        content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
