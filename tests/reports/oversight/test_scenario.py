"""A hand-written scenario: the city and two wards in November 2026, judged on 30/11/2026, with the result of each
check written out by hand from the rules (not computed by the code under test)."""

from __future__ import annotations

import datetime as dt

from reports.oversight import checks
from reports.oversight.periods import Period

from .conftest import (
    add_article,
    add_dated_document,
    add_official,
    add_schedule_week,
    at,
    fill_body,
    make_question,
    section_page,
)

NOVEMBER = Period.month(2026, 11)
TODAY = dt.date(2026, 11, 30)


def test_expected_results_for_three_units(two_units, taxonomy):
    city, ward_a, ward_b = two_units.city, two_units.ward_a, two_units.ward_b
    # Ward A: an article every week, its documents on time, its schedule every Monday but one, one late answer.
    for day in (2, 9, 16, 23):
        add_article(ward_a, at(dt.date(2026, 11, day)))
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 5), at(dt.date(2026, 11, 9)))  # 2 wd: 9/11
    add_dated_document(ward_a, taxonomy.city_body, dt.date(2026, 11, 5), at(dt.date(2026, 11, 20)))  # 10 wd: 19/11
    for monday in (2, 9, 16, 23, 30):
        add_schedule_week(ward_a, dt.date(2026, 11, monday), at(dt.date(2026, 11, monday) - dt.timedelta(days=3)))
    fill_body(section_page(ward_a, "history"), at(dt.date(2026, 6, 1)))
    add_official(ward_a, "Nguyễn Văn A")
    make_question(ward_a, deadline=dt.date(2026, 11, 10), answered_at=at(dt.date(2026, 11, 10)))
    make_question(ward_a, deadline=dt.date(2026, 11, 17), answered_at=at(dt.date(2026, 11, 19)))
    # Ward B: two weeks of news, nothing else.
    add_article(ward_b, at(dt.date(2026, 11, 4)))
    add_article(ward_b, at(dt.date(2026, 11, 25)))
    # The city: an article on 20 days of the 30, a document of its own two working days late.
    for day in range(1, 21):
        add_article(city, at(dt.date(2026, 11, day)))
    add_dated_document(city, taxonomy.city_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 6)))  # due 4/11

    results = checks.evaluate([city, ward_a, ward_b], NOVEMBER, TODAY)
    ratios = {unit: {key: r.ratio for key, r in results[unit.pk].items()} for unit in (city, ward_a, ward_b)}
    expected = {
        ward_a: {
            "news.present": 1.0,
            "news.items_per_days": 1.0,  # 4 complete windows (1–28), each with an article; 29–30 has none yet
            "direction.items_per_days": None,  # its one 30-day window (1–30) ends today: not over, and empty
            "documents.present": 1.0,
            "documents.working_days_after_event.own": 1.0,
            "documents.working_days_after_event.other": 0.0,  # 20/11 after 19/11
            "schedule.weekly_before_monday": 1.0,  # Mondays 2, 9, 16, 23 and 30 (its 08:00 passed by the 30th's end)
            "history.present": 1.0,
            "history.reviewed": 1.0,  # 1/6/2026: within 12 months
            "leaders.present": 1.0,
            "qa.working_days_after_event": 0.5,
            "spokesperson.changed_within_hours": 0.0,
            "finance.periodic": None,  # no commune report falls due in November
            "rating.satisfaction": None,
        },
        ward_b: {
            "news.present": 1.0,
            "news.items_per_days": 0.5,  # windows 1–7 and 22–28 have articles, 8–14 and 15–21 do not
            "documents.present": 0.0,
            "documents.working_days_after_event.own": None,
            "schedule.weekly_before_monday": 0.0,
            "history.present": 0.0,
            "leaders.present": 0.0,
            "qa.working_days_after_event": None,
        },
        city: {
            "news.present": 1.0,
            "news.items_per_days": 20 / 29,  # days 1–29 complete (the 30th is today), articles on 1–20
            "documents.working_days_after_event.own": 0.0,
            "documents.working_days_after_event.other": None,
            "science.present": 0.0,  # the city has the science section, the wards do not
            "schedule.weekly_before_monday": 0.0,
        },
    }
    for unit, values in expected.items():
        assert {key: ratios[unit][key] for key in values} == values, unit.name
    assert "science.present" not in ratios[ward_a]
    assert "news.items_per_days" in ratios[city] and results[city.pk]["news.items_per_days"].summary == (
        "20/29 khoảng 1 ngày có tin"
    )
