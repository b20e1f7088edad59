"""The oversight office's score tables in the admin (*Báo cáo → Thang điểm giám sát*, `admin/giam-sat/thang-diem/`).

Only the office (holders of the oversight permission) and superusers reach the table views: everyone else gets 403
on every route, GET and POST. A table that has scored a closed period (a kept score refers to it, or it applied from
a month that is over) is never edited: the office creates a new version, copied from the latest, valid from the
first day of the current month or a later one.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.forms import BaseModelFormSet, modelformset_factory
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.access import sees_all_units
from workdays.calendar import today as calendar_today

from .checks import all_checks
from .periods import Period
from .tables import ScoreItem, ScoreTable, UnitScore


def is_office(user) -> bool:
    """The oversight office and superusers: who writes score tables."""
    return sees_all_units(user)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def is_locked(table: ScoreTable, today: dt.date | None = None) -> bool:
    """Whether the table has scored a closed period: a kept score refers to it, or it applied from a month that is
    over (valid_from ≤ the last day of a closed month, i.e. before the current month)."""
    today = today or calendar_today()
    return table.valid_from < first_of_month(today) or UnitScore.objects.filter(table=table).exists()


def check_clause(check) -> str:
    section = check.section_of()
    return section.basis if section is not None else check.basis


def forbidden(request):
    """A plain 403: Wagtail's admin turns a raised PermissionDenied into a redirect to the dashboard, which would
    tell a script nothing."""
    return permission_denied(request, PermissionDenied())


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


# --- forms -----------------------------------------------------------------------------------------------------


class TableForm(forms.ModelForm):
    class Meta:
        model = ScoreTable
        fields = ["name", "valid_from", "basis"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or calendar_today()

    def clean_valid_from(self):
        value = self.cleaned_data["valid_from"]
        if value.day != 1:
            raise forms.ValidationError(_("Thang điểm phải áp dụng từ ngày đầu tháng (ví dụ 01/01/2027)."))
        earliest = first_of_month(self.today)
        if value < earliest:
            raise forms.ValidationError(
                _("Không thể áp dụng cho tháng đã qua: sớm nhất từ ngày %(day)s.")
                % {"day": earliest.strftime("%d/%m/%Y")}
            )
        if ScoreTable.objects.filter(valid_from=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Đã có thang điểm áp dụng từ ngày %(day)s.") % {"day": value.strftime("%d/%m/%Y")}
            )
        return value


class ItemForm(forms.ModelForm):
    class Meta:
        model = ScoreItem
        fields = ["label", "clause", "max_points", "weight"]
        widgets = {
            "label": forms.Textarea(attrs={"rows": 2}),
            "clause": forms.Textarea(attrs={"rows": 2}),
            # Text with a decimal keypad: the admin's number inputs are too narrow to show “12.50”.
            "max_points": forms.TextInput(attrs={"inputmode": "decimal"}),
            "weight": forms.TextInput(attrs={"inputmode": "decimal"}),
        }


class BaseItemFormSet(BaseModelFormSet):
    """The table's own items only: an id of another table's item, or a form added by hand, is refused (Django would
    skip the first silently and fail on the second)."""

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms) or any(
            form.has_changed() for form in self.extra_forms
        ):
            raise forms.ValidationError(_("Có tiêu chí không thuộc thang điểm này; hãy tải lại trang và sửa lại."))


ItemFormSet = modelformset_factory(
    ScoreItem, form=ItemForm, formset=BaseItemFormSet, extra=0, can_delete=True, edit_only=True
)


class AddItemForm(forms.Form):
    """One more item, among the known checks the table does not score yet (a key no check has is refused)."""

    check_key = forms.ChoiceField(label=gettext_lazy("Tiêu chí kiểm tra"))
    max_points = forms.DecimalField(label=gettext_lazy("Điểm tối đa"), min_value=0, max_digits=6, decimal_places=2)
    weight = forms.DecimalField(label=gettext_lazy("Trọng số"), min_value=0, max_digits=5, decimal_places=2, initial=1)

    def __init__(self, *args, table: ScoreTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        present = {item.check_key for item in table.items.all()}
        self.checks = {check.key: check for check in all_checks() if check.key not in present}
        self.fields["check_key"].choices = [("", "—"), *((key, check.title) for key, check in self.checks.items())]
        self.fields["check_key"].error_messages["invalid_choice"] = _(
            "Không có tiêu chí kiểm tra “%(value)s”, hoặc thang điểm đã có tiêu chí này."
        )

    def save(self) -> ScoreItem:
        check = self.checks[self.cleaned_data["check_key"]]
        last = max((item.sort_order or 0 for item in self.table.items.all()), default=-1)
        return ScoreItem.objects.create(
            table=self.table,
            check_key=check.key,
            label=str(check.title)[:255],
            clause=check_clause(check)[:255],
            max_points=self.cleaned_data["max_points"],
            weight=self.cleaned_data["weight"],
            sort_order=last + 1,
        )


# --- views -----------------------------------------------------------------------------------------------------


class TableIndexView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/oversight/score_tables.html"
    page_title = gettext_lazy("Thang điểm giám sát")
    header_icon = "list-ol"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = calendar_today()
        tables = list(ScoreTable.objects.annotate(item_count=Count("items")).order_by("-valid_from"))
        scored: dict[int, list[str]] = {}
        for table_id, period in UnitScore.objects.values_list("table_id", "period").distinct().order_by("period"):
            scored.setdefault(table_id, []).append(period)
        current = next((table for table in tables if table.valid_from <= today), None)
        rows = []
        for table in tables:
            periods = [Period.parse(key).label for key in scored.get(table.pk, [])]
            if table.valid_from > today:
                state = _("Sắp áp dụng")
            elif table == current:
                state = _("Đang áp dụng")
            else:
                state = _("Đã được thay thế")
            locked = table.valid_from < first_of_month(today) or table.pk in scored
            rows.append({"table": table, "periods": periods, "state": state, "locked": locked})
        context.update(rows=rows, create_url=reverse("oversight_tables:create"))
        return context


class TableDetailView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The table and its items; the forms to edit it while it has scored no closed period."""

    template_name = "reports/oversight/score_table.html"
    header_icon = "list-ol"

    @cached_property
    def table(self) -> ScoreTable:
        return get_object_or_404(ScoreTable.objects.prefetch_related("items"), pk=self.kwargs["pk"])

    @cached_property
    def locked(self) -> bool:
        return is_locked(self.table)

    def get_page_title(self):
        return self.table.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("oversight_tables:index"), "label": _("Thang điểm giám sát")},
            {"url": "", "label": self.get_page_title()},
        ]

    def items(self):
        return self.table.items.order_by("sort_order", "pk")

    def get_context_data(self, table_form=None, formset=None, add_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        items = list(self.items())
        known = {check.key for check in all_checks()}
        context.update(
            table=self.table,
            items=items,
            unknown_keys={item.check_key for item in items} - known,
            total=sum(item.max_points * item.weight for item in items),
            locked=self.locked,
            create_url=reverse("oversight_tables:create"),
        )
        if not self.locked:
            context.update(
                table_form=table_form or TableForm(instance=self.table, prefix="bang"),
                formset=formset or ItemFormSet(queryset=self.items(), prefix="muc"),
                add_form=add_form or AddItemForm(table=self.table, prefix="them"),
            )
        return context

    def post(self, request, *args, **kwargs):
        if self.locked:
            messages.error(
                request,
                _("Thang điểm này đã dùng để chấm điểm một kỳ đã kết thúc nên không sửa được. Hãy tạo phiên bản mới."),
            )
            return redirect("oversight_tables:detail", pk=self.table.pk)
        if "them" in request.POST:
            add_form = AddItemForm(request.POST, table=self.table, prefix="them")
            if add_form.is_valid():
                item = add_form.save()
                messages.success(request, _("Đã thêm tiêu chí “%(label)s”.") % {"label": item.label})
                return redirect("oversight_tables:detail", pk=self.table.pk)
            return self.render_to_response(self.get_context_data(add_form=add_form), status=400)
        table_form = TableForm(request.POST, instance=self.table, prefix="bang")
        formset = ItemFormSet(request.POST, queryset=self.items(), prefix="muc")
        if table_form.is_valid() and formset.is_valid():
            with transaction.atomic():
                table_form.save()
                formset.save()
            messages.success(request, _("Đã lưu thang điểm."))
            return redirect("oversight_tables:detail", pk=self.table.pk)
        return self.render_to_response(self.get_context_data(table_form=table_form, formset=formset), status=400)


class TableCreateView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """A new version copied from the latest table (its items, points, weights and clauses)."""

    template_name = "reports/oversight/score_table_create.html"
    page_title = gettext_lazy("Tạo phiên bản mới của thang điểm")
    header_icon = "list-ol"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("oversight_tables:index"), "label": _("Thang điểm giám sát")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def latest(self) -> ScoreTable | None:
        return ScoreTable.objects.order_by("-valid_from").prefetch_related("items").first()

    def initial(self) -> dict:
        today = calendar_today()
        start = first_of_month(today)
        taken = set(ScoreTable.objects.filter(valid_from__gte=start).values_list("valid_from", flat=True))
        while start in taken:
            start = (start + dt.timedelta(days=32)).replace(day=1)
        return {
            "name": self.latest.name if self.latest else _("Bộ tiêu chí đánh giá cổng thông tin điện tử thành phần"),
            "basis": self.latest.basis if self.latest else "",
            "valid_from": start,
        }

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or TableForm(initial=self.initial()), latest=self.latest)
        return context

    def post(self, request, *args, **kwargs):
        source = self.latest  # before the new version becomes the latest
        form = TableForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            table = form.save(commit=False)
            table.created_by = request.user
            table.save()
            if source is not None:
                ScoreItem.objects.bulk_create(
                    ScoreItem(
                        table=table,
                        check_key=item.check_key,
                        label=item.label,
                        clause=item.clause,
                        max_points=item.max_points,
                        weight=item.weight,
                        sort_order=item.sort_order,
                    )
                    for item in source.items.all()
                )
        messages.success(
            request,
            _("Đã tạo phiên bản mới áp dụng từ ngày %(day)s.") % {"day": table.valid_from.strftime("%d/%m/%Y")},
        )
        return redirect("oversight_tables:detail", pk=table.pk)


# --- registration ----------------------------------------------------------------------------------------------

table_urls = (
    [
        path("", TableIndexView.as_view(), name="index"),
        path("tao-moi/", TableCreateView.as_view(), name="create"),
        path("<int:pk>/", TableDetailView.as_view(), name="detail"),
    ],
    "oversight_tables",
)


@hooks.register("register_admin_urls")
def register_oversight_table_urls():
    return [
        path("giam-sat/thang-diem/", include(table_urls, namespace="oversight_tables")),
    ]


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


@hooks.register("register_reports_menu_item")
def register_oversight_table_menu_item():
    return OfficeMenuItem(
        gettext_lazy("Thang điểm giám sát"),
        reverse("oversight_tables:index"),
        icon_name="list-ol",
        name="oversight-score-tables",
    )
