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


def within_limit(request, kind: str) -> bool:
    """Counts this request for its client and `kind` and says whether it is within the limit: one atomic increment
    of a fixed-window counter, so parallel requests cannot all pass a check made before any of them is counted.
    A cache outage lets requests through (never turn a citizen away for it)."""
    limit, window = _limit(kind)
    key = f"participation:rate:{kind}:{client_key(request)}"
    try:
        cache.add(key, 0, window)
        return cache.incr(key) <= limit
    except ValueError:  # the window expired between add and incr
        return True
    except Exception:
        logger.warning("participation: rate limit cache unavailable")
        return True


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
    if not get_cache().add(challenge, True, timeout=get_challenge_expire_seconds()):
        return ProofOfWork.INVALID
    return ProofOfWork.SOLVED
