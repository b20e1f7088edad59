"""The board's view of the satisfaction ratings (*Đánh giá mức độ hài lòng* in the Reports menu): per unit, section
and month the number of votes, the average and the spread of scores 1–5, the comments (text only: nothing else about
a rater exists), with CSV and Excel exports. A unit's board and administrator see their unit; superusers and the
oversight office every unit, with a unit filter. Writers see nothing (no rating concerns their drafting)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from openpyxl import Workbook
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from home.params import int_param
from sites.access import sees_all_units, units_for_user
from sites.blueprint import BLUEPRINT
from sites.models import Unit, UnitRole

from .exports import safe_cell
from .models import PageRating

COMMENTS_SHOWN = 200
# A cell a spreadsheet would read as a formula is written as text.


def rating_units(user) -> QuerySet[Unit]:
    """The units whose ratings `user` reads: every unit for superusers and the oversight office, otherwise the units
    where they sit on the board or administer (`sites.access`)."""
    if sees_all_units(user):
        return Unit.objects.all()
    return (
        units_for_user(user)
        .filter(role_groups__role__in=[UnitRole.BOARD, UnitRole.ADMIN], role_groups__group__user=user)
        .distinct()
    )


def section_title(key: str) -> str:
    try:
        return BLUEPRINT.get(key).title_vi
    except KeyError:
        return key or "—"


def aggregate_rows(ratings: QuerySet[PageRating]) -> list[dict]:
    """Per unit, section and month (newest first): count, average and the number of each score 1–5."""
    scores = {f"n{score}": Count("pk", filter=Q(score=score)) for score in range(1, 6)}
    rows = (
        ratings.order_by()
        .values("unit__name", "section", "month")
        .annotate(count=Count("pk"), average=Avg("score"), **scores)
        .order_by("unit__name", "section", "-month")
    )
    return [
        {
            "unit": row["unit__name"],
            "section": row["section"],
            "section_title": section_title(row["section"]),
            "month": row["month"],
            "count": row["count"],
            "average": row["average"],
            "scores": [row[f"n{score}"] for score in range(1, 6)],
        }
        for row in rows
    ]


def _month(value: str | None) -> dt.date | None:
    """`yyyy-mm` as the first of that month; None for anything else (a year past 9999 too: never a 500)."""
    parts = (value or "").split("-")
    if len(parts) != 2:
        return None
    year, month = int_param(parts[0], maximum=9999), int_param(parts[1], maximum=12)
    return dt.date(year, month, 1) if year and month else None


class RatingScopeMixin:
    """The rows of the user's units, narrowed by the query's unit, kind and months (unknown values are ignored)."""

    @cached_property
    def units(self) -> QuerySet[Unit]:
        return rating_units(self.request.user).order_by("name")

    def dispatch(self, request, *args, **kwargs):
        if not self.units.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filters(self) -> dict:
        query = self.request.GET
        unit_id = query.get("don-vi", "")
        unit_pk = int_param(unit_id)
        unit = self.units.filter(pk=unit_pk).first() if unit_pk else None
        kind = query.get("loai", "")
        return {
            "unit": unit,
            "kind": kind if kind in PageRating.Kind.values else "",
            "since": _month(query.get("tu-thang")),
            "until": _month(query.get("den-thang")),
        }

    def ratings(self) -> QuerySet[PageRating]:
        ratings = PageRating.objects.filter(unit__in=self.units)
        filters = self.filters
        if filters["unit"] is not None:
            ratings = ratings.filter(unit=filters["unit"])
        if filters["kind"]:
            ratings = ratings.filter(kind=filters["kind"])
        if filters["since"]:
            ratings = ratings.filter(month__gte=filters["since"])
        if filters["until"]:
            ratings = ratings.filter(month__lte=filters["until"])
        return ratings


class RatingReportView(RatingScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    model = PageRating
    template_name = "participation/admin/rating_report.html"
    page_title = gettext_lazy("Đánh giá mức độ hài lòng")
    header_icon = "pick"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        query = self.request.GET.urlencode()
        base = reverse("participation_ratings:export")
        return [
            HeaderButton(_("Tải CSV"), url=f"{base}?{query}&dinh-dang=csv", icon_name="download"),
            HeaderButton(_("Tải Excel"), url=f"{base}?{query}&dinh-dang=xlsx", icon_name="download"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ratings = self.ratings()
        totals = ratings.aggregate(count=Count("pk"), average=Avg("score"))
        context.update(
            units=self.units,
            show_unit_filter=self.units.count() > 1,
            filters=self.filters,
            kinds=PageRating.Kind.choices,
            totals=totals,
            rows=aggregate_rows(ratings),
            comments=ratings.exclude(comment="")
            .select_related("unit", "page")
            .order_by("-created_on", "-pk")[:COMMENTS_SHOWN],
            comments_shown=COMMENTS_SHOWN,
        )
        return context


class RatingExportView(RatingScopeMixin, View):
    """`dinh-dang=csv` (the aggregates; `bang=gop-y` the comments) or `xlsx` (both, one sheet each)."""

    model = PageRating

    def aggregate_table(self) -> list[list]:
        header = [_("Đơn vị"), _("Chuyên mục"), _("Tháng"), _("Số lượt"), _("Điểm trung bình")]
        header += [_("Số lượt %(score)d điểm") % {"score": score} for score in range(1, 6)]
        body = [
            [
                row["unit"],
                row["section_title"],
                row["month"].strftime("%m/%Y"),
                row["count"],
                round(row["average"], 2),
                *row["scores"],
            ]
            for row in aggregate_rows(self.ratings())
        ]
        return [header, *body]

    def comment_table(self) -> list[list]:
        header = [_("Đơn vị"), _("Chuyên mục"), _("Loại"), _("Trang"), _("Ngày"), _("Điểm"), _("Góp ý")]
        rows = self.ratings().exclude(comment="").select_related("unit", "page").order_by("-created_on", "-pk")
        body = [
            [
                rating.unit.name,
                section_title(rating.section),
                rating.get_kind_display(),
                rating.page.title if rating.page else "",
                rating.created_on.strftime("%d/%m/%Y"),
                rating.score,
                rating.comment,
            ]
            for rating in rows
        ]
        return [header, *body]

    def get(self, request, *args, **kwargs):
        if request.GET.get("dinh-dang") == "xlsx":
            return self.xlsx()
        table = self.comment_table() if request.GET.get("bang") == "gop-y" else self.aggregate_table()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = "gop-y" if request.GET.get("bang") == "gop-y" else "tong-hop"
        response["Content-Disposition"] = f'attachment; filename="danh-gia-hai-long-{name}.csv"'
        response.write("\ufeff")  # Excel reads the Vietnamese text as UTF-8
        writer = csv.writer(response)
        for row in table:
            writer.writerow([safe_cell(value) for value in row])
        return response

    def xlsx(self) -> HttpResponse:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Tổng hợp")
        for row in self.aggregate_table():
            sheet.append([safe_cell(value) for value in row])
        comments = workbook.create_sheet(_("Góp ý"))
        for row in self.comment_table():
            comments.append([safe_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="danh-gia-hai-long.xlsx"'
        return response
