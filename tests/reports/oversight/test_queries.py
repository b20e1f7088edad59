"""`evaluate` and `counts` read every unit at once: the same number of queries for 2 units as for 6 with content."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.log_actions import log

from documents.models import IssuingBody
from reports.oversight import checks, metrics
from reports.oversight.periods import Period
from tests.conftest import make_unit

from .conftest import add_article, add_dated_document, add_official, add_schedule_week, at, fill_body, make_question

NOVEMBER = Period.month(2026, 11)
TODAY = dt.date(2026, 11, 30)


def _with_content(unit, taxonomy_body):
    add_article(unit, at(dt.date(2026, 11, 3)))
    add_article(unit, None, live=False)
    add_dated_document(unit, taxonomy_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 4)))
    add_schedule_week(unit, dt.date(2026, 11, 2), at(dt.date(2026, 10, 30)))
    leader = add_official(unit, f"Lãnh đạo {unit.slug}")
    log(instance=leader, action="wagtail.edit")
    fill_body(unit.sections.get(key="history").page)
    make_question(unit, deadline=dt.date(2026, 11, 10))


def _queries(function, units) -> int:
    with CaptureQueriesContext(connection) as context:
        function(units, NOVEMBER, TODAY)
    return len(context.captured_queries)


def test_queries_do_not_grow_with_units(city):
    units = [city] + [make_unit("ward", f"Phường Số {n}", f"phuong{n}", "tayninh") for n in range(1, 6)]
    for unit in units:
        _with_content(unit, IssuingBody.objects.get(unit=unit))
    checks.evaluate(units, NOVEMBER, TODAY)  # warm Django's content type and working-day caches
    two, six = _queries(checks.evaluate, units[:2]), _queries(checks.evaluate, units)
    assert two == six, f"{two} queries for 2 units, {six} for 6"
    assert six < 60
    assert _queries(metrics.counts, units[:2]) == _queries(metrics.counts, units)
