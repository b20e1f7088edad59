"""Generation tokens in Django's cache: a page cache key holds the global generation and its site's, so bumping a
generation makes every entry stored under the old one unreachable (it expires by itself).

A generation is a random token, not a counter: a token that was evicted or lost with the cache comes back as a new
random one, never as a value an old entry was stored under. The tokens are read before a page renders, so a publish
that commits while the page renders leaves that page under the old, unreachable key.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from threading import Lock

from django.core.cache import caches
from django.http.request import split_domain_port

CACHE_ALIAS = "default"
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


def bump(keys: Iterable[str]) -> None:
    """New tokens for `keys`: every page cached under their old tokens is gone for good."""
    tokens = {key: _token() for key in keys}
    if tokens:
        caches[CACHE_ALIAS].set_many(tokens, timeout=None)


class HostMap:
    """Which Site answers a hostname, as Wagtail's `Site.find_for_request` decides it, kept per process and reloaded
    when the cached SITES token changes: a cache hit costs no database query."""

    def __init__(self) -> None:
        self.version: str | None = None
        self.exact: dict[tuple[str, int], int] = {}
        self.by_hostname: dict[str, int] = {}
        self.default: int | None = None
        self.lock = Lock()

    def load(self, version: str) -> None:
        from wagtail.models import Site

        exact, by_hostname, default, hostnames = {}, {}, None, {}
        rows = Site.objects.values_list("pk", "hostname", "port", "is_default_site")
        for site_id, hostname, port, is_default in rows:
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
        with self.lock:
            self.exact, self.by_hostname, self.default, self.version = exact, by_hostname, default, version

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


hosts = HostMap()
