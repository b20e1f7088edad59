"""The oversight dashboard in the Wagtail admin (*Giám sát cổng thành phần*).

- `OverviewView` (/admin/giam-sat/): every unit of the period ranked, with its percent, trend and failing items per
  group, a bar chart of the scores and a line chart of the city-wide average; the oversight office (and superusers)
  only. A unit's administrator or board member is sent to their unit's page.
- `UnitView` (/admin/giam-sat/don-vi/<id>/): one unit's score, rank, trend and every item of the score table grouped,
  with the failing items and the links to fix them, its counts, usage and satisfaction; for the unit's own
  administrator and board also “Việc cần làm tuần này” (oversight.todo).

Who sees what (`oversight_units`): the office every unit; a unit's administrator and board their own unit; writers
and everyone else nothing (403, no menu item). Another unit's id answers 404, as a unit that does not exist.
Each page builds the report once (`report.build`) and reads nothing per unit besides it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.access import roles_in_unit, sees_all_units
from sites.blueprint import BLUEPRINT
from sites.models import Unit, UnitKind
from workdays.calendar import today as calendar_today

from . import charts, report
from .audience import OVERSEEING_ROLES, may_see_oversight, oversight_units
from .checks import GROUPS
from .periods import MONTH, QUARTER, YEAR, Period
from .scoring import NoScoreTable
from .tables import ScoreTable
from .todo import todo_for_unit

logger = logging.getLogger(__name__)

PERIOD_PARAMETER = "ky"
KIND_PARAMETER = "loai"
TREND_MONTHS = 12
# The roles that see their unit's score: the administrator and the board (writers do not).
# metrics.COUNTS: what the report counts per unit and period, in the order the drill-down lists them.
COUNT_LABELS = {
    "articles": gettext_lazy("Tin, bài đăng"),
    "documents": gettext_lazy("Văn bản đăng"),
    "schedule_entries": gettext_lazy("Mục lịch công tác"),
    "questions_received": gettext_lazy("Câu hỏi, phản ánh nhận được"),
    "questions_answered": gettext_lazy("Câu hỏi, phản ánh đã trả lời"),
    "questions_overdue": gettext_lazy("Câu hỏi, phản ánh quá hạn"),
    "information_requests": gettext_lazy("Yêu cầu cung cấp thông tin"),
    "disclosure_items": gettext_lazy("Thông tin công khai"),
}


def first_scored_day() -> dt.date | None:
    """The first day a score table applies from (None when there is none): a period starting before it has none."""
    return ScoreTable.objects.order_by("valid_from").values_list("valid_from", flat=True).first()


def period_choices(
    today: dt.date, selected: Period | None = None, first_day: dt.date | None = dt.date.min
) -> list[tuple[str, list[Period]]]:
    """The running month and the eleven before it, the running quarter and the three before, this year and last,
    each only when a score table applies to it (it starts on `first_day` or after); an older period asked for by its
    address is listed too, so the selector shows it."""
    month, quarter, year = (Period.containing(today, kind) for kind in (MONTH, QUARTER, YEAR))
    months, quarters, years = [month], [quarter], [year]
    for _step in range(TREND_MONTHS - 1):
        months.append(months[-1].previous())
    for _step in range(3):
        quarters.append(quarters[-1].previous())
    years.append(year.previous())
    for periods in (months, quarters, years):
        if selected is not None and selected.kind == periods[0].kind and selected not in periods:
            periods.append(selected)
    groups = [(_("Tháng"), months), (_("Quý"), quarters), (_("Năm"), years)]
    scored = [
        (label, [period for period in periods if first_day is not None and period.start >= first_day])
        for label, periods in groups
    ]
    return [(label, periods) for label, periods in scored if periods]


def no_table_message(period: Period, first_day: dt.date | None, office: bool) -> str:
    """Why a period shows no scores, and what to do: choose a period that has a table, or (the office) create one."""
    values = {"period": period.label}
    if first_day is not None and period.start < first_day:
        values["first"] = Period.containing(first_day, MONTH).label
        if office:
            return (
                _(
                    "Chưa có thang điểm cho %(period)s. Chọn kỳ từ %(first)s hoặc tạo thang điểm tại "
                    "Báo cáo → Thang điểm giám sát."
                )
                % values
            )
        return _("Chưa có thang điểm cho %(period)s. Chọn kỳ từ %(first)s.") % values
    if office:
        return _("Chưa có thang điểm cho %(period)s. Tạo thang điểm tại Báo cáo → Thang điểm giám sát.") % values
    return _("Chưa có thang điểm cho %(period)s. Phòng Nội vụ chưa ban hành thang điểm áp dụng cho kỳ này.") % values


def selected_period(value: str | None, today: dt.date) -> Period:
    """The period asked for, or the running month (for nothing, nonsense or a period that has not begun)."""
    try:
        period = Period.parse(value or "")
    except ValueError:
        return Period.containing(today, MONTH)
    return period if period.start <= today else Period.containing(today, MONTH)


def trend_periods(period: Period, today: dt.date) -> list[Period]:
    """The twelve months ending with the last month of `period` that has begun."""
    last = Period.containing(min(period.end, today), MONTH)
    months = [last]
    for _step in range(TREND_MONTHS - 1):
        months.append(months[-1].previous())
    return months[::-1]


def short_month(period: Period) -> str:
    return f"{period.start.month}/{period.start.year % 100:02d}"


def export_links(period: Period, unit_id: int | None = None) -> list[dict]:
    """The CSV and XLSX downloads of the period (`export_views.ReportDownloadView`), of one unit when `unit_id`."""
    url = reverse("reports_oversight:export")
    links = []
    for label, file_format in ((_("Tải CSV"), "csv"), (_("Tải Excel (XLSX)"), "xlsx")):
        query = {PERIOD_PARAMETER: period.key, "dinh-dang": file_format}
        if unit_id is not None:
            query["don-vi"] = unit_id
        links.append({"label": label, "url": f"{url}?{urlencode(query)}"})
    return links


def unit_url(unit_id: int, period: Period) -> str:
    return f"{reverse('reports_oversight:unit', args=[unit_id])}?{urlencode({PERIOD_PARAMETER: period.key})}"


def city_average(trend: dict[int, list[float | None]], length: int) -> list[float | None]:
    """The mean percent per period over the units that existed then (None when none did)."""
    averages = []
    for index in range(length):
        values = [series[index] for series in trend.values() if index < len(series) and series[index] is not None]
        averages.append(sum(values) / len(values) if values else None)
    return averages


def failing_by_group(unit_report: report.UnitReport) -> dict[str, int]:
    counts = Counter(line.check.group for line in unit_report.failing)
    return {group: counts.get(group, 0) for group in GROUPS}


@dataclass
class UnitRow:
    rank: int
    unit: Unit
    kind: str
    percent: float
    points: object
    maximum: object
    trend: list[float | None]
    sparkline: str
    failing: dict[str, int]
    url: str

    @property
    def percent_text(self) -> str:
        return charts.percent_text(self.percent)

    @property
    def bar_width(self) -> str:
        return f"{max(0.0, min(100.0, self.percent)):.1f}"


class OversightViewMixin(WagtailAdminTemplateMixin):
    """403 before anything is read for users who see no unit's scores; the period from the query string."""

    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_oversight(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self) -> dt.date:
        return calendar_today()

    @cached_property
    def period(self) -> Period:
        return selected_period(self.request.GET.get(PERIOD_PARAMETER), self.today)

    @cached_property
    def sees_all(self) -> bool:
        return sees_all_units(self.request.user)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.sees_all:
            items.append({"url": reverse("reports_oversight:index"), "label": _("Giám sát cổng thành phần")})
        return [*items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def first_day(self) -> dt.date | None:
        return first_scored_day()

    def period_context(self) -> dict:
        return {
            "period": self.period,
            "period_choices": period_choices(self.today, self.period, self.first_day),
            "period_parameter": PERIOD_PARAMETER,
            "period_is_closed": self.period.is_closed(self.today),
            "period_is_settled": report.is_settled(self.period, self.today),
            "settles_on": report.settles_on(self.period),
            "as_of": self.period.as_of(self.today),
            "today": self.today,
            "groups": GROUPS,
            "export_links": export_links(self.period) if self.sees_all else [],
        }

    def without_table(self, context: dict) -> dict:
        """The page of a period no score table applies to: the message, the period selector, nothing else."""
        self.template_name = "reports/oversight/no_table.html"
        context.update(
            self.period_context(),
            export_links=[],
            no_table=no_table_message(self.period, self.first_day, self.sees_all),
            tables_url=reverse("oversight_tables:index") if self.sees_all else "",
        )
        return context


class OverviewView(OversightViewMixin, TemplateView):
    template_name = "reports/oversight/overview.html"
    page_title = gettext_lazy("Giám sát cổng thành phần")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        if not self.sees_all:
            # A unit's administrator or board member: their unit's page (the first, should they sit in two).
            unit = oversight_units(request.user).order_by("pk").first()
            return redirect(unit_url(unit.pk, self.period))
        return super().get(request, *args, **kwargs)

    @cached_property
    def kind(self) -> str:
        value = self.request.GET.get(KIND_PARAMETER, "")
        return value if value in UnitKind.values else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            oversight = report.build(self.period, None, self.today)
        except NoScoreTable:
            return self.without_table(context)
        periods = trend_periods(self.period, self.today)
        trend = report.trend([line.unit for line in oversight.units], periods, self.today, running=oversight)
        month_labels = [short_month(month) for month in periods]
        rows = []
        for line in oversight.units:
            if self.kind and line.unit.kind != self.kind:
                continue
            series = trend.get(line.unit.pk, [None] * len(periods))
            rows.append(
                UnitRow(
                    rank=line.rank,
                    unit=line.unit,
                    kind=line.unit.get_kind_display(),
                    percent=line.percent,
                    points=line.points,
                    maximum=line.maximum,
                    trend=series,
                    sparkline=charts.sparkline(
                        series, label=_("Xu hướng 12 tháng của %(unit)s") % {"unit": line.unit.name}
                    ),
                    failing=failing_by_group(line),
                    url=unit_url(line.unit.pk, self.period),
                )
            )
        average = city_average(trend, len(periods))
        kinds_present = sorted({line.unit.kind for line in oversight.units})
        context.update(
            self.period_context(),
            report=oversight,
            rows=rows,
            unit_total=len(oversight.units),
            kind=self.kind,
            kind_parameter=KIND_PARAMETER,
            kind_choices=[(value, label) for value, label in UnitKind.choices if value in kinds_present],
            bar_chart=charts.bar_chart(
                [charts.Bar(row.unit.name, row.percent) for row in rows],
                title=_("Điểm các đơn vị, %(period)s") % {"period": self.period.label},
                desc=_(
                    "Biểu đồ thanh: tỷ lệ điểm đạt của %(count)d đơn vị, xếp từ cao xuống thấp; số liệu ở bảng dưới."
                )
                % {"count": len(rows)},
            ),
            average_chart=charts.line_chart(
                month_labels,
                average,
                title=_("Điểm trung bình toàn thành phố 12 tháng"),
                desc=_("Biểu đồ đường: tỷ lệ điểm đạt trung bình của các đơn vị theo tháng; số liệu ở bảng bên dưới."),
            ),
            average_table=[
                (month.label, charts.percent_text(value)) for month, value in zip(periods, average, strict=True)
            ],
            trend_labels=", ".join(month.label for month in periods),
        )
        return context


class UnitView(OversightViewMixin, TemplateView):
    template_name = "reports/oversight/unit.html"

    @cached_property
    def unit(self) -> Unit:
        # Another unit's id answers as a unit that does not exist: nothing about it is revealed.
        unit = oversight_units(self.request.user).filter(pk=self.kwargs["unit_id"]).select_related("site").first()
        if unit is None:
            raise Http404
        return unit

    def get_page_title(self):
        return self.unit.name

    def get(self, request, *args, **kwargs):
        self.unit  # noqa: B018 — 404 before the report is built
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            oversight = report.build(self.period, None, self.today)  # every unit: the rank is city-wide
        except NoScoreTable:
            return self.without_table(context)
        line = next((line for line in oversight.units if line.unit.pk == self.unit.pk), None)
        periods = trend_periods(self.period, self.today)
        series = report.trend([self.unit], periods, self.today, running=oversight).get(
            self.unit.pk, [None] * len(periods)
        )
        own_unit = bool(roles_in_unit(self.request.user, self.unit) & set(OVERSEEING_ROLES))
        context.update(
            self.period_context(),
            unit=self.unit,
            line=line,
            unit_total=len(oversight.units),
            percent_text=charts.percent_text(line.percent) if line else "",
            groups_items=self.grouped_items(line),
            counts=self.counts(line),
            views_by_section=self.views_by_section(line),
            trend_chart=charts.line_chart(
                [short_month(month) for month in periods],
                series,
                title=_("Điểm của %(unit)s 12 tháng") % {"unit": self.unit.name},
                desc=_("Biểu đồ đường: tỷ lệ điểm đạt theo tháng; số liệu ở bảng bên dưới."),
            ),
            trend_table=[
                (month.label, charts.percent_text(value)) for month, value in zip(periods, series, strict=True)
            ],
            todo=todo_for_unit(self.unit, line, self.today) if own_unit else None,
            export_links=export_links(self.period, self.unit.pk),
            own_unit=own_unit,
            overview_url=f"{reverse('reports_oversight:index')}?{urlencode({PERIOD_PARAMETER: self.period.key})}",
        )
        return context

    @staticmethod
    def grouped_items(line: report.UnitReport | None) -> list[dict]:
        if line is None:
            return []
        groups, failing = [], {id(item) for item in line.failing}
        for group, label in GROUPS.items():
            items = [item for item in line.items if item.check.group == group]
            if not items:
                continue
            groups.append(
                {
                    "key": group,
                    "label": label,
                    "items": items,
                    "points": sum((item.points for item in items), start=type(line.points)(0)),
                    "maximum": sum(
                        (item.maximum for item in items if item.result is not None and item.result.applies),
                        start=type(line.points)(0),
                    ),
                    "failing": sum(1 for item in items if id(item) in failing),
                }
            )
        return groups

    @staticmethod
    def counts(line: report.UnitReport | None) -> list[tuple[str, int]]:
        if line is None:
            return []
        known = [(str(label), line.counts[key]) for key, label in COUNT_LABELS.items() if key in line.counts]
        others = [(key, value) for key, value in line.counts.items() if key not in COUNT_LABELS]
        return known + others

    @staticmethod
    def views_by_section(line: report.UnitReport | None) -> list[tuple[str, int]]:
        if line is None:
            return []
        rows = []
        for key, views in sorted(line.views_by_section.items(), key=lambda pair: -pair[1]):
            try:
                title = BLUEPRINT.get(key).title_vi
            except KeyError:
                title = _("Trang chủ và trang khác") if key in ("", "home", "other") else key
            rows.append((title, views))
        return rows
