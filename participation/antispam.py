"""Spam defences without outside services: a honeypot field, per-client rate limits kept in the cache (the client's
address is hashed into the cache key and never stored in the database), and ALTCHA's proof of work checked here.

A submission without an ALTCHA payload (a browser without JavaScript) is accepted under a stricter limit and marked
`noscript`; a payload that is present but invalid, expired or replayed is refused.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
from enum import Enum

import altcha
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django_altcha import get_cache, get_challenge_expire_seconds, get_hmac_key

logger = logging.getLogger(__name__)

# (requests, seconds) per client; settings may override them (PARTICIPATION_RATE_LIMITS).
DEFAULT_LIMITS = {
    "submit": (5, 3600),  # questions with a solved proof of work
    "submit_noscript": (2, 3600),  # without JavaScript: no proof of work, so fewer
    "lookup": (30, 600),  # tracking-code lookups: codes cannot be tried in bulk
    "comment": (5, 600),  # comments on draft consultations (a citizen commenting on several drafts is fine)
    "rating": (30, 600),  # votes (a citizen reading many pages stays far below it)
}


def _limit(kind: str) -> tuple[int, int]:
    return getattr(settings, "PARTICIPATION_RATE_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])


def client_address(request) -> str:
    """The citizen's address as every limiter counts it. Behind a reverse proxy every request comes from the proxy:
    PORTAL_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP", a header the proxy itself sets) names where the address is; the
    last entry of a list is the one the proxy added. An IPv6 client counts by its /64 network (one household or
    machine holds a whole /64 and could otherwise take a new address for every request)."""
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    raw = (request.META.get(header, "") if header else "") or request.META.get("REMOTE_ADDR", "")
    raw = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:100] or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_key(request) -> str:
    """A salted hash of the client's address: enough to count its requests, useless to identify it."""
    salt = settings.SECRET_KEY.encode()
    return hashlib.sha256(salt + b"participation:" + client_address(request).encode()).hexdigest()[:32]


# Where the limits and the replay check count while the shared cache is down: this process's memory. The choice
# for an outage: the citizens' forms keep working (a citizen is never turned away because Redis stopped) and keep
# their defences — the honeypot, the proof of work, moderation, and these limits counted per process (a client may
# send up to the limit times the number of workers; a solution may be replayed once on each worker, until it expires).
_outage_cache = LocMemCache("participation-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _count(store, key: str, window: int) -> int | None:
    """The client's count after this request; None when `store` is unavailable (django-redis answers None for a
    call it could not make, and any other backend may raise)."""
    try:
        store.add(key, 0, window)
        return store.incr(key)
    except ValueError:  # the window expired between add and incr
        return 1
    except Exception:
        logger.warning("participation: rate limit cache unavailable")
        return None


def within_limit(request, kind: str) -> bool:
    """Counts this request for its client and `kind` and says whether it is within the limit: one atomic increment
    of a fixed-window counter, so parallel requests cannot all pass a check made before any of them is counted.
    A cache outage counts in this process's memory instead (see `_outage_cache`), never refuses for the outage."""
    limit, window = _limit(kind)
    key = f"participation:rate:{kind}:{client_key(request)}"
    count = _count(cache, key, window)
    if count is None:
        count = _count(_outage_cache, key, window)
    return count is None or count <= limit


class ProofOfWork(Enum):
    SOLVED = "solved"
    ABSENT = "absent"  # no JavaScript: accepted, marked and limited more strictly
    INVALID = "invalid"


def check_proof_of_work(payload: str | None) -> ProofOfWork:
    """ALTCHA's payload: solved (and not used before), absent, or invalid (forged, expired or replayed)."""
    if not payload or not payload.strip():
        return ProofOfWork.ABSENT
    if len(payload) > 4096:
        return ProofOfWork.INVALID
    try:
        verified, _error = altcha.verify_solution(payload=payload, hmac_key=get_hmac_key(), check_expires=True)
        if not verified:
            return ProofOfWork.INVALID
        challenge = json.loads(base64.b64decode(payload, validate=False).decode())["challenge"]
    except Exception:  # malformed base64/JSON: never a 500
        return ProofOfWork.INVALID
    # Marked used in one step: of two requests replaying the same solution at once, only one is accepted.
    timeout = get_challenge_expire_seconds()
    try:
        first_use = get_cache().add(challenge, True, timeout=timeout)
    except Exception:
        first_use = None
    if first_use is None:  # the cache is down (django-redis answers None): mark it used here (see `_outage_cache`)
        logger.warning("participation: proof-of-work replay cache unavailable")
        first_use = _outage_cache.add(f"altcha:{challenge}", True, timeout=timeout)
    return ProofOfWork.SOLVED if first_use else ProofOfWork.INVALID
