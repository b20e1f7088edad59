"""The superusers' suspension form and the city board's alert form, with their rules in Vietnamese."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import Unit
from workdays.calendar import add_working_days, local_date, today, working_days_between

from .models import NOTICE_WORKING_DAYS, Alert, MaintenanceWindow
from .permissions import alert_units

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def short_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def earliest_start(day: dt.date) -> dt.date:
    """The first day a suspension may start when announced on `day`: after `NOTICE_WORKING_DAYS` working days of
    notice, `day` counted when it is a working day."""
    return add_working_days(day - dt.timedelta(days=1), NOTICE_WORKING_DAYS) + dt.timedelta(days=1)


def has_notice(starts_at: dt.datetime, announced: dt.date) -> bool:
    """A notice shown from `announced` runs on at least `NOTICE_WORKING_DAYS` working days before the start day."""
    start_day = local_date(starts_at)
    notice_days = working_days_between(announced - dt.timedelta(days=1), start_day - dt.timedelta(days=1))
    return notice_days >= NOTICE_WORKING_DAYS


class UnitsMixin:
    def setup_units(self, units=None) -> None:
        field = self.fields["units"]
        field.queryset = (units if units is not None else Unit.objects.all()).order_by(
            F("parent").asc(nulls_first=True), "name"
        )
        field.widget = forms.CheckboxSelectMultiple(choices=field.widget.choices)
        field.required = False

    def check_units(self, cleaned) -> None:
        if not cleaned.get("all_units") and not cleaned.get("units"):
            self.add_error("units", _("Chọn ít nhất một đơn vị, hoặc đánh dấu “tất cả đơn vị”."))


class MaintenanceWindowForm(UnitsMixin, forms.ModelForm):
    class Meta:
        model = MaintenanceWindow
        fields = ["starts_at", "ends_at", "reason", "reason_en", "all_units", "units"]
        widgets = {"starts_at": datetime_input(), "ends_at": datetime_input()}
        help_texts = {
            "starts_at": _("Giờ Việt Nam. Phải được thông báo trên cổng trước ít nhất 7 ngày làm việc."),
            "ends_at": _("Giờ Việt Nam."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_units()
        self.previous = (
            (self.instance.starts_at, self.instance.all_units, set(self.instance.units.values_list("pk", flat=True)))
            if self.instance.pk
            else None
        )

    def needs_notice(self, cleaned) -> bool:
        """A new window, one moved earlier, or one extended to more units is announced anew."""
        if self.previous is None:
            return True
        starts_at, all_units, unit_ids = self.previous
        if cleaned["starts_at"] < starts_at:
            return True
        if all_units:
            return False
        return bool(cleaned.get("all_units")) or bool({unit.pk for unit in cleaned.get("units") or ()} - unit_ids)

    def clean(self):
        cleaned = super().clean()
        self.check_units(cleaned)
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at is None or ends_at is None:
            return cleaned
        if ends_at <= starts_at:
            self.add_error("ends_at", _("Thời điểm hoạt động trở lại phải sau thời điểm bắt đầu tạm ngừng."))
        if self.needs_notice(cleaned):
            if starts_at <= timezone.now():
                self.add_error("starts_at", _("Thời điểm bắt đầu tạm ngừng phải ở tương lai."))
            elif not has_notice(starts_at, today()):
                self.add_error(
                    "starts_at",
                    _(
                        "Theo Điều 13 Nghị định 224/2026/NĐ-CP, việc tạm ngừng phải được thông báo trên cổng trước "
                        "ít nhất %(days)s ngày làm việc: chọn thời điểm bắt đầu từ ngày %(date)s trở đi."
                    )
                    % {"days": NOTICE_WORKING_DAYS, "date": short_date(earliest_start(today()))},
                )
        return cleaned


class AlertForm(UnitsMixin, forms.ModelForm):
    class Meta:
        model = Alert
        fields = [
            "severity", "title", "body", "title_en", "body_en", "valid_from", "valid_until", "all_units", "units",
        ]  # fmt: skip
        widgets = {
            "valid_from": datetime_input(),
            "valid_until": datetime_input(),
            "body": forms.Textarea(attrs={"rows": 4}),
            "body_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "valid_from": _("Giờ Việt Nam."),
            "valid_until": _("Giờ Việt Nam. Sau thời điểm này cảnh báo tự ẩn khỏi các cổng."),
            "title_en": _("Để trống: trang tiếng Anh hiển thị tiêu đề tiếng Việt."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Only the units of the issuer's own tree are offered, and only they pass validation.
        self.setup_units(alert_units(user) if user is not None else None)

    def clean(self):
        cleaned = super().clean()
        self.check_units(cleaned)
        if cleaned.get("all_units") and self.user is not None and not self.user.is_superuser:
            # “Every portal” from a city's board means every portal of its own tree, named one by one.
            cleaned["all_units"] = False
            self.instance.all_units = False
            cleaned["units"] = self.fields["units"].queryset
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from is None or valid_until is None:
            return cleaned
        if valid_until <= valid_from:
            self.add_error("valid_until", _("Thời điểm kết thúc hiển thị phải sau thời điểm bắt đầu."))
        elif valid_until <= timezone.now() and "valid_until" in self.changed_data:
            self.add_error("valid_until", _("Thời điểm kết thúc hiển thị đã qua."))
        return cleaned
