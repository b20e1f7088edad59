"""The legal review's corrections reach units provisioned before them: `sync_blueprint` adds projects to
departments and statistics to wards and communes, under their “Công khai thông tin”, as typed disclosure pages."""

from __future__ import annotations

import dataclasses
from io import StringIO

from django.core.management import call_command

from disclosure.models import DisclosurePage, ProjectsPage, StatisticsPage
from sites.blueprint import BLUEPRINT, COMMUNAL, DEPARTMENT, PROVINCIAL, Blueprint
from sites.models import Unit, UnitSection
from sites.provisioning import UnitSpec, provision_unit, sync_all_units
from tests.conftest import make_unit


def before_the_review() -> Blueprint:
    """The blueprint as it was: projects for provinces and communes only, statistics for provinces and departments."""
    changed = {"projects": PROVINCIAL | COMMUNAL, "statistics": PROVINCIAL | DEPARTMENT}
    sections = tuple(
        dataclasses.replace(s, kinds=changed[s.key]) if s.key in changed else s for s in BLUEPRINT.sections
    )
    return Blueprint("nd224-2026-before-review", BLUEPRINT.basis, sections)


def keys(unit: Unit) -> set[str]:
    return set(UnitSection.objects.filter(unit=unit).values_list("key", flat=True))


def test_provisioning_gives_every_state_unit_projects_and_statistics_typed_under_disclosure(city):
    for kind, slug in (("department", "noivu"), ("ward", "ninhson"), ("commune", "tanbinh")):
        unit = make_unit(kind, f"Đơn vị {slug}", slug, "tayninh")
        disclosure = unit.sections.get(key="disclosure").page
        for key, model in (("projects", ProjectsPage), ("statistics", StatisticsPage)):
            page = unit.sections.get(key=key).page
            assert page.specific_class is model, (kind, key)
            assert page.get_parent().pk == disclosure.pk


def test_sync_adds_the_sections_the_review_extended_to_units_made_before_it_and_changes_nothing_twice(city):
    old = before_the_review()
    department = provision_unit(
        UnitSpec(kind="department", name="Phòng Nội vụ", slug="noivu", parent_slug="tayninh"), old
    ).unit
    ward = provision_unit(
        UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh"), old
    ).unit
    assert "projects" not in keys(department) and "statistics" not in keys(ward)

    report = sync_all_units()
    assert "Tạo chuyên mục “Dự án – Đầu tư – Đấu thầu – Mua sắm công”" in report[department]
    assert "Tạo chuyên mục “Thống kê”" in report[ward]
    for unit in (department, ward):
        assert keys(unit) == {s.key for s in BLUEPRINT.for_kind(unit.kind)}
        disclosure = unit.sections.get(key="disclosure").page
        assert isinstance(disclosure.specific, DisclosurePage)
        for key, model in (("projects", ProjectsPage), ("statistics", StatisticsPage)):
            page = unit.sections.get(key=key).page
            assert page.specific_class is model and page.get_parent().pk == disclosure.pk
            assert page.live

    assert all(not changes for changes in sync_all_units().values())


def test_the_sync_command_names_the_blueprint_version(city):
    out = StringIO()
    call_command("sync_blueprint", stdout=out)
    assert f"Mẫu {BLUEPRINT.version}:" in out.getvalue()
