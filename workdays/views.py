"""Superusers' admin of the working-day calendar (*Lịch ngày làm việc*): a year's public holidays (from
`holidays.VN`, read-only) with the year's official exceptions (`CalendarDay`: extra days off, swapped working days),
which they add, change and delete. Everyone else gets 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from .calendar import today as calendar_today
from .calendar import year_calendar
from .forms import CalendarDayForm
from .models import CalendarDay

YEAR_PARAMETER = "nam"


def short_date(day) -> str:
    return f"{day.day}/{day.month}/{day.year}"


class SuperuserOnlyMixin:
    """403 for anyone but an active superuser, before any form is read."""

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def index_url(year: int) -> str:
    return f"{reverse('workdays_calendar:index')}?{YEAR_PARAMETER}={year}"


class CalendarIndexView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    model = CalendarDay
    template_name = "workdays/admin/index.html"
    page_title = gettext_lazy("Lịch ngày làm việc")
    header_icon = "calendar"

    @cached_property
    def year(self) -> int:
        today = calendar_today()
        try:
            year = int(self.request.GET.get(YEAR_PARAMETER, today.year))
        except (TypeError, ValueError):
            return today.year
        return year if 2000 <= year <= 2100 else today.year

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Thêm ngày nghỉ, ngày làm bù"),
                url=f"{reverse('workdays_calendar:add')}?{YEAR_PARAMETER}={self.year}",
                icon_name="plus",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            year=self.year,
            days=year_calendar(self.year),
            years=range(self.year - 2, self.year + 3),
            year_parameter=YEAR_PARAMETER,
        )
        return context


class CalendarDayFormView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, FormView):
    model = CalendarDay
    form_class = CalendarDayForm
    template_name = "workdays/admin/form.html"
    header_icon = "calendar"

    @cached_property
    def object(self) -> CalendarDay | None:
        return get_object_or_404(CalendarDay, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get_page_title(self):
        if self.object is None:
            return _("Thêm ngày nghỉ, ngày làm bù")
        return _("Sửa ngày %(date)s") % {"date": short_date(self.object.date)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("workdays_calendar:index"), "label": _("Lịch ngày làm việc")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        initial = super().get_initial()
        value = self.request.GET.get(YEAR_PARAMETER, "")
        # ASCII digits only: "²".isdigit() is true but int("²") fails (workdays sits below home.params' layer).
        if self.object is None and value.isascii() and value.isdigit() and len(value) == 4:
            year = int(value)
            if 2000 <= year <= 2100:
                initial["date"] = calendar_today().replace(year=year, month=1, day=1)
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is None:
            context["action_url"] = reverse("workdays_calendar:add")
        else:
            context["action_url"] = reverse("workdays_calendar:edit", args=[self.object.pk])
            context["delete_url"] = reverse("workdays_calendar:delete", args=[self.object.pk])
        context["submit_button_label"] = _("Lưu")
        return context

    def form_valid(self, form):
        day = form.save()
        messages.success(
            self.request,
            _("Đã lưu ngày %(date)s: %(kind)s.") % {"date": short_date(day.date), "kind": day.get_kind_display()},
        )
        return redirect(index_url(day.date.year))


class CalendarDayDeleteView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    model = CalendarDay
    template_name = "workdays/admin/confirm_delete.html"
    header_icon = "calendar"
    http_method_names = ["get", "post"]

    @cached_property
    def object(self) -> CalendarDay:
        return get_object_or_404(CalendarDay, pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Xóa ngày %(date)s") % {"date": short_date(self.object.date)}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("workdays_calendar:index"), "label": _("Lịch ngày làm việc")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(day=self.object, cancel_url=index_url(self.object.date.year))
        return context

    def post(self, request, *args, **kwargs):
        day = self.object
        year = day.date.year
        day.delete()
        messages.success(request, _("Đã xóa ngày %(date)s khỏi lịch.") % {"date": short_date(day.date)})
        return redirect(index_url(year))
