"""Logging helpers of the settings' LOGGING."""

from __future__ import annotations

import logging


class OneLineFailure(logging.Filter):
    """Folds a record's exception into one line of text: a cache outage makes every cache call of every request fail,
    and a traceback for each would bury everything else in the log. Django-redis logs an ignored exception as
    "Exception ignored" with the traceback of its `ConnectionInterrupted`; the line names the cause instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            cause = error.__cause__ or error
            record.msg = f"cache unavailable, the call answered as a miss: {type(cause).__name__}: {cause}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
