"""Query parameters as every public view reads them: one place that turns what a citizen typed into a value or None.

A shared address may be old or mistyped and anyone can edit it, so a value that cannot be read is ignored (the view
shows its default), never an error: only ASCII digits make a number (`"²".isdigit()` is true but `int("²")` fails),
numbers outside the column's range are dropped before they reach the database (SQLite overflows past 2**63, a date
has years 1..9999 only). NUL bytes never get here: `home.middleware.RejectNulBytesMiddleware` removes them.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest primary key of an `integer` column on PostgreSQL

# ?pham-vi=tat-ca: on a portal with units below it, the site search and the legal registry cover every unit below
# (`Unit.with_descendants`) instead of the portal's own unit.
SCOPE_PARAM = "pham-vi"
ALL_UNITS = "tat-ca"


def int_param(value: str | None, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """`value` as an int when it is ASCII digits only and within [minimum, maximum]; None otherwise."""
    if not value or not (value.isascii() and value.isdigit()) or len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def page_param(value: str | None) -> int:
    """A page number of a listing: 1 unless `value` is a positive number (past the last page the paginator clamps)."""
    return int_param(value, maximum=100_000) or 1


def all_units_param(request) -> bool:
    """Whether the address asks for every unit below the portal's (`?pham-vi=tat-ca`)."""
    return request.GET.get(SCOPE_PARAM) == ALL_UNITS


def text_param(value: str | None, max_length: int) -> str:
    """Free text, stripped and cut to `max_length` characters ("" for a missing parameter)."""
    return (value or "").strip()[:max_length]
