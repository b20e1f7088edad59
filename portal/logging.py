"""Logging helpers of the settings' LOGGING."""

from __future__ import annotations

import datetime
import json
import logging
import threading
import time

from portal import request_id


class OneLineFailure(logging.Filter):
    """Folds a record's exception into one line of text: a cache outage makes every cache call of every request fail,
    and a traceback for each would bury everything else in the log. Django-redis logs an ignored exception as
    "Exception ignored" with the traceback of its `ConnectionInterrupted`; the line names the cause instead.

    While the cache stays down every request fails several calls: a process writes one line per
    `PORTAL_CACHE_FAILURE_LOG_SECONDS` (10 s; 0: every call), which counts the calls it folded in."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._folded = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            from django.conf import settings

            every = getattr(settings, "PORTAL_CACHE_FAILURE_LOG_SECONDS", 10)
            now = time.monotonic()
            with self._lock:
                if every and now - self._last < every:
                    self._folded += 1
                    return False
                folded, self._folded, self._last = self._folded, 0, now
            error = record.exc_info[1]
            cause = error.__cause__ or error
            record.msg = f"cache unavailable, the call answered as a miss: {type(cause).__name__}: {cause}"
            if folded:
                record.msg += f" ({folded} more failed calls not logged in the last {every:g} s)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class RequestContext(logging.Filter):
    """Adds the request being served to every record: its id (portal.request_id), path and host. Django's own
    "Not Found: …" lines are written after the middleware returned: they carry the request itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = request_id.current.get()
        request = getattr(record, "request", None)
        if context is None and request is not None and hasattr(request, "META"):
            context = {
                "request_id": getattr(request, "request_id", ""),
                "path": getattr(request, "path", ""),
                "host": request.META.get("HTTP_HOST", ""),
            }
        for name, value in (context or {}).items():
            if not hasattr(record, name):
                setattr(record, name, value)
        if not getattr(record, "request_id", ""):
            record.request_id = "-"  # outside a request (commands, start-up): the text format names it all the same
        return True


# Attributes of every LogRecord: what is not among them came through `extra=` and is written as a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_LEFT_OUT = frozenset({"request", "server_time"})  # Django's request object, runserver's clock


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, the request's id, path and host
    when a request is being served, the fields given through `extra=`, and the exception's class and text (its
    traceback as one escaped string, never several lines)."""

    def format(self, record: logging.LogRecord) -> str:
        created = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        line = {
            "timestamp": created.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in _RECORD_ATTRIBUTES or name in _LEFT_OUT or name.startswith("_"):
                continue
            if name == "request_id" and value == "-":
                continue
            line[name] = value if isinstance(value, str | int | float | bool) or value is None else str(value)
        if record.exc_info and record.exc_info[1] is not None:
            line.setdefault("error_class", type(record.exc_info[1]).__name__)
            line["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["traceback"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
