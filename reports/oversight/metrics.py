"""What each unit published and handled in a period, counted for the report and the yearly scoring.

`counts(units, period, today)` → {unit id: {count key: n}}, in one query per count whatever the number of units. Only
a unit's own live, public pages in its Vietnamese tree count (an article a ward proposed to the city counts for the
ward, where it lives); questions and requests are the unit's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from disclosure.items import DisclosureItemPage
from documents.models import LegalDocumentPage
from news.models import NewsArticlePage
from organization.models import ScheduleEntry, WorkScheduleWeekPage
from participation.models import ConsultationPage, Question
from sites.models import Unit, home_path_expression
from workdays.calendar import today as local_today

from .facts import end_of_day
from .periods import Period

COUNT_LABELS = {
    "articles": _("Tin bài đã đăng"),
    "documents": _("Văn bản đã đăng"),
    "disclosure_items": _("Mục công khai thông tin đã đăng"),
    "schedule_weeks": _("Lịch tuần đã đăng"),
    "schedule_entries": _("Mục lịch công tác"),
    "consultations": _("Dự thảo lấy ý kiến"),
    "questions_received": _("Câu hỏi, phản ánh đã nhận"),
    "questions_answered": _("Câu hỏi, phản ánh đã trả lời"),
    "questions_overdue": _("Câu hỏi, phản ánh quá hạn chưa trả lời"),
    "information_requests": _("Yêu cầu cung cấp thông tin đã nhận"),
}
COUNTS = tuple(COUNT_LABELS)

# Pages first published in the period, per page type.
_PUBLISHED_PAGES = {
    "articles": NewsArticlePage,
    "documents": LegalDocumentPage,
    "disclosure_items": DisclosureItemPage,
    "schedule_weeks": WorkScheduleWeekPage,
    "consultations": ConsultationPage,
}


def _per_unit(rows, key: str = "unit_id") -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def counts(units: Iterable[Unit], period: Period, today: dt.date | None = None) -> dict[int, dict[str, int]]:
    """{unit id: {count key (COUNT_LABELS): n}} for `period` up to `period.as_of(today)`."""
    today = today or local_today()
    as_of = period.as_of(today)
    start, until = end_of_day(period.start - dt.timedelta(days=1)), end_of_day(as_of)
    unit_list = list(Unit.objects.filter(pk__in=[unit.pk for unit in units]).select_related("home_page"))
    homes = {unit.home_page.path: unit.pk for unit in unit_list}
    result = {unit.pk: dict.fromkeys(COUNTS, 0) for unit in unit_list}
    if not unit_list:
        return result

    def unit_pages(model):
        return (
            model.objects.live()
            .public()
            .filter(alias_of__isnull=True)
            .annotate(home_path=home_path_expression("path"))
            .filter(home_path__in=list(homes))
        )

    for key, model in _PUBLISHED_PAGES.items():
        rows = (
            unit_pages(model)
            .filter(first_published_at__gte=start, first_published_at__lt=until)
            .order_by()
            .values("home_path")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            result[homes[row["home_path"]]][key] = row["n"]
    weeks = unit_pages(WorkScheduleWeekPage).filter(week_start__gte=period.start, week_start__lte=as_of)
    entries = (
        ScheduleEntry.objects.filter(page__in=weeks.values("pk"))
        .annotate(home_path=home_path_expression("page__path"))
        .order_by()
        .values("home_path")
        .annotate(n=Count("pk"))
    )
    for row in entries:
        result[homes[row["home_path"]]]["schedule_entries"] = row["n"]
    questions = Question.objects.filter(unit_id__in=list(result)).order_by()
    not_requests = ~Q(kind=Question.Kind.INFORMATION_REQUEST)
    closed = Q(status__in=(Question.Status.REJECTED, Question.Status.FORWARDED))
    per_unit = questions.values("unit_id").annotate(
        received=Count("pk", filter=not_requests & Q(received_at__gte=start, received_at__lt=until)),
        answered=Count("pk", filter=not_requests & Q(answered_at__gte=start, answered_at__lt=until)),
        # Deadline in the period and passed, not answered by it (what `qa.working_days_after_event` fails).
        overdue=Count(
            "pk",
            filter=not_requests
            & ~closed
            & Q(deadline__gte=period.start, deadline__lte=min(as_of, today - dt.timedelta(days=1)))
            & (Q(answered_at__isnull=True) | Q(answered_at__date__gt=F("deadline"))),
        ),
        requests=Count(
            "pk",
            filter=Q(kind=Question.Kind.INFORMATION_REQUEST, received_at__gte=start, received_at__lt=until),
        ),
    )
    for row in per_unit:
        values = result[row["unit_id"]]
        values["questions_received"] = row["received"]
        values["questions_answered"] = row["answered"]
        values["questions_overdue"] = row["overdue"]
        values["information_requests"] = row["requests"]
    return result
