"""The superusers' form for one exception to the calendar, checked against the calendar it changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from .calendar import public_holidays
from .models import CalendarDay


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        day, kind = cleaned.get("date"), cleaned.get("kind")
        if day is None or not kind:
            return cleaned
        holidays = public_holidays(day.year)
        holiday = holidays.get(day)
        usual_working = day not in holidays and (day.weekday() < 5 or day in holidays.weekend_workdays)
        if kind == CalendarDay.Kind.WORKING_DAY and usual_working:
            self.add_error(
                "kind",
                _("Ngày %(date)s vốn là ngày làm việc: ngày làm bù phải là thứ Bảy, Chủ nhật hoặc ngày lễ.")
                % {"date": f"{day.day}/{day.month}/{day.year}"},
            )
        elif kind == CalendarDay.Kind.DAY_OFF and not usual_working:
            reason = _("ngày lễ “%(name)s”") % {"name": holiday} if holiday else _("thứ Bảy hoặc Chủ nhật")
            self.add_error(
                "kind",
                _("Ngày %(date)s vốn đã là ngày nghỉ (%(reason)s): chỉ thêm ngày nghỉ vào một ngày làm việc.")
                % {"date": f"{day.day}/{day.month}/{day.year}", "reason": reason},
            )
        return cleaned
