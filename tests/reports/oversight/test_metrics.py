"""The period's counts per unit: only the unit's own live pages and rows, within the period."""

from __future__ import annotations

import datetime as dt

from organization.models import ScheduleEntry
from participation.models import Question
from reports.oversight.metrics import COUNT_LABELS, counts
from reports.oversight.periods import Period

from .conftest import add_article, add_dated_document, add_schedule_week, at, make_question

NOVEMBER = Period.month(2026, 11)


def test_counts_per_unit(two_units, taxonomy):
    ward_a, ward_b = two_units.ward_a, two_units.ward_b
    add_article(ward_a, at(dt.date(2026, 11, 3)))
    add_article(ward_a, at(dt.date(2026, 11, 20)), "direction")
    add_article(ward_a, at(dt.date(2026, 10, 31)))  # before the period
    add_article(ward_a, None, live=False)
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 4)))
    week = add_schedule_week(ward_a, dt.date(2026, 11, 2), at(dt.date(2026, 10, 30)))
    for order in range(3):
        ScheduleEntry.objects.create(page=week, sort_order=order, weekday=0, start_time="07:30", content="Họp giao ban")
    make_question(ward_a, deadline=dt.date(2026, 11, 10), answered_at=at(dt.date(2026, 11, 9)))
    make_question(ward_a, deadline=dt.date(2026, 11, 12))  # overdue
    make_question(ward_a, deadline=dt.date(2026, 11, 13), answered_at=at(dt.date(2026, 11, 16)))  # answered late
    make_question(ward_a, deadline=dt.date(2026, 11, 5), kind=Question.Kind.INFORMATION_REQUEST)
    Question.objects.update(received_at=at(dt.date(2026, 11, 2)))
    result = counts([two_units.city, ward_a, ward_b], NOVEMBER, dt.date(2026, 11, 30))
    assert result[ward_a.pk] == {
        "articles": 2,
        "documents": 1,
        "disclosure_items": 0,
        "schedule_weeks": 0,  # first published in October
        "schedule_entries": 3,
        "consultations": 0,
        "questions_received": 3,
        "questions_answered": 2,
        "questions_overdue": 2,
        "information_requests": 1,
    }
    assert set(result[ward_a.pk]) == set(COUNT_LABELS)
    assert all(value == 0 for value in result[ward_b.pk].values())
    assert all(value == 0 for value in result[two_units.city.pk].values())
