"""`/health/`: whether the portal can reach what it needs — the database, both caches and the media storage — as
JSON for a monitor (django-health-check's checks). `/healthz` (portal/views.py) stays the cheap "the process answers"
for a load balancer.

The answer is public, so it names each check and says "ok" or "unavailable", nothing more: the reason (an address,
a driver's message) goes to the log ("health_check" logger, a WARNING per failed check). Each check writes (a cache
key, a file in the storage), so a process runs them at most once every HEALTH_MEMO_SECONDS and answers from that
result in between: a flood of requests costs the services nothing more."""

from __future__ import annotations

import asyncio
import time

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from health_check.checks import Cache, Database, Storage
from health_check.views import HealthCheckView

HEALTH_MEMO_SECONDS = 5.0

# The name in the answer → the check (the "pages" cache is the anonymous page cache's alias, portal/settings/base.py).
CHECKS = {
    "database": Database(alias="default"),
    "cache": Cache(alias="default"),
    "page_cache": Cache(alias="pages"),
    "storage": Storage(alias="default"),
}

_memo: dict[str, object] = {}


async def _run_checks() -> dict[str, bool]:
    results = await asyncio.gather(*(check.get_result() for check in CHECKS.values()))
    return {name: result.error is None for name, result in zip(CHECKS, results, strict=True)}


class PortalHealthView(HealthCheckView):
    http_method_names = ["get", "head"]

    async def get(self, request, *args, **kwargs):
        now = time.monotonic()
        if _memo.get("at") is None or now - _memo["at"] >= HEALTH_MEMO_SECONDS:
            _memo["results"] = await _run_checks()
            _memo["at"] = now
        results: dict[str, bool] = _memo["results"]
        healthy = all(results.values())
        response = JsonResponse(
            {
                "status": "ok" if healthy else "unavailable",
                "checks": {name: "ok" if ok else "unavailable" for name, ok in results.items()},
            },
            status=200 if healthy else 503,
        )
        add_never_cache_headers(response)
        return response


health = PortalHealthView.as_view()
