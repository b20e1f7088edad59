"""“Việc cần làm tuần này” from real rows: open questions due within the week (or late), next week's schedule not
yet published, budget reports falling due, documents entered but not posted; the failing items by points lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents.models import DocumentType, IssuingBody
from organization.models import WorkSchedulePage, WorkScheduleWeekPage
from participation.models import Question
from reports.oversight.periods import Period
from reports.oversight.todo import BUDGET, DOCUMENT, QUESTION, SCHEDULE, todo_for_unit
from tests.documents.conftest import add_document, reference
from tests.participation.factories import make_question

from . import fakes

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 12, 4)
NEXT_MONDAY = dt.date(2026, 12, 7)


def titles(items, kind):
    return [item.title for item in items if item.kind == kind]


def test_questions_due_within_the_week_and_late_ones(two_units):
    ward = two_units.ward_a
    soon = make_question(ward, title="Đèn đường hỏng", deadline=FRIDAY + dt.timedelta(days=3))
    late = make_question(ward, title="Rác thải", deadline=FRIDAY - dt.timedelta(days=2))
    make_question(ward, title="Xa hạn", deadline=FRIDAY + dt.timedelta(days=20))
    make_question(ward, title="Đã trả lời", deadline=FRIDAY + dt.timedelta(days=1), status=Question.Status.ANSWERED)
    make_question(two_units.ward_b, title="Của phường khác", deadline=FRIDAY + dt.timedelta(days=1))
    todo = todo_for_unit(ward, None, FRIDAY)
    questions = [item for item in todo.upcoming if item.kind == QUESTION]
    assert [item.title.split(": ", 1)[1] for item in questions] == ["Rác thải", "Đèn đường hỏng"]
    assert questions[0].overdue and not questions[1].overdue
    assert questions[1].detail == "Hạn trả lời 7/12/2026"
    assert questions[1].edit_url == reverse("participation_questions:detail", args=[soon.pk])
    assert late.tracking_code in questions[0].title


def test_next_weeks_schedule_until_it_is_published(two_units):
    ward = two_units.ward_a
    schedule = WorkSchedulePage.objects.descendant_of(ward.home_page).get()
    items = [item for item in todo_for_unit(ward, None, FRIDAY).upcoming if item.kind == SCHEDULE]
    assert len(items) == 1 and items[0].due_on == NEXT_MONDAY
    assert "trước 8:00 thứ Hai 7/12/2026" in items[0].detail
    assert items[0].edit_url == reverse(
        "wagtailadmin_pages:add", args=["organization", "workscheduleweekpage", schedule.pk]
    )
    week = schedule.add_child(instance=WorkScheduleWeekPage(week_start=NEXT_MONDAY, live=False))
    items = [item for item in todo_for_unit(ward, None, FRIDAY).upcoming if item.kind == SCHEDULE]
    assert items[0].edit_url == reverse("wagtailadmin_pages:edit", args=[week.pk]) and "bản nháp" in items[0].detail
    week.save_revision().publish()
    assert titles(todo_for_unit(ward, None, FRIDAY).upcoming, SCHEDULE) == []
    # The other ward's schedule is its own business.
    assert len(titles(todo_for_unit(two_units.ward_b, None, FRIDAY).upcoming, SCHEDULE)) == 1


def test_budget_report_falling_due_this_week(two_units):
    # The third quarter's report of a ward is due 15 days after 30/9: Thursday 15/10/2026.
    todo = todo_for_unit(two_units.ward_a, None, dt.date(2026, 10, 9))
    assert titles(todo.upcoming, BUDGET) == ["Báo cáo quý III/2026"]
    assert titles(todo_for_unit(two_units.ward_a, None, dt.date(2026, 10, 1)).upcoming, BUDGET) == []
    # The city reports yearly only: nothing falls due in October.
    assert titles(todo_for_unit(two_units.city, None, dt.date(2026, 10, 9)).upcoming, BUDGET) == []


def test_failing_items_costliest_first_and_home_page_top_five(two_units):
    ward = two_units.ward_a
    line = next(u for u in fakes.fake_build(Period.month(2026, 12), today=FRIDAY).units if u.unit == ward)
    make_question(ward, title="Đèn đường hỏng", deadline=FRIDAY + dt.timedelta(days=1))
    todo = todo_for_unit(ward, line, FRIDAY)
    lost = [item.points_lost for item in todo.failing]
    assert lost == sorted(lost, reverse=True) and len(lost) == len(line.failing)
    top = todo.top(5)
    assert len(top) == 5
    assert top[0].kind == QUESTION  # due tomorrow: before the score's items
    assert top[1:] == todo.failing[:4]


def test_queries_are_bounded(two_units, django_assert_max_num_queries):
    for day in range(1, 6):
        make_question(two_units.ward_a, title=f"Câu hỏi {day}", deadline=FRIDAY + dt.timedelta(days=day))
    with django_assert_max_num_queries(10):
        todo = todo_for_unit(two_units.ward_a, None, FRIDAY)
    assert len(titles(todo.upcoming, QUESTION)) == 5


def test_documents_entered_but_not_posted_within_their_deadline(two_units):
    decision = reference(DocumentType, "Quyết định")
    own_body = IssuingBody.objects.get(unit=two_units.ward_a)
    province = IssuingBody.objects.create(name="UBND tỉnh Tây Ninh")
    # Own decision issued Thursday 3/12: due 2 working days later, Monday 7/12 (draft: listed).
    add_document(
        two_units.ward_a,
        number="125/QĐ-UBND",
        document_type=decision,
        issuing_body=own_body,
        issue_date=dt.date(2026, 12, 3),
        publish=False,
    )
    # The province's decision issued the same day: 10 working days, due 17/12 (beyond the week: not listed).
    add_document(
        two_units.ward_a,
        number="88/QĐ-UBND",
        document_type=decision,
        issuing_body=province,
        issue_date=dt.date(2026, 12, 3),
        publish=False,
    )
    # Posted already: not listed.
    add_document(
        two_units.ward_a,
        number="124/QĐ-UBND",
        document_type=decision,
        issuing_body=own_body,
        issue_date=dt.date(2026, 12, 2),
    )
    items = [item for item in todo_for_unit(two_units.ward_a, None, FRIDAY).upcoming if item.kind == DOCUMENT]
    assert [item.title for item in items] == ["Văn bản 125/QĐ-UBND chưa đăng"]
    assert items[0].due_on == NEXT_MONDAY and "hạn đăng 7/12/2026 (2 ngày làm việc)" in items[0].detail
    assert titles(todo_for_unit(two_units.ward_b, None, FRIDAY).upcoming, DOCUMENT) == []


def test_this_weeks_schedule_is_still_listed_on_its_monday_before_eight(two_units):
    from workdays.calendar import local_zone

    ward = two_units.ward_a
    schedule = WorkSchedulePage.objects.descendant_of(ward.home_page).get()

    def due_mondays(hour, minute):
        now = dt.datetime.combine(NEXT_MONDAY, dt.time(hour, minute), tzinfo=local_zone())
        items = todo_for_unit(ward, None, NEXT_MONDAY, now).upcoming
        return [item.due_on for item in items if item.kind == SCHEDULE]

    following = NEXT_MONDAY + dt.timedelta(days=7)
    assert due_mondays(7, 30) == [NEXT_MONDAY, following]  # 7:30: this week's deadline has not passed
    assert due_mondays(8, 0) == [following]
    this_week = schedule.add_child(instance=WorkScheduleWeekPage(week_start=NEXT_MONDAY, live=False))
    this_week.save_revision().publish()
    assert due_mondays(7, 30) == [following]  # published: nothing more to do for this week
