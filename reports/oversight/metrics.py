"""Counts per unit and period (articles, documents, schedule entries, questions answered and overdue).

Placeholder of the contract on this branch: the checks engine's branch provides the module (take its version at the
merge).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .periods import Period


def counts(units: Iterable, period: Period, today: dt.date | None = None) -> dict[int, dict[str, int]]:
    """{unit id: {count name: number}} in `period`, in a bounded number of queries."""
    raise NotImplementedError("built by the checks engine (issue 17, item 1)")
