"""`manage.py check --deploy`: the page cache (the `pages` cache alias) needs a cache shared by every worker process."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_for_the_page_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES.get("pages", settings.CACHES.get("default", {})).get("BACKEND", "")
    if getattr(settings, "PORTAL_PAGE_CACHE", False) and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "The page cache runs on the local-memory cache: each worker process keeps its own pages and "
                "generations, so a publish in one process is not seen by the pages another has cached.",
                hint="Set REDIS_URL when the portal runs several processes (docs/caching.md), or run one.",
                id="pagecache.W001",
            )
        ]
    pages = settings.CACHES.get("pages", {})
    default = settings.CACHES.get("default", {})
    if (
        getattr(settings, "PORTAL_PAGE_CACHE", False)
        and pages.get("BACKEND", "").endswith("RedisCache")
        and pages.get("LOCATION") == default.get("LOCATION")
    ):
        return [
            checks.Warning(
                "The page cache shares the default cache's Redis: that instance must not evict (it holds ALTCHA "
                "replay marks and rate limits), so when it is full pages and purges are refused.",
                hint="Set PORTAL_PAGE_CACHE_REDIS_URL to a Redis instance of its own with maxmemory and allkeys-lru "
                "(docs/operations.md).",
                id="pagecache.W002",
            )
        ]
    return []
