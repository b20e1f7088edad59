"""*Tâm tư, nguyện vọng*: what people raise with the unit — questions by topic (the most frequent first), by area
(khu phố, ấp) and by month, over a period, exportable.

A unit's board sees its own units; the oversight office every unit, with a unit filter. A question forwarded to
another unit is counted once, where it is handled (the forwarded original is left out).
"""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .access import reading_units, visible_questions
from .admin_forms import ReportFilterForm
from .admin_views import QuestionReaderMixin
from .exports import csv_response, xlsx_response
from .models import Question


def concerns(request) -> tuple[ReportFilterForm, dict]:
    """The filter form and the counts for the user's units in the chosen period."""
    form = ReportFilterForm(request.GET or None, units=reading_units(request.user))
    rows = visible_questions(request.user).exclude(status=Question.Status.FORWARDED)
    start, end = form.period() if request.GET else (None, None)
    if start:
        rows = rows.filter(received_at__date__gte=start)
    if end:
        rows = rows.filter(received_at__date__lt=end)
    unit = form.chosen_unit() if request.GET else None
    if unit is not None:
        rows = rows.filter(unit=unit)
    total = rows.count()
    by_topic = list(rows.values("topic__name").annotate(count=Count("pk")).order_by("-count", "topic__name"))
    by_area = list(
        rows.values("unit__name", "area__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "unit__name", "area__name")
    )
    by_month = list(
        rows.annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    by_kind = {row["kind"]: row["count"] for row in rows.values("kind").annotate(count=Count("pk"))}
    kinds = [(label, by_kind.get(value, 0)) for value, label in Question.Kind.choices]
    for row in by_topic + by_area:
        row["share"] = round(100 * row["count"] / total) if total else 0
    return form, {
        "total": total,
        "by_topic": by_topic,
        "by_area": by_area,
        "by_month": by_month,
        "kinds": kinds,
        "several_units": "unit" in form.fields,
    }


class ConcernsReportView(QuestionReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "participation/admin/concerns.html"
    page_title = gettext_lazy("Tâm tư, nguyện vọng của người dân")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, counts = concerns(self.request)
        context.update(form=form, query=self.request.GET.urlencode(), **counts)
        return context


def _no_topic(name):
    return name or _("Chưa phân lĩnh vực")


def _no_area(name):
    return name or _("Chưa rõ khu phố, ấp")


class ConcernsExportView(QuestionReaderMixin, View):
    file_format = "csv"

    def get(self, request):
        _form, counts = concerns(request)
        topics = [(_no_topic(r["topic__name"]), r["count"], r["share"]) for r in counts["by_topic"]]
        areas = [(r["unit__name"], _no_area(r["area__name"]), r["count"], r["share"]) for r in counts["by_area"]]
        months = [(r["month"].strftime("%m/%Y") if r["month"] else "", r["count"]) for r in counts["by_month"]]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if self.file_format == "xlsx":
            return xlsx_response(
                f"tam-tu-nguyen-vong-{stamp}.xlsx",
                [
                    (_("Theo lĩnh vực"), [_("Lĩnh vực"), _("Số câu hỏi"), _("Tỷ lệ (%)")], topics),
                    (_("Theo khu phố, ấp"), [_("Đơn vị"), _("Khu phố, ấp"), _("Số câu hỏi"), _("Tỷ lệ (%)")], areas),
                    (_("Theo tháng"), [_("Tháng"), _("Số câu hỏi")], months),
                ],
            )
        rows = [(_("Lĩnh vực"), name, "", count, share) for name, count, share in topics]
        rows += [(_("Khu phố, ấp"), area, unit, count, share) for unit, area, count, share in areas]
        rows += [(_("Tháng"), month, "", count, "") for month, count in months]
        headers = [_("Nhóm"), _("Tên"), _("Đơn vị"), _("Số câu hỏi"), _("Tỷ lệ (%)")]
        return csv_response(f"tam-tu-nguyen-vong-{stamp}.csv", headers, rows)
