"""Admin forms of the organisation models: every choice of a related row is limited to the editor's own units.

`organization.models` imports these forms, so the models are imported inside the methods that use them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from languages.helpers import in_locale
from sites.access import editable_units_for_user
from sites.models import Unit
from sites.scoping import UnitOwnedForm, UnitPageForm

from .schedule import IsoWeek, validate_week_year


def _narrow(field, queryset) -> None:
    if field is not None:
        field.queryset = queryset


class SubUnitForm(UnitOwnedForm):
    """Parent sub-unit and head are chosen among the rows of the units the user writes in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        from .models import Official, SubUnit

        units = editable_units_for_user(self.for_user)
        parents = SubUnit.objects.filter(unit__in=units)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        _narrow(self.fields.get("parent"), parents)
        _narrow(self.fields.get("head"), Official.objects.filter(unit__in=units).current())


class OfficialForm(UnitOwnedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        from .models import SubUnit

        _narrow(self.fields.get("sub_unit"), SubUnit.objects.filter(unit__in=editable_units_for_user(self.for_user)))


def schedule_leader_choices(week_page, parent_page=None):
    """The leaders a week's entries may name: the unit's leaders serving during that week (today's leaders for a
    week not chosen yet), one row per person in the page's language (its translation where there is one, else the
    Vietnamese row), and the leaders its saved entries already name, so that editing an old week keeps them."""
    from .models import Official

    unit = Unit.for_page(week_page if week_page.pk else parent_page)
    locale_id = week_page.locale_id or (parent_page.locale_id if parent_page is not None else None)
    if week_page.week_start:
        week = IsoWeek.of(week_page.week_start)
        serving = Official.objects.serving_between(week.monday, week.sunday)
    else:
        serving = Official.objects.current()
    leaders = in_locale(Official.objects.filter(unit=unit), locale_id).leaders().filter(pk__in=serving.values("pk"))
    chosen = Official.objects.none()
    if week_page.pk:
        chosen = Official.objects.filter(unit=unit, schedule_entries__page=week_page)
    return Official.objects.filter(Q(pk__in=leaders.values("pk")) | Q(pk__in=chosen.values("pk"))).order_by(
        "sort_order", "name"
    )


class WeekPageForm(UnitPageForm):
    """The whole week in one form; “Lãnh đạo dự” offers the unit's own leaders serving in that week, once each, in
    the page's language (see `schedule_leader_choices`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officials = schedule_leader_choices(self.instance, self.parent_page)
        formset = self.formsets.get("entries")
        if formset is None:
            return
        base_form = formset.form

        class EntryForm(base_form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                _narrow(self.fields.get("leaders"), officials)

        EntryForm.__name__ = base_form.__name__
        formset.form = EntryForm
        formset.__dict__.pop("forms", None)

    def clean_week_start(self):
        """The week's year in range, and no second schedule for a week under the same schedule page (the model's own
        check cannot see its parent before a new page is added, and the slug would then collide on save)."""
        from .models import WorkScheduleWeekPage

        day = self.cleaned_data.get("week_start")
        if day is None:
            return day
        validate_week_year(day)
        week = IsoWeek.of(day)
        parent = self.parent_page if not self.instance.pk else self.instance.get_parent()
        others = WorkScheduleWeekPage.objects.child_of(parent).filter(week_start=week.monday)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                gettext("Tuần %(week)s đã có lịch công tác; hãy sửa lịch của tuần đó.") % {"week": week}
            )
        return day

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("entries")
        if formset is not None and formset.is_valid():
            now = timezone.now()
            for form in formset.forms:
                # An entry edited while marked “Điều chỉnh”, “Hoãn” or “Hủy” records when it last changed.
                if form.has_changed() and form.cleaned_data.get("status") not in {None, "", "planned"}:
                    form.instance.status_changed_at = now
        return cleaned_data
