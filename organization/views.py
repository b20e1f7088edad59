"""Admin view “Tạo lịch tuần mới”: a draft week page with last week's recurring entries, opened for editing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from .models import WorkSchedulePage, WorkScheduleWeekPage
from .schedule import IsoWeek, validate_week_year


class NewWeekForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Tuần"),
        help_text=gettext_lazy("Chọn một ngày bất kỳ trong tuần cần lập lịch."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Chọn một ngày trong tuần cần lập lịch.")},
    )
    copy_recurring = forms.BooleanField(
        label=gettext_lazy("Sao chép các mục lặp lại hằng tuần từ tuần gần nhất trước đó"), required=False, initial=True
    )

    def __init__(self, *args, schedule: WorkSchedulePage, **kwargs):
        self.schedule = schedule
        super().__init__(*args, **kwargs)

    def clean_day(self):
        validate_week_year(self.cleaned_data["day"])
        week = IsoWeek.of(self.cleaned_data["day"])
        if WorkScheduleWeekPage.objects.child_of(self.schedule).filter(week_start=week.monday).exists():
            raise forms.ValidationError(
                _("Tuần %(week)s đã có lịch công tác; hãy mở lịch của tuần đó để sửa.") % {"week": week}
            )
        return week.monday


def suggested_week(schedule: WorkSchedulePage) -> IsoWeek:
    """The week after the latest one entered, and never a week already past."""
    latest = WorkScheduleWeekPage.objects.child_of(schedule).order_by("-week_start").first()
    current = IsoWeek.current()
    if latest is None:
        return current
    return max(IsoWeek.of(latest.week_start).next, current)


@transaction.atomic
def create_week(
    schedule: WorkSchedulePage, monday: dt.date, user, copy_recurring: bool
) -> tuple[WorkScheduleWeekPage, int]:
    """A draft (not live) week page under `schedule`, optionally with the latest earlier week's recurring entries."""
    page = WorkScheduleWeekPage(week_start=monday, live=False, owner=user, locale_id=schedule.locale_id)
    copied = 0
    if copy_recurring:
        previous = (
            WorkScheduleWeekPage.objects.child_of(schedule)
            .filter(week_start__lt=monday)
            .order_by("-week_start")
            .first()
        )
        if previous is not None:
            # The latest revision: what the board approved, or the draft being prepared.
            source = previous.get_latest_revision_as_object() if previous.latest_revision_id else previous
            copied = page.copy_recurring_entries_from(source)
    schedule.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page, copied


def new_week(request, parent_id: int):
    schedule = get_object_or_404(WorkSchedulePage, pk=parent_id)
    if not schedule.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if request.method == "POST":
        form = NewWeekForm(request.POST, schedule=schedule)
        if form.is_valid():
            page, copied = create_week(
                schedule, form.cleaned_data["day"], request.user, form.cleaned_data["copy_recurring"]
            )
            messages.success(
                request,
                _(
                    "Đã tạo bản nháp %(title)s với %(count)s mục lặp lại từ tuần trước. "
                    "Nhập các mục còn lại rồi gửi Ban Biên tập duyệt."
                )
                % {"title": page.title, "count": copied},
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.validation_error(request, _("Chưa tạo được lịch tuần. Vui lòng sửa các lỗi bên dưới."), form)
    else:
        form = NewWeekForm(schedule=schedule, initial={"day": suggested_week(schedule).monday})
    return TemplateResponse(
        request,
        "organization/admin/new_week.html",
        {
            "form": form,
            "schedule": schedule,
            "page_title": _("Tạo lịch công tác tuần mới"),
            "header_icon": "date",
            "action_url": reverse("organization_new_week", args=[schedule.pk]),
            "submit_button_label": _("Tạo bản nháp lịch tuần"),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_explore", args=[schedule.pk]), "label": schedule.title},
                {"url": "", "label": _("Tạo lịch tuần mới")},
            ],
        },
    )
