"""Planned suspensions (Decree 224/2026/NĐ-CP Art. 13): announced on the chosen units' portals from 7 working days
before (the working-day calendar, Tết included), 503 with Retry-After during the window, the admin still open;
scheduled by superusers only."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.forms import earliest_start, has_notice
from notices.models import MaintenanceWindow
from notices.schedule import notice_starts_at
from sites.models import PortalSettings
from tests.conftest import login_verified
from workdays.calendar import local_zone
from workdays.models import CalendarDay

from .conftest import CITY, WARD_A, WARD_B, make_window

pytestmark = pytest.mark.django_db
VN = local_zone()


def at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=VN)


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in an admin view with a redirect to the dashboard and an error message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_notice_starts_seven_working_days_before_and_tet_moves_it_earlier():
    # Monday 15/2/2027 08:00, after Tết 2027 (4–10/2 off): Fri 12, Thu 11, Wed 3, Tue 2, Mon 1, Fri 29/1, Thu 28/1.
    assert notice_starts_at(at(2027, 2, 15, 8)) == at(2027, 1, 28)
    # The same weekday in an ordinary month: Mon 15/3/2027 ← Thu 4/3.
    assert notice_starts_at(at(2027, 3, 15, 8)) == at(2027, 3, 4)


def test_a_day_off_added_to_the_calendar_moves_the_notice_earlier():
    assert notice_starts_at(at(2027, 3, 15, 8)) == at(2027, 3, 4)
    CalendarDay.objects.create(date=dt.date(2027, 3, 10), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù")
    assert notice_starts_at(at(2027, 3, 15, 8)) == at(2027, 3, 3)


def test_seven_working_days_of_notice_counting_the_day_it_is_announced():
    thursday = dt.date(2026, 11, 5)
    assert earliest_start(thursday) == dt.date(2026, 11, 14)  # Thu 5 … Fri 13: seven working days
    assert has_notice(at(2026, 11, 14, 0, 0), thursday)
    assert not has_notice(at(2026, 11, 13, 22, 0), thursday)
    saturday = dt.date(2026, 11, 7)  # a weekend announcement counts from Monday
    assert earliest_start(saturday) == dt.date(2026, 11, 18)


def test_the_notice_shows_exactly_from_its_first_day_on_the_chosen_unit_only(two_units, client, monkeypatch):
    make_window(two_units.ward_a, starts_at=at(2027, 2, 15, 8), ends_at=at(2027, 2, 15, 12))
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2027, 1, 27, 23, 59))
    assert "tạm ngừng hoạt động" not in text(client.get("/", HTTP_HOST=WARD_A))

    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2027, 1, 28, 0, 0))
    page = text(client.get("/", HTTP_HOST=WARD_A))
    assert (
        "Cổng thông tin sẽ tạm ngừng hoạt động từ 08:00 ngày 15/02/2027 đến 12:00 ngày 15/02/2027 để bảo trì." in page
    )
    assert "Lý do: nâng cấp máy chủ." in page
    assert "css/notices.css" in page
    other = text(client.get("/", HTTP_HOST=WARD_B))
    assert "tạm ngừng hoạt động" not in other and "css/notices.css" not in other


def test_the_notice_in_english_on_english_pages(two_units, client, monkeypatch):
    PortalSettings.objects.filter(site=two_units.ward_a.site).update(publish_english=True)
    make_window(two_units.ward_a, starts_at=at(2027, 2, 15, 8), ends_at=at(2027, 2, 15, 12))
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2027, 2, 1, 9, 0))
    page = text(client.get("/en/tim-kiem/", HTTP_HOST=WARD_A))
    assert "The portal will be suspended for maintenance from 08:00 on 15/02/2027 to 12:00 on 15/02/2027." in page
    assert "Reason: server upgrade." in page
    assert "tạm ngừng" not in page


def test_during_the_window_public_pages_answer_503_with_retry_after(two_units, client):
    window = make_window(two_units.ward_a, starts_in=-dt.timedelta(hours=1), lasts=dt.timedelta(hours=3))
    for path in ("/", "/tim-kiem/", "/khong-co-trang-nay/", "/rss/", "/sitemap.xml"):
        response = client.get(path, HTTP_HOST=WARD_A)
        assert response.status_code == 503, path
        retry = int(response["Retry-After"])
        assert 2 * 3600 - 60 <= retry <= 2 * 3600 + 1
        assert "no-store" in response["Cache-Control"]
    page = text(client.get("/", HTTP_HOST=WARD_A))
    assert "Phường Ninh Sơn" in page and "0276 3821 111" in page
    assert "Cổng thông tin đang tạm ngừng hoạt động để bảo trì" in page
    assert timezone.localtime(window.ends_at, VN).strftime("%H:%M ngày %d/%m/%Y") in page
    assert "<style" not in page and "<script" not in page  # the strict CSP allows no inline style or script
    # The other ward and the city are up.
    assert client.get("/", HTTP_HOST=WARD_B).status_code == 200
    assert client.get("/", HTTP_HOST=CITY).status_code == 200


def test_all_units_suspends_every_portal(two_units, client):
    make_window(starts_in=-dt.timedelta(minutes=1))
    for host in (CITY, WARD_A, WARD_B):
        assert client.get("/", HTTP_HOST=host).status_code == 503


def test_the_admin_sign_in_stays_open_and_editors_still_see_the_pages(two_units, client):
    make_window(starts_in=-dt.timedelta(minutes=1))
    login_page = client.get("/admin/login/", HTTP_HOST=WARD_A)
    assert login_page.status_code == 200 and "Retry-After" not in login_page
    assert client.get("/healthz", HTTP_HOST=WARD_A).status_code == 200
    health = client.get("/health/", HTTP_HOST=WARD_A)  # a planned window is no alarm for the monitoring
    assert health["Content-Type"] == "application/json" and "Retry-After" not in health
    client.force_login(two_units.writer_a)
    assert client.get("/admin/", HTTP_HOST=WARD_A).status_code == 200
    page = client.get("/", HTTP_HOST=WARD_A)
    assert page.status_code == 200
    assert "người dân đang thấy trang thông báo bảo trì" in text(page)


def test_after_the_window_the_portal_is_back(two_units, client, monkeypatch):
    window = make_window(two_units.ward_a, starts_in=dt.timedelta(days=30))
    monkeypatch.setattr("django.utils.timezone.now", lambda: window.ends_at)
    response = client.get("/", HTTP_HOST=WARD_A)
    assert response.status_code == 200 and "tạm ngừng" not in text(response)


# ---- The superusers' admin ----------------------------------------------------------------------------------


def form_data(units=(), **fields) -> dict:
    data = {
        "starts_at": "",
        "ends_at": "",
        "reason": "Nâng cấp máy chủ",
        "reason_en": "Server upgrade",
        "units": [unit.pk for unit in units],
    }
    data.update(fields)
    return data


def local_input(moment: dt.datetime) -> str:
    return moment.astimezone(VN).strftime("%Y-%m-%dT%H:%M")


def test_only_superusers_reach_the_maintenance_admin(two_units, client, superuser):
    urls = [reverse("notices_maintenance:index"), reverse("notices_maintenance:add")]
    window = make_window(two_units.ward_a)
    urls += [
        reverse("notices_maintenance:edit", args=[window.pk]),
        reverse("notices_maintenance:delete", args=[window.pk]),
    ]
    for user in (two_units.admin_a, two_units.board_a, two_units.writer_b):
        client.force_login(user)
        for url in urls:
            assert refused(client.get(url)), (user, url)
        start = timezone.now() + dt.timedelta(days=30)
        data = form_data(
            [two_units.ward_a], starts_at=local_input(start), ends_at=local_input(start + dt.timedelta(hours=2))
        )
        assert refused(client.post(reverse("notices_maintenance:add"), data))
        assert refused(client.post(reverse("notices_maintenance:delete", args=[window.pk])))
    assert MaintenanceWindow.objects.count() == 1
    login_verified(client, superuser)
    index = client.get(reverse("notices_maintenance:index"))
    assert index.status_code == 200 and "nâng cấp máy chủ" in text(index)


def test_a_superuser_schedules_a_window_with_enough_notice(two_units, client, superuser):
    login_verified(client, superuser)
    start = (timezone.now() + dt.timedelta(days=30)).astimezone(VN).replace(hour=22, minute=0, second=0, microsecond=0)
    data = form_data(
        [two_units.ward_a, two_units.ward_b],
        starts_at=local_input(start),
        ends_at=local_input(start + dt.timedelta(hours=4)),
    )
    response = client.post(reverse("notices_maintenance:add"), data)
    assert response.status_code == 302
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == start  # entered in Việt Nam's time
    assert set(window.units.all()) == {two_units.ward_a, two_units.ward_b}
    assert window.created_by == superuser


def test_the_form_refuses_too_little_notice_a_past_start_and_an_end_before_the_start(two_units, client, superuser):
    login_verified(client, superuser)
    soon = timezone.now() + dt.timedelta(days=2)
    response = client.post(
        reverse("notices_maintenance:add"),
        form_data([two_units.ward_a], starts_at=local_input(soon), ends_at=local_input(soon + dt.timedelta(hours=1))),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Theo Điều 13 Nghị định 224/2026/NĐ-CP" in page and "ít nhất 7 ngày làm việc" in page
    past = timezone.now() - dt.timedelta(hours=1)
    page = text(
        client.post(
            reverse("notices_maintenance:add"),
            form_data(
                [two_units.ward_a], starts_at=local_input(past), ends_at=local_input(past + dt.timedelta(hours=3))
            ),
        )
    )
    assert "Thời điểm bắt đầu tạm ngừng phải ở tương lai." in page
    later = timezone.now() + dt.timedelta(days=30)
    page = text(
        client.post(
            reverse("notices_maintenance:add"),
            form_data(
                [two_units.ward_a], starts_at=local_input(later), ends_at=local_input(later - dt.timedelta(hours=1))
            ),
        )
    )
    assert "Thời điểm hoạt động trở lại phải sau thời điểm bắt đầu tạm ngừng." in page
    page = text(
        client.post(
            reverse("notices_maintenance:add"),
            form_data(starts_at=local_input(later), ends_at=local_input(later + dt.timedelta(hours=1))),
        )
    )
    assert "Chọn ít nhất một đơn vị" in page
    assert not MaintenanceWindow.objects.exists()


def test_extending_a_window_to_another_unit_needs_notice_again_but_postponing_does_not(two_units, client, superuser):
    window = make_window(two_units.ward_a, starts_in=dt.timedelta(days=3))  # announced long ago, say
    login_verified(client, superuser)
    url = reverse("notices_maintenance:edit", args=[window.pk])
    later = window.starts_at + dt.timedelta(hours=2)
    postponed = form_data(
        [two_units.ward_a], starts_at=local_input(later), ends_at=local_input(later + dt.timedelta(hours=4))
    )
    assert client.post(url, postponed).status_code == 302
    extended = form_data(
        [two_units.ward_a, two_units.ward_b],
        starts_at=local_input(later),
        ends_at=local_input(later + dt.timedelta(hours=4)),
    )
    response = client.post(url, extended)
    assert response.status_code == 200 and "ít nhất 7 ngày làm việc" in text(response)
    assert list(window.units.all()) == [two_units.ward_a]


def test_the_maintenance_page_in_english(two_units, client):
    PortalSettings.objects.filter(site=two_units.ward_a.site).update(publish_english=True)
    make_window(two_units.ward_a, starts_in=-dt.timedelta(minutes=5))
    response = client.get("/en/tim-kiem/", HTTP_HOST=WARD_A)
    assert response.status_code == 503
    page = text(response)
    assert re.search(r'<html lang="en"', page)
    assert "The portal is suspended for maintenance" in page and "server upgrade" in page


@pytest.mark.local_schedule_timeout
def test_the_schedule_lives_half_a_minute_in_a_process_own_memory_and_an_hour_in_a_shared_cache(monkeypatch):
    """Without Redis each worker keeps its own copy, which a save in another worker cannot drop."""
    from notices.schedule import CACHE_TIMEOUT, LOCAL_CACHE_TIMEOUT, cache_timeout

    assert cache_timeout() == LOCAL_CACHE_TIMEOUT == 30  # the test settings use local memory
    monkeypatch.setattr("notices.schedule.caches", {"default": object()})  # a shared cache (Redis)
    assert cache_timeout() == CACHE_TIMEOUT == 3600
