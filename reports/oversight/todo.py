"""“Việc cần làm tuần này”: what a unit's administrator and board should do, for their own dashboard and the admin
home page panel.

Two lists: the items of the score table the unit fails this period, the costliest first (from the report), and what
falls due in the next 7 days: questions whose answer deadline falls in the week, next week's work schedule not yet
published (due before Monday 08:00), budget reports due (disclosure.due) and legal documents entered but not yet
posted within their working-day deadline. A fixed number of queries for one unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import due
from disclosure.items import BUDGET_KINDS, DisclosureItemPage, FinancePage
from documents.models import LegalDocumentPage
from organization.models import WorkSchedulePage, WorkScheduleWeekPage
from organization.schedule import IsoWeek
from participation.models import Question
from participation.questions import OPEN_STATUSES
from sites.blueprint import BLUEPRINT
from sites.models import Unit
from workdays.calendar import add_working_days, local_zone

from .report import UnitReport

HORIZON_DAYS = 7
URGENT_DAYS = 2  # due within two days: listed before the score's items on the home page
# Decree 42/2022 via the blueprint: own documents within 2 working days of issue, other bodies' within 10.
OWN_DOCUMENT_DAYS, OTHER_DOCUMENT_DAYS = 2, 10
FAILING, QUESTION, SCHEDULE, BUDGET, DOCUMENT = "failing", "question", "schedule", "budget", "document"


def short_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@dataclass
class TodoItem:
    kind: str
    title: str
    detail: str = ""
    due_on: dt.date | None = None
    points_lost: Decimal | None = None
    clause: str = ""
    edit_url: str = ""
    public_url: str = ""

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self._today

    _today: dt.date = field(default=dt.date.min, repr=False)


@dataclass
class Todo:
    failing: list[TodoItem]  # the score table's items the unit fails, the largest loss of points first
    upcoming: list[TodoItem]  # due in the next 7 days (or already late and still open), the earliest first
    today: dt.date

    def __len__(self) -> int:
        return len(self.failing) + len(self.upcoming)

    def top(self, count: int = 5) -> list[TodoItem]:
        """What the home page lists: what is due within two days, then the costliest failing items, then the rest."""
        soon = self.today + dt.timedelta(days=URGENT_DAYS)
        urgent = [item for item in self.upcoming if item.due_on is not None and item.due_on <= soon]
        later = [item for item in self.upcoming if item not in urgent]
        return [*urgent, *self.failing, *later][:count]


def _section_clause(key: str, kind: str) -> str:
    try:
        return BLUEPRINT.get(key).basis_for(kind)
    except KeyError:
        return ""


def failing_items(unit_report: UnitReport | None, today: dt.date) -> list[TodoItem]:
    if unit_report is None:
        return []
    items = []
    for line in unit_report.failing:
        finding = line.result.findings[0] if line.result.findings else None
        items.append(
            TodoItem(
                FAILING,
                line.item.label or line.check.title,
                line.result.summary,
                points_lost=line.maximum - line.points,
                clause=line.clause,
                edit_url=finding.edit_url if finding else "",
                public_url=finding.public_url if finding else "",
                _today=today,
            )
        )
    return items


def _questions(unit: Unit, today: dt.date, until: dt.date) -> list[TodoItem]:
    questions = Question.objects.filter(unit=unit, status__in=OPEN_STATUSES, deadline__lte=until).order_by(
        "deadline", "pk"
    )
    items = []
    for question in questions.only("pk", "tracking_code", "title", "deadline", "kind")[:50]:
        late = question.deadline < today
        detail = (_("Quá hạn trả lời từ %(date)s") if late else _("Hạn trả lời %(date)s")) % {
            "date": short_date(question.deadline)
        }
        items.append(
            TodoItem(
                QUESTION,
                f"{question.get_kind_display()} {question.tracking_code}: {question.title}",
                detail,
                due_on=question.deadline,
                edit_url=reverse("participation_questions:detail", args=[question.pk]),
                _today=today,
            )
        )
    return items


SCHEDULE_DEADLINE = dt.time(8, 0)  # the week's schedule is published before 08:00 on its Monday


def _schedule_weeks(today: dt.date, now: dt.datetime | None) -> list[IsoWeek]:
    """The weeks whose schedule is still due: next week, and this week too on its Monday before 08:00."""
    weeks = [IsoWeek.of(today).next]
    now = now or timezone.now()
    local_now = now.astimezone(local_zone())
    if today.weekday() == 0 and (local_now.date(), local_now.time()) < (today, SCHEDULE_DEADLINE):
        weeks.insert(0, IsoWeek.of(today))
    return weeks


def _next_week_schedule(unit: Unit, today: dt.date, now: dt.datetime | None = None) -> list[TodoItem]:
    """The week's schedule still due (next week's; this week's on its Monday before 08:00), when no published page
    holds it yet."""
    schedule = WorkSchedulePage.objects.descendant_of(unit.home_page).live().order_by("path").first()
    if schedule is None:
        return []  # no schedule section at all: the score's presence item says so
    wanted = _schedule_weeks(today, now)
    pages = list(
        WorkScheduleWeekPage.objects.child_of(schedule)
        .filter(week_start__in=[week.monday for week in wanted])
        .order_by("path")
        .only("pk", "live", "week_start")
    )
    items = []
    for week in wanted:
        same_week = [page for page in pages if page.week_start == week.monday]
        if any(page.live for page in same_week):
            continue
        draft = same_week[0] if same_week else None
        if draft is not None:
            edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
            detail = _("Đã có bản nháp; cần gửi duyệt và xuất bản trước 8:00 thứ Hai %(date)s")
        else:
            edit_url = reverse("wagtailadmin_pages:add", args=["organization", "workscheduleweekpage", schedule.pk])
            detail = _("Chưa nhập lịch; cần xuất bản trước 8:00 thứ Hai %(date)s")
        items.append(
            TodoItem(
                SCHEDULE,
                _("Lịch công tác tuần %(week)s") % {"week": week},
                detail % {"date": short_date(week.monday)},
                due_on=week.monday,
                clause=_section_clause("schedule", unit.kind),
                edit_url=edit_url,
                _today=today,
            )
        )
    return items


def _budget_reports(unit: Unit, today: dt.date, until: dt.date) -> list[TodoItem]:
    rules = due.RULES.get(unit.kind)
    if not rules:
        return []
    published = (
        DisclosureItemPage.objects.descendant_of(unit.home_page)
        .live()
        .filter(kind__in=BUDGET_KINDS)
        .values_list("kind", "period_year", "period")
    )
    coming = [r for r in due.reports_due(unit.kind, today, published, horizon=HORIZON_DAYS) if r.due_on >= today]
    if not coming:
        return []
    finance = FinancePage.objects.descendant_of(unit.home_page).order_by("path").first()
    edit_url = reverse("wagtailadmin_explore", args=[finance.pk]) if finance is not None else ""
    items = []
    for report in coming:
        label = _("Hạn dự kiến %(date)s (%(assumption)s)") if report.expected else _("Hạn công khai %(date)s")
        items.append(
            TodoItem(
                BUDGET,
                report.label,
                label % {"date": short_date(report.due_on), "assumption": report.assumption},
                due_on=report.due_on,
                clause=report.basis,
                edit_url=edit_url,
                _today=today,
            )
        )
    return [item for item in items if item.due_on <= until]


def _documents_not_posted(unit: Unit, today: dt.date, until: dt.date) -> list[TodoItem]:
    """Documents entered as drafts, issued within the last 60 days, whose posting deadline falls by `until`."""
    drafts = (
        LegalDocumentPage.objects.descendant_of(unit.home_page)
        .filter(live=False, issue_date__gte=today - dt.timedelta(days=60), issue_date__lte=today)
        .select_related("issuing_body")
        .only("pk", "title", "number", "issue_date", "issuing_body__unit_id")
        .order_by("issue_date", "pk")
    )
    items = []
    for document in drafts[:50]:
        own = document.issuing_body.unit_id == unit.pk
        deadline = add_working_days(document.issue_date, OWN_DOCUMENT_DAYS if own else OTHER_DOCUMENT_DAYS)
        if deadline > until:
            continue
        items.append(
            TodoItem(
                DOCUMENT,
                _("Văn bản %(number)s chưa đăng") % {"number": document.number or document.title},
                _("Ban hành %(issued)s; hạn đăng %(deadline)s (%(days)d ngày làm việc)")
                % {
                    "issued": short_date(document.issue_date),
                    "deadline": short_date(deadline),
                    "days": OWN_DOCUMENT_DAYS if own else OTHER_DOCUMENT_DAYS,
                },
                due_on=deadline,
                clause=_section_clause("documents", unit.kind),
                edit_url=reverse("wagtailadmin_pages:edit", args=[document.pk]),
                _today=today,
            )
        )
    return items


def todo_for_unit(unit: Unit, unit_report: UnitReport | None, today: dt.date, now: dt.datetime | None = None) -> Todo:
    """The unit's to-do list for the week starting `today` (`now`, the moment, decides whether this Monday's 08:00
    deadline has passed; the clock's when not given)."""
    until = today + dt.timedelta(days=HORIZON_DAYS)
    upcoming = [
        *_questions(unit, today, until),
        *_next_week_schedule(unit, today, now),
        *_budget_reports(unit, today, until),
        *_documents_not_posted(unit, today, until),
    ]
    upcoming.sort(key=lambda item: (item.due_on or dt.date.max, item.kind))
    return Todo(failing=failing_items(unit_report, today), upcoming=upcoming, today=today)
