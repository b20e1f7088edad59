"""Generation tokens in Django's cache: a page cache key holds the global generation and its site's, so bumping a
generation makes every entry stored under the old one unreachable (it expires by itself).

A generation is a random token, not a counter: a token that was evicted or lost with the cache comes back as a new
random one, never as a value an old entry was stored under. The tokens are read before a page renders, so a publish
that commits while the page renders leaves that page under the old, unreachable key.

Tokens live with the pages, in the cache alias `pages` (portal/settings/base.py): when that cache evicts a token, the
pages stored under it are only unreachable (misses), never valid again, since no process can draw the same random token
twice. The default cache (ALTCHA replay marks, rate-limit counters) never holds a page.

A bump is verified: the tokens are read back after the write (django-redis answers a failed write with None, as a
success), written once more if they differ, and a purge that still did not land raises `PurgeFailed`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from threading import Lock

from django.core.cache import caches
from django.http.request import split_domain_port

CACHE_ALIAS = "pages"
GLOBAL = "pagecache:g"
SITES = "pagecache:sites"  # changes when a Site row changes: each process then reloads its host → site map


def site_generation_key(site_id: int) -> str:
    return f"pagecache:s{site_id}"


def _token() -> str:
    return secrets.token_hex(6)


def read(keys: list[str]) -> dict[str, str]:
    """The current tokens of `keys`, creating the missing ones (may raise what the cache backend raises)."""
    cache = caches[CACHE_ALIAS]
    values = cache.get_many(keys)
    missing = [key for key in keys if key not in values]
    for key in missing:
        cache.add(key, _token(), timeout=None)  # another process may have added it first: read back its token
    if missing:
        values.update(cache.get_many(missing))
    return values


class PurgeFailed(Exception):
    """New generation tokens could not be written: pages cached under the old ones are served until they expire."""


def bump(keys: Iterable[str], attempts: int = 2) -> None:
    """New tokens for `keys`: every page cached under their old tokens is gone for good. Raises `PurgeFailed` when
    the cache did not keep them after `attempts` writes (each read back)."""
    tokens = {key: _token() for key in keys}
    if not tokens:
        return
    cache = caches[CACHE_ALIAS]
    for _attempt in range(attempts):
        try:
            cache.set_many(tokens, timeout=None)
            if cache.get_many(list(tokens)) == tokens:
                return
        except Exception:  # a backend that raises: written once more, then reported
            continue
    raise PurgeFailed(", ".join(sorted(tokens)))


class HostMap:
    """Which Site answers a hostname, as Wagtail's `Site.find_for_request` decides it, kept per process and reloaded
    when the cached SITES token changes: a cache hit costs no database query."""

    def __init__(self) -> None:
        self.version: str | None = None
        self.exact: dict[tuple[str, int], int] = {}
        self.by_hostname: dict[str, int] = {}
        self.default: int | None = None
        self.hostnames: dict[int, tuple[str, int]] = {}  # site id → (its hostname in lower case, its port)
        self.unit_slugs: frozenset[str] = frozenset()  # what a “Đơn vị của tôi” cookie may name
        self.lock = Lock()

    def load(self, version: str) -> None:
        from wagtail.models import Site

        from sites.models import Unit

        exact, by_hostname, default, hostnames, own = {}, {}, None, {}, {}
        rows = Site.objects.values_list("pk", "hostname", "port", "is_default_site")
        for site_id, hostname, port, is_default in rows:
            own[site_id] = (hostname.lower(), port)
            exact[(hostname.lower(), port)] = site_id
            hostnames.setdefault(hostname.lower(), []).append((is_default, site_id))
            if is_default:
                default = site_id
        for hostname, sites in hostnames.items():
            # One site on the hostname, or the default one among several: Wagtail's answer for any port.
            if len(sites) == 1:
                by_hostname[hostname] = sites[0][1]
            elif any(is_default for is_default, _ in sites):
                by_hostname[hostname] = next(site_id for is_default, site_id in sites if is_default)
        slugs = frozenset(Unit.objects.values_list("slug", flat=True))
        with self.lock:
            self.exact, self.by_hostname, self.default = exact, by_hostname, default
            self.hostnames, self.unit_slugs, self.version = own, slugs, version

    def site_id(self, request, version: str) -> int | None:
        if version != self.version:
            self.load(version)
        hostname = split_domain_port(request.get_host())[0].lower()
        port = request.get_port()
        try:
            port = int(port)
        except (TypeError, ValueError):
            port = 80
        return self.exact.get((hostname, port)) or self.by_hostname.get(hostname) or self.default

    def own_hostname(self, request, site_id: int) -> str | None:
        """The site's hostname when the request names it as the site itself does (its hostname, without a port or
        with the port of its public addresses, sites.hosts.public_port); None for any other (another port, the
        default site answering an unknown name), which the page cache neither reads nor fills."""
        from sites.hosts import public_port

        hostname, port = self.hostnames.get(site_id, (None, None))
        if hostname is None:
            return None
        asked, asked_port = split_domain_port(request.get_host())  # lower case, without a trailing dot
        if asked.lower() != hostname or (asked_port and asked_port != str(public_port(port))):
            return None
        return hostname


hosts = HostMap()
