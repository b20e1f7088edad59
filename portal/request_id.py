"""One id per request, in every log line written while it is served and in the response's `X-Request-ID`.

The proxy in front of the portal may send its own id (nginx: `proxy_set_header X-Request-ID $request_id;`): kept when
it looks like an id, so that the proxy's access log and the portal's lines can be matched; otherwise a new one."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

# What the log lines of the request being served carry (portal.logging.RequestContext): id, path, host.
current: ContextVar[dict[str, str] | None] = ContextVar("portal_request", default=None)


def incoming_or_new(value: str | None) -> str:
    """The proxy's id when it is 8–128 letters, digits or `._:-`; a random one otherwise."""
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every line logged while the request is served, by any middleware, carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_or_new(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        # The raw Host header: get_host() would raise for a host the portal does not serve, before the view answers.
        token = current.set({"request_id": request_id, "path": request.path, "host": request.META.get("HTTP_HOST", "")})
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response
