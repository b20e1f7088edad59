"""Spam defences without outside services: a honeypot field, per-client rate limits kept in the cache (the client's
address is hashed into the cache key and never stored in the database), and ALTCHA's proof of work checked here.

A submission without an ALTCHA payload (a browser without JavaScript) is accepted under a stricter limit and marked
`noscript`; a payload that is present but invalid, expired or replayed is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from enum import Enum

import altcha
from django.conf import settings
from django.core.cache import cache
from django_altcha import get_challenge_expire_seconds, get_hmac_key, is_challenge_used, mark_challenge_used

logger = logging.getLogger(__name__)

# (requests, seconds) per client; settings may override them.
DEFAULT_LIMITS = {
    "submit": (5, 3600),  # with a solved proof of work
    "submit_noscript": (2, 3600),  # without JavaScript: no proof of work, so fewer
    "lookup": (30, 600),  # tracking-code lookups: codes cannot be tried in bulk
}


def _limit(kind: str) -> tuple[int, int]:
    return getattr(settings, "PARTICIPATION_RATE_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])


def client_key(request) -> str:
    """A salted hash of the client's address: enough to count its requests, useless to identify it."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    salt = settings.SECRET_KEY.encode()
    return hashlib.sha256(salt + b"participation:" + address.encode()).hexdigest()[:32]


class RateLimit:
    """A fixed-window counter per client and kind, in the cache (a cache outage lets requests through)."""

    def __init__(self, request, kind: str):
        self.kind = kind
        self.limit, self.window = _limit(kind)
        self.key = f"participation:rate:{kind}:{client_key(request)}"

    def exceeded(self) -> bool:
        try:
            return int(cache.get(self.key) or 0) >= self.limit
        except Exception:  # the cache is down: never turn a citizen away for it
            logger.warning("rate limit cache unavailable")
            return False

    def hit(self) -> None:
        try:
            if not cache.add(self.key, 1, self.window):
                cache.incr(self.key)
        except Exception:
            logger.warning("rate limit cache unavailable")


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
    if is_challenge_used(challenge):
        return ProofOfWork.INVALID
    mark_challenge_used(challenge, timeout=get_challenge_expire_seconds())
    return ProofOfWork.SOLVED
