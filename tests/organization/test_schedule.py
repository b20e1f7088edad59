"""The leaders' weekly work schedule: ISO-week addresses, the board's approval, marks, filter, print, iCal."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from organization.forms import schedule_leader_choices
from organization.models import ScheduleEntry, WorkScheduleWeekPage
from organization.schedule import IsoWeek
from organization.views import create_week
from tests.conftest import PASSWORD

from .conftest import WARD_A, WARD_B, add_week, official, section

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def schedule_a(two_units):
    return section(two_units.ward_a, "schedule")


@pytest.fixture
def leaders_a(two_units):
    ward = two_units.ward_a
    return (
        official(ward, "Nguyễn Văn Hùng", "Chủ tịch UBND phường", sort_order=0),
        official(ward, "Trần Thị Ngọc Bích", "Phó Chủ tịch UBND phường", sort_order=1),
    )


def html(response) -> str:
    return response.content.decode()


# --- ISO weeks ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "previous", "following"),
    [
        (IsoWeek(2026, 53), IsoWeek(2026, 52), IsoWeek(2027, 1)),
        (IsoWeek(2027, 1), IsoWeek(2026, 53), IsoWeek(2027, 2)),
        (IsoWeek(2025, 52), IsoWeek(2025, 51), IsoWeek(2026, 1)),
        (IsoWeek(2026, 1), IsoWeek(2025, 52), IsoWeek(2026, 2)),
    ],
)
def test_iso_weeks_step_across_year_ends(week, previous, following):
    assert week.previous == previous
    assert week.next == following


def test_a_week_that_does_not_exist_is_refused():
    assert IsoWeek.parse(2027, 53) is None  # 2027 has 52 ISO weeks
    assert IsoWeek.parse(2026, 0) is None
    assert IsoWeek.parse(2026, 53) == IsoWeek(2026, 53)
    assert IsoWeek(2026, 53).monday == dt.date(2026, 12, 28)
    assert IsoWeek(2027, 1).monday == dt.date(2027, 1, 4)


def test_week_pages_link_to_the_neighbouring_weeks_across_the_new_year(client, schedule_a):
    page = html(client.get("/lich-cong-tac/2026-w53/", HTTP_HOST=WARD_A))
    assert "Tuần 53/2026" in page and "từ 28/12 đến 3/1/2027" in page
    assert 'href="/lich-cong-tac/2026-w52/" rel="prev"' in page
    assert 'href="/lich-cong-tac/2027-w01/" rel="next"' in page
    page = html(client.get("/lich-cong-tac/2027-w01/", HTTP_HOST=WARD_A))
    assert 'href="/lich-cong-tac/2026-w53/" rel="prev"' in page
    assert client.get("/lich-cong-tac/2027-w53/", HTTP_HOST=WARD_A).status_code == 404
    response = client.get("/lich-cong-tac/2026-w5/", HTTP_HOST=WARD_A)
    assert response.status_code == 301 and response["Location"] == "/lich-cong-tac/2026-w05/"


# --- Entering a week and its approval -------------------------------------------------------------------------------


def test_a_week_is_public_only_after_the_board_approves_it(client, two_units, schedule_a, leaders_a):
    week = IsoWeek(2026, 48)
    page = add_week(
        schedule_a,
        week.monday,
        [{"weekday": 0, "start_time": dt.time(7, 30), "content": "Giao ban đầu tuần", "leaders": [leaders_a[0]]}],
        publish=False,
        user=two_units.writer_a,
    )
    # The writer cannot publish: the week goes to the unit's workflow, where the Ban Biên tập approves it.
    assert not page.permissions_for_user(two_units.writer_a).can_publish()
    workflow = page.get_workflow()
    assert workflow is not None and workflow == two_units.ward_a.workflow
    workflow.start(page, two_units.writer_a)
    assert "Giao ban đầu tuần" not in html(client.get("/lich-cong-tac/2026-w48/", HTTP_HOST=WARD_A))
    assert "Không có lịch công tác trong tuần 48/2026" in html(client.get("/lich-cong-tac/2026-w48/", HTTP_HOST=WARD_A))

    task_state = page.current_workflow_task_state.specific
    task = task_state.task.specific
    assert not task.get_actions(page, two_units.writer_a)
    assert not task.get_actions(page, two_units.writer_b)
    assert "approve" in {name for name, *_ in task.get_actions(page, two_units.board_a)}
    task.on_action(task_state, two_units.board_a, "approve")

    page.refresh_from_db()
    assert page.live
    shown = html(client.get("/lich-cong-tac/2026-w48/", HTTP_HOST=WARD_A))
    assert "Giao ban đầu tuần" in shown and "Nguyễn Văn Hùng" in shown


def test_draft_changes_to_a_published_week_wait_for_approval(client, schedule_a, leaders_a):
    week = IsoWeek(2026, 48)
    page = add_week(
        schedule_a, week.monday, [{"weekday": 1, "start_time": dt.time(8, 0), "content": "Kiểm tra công trình"}]
    )
    draft = page.get_latest_revision_as_object()
    entry = draft.entries.all()[0]
    entry.content = "Kiểm tra công trình (dời sang thứ Tư)"
    draft.save_revision()
    shown = html(client.get("/lich-cong-tac/2026-w48/", HTTP_HOST=WARD_A))
    assert "Kiểm tra công trình" in shown and "dời sang thứ Tư" not in shown


def test_a_week_cannot_be_entered_twice(schedule_a):
    add_week(schedule_a, dt.date(2026, 11, 23), [])
    duplicate = WorkScheduleWeekPage(week_start=dt.date(2026, 11, 25))
    with pytest.raises(Exception, match="đã có lịch công tác"):
        schedule_a.add_child(instance=duplicate)


def test_week_title_and_address_follow_the_week(schedule_a):
    page = add_week(schedule_a, dt.date(2026, 11, 26), [])
    assert page.week_start == dt.date(2026, 11, 23)
    assert page.slug == "2026-w48"
    assert page.title == "Lịch công tác tuần 48/2026 (từ 23/11 đến 29/11/2026)"


def test_new_week_copies_last_weeks_recurring_entries_as_a_draft(client, two_units, schedule_a, leaders_a):
    add_week(
        schedule_a,
        dt.date(2026, 11, 23),
        [
            {
                "weekday": 0,
                "start_time": dt.time(7, 30),
                "content": "Giao ban",
                "recurring": True,
                "leaders": [leaders_a[0]],
            },
            {"weekday": 2, "start_time": dt.time(9, 0), "content": "Tiếp đoàn kiểm tra", "recurring": False},
        ],
    )
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    url = reverse("organization_new_week", args=[schedule_a.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Sao chép các mục lặp lại" in html(form)
    response = client.post(url, {"day": "2026-12-01", "copy_recurring": "on"})
    new_week = WorkScheduleWeekPage.objects.get(slug="2026-w49")
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[new_week.pk])
    assert not new_week.live
    entries = list(new_week.entries.all())
    assert [(e.weekday, e.content) for e in entries] == [(0, "Giao ban")]
    assert [o.name for o in entries[0].leaders.all()] == ["Nguyễn Văn Hùng"]
    again = client.post(url, {"day": "2026-12-02", "copy_recurring": "on"})
    assert "Tuần 49/2026 đã có lịch công tác" in html(again)


def test_writer_of_another_unit_cannot_create_a_week_here(client, two_units, schedule_a):
    client.login(username=two_units.writer_b.username, password=PASSWORD)
    response = client.post(reverse("organization_new_week", args=[schedule_a.pk]), {"day": "2026-12-01"})
    assert response.status_code in {302, 403}
    assert not WorkScheduleWeekPage.objects.exists()


def test_week_edit_form_offers_only_the_units_own_leaders(client, two_units, schedule_a, leaders_a):
    official(two_units.ward_b, "Lê Văn Khác", "Chủ tịch UBND phường Hiệp Ninh")
    week, _ = create_week(schedule_a, dt.date(2026, 11, 23), two_units.writer_a, copy_recurring=False)
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    form = html(client.get(reverse("wagtailadmin_pages:edit", args=[week.pk])))
    assert "Nguyễn Văn Hùng" in form
    assert "Lê Văn Khác" not in form


def test_week_form_offers_each_current_leader_once_in_the_pages_language(client, two_units, schedule_a, leaders_a):
    ward = two_units.ward_a
    english = Locale.objects.get(language_code="en")
    for leader in leaders_a:
        translation = leader.copy_for_translation(english)
        translation.position = "Chairman" if leader.sort_order == 0 else "Vice Chairwoman"
        translation.save()
    official(ward, "Phạm Văn Cũ", "Chủ tịch UBND phường", term_start=dt.date(2016, 7, 1), term_end=dt.date(2021, 5, 31))
    official(ward, "Lê Thị Công Chức", "Công chức Văn phòng", is_leader=False)
    official(two_units.ward_b, "Lê Văn Khác", "Chủ tịch UBND phường Hiệp Ninh")
    week, _ = create_week(schedule_a, IsoWeek.current().monday, two_units.writer_a, copy_recurring=False)

    choices = list(schedule_leader_choices(week))
    assert choices == list(leaders_a)  # Vietnamese rows, once each, in order
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    form = html(client.get(reverse("wagtailadmin_pages:edit", args=[week.pk])))
    offered = re.findall(
        r'<input type="checkbox" name="entries-__prefix__-leaders" value="(\d+)"[^>]*>\s*([^<]+?)\s*</label>', form
    )
    assert offered == [
        (str(leaders_a[0].pk), "Nguyễn Văn Hùng – Chủ tịch UBND phường"),
        (str(leaders_a[1].pk), "Trần Thị Ngọc Bích – Phó Chủ tịch UBND phường"),
    ]
    assert "Lê Văn Khác" not in form


def test_week_form_keeps_a_leader_an_old_week_already_names(two_units, schedule_a, leaders_a):
    former = official(
        two_units.ward_a,
        "Phạm Văn Cũ",
        "Chủ tịch UBND phường",
        term_start=dt.date(2016, 7, 1),
        term_end=dt.date(2021, 5, 31),
    )
    old = add_week(
        schedule_a,
        dt.date(2021, 5, 10),
        [{"weekday": 0, "start_time": dt.time(7, 30), "content": "Giao ban", "leaders": [former]}],
    )
    assert former in schedule_leader_choices(old)  # he led that week
    assert former not in schedule_leader_choices(
        create_week(schedule_a, IsoWeek.current().monday, two_units.writer_a, False)[0]
    )


def test_a_hand_made_post_naming_another_units_leader_is_refused(two_units, schedule_a, leaders_a):
    stranger = official(two_units.ward_b, "Lê Văn Khác", "Chủ tịch UBND phường Hiệp Ninh")
    week, _ = create_week(schedule_a, IsoWeek.current().monday, two_units.writer_a, copy_recurring=False)
    form_class = WorkScheduleWeekPage.get_edit_handler().get_form_class()
    data = {
        "title": week.title,
        "slug": week.slug,
        "week_start": week.week_start.isoformat(),
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-weekday": "0",
        "entries-0-start_time": "07:30",
        "entries-0-content": "Giao ban",
        "entries-0-status": "planned",
        "entries-0-leaders": [str(stranger.pk)],
        "entries-0-ORDER": "1",
    }
    form = form_class(data, instance=week, parent_page=schedule_a, for_user=two_units.writer_a)
    assert not form.is_valid()
    assert form.formsets["entries"].forms[0].errors["leaders"]
    data["entries-0-leaders"] = [str(leaders_a[0].pk)]
    form = form_class(data, instance=week, parent_page=schedule_a, for_user=two_units.writer_a)
    assert form.is_valid(), (form.errors, form.formsets["entries"].errors)


def test_postponed_and_cancelled_are_two_statuses():
    labels = dict(ScheduleEntry.Status.choices)
    assert labels["postponed"] == "Hoãn" and labels["cancelled"] == "Hủy"


def test_migration_reads_old_postponements_as_postponed(schedule_a, leaders_a):
    from django.apps import apps

    migration = importlib.import_module("organization.migrations.0004_schedule_entry_postponed")
    page = add_week(
        schedule_a,
        IsoWeek.current().monday,
        [
            {
                "weekday": 0,
                "start_time": dt.time(7, 30),
                "content": "Giao ban",
                "status": "cancelled",
                "note": "Hoãn, sẽ thông báo sau",
            },
            {
                "weekday": 1,
                "start_time": dt.time(8, 0),
                "content": "Tiếp dân",
                "status": "cancelled",
                "note": "Hủy do mưa bão",
            },
            {"weekday": 2, "start_time": dt.time(8, 0), "content": "Hoàn thành kiểm tra", "status": "cancelled"},
        ],
    )
    migration._split(apps, None)
    statuses = {e.content: e.status for e in ScheduleEntry.objects.filter(page=page)}
    assert statuses == {"Giao ban": "postponed", "Tiếp dân": "cancelled", "Hoàn thành kiểm tra": "cancelled"}
    page.refresh_from_db()
    revision = page.latest_revision
    revision.refresh_from_db()
    assert {e["content"]: e["status"] for e in revision.content["entries"]}["Giao ban"] == "postponed"
    migration._merge(apps, None)
    assert set(ScheduleEntry.objects.filter(page=page).values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.parametrize(
    ("offset", "says"),
    [
        (-1, "Không có lịch công tác trong tuần {week}/{year} (từ {start} đến {end})."),
        (0, "Lịch công tác của tuần này chưa được công bố."),
        (1, "Lịch công tác tuần {week}/{year} (từ {start} đến {end}) chưa được công bố."),
    ],
)
def test_a_week_without_a_schedule_says_whether_it_is_past_this_or_coming(client, schedule_a, offset, says):
    week = IsoWeek.current()
    week = week.previous if offset < 0 else week.next if offset > 0 else week
    expected = says.format(
        week=week.week,
        year=week.year,
        start=f"{week.monday.day}/{week.monday.month}",
        end=f"{week.sunday.day}/{week.sunday.month}/{week.sunday.year}",
    )
    for path in (f"/lich-cong-tac/{week.slug}/", f"/lich-cong-tac/{week.slug}/ban-in/"):
        page = html(client.get(path, HTTP_HOST=WARD_A))
        assert expected in page
        if offset:
            assert "tuần này" not in page


# --- What citizens see ----------------------------------------------------------------------------------------------


@pytest.fixture
def published_week(schedule_a, leaders_a):
    week = IsoWeek.current()
    return add_week(
        schedule_a,
        week.monday,
        [
            {
                "weekday": 0,
                "start_time": dt.time(7, 30),
                "end_time": dt.time(9, 0),
                "content": "Giao ban lãnh đạo",
                "location": "Phòng họp số 1",
                "leaders": list(leaders_a),
            },
            {
                "weekday": 1,
                "start_time": dt.time(8, 0),
                "content": "Kiểm tra công trình đường Bời Lời",
                "status": ScheduleEntry.Status.CHANGED,
                "leaders": [leaders_a[1]],
            },
            {
                "weekday": 3,
                "start_time": dt.time(14, 0),
                "content": "Hội nghị phòng chống thiên tai",
                "status": ScheduleEntry.Status.CANCELLED,
                "leaders": [leaders_a[0]],
            },
            {
                "weekday": 4,
                "start_time": dt.time(15, 0),
                "content": "Họp Ban Biên tập cổng thông tin",
                "status": ScheduleEntry.Status.POSTPONED,
                "note": "Sẽ thông báo lịch sau",
                "leaders": [leaders_a[0]],
            },
        ],
    )


def test_week_view_groups_by_day_marks_changes_and_today(client, published_week):
    page = html(client.get("/lich-cong-tac/", HTTP_HOST=WARD_A))
    for day in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"):
        assert f">{day}, " in page
    assert page.index("Giao ban lãnh đạo") < page.index("Kiểm tra công trình") < page.index("Hội nghị phòng chống")
    assert "07:30 – 09:00" in page
    assert 'badge--changed">Điều chỉnh</span> <span class="schedule-entry__changed">(lúc' in page
    assert "schedule-entry--cancelled" in page and 'badge--cancelled">Hủy</span>' in page
    assert "schedule-entry--postponed" in page and 'badge--postponed">Hoãn</span>' in page
    assert "Hoãn / hủy" not in page
    assert page.count('aria-current="date"') == 1 and "Hôm nay" in page
    assert 'aria-current="page">Tuần này' in page


def test_week_view_filters_by_leader_and_prints(client, published_week, leaders_a):
    deputy = leaders_a[1]
    page = html(client.get(f"/lich-cong-tac/?lanh-dao={deputy.pk}", HTTP_HOST=WARD_A))
    assert "Kiểm tra công trình" in page and "Giao ban lãnh đạo" in page
    assert "Hội nghị phòng chống" not in page
    assert f"Đang xem lịch của {deputy.name}" in page
    printed = html(client.get(f"/lich-cong-tac/{IsoWeek.current().slug}/ban-in/", HTTP_HOST=WARD_A))
    assert "<nav" not in printed and 'scope="rowgroup"' in printed and "Hội nghị phòng chống" in printed
    assert "Ủy ban nhân dân Phường Ninh Sơn".upper() in printed


def test_ical_feeds_are_valid_and_in_vietnam_time(client, two_units, published_week, leaders_a):
    response = client.get("/lich-cong-tac/ical/", HTTP_HOST=WARD_A)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 4
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Ho_Chi_Minh"
    first = next(e for e in events if str(e["SUMMARY"]) == "Giao ban lãnh đạo")
    start = first.decoded("DTSTART")
    assert start == dt.datetime.combine(IsoWeek.current().monday, dt.time(7, 30), tzinfo=HCM)
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start.astimezone(dt.UTC).time() == dt.time(0, 30)
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(first["STATUS"]) == "CONFIRMED"
    cancelled = next(e for e in events if str(e["SUMMARY"]) == "Hội nghị phòng chống thiên tai")
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Hủy" in str(cancelled["DESCRIPTION"])
    # Postponed is not cancelled: the meeting stays in subscribers' calendars, tentative and marked “Hoãn”.
    postponed = next(e for e in events if "Họp Ban Biên tập" in str(e["SUMMARY"]))
    assert str(postponed["SUMMARY"]) == "[Hoãn] Họp Ban Biên tập cổng thông tin"
    assert str(postponed["STATUS"]) == "TENTATIVE"
    assert "Hoãn" in str(postponed["DESCRIPTION"]) and "Hủy" not in str(postponed["DESCRIPTION"])

    leader = client.get(f"/lich-cong-tac/ical/lanh-dao/{leaders_a[1].pk}/", HTTP_HOST=WARD_A)
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(leader.content).walk("VEVENT")}
    assert summaries == {"Giao ban lãnh đạo", "Kiểm tra công trình đường Bời Lời"}
    # Another unit's leader is not found on this unit's site, and this unit's feed is not on the other's.
    other = official(two_units.ward_b, "Lê Văn Khác", "Chủ tịch UBND phường")
    assert client.get(f"/lich-cong-tac/ical/lanh-dao/{other.pk}/", HTTP_HOST=WARD_A).status_code == 404
    b_feed = icalendar.Calendar.from_ical(client.get("/lich-cong-tac/ical/", HTTP_HOST=WARD_B).content)
    assert b_feed.walk("VEVENT") == []


def test_week_view_query_count_does_not_grow_with_entries(client, schedule_a, leaders_a, two_units):
    week = IsoWeek.current()

    def queries() -> int:
        client.get("/lich-cong-tac/", HTTP_HOST=WARD_A)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/lich-cong-tac/", HTTP_HOST=WARD_A).status_code == 200
        return len(captured.captured_queries)

    page = add_week(
        schedule_a,
        week.monday,
        [{"weekday": 0, "start_time": dt.time(7, 30), "content": "Giao ban", "leaders": [leaders_a[0]]}],
    )
    few = queries()
    more = official(two_units.ward_a, "Phạm Văn Mới", "Phó Chủ tịch UBND phường")
    draft = page.get_latest_revision_as_object()
    for day in range(7):
        entry = ScheduleEntry(weekday=day, start_time=dt.time(9, 0), content=f"Làm việc ngày {day}")
        entry.leaders = [leaders_a[0], leaders_a[1], more]
        draft.entries.add(entry)
    draft.save_revision().publish()
    many = queries()
    assert many == few
    assert many <= 18
