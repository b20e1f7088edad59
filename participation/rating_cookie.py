"""One vote per page per browser, remembered by the browser alone: a signed cookie listing what it has rated.

The server keeps nothing that links a vote to a browser; the cookie holds page ids (`p12`) and the units whose
survey it answered (`s3`), newest last, at most `MAX_ENTRIES` of them, signed so that it cannot be edited to vote
again (deleting it can: the per-client rate limit bounds that)."""

from __future__ import annotations

from django.core import signing

COOKIE_NAME = "danh_gia"
COOKIE_SALT = "participation.rating"
MAX_ENTRIES = 100
MAX_AGE = 365 * 24 * 60 * 60


def page_key(page_id: int) -> str:
    return f"p{page_id}"


def survey_key(unit_id: int) -> str:
    return f"s{unit_id}"


def voted_keys(request) -> list[str]:
    """What this browser has rated (empty for a missing, tampered or expired cookie)."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [key for key in value.split(".") if key][-MAX_ENTRIES:]


def has_voted(request, key: str) -> bool:
    # The anonymous page cache (docs/caching.md) keys a page by the answers it asked for, never by the cookie.
    checked = getattr(request, "rating_keys_checked", None)
    if checked is None:
        checked = request.rating_keys_checked = set()
    checked.add(key)
    return key in voted_keys(request)


def remember_vote(request, response, key: str) -> None:
    keys = [k for k in voted_keys(request) if k != key] + [key]
    response.set_signed_cookie(
        COOKIE_NAME,
        ".".join(keys[-MAX_ENTRIES:]),
        salt=COOKIE_SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
