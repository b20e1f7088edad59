"""The dashboard's questions panel and summary item: the open questions of the user's units, the overdue ones
counted and highlighted (`participation/question_hooks.py` adds them for those who read some unit's questions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component

from workdays.calendar import today as local_today

from .access import reading_units, visible_questions
from .questions import OPEN_STATUSES, overdue_condition

OVERDUE_SHOWN = 10


@dataclass
class UnitQuestions:
    unit_name: str
    unit_id: int
    open: int
    overdue: int


@dataclass
class QuestionsOverview:
    units: list[UnitQuestions]
    overdue: list  # the most overdue questions, oldest deadline first

    @property
    def open_total(self) -> int:
        return sum(row.open for row in self.units)

    @property
    def overdue_total(self) -> int:
        return sum(row.overdue for row in self.units)


def questions_overview(user) -> QuestionsOverview:
    """Open and overdue questions per unit of the user (every unit with open ones for the oversight office)."""
    today = local_today()
    open_rows = visible_questions(user).filter(status__in=OPEN_STATUSES)
    counts = (
        open_rows.values("unit_id", "unit__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)))
        .order_by("unit__name")
    )
    units = [UnitQuestions(row["unit__name"], row["unit_id"], row["open"], row["overdue"]) for row in counts]
    overdue = list(
        open_rows.filter(overdue_condition(today)).select_related("unit").order_by("deadline", "pk")[:OVERDUE_SHOWN]
    )
    return QuestionsOverview(units, overdue)


def _overview_for(request) -> QuestionsOverview:
    """One overview per request, shared by the panel and the summary item."""
    if not hasattr(request, "_participation_overview"):
        request._participation_overview = questions_overview(request.user)
    return request._participation_overview


class QuestionsPanel(Component):
    name = "participation_questions"
    template_name = "participation/admin/dashboard_panel.html"
    order = 35

    def __init__(self, overview: QuestionsOverview):
        self.overview = overview

    @classmethod
    def for_request(cls, request) -> QuestionsPanel | None:
        if not reading_units(request.user).exists():
            return None
        overview = _overview_for(request)
        return cls(overview) if overview.units else None

    def get_context_data(self, parent_context):
        return {"overview": self.overview, "today": local_today()}


class QuestionsSummaryItem(SummaryItem):
    order = 400
    template_name = "participation/admin/summary_item.html"

    def is_shown(self):
        return reading_units(self.request.user).exists()

    def get_context_data(self, parent_context):
        overview = _overview_for(self.request)
        return {"open_total": overview.open_total, "overdue_total": overview.overdue_total}
