"""The period a report covers: a month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})$"), YEAR),
)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year; `start` and `end` are both inside the period."""

    start: dt.date
    end: dt.date
    kind: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), cls.month(year, first + 2).end, QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-11`, `2026-Q4` or `2026`; ValueError (with a Vietnamese message) for anything else."""
        text = (text or "").strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(text)
            if not match:
                continue
            year = int(match.group(1))
            if not 2000 <= year <= 2100:
                break
            if kind == MONTH and 1 <= int(match.group(2)) <= 12:
                return cls.month(year, int(match.group(2)))
            if kind == QUARTER:
                return cls.quarter(year, int(match.group(2)))
            if kind == YEAR:
                return cls.year(year)
        message = _("Kỳ không hợp lệ: “%(text)s”. Ví dụ: 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm).")
        raise ValueError(message % {"text": text})

    @classmethod
    def containing(cls, day: dt.date, kind: str = MONTH) -> Period:
        if kind == MONTH:
            return cls.month(day.year, day.month)
        if kind == QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == YEAR:
            return cls.year(day.year)
        raise ValueError(kind)

    @property
    def key(self) -> str:
        """What `parse` reads back: `2026-11`, `2026-Q4`, `2026`."""
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """“Tháng 11/2026”, “Quý IV/2026”, “Năm 2026”."""
        if self.kind == MONTH:
            return _("Tháng %(month)d/%(year)d") % {"month": self.start.month, "year": self.start.year}
        if self.kind == QUARTER:
            quarter = _ROMAN[(self.start.month - 1) // 3 + 1]
            return _("Quý %(quarter)s/%(year)d") % {"quarter": quarter, "year": self.start.year}
        return _("Năm %(year)d") % {"year": self.start.year}

    def __str__(self) -> str:
        return self.key

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[Period]:
        """The months of the period, in order."""
        return [Period.month(self.start.year, month) for month in range(self.start.month, self.end.month + 1)]

    def previous(self) -> Period:
        return Period.containing(self.start - dt.timedelta(days=1), self.kind)

    def next(self) -> Period:
        return Period.containing(self.end + dt.timedelta(days=1), self.kind)

    def is_closed(self, today: dt.date) -> bool:
        """Whether the period is over: its scores no longer change and are kept (tables.UnitScore)."""
        return self.end < today

    def as_of(self, today: dt.date) -> dt.date:
        """The day the period is judged at: its last day once over, today while it runs."""
        return min(self.end, today)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end
