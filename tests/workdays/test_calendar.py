"""The one working-day calendar: public holidays (Tết included), the official swaps, superusers' exceptions taking
effect at once although a year's exceptions are cached, and the superusers-only admin that edits them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login_verified, make_member
from workdays.calendar import add_working_days, is_working_day, local_date, today, working_days_between
from workdays.models import CalendarDay

D = dt.date


@pytest.mark.django_db
def test_deadline_spanning_tet_2027_skips_the_holidays():
    # Tết 2027: 4–10/2 are holidays (29 Tết to mùng năm), 6–7/2 a weekend inside them.
    for day in range(4, 11):
        assert not is_working_day(D(2027, 2, day)), day
    # Received Wednesday 3/2/2027: 15 working days start on Thursday 11/2 → 11,12 | 15–19 | 22–26 | 1/3,2,3 = 15.
    assert add_working_days(D(2027, 2, 3), 15) == D(2027, 3, 3)
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    # Without Tết the same 15 days would end on 24/2: the holidays cost exactly the five weekdays 4,5,8,9,10.
    assert working_days_between(D(2027, 2, 3), D(2027, 3, 3)) == 15


@pytest.mark.django_db
def test_swapped_saturday_2026_08_22_is_a_working_day_and_31_august_is_off():
    assert D(2026, 8, 22).weekday() == 5
    assert is_working_day(D(2026, 8, 22))
    assert not is_working_day(D(2026, 8, 31))
    # Friday 21/8 + 1 → Saturday 22/8 (worked in exchange for Monday 31/8).
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    # 22/8 (Sat), 24–28, then 31/8 off, 1–2/9 Quốc khánh → Thursday 3/9 is the 7th.
    assert add_working_days(D(2026, 8, 21), 7) == D(2026, 9, 3)


@pytest.mark.django_db
def test_working_days_between_counts_both_directions():
    assert working_days_between(D(2026, 12, 4), D(2026, 12, 11)) == 5
    assert working_days_between(D(2026, 12, 11), D(2026, 12, 4)) == -5
    assert working_days_between(D(2026, 12, 4), D(2026, 12, 4)) == 0
    # Across New Year: 1/1/2027 is a holiday.
    assert working_days_between(D(2026, 12, 31), D(2027, 1, 4)) == 1
    assert working_days_between(D(2027, 1, 4), D(2026, 12, 31)) == -1


@pytest.mark.django_db
def test_exceptions_change_the_result_at_once_and_a_listing_costs_no_query():
    start = D(2026, 12, 7)  # Monday
    assert add_working_days(start, 5) == D(2026, 12, 14)
    day_off = CalendarDay.objects.create(date=D(2026, 12, 9), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ thêm")
    assert add_working_days(start, 5) == D(2026, 12, 15)
    CalendarDay.objects.create(date=D(2026, 12, 12), kind=CalendarDay.Kind.WORKING_DAY, note="Làm bù thứ Bảy")
    assert is_working_day(D(2026, 12, 12))
    assert add_working_days(start, 5) == D(2026, 12, 14)
    day_off.date = D(2027, 1, 5)  # moved to another year: both years are recomputed
    day_off.save()
    assert add_working_days(start, 5) == D(2026, 12, 12)
    assert not is_working_day(D(2027, 1, 5))
    day_off.delete()
    assert is_working_day(D(2027, 1, 5))

    add_working_days(start, 40)  # warms the cache for 2026 and 2027
    with CaptureQueriesContext(connection) as queries:
        deadlines = [add_working_days(start + dt.timedelta(days=n), 15) for n in range(50)]
        [working_days_between(start, deadline) for deadline in deadlines]
    assert len(queries) == 0


def is_refused(response) -> bool:
    """403, or Wagtail's permission-denied redirect to the dashboard (its admin views turn 403 into it)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def calendar_form(date: str, kind: str, note: str = "Thông báo của Chính phủ") -> dict:
    return {"date": date, "kind": kind, "note": note}


def test_calendar_admin_is_for_superusers_only(client, two_units, superuser):
    row = CalendarDay.objects.create(date=D(2027, 2, 13), kind=CalendarDay.Kind.WORKING_DAY, note="Làm bù Tết")
    oversight_like = make_member(two_units.city, "admin", "quantri-thanhpho")
    urls = [
        reverse("workdays_calendar:index"),
        reverse("workdays_calendar:add"),
        reverse("workdays_calendar:edit", args=[row.pk]),
        reverse("workdays_calendar:delete", args=[row.pk]),
    ]
    for user in (two_units.writer_a, two_units.admin_a, oversight_like):
        client.force_login(user)
        for url in urls:
            assert is_refused(client.get(url)), (user, url)
        assert is_refused(client.post(urls[1], calendar_form("2027-03-01", "off")))
        assert is_refused(client.post(urls[3]))
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert urls[0] not in menu
    assert CalendarDay.objects.count() == 1

    login_verified(client, superuser)
    assert urls[0] in client.get(reverse("wagtailadmin_home")).content.decode()
    page = client.get(urls[0] + "?nam=2027").content.decode()
    for text in ("Giao thừa Tết Nguyên Đán", "Mùng năm Tết Nguyên Đán", "Làm bù Tết", "13/2/2027"):
        assert text in page, text
    assert "Quốc khánh" in client.get(urls[0] + "?nam=khong-phai-nam").content.decode()


def test_calendar_admin_validates_and_saves(client, superuser):
    login_verified(client, superuser)
    add = reverse("workdays_calendar:add")
    # A year that is not ASCII digits is ignored, never a 500.
    for year in ("²⁰²⁶", "٢٠٢٦", "9" * 30, "2026"):
        assert client.get(add, {"nam": year}).status_code == 200, year
        assert client.get(reverse("workdays_calendar:index"), {"nam": year}).status_code == 200, year
    # A "làm bù" day on an ordinary Tuesday, a "nghỉ" day on a Sunday and on Quốc khánh: refused with reasons.
    response = client.post(add, calendar_form("2026-12-08", "work"))
    assert response.status_code == 200
    assert "vốn là ngày làm việc" in response.content.decode()
    response = client.post(add, calendar_form("2026-12-06", "off"))
    assert "thứ Bảy hoặc Chủ nhật" in response.content.decode()
    response = client.post(add, calendar_form("2026-09-02", "off"))
    assert "Quốc khánh" in response.content.decode()
    assert not CalendarDay.objects.exists()

    response = client.post(add, calendar_form("2026-12-07", "off", "Nghỉ thêm theo Thông báo 1/TB"))
    assert response.status_code == 302 and response.url.endswith("?nam=2026")
    row = CalendarDay.objects.get()
    assert not is_working_day(D(2026, 12, 7))
    response = client.post(add, calendar_form("2026-12-07", "off"))
    assert response.status_code == 200 and CalendarDay.objects.count() == 1  # the date is unique
    response = client.post(
        reverse("workdays_calendar:edit", args=[row.pk]), calendar_form("2026-12-12", "work", "Làm bù")
    )
    assert response.status_code == 302
    assert is_working_day(D(2026, 12, 12)) and is_working_day(D(2026, 12, 7))
    assert client.post(reverse("workdays_calendar:delete", args=[row.pk])).status_code == 302
    assert not CalendarDay.objects.exists() and not is_working_day(D(2026, 12, 12))


def test_dates_are_the_portals_whatever_zone_the_admin_user_chose(monkeypatch):
    """An admin user's Wagtail time zone is active in admin views; deadlines and "today" stay Việt Nam's."""
    evening_utc = dt.datetime(2026, 8, 21, 20, 0, tzinfo=dt.UTC)  # 03:00 on Saturday 22/8/2026 in Việt Nam
    with timezone.override(ZoneInfo("America/Los_Angeles")):  # 13:00 on Friday 21/8 there
        assert local_date(evening_utc) == D(2026, 8, 22)
        monkeypatch.setattr(timezone, "now", lambda: evening_utc)
        assert today() == D(2026, 8, 22)
