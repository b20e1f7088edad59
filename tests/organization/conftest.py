"""Organisation fixtures on top of the shared two-unit fixture (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from organization.models import Official, ScheduleEntry, SubUnit, WorkScheduleWeekPage
from sites.models import UnitOwnedMixin

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"


@pytest.fixture
def unit_permissions(two_units):
    """The model permissions provisioning will grant from `unit_permissions` (granted here until that lands)."""
    for unit in (two_units.city, two_units.ward_a, two_units.ward_b):
        for role_group in unit.role_groups.select_related("group"):
            for model in (SubUnit, Official):
                assert issubclass(model, UnitOwnedMixin)
                for action in model.unit_permissions[role_group.role]:
                    role_group.group.permissions.add(
                        Permission.objects.get(
                            content_type__app_label="organization", codename=f"{action}_{model._meta.model_name}"
                        )
                    )
    return two_units


def official(unit, name: str, position: str, **fields) -> Official:
    return Official.objects.create(unit=unit, name=name, position=position, **fields)


def section(unit, key: str):
    return unit.sections.select_related("page").get(key=key).page.specific


def add_week(schedule, monday: dt.date, entries: list[dict], publish: bool = True, user=None) -> WorkScheduleWeekPage:
    page = WorkScheduleWeekPage(week_start=monday, live=False)
    for order, data in enumerate(entries):
        data = dict(data)
        leaders = data.pop("leaders", [])
        entry = ScheduleEntry(sort_order=order, **data)
        entry.leaders = leaders
        page.entries.add(entry)
    schedule.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
    return WorkScheduleWeekPage.objects.get(pk=page.pk)
