"""The blueprint agrees with the legal catalogue row by row, and docs/legal-catalogue.md is generated from it.

CATALOGUE below is the table of the legal review (section key → levels, clauses cited now, clauses kept as history,
what the freshness rules must say): when the law or the review changes, change it here and in sites/blueprint.py.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sites.blueprint import (
    ALL_KINDS,
    BLUEPRINT,
    CONTRIBUTING,
    CONTRIBUTING_BASIS,
    EVERY_KIND,
    Freshness,
    level_of,
)
from sites.catalogue import CATALOGUE_PATH, catalogue_markdown

STATE = "P, C, D"
EVERYONE = "P, C, D, O"

# key: (levels, clauses the basis cites, clauses kept as history)
CATALOGUE: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "intro": (EVERYONE, ("NĐ224 Đ9(1)(b,c)", "NĐ43 Đ10(a)"), ()),
    "history": (STATE, ("NĐ224 Đ9(1)(b,c)",), ()),
    "org": (STATE, ("NĐ224 Đ9(1)(b)", "NĐ224 Đ9(1)(c)"), ("NĐ42 Đ4(1)(e)", "Đ7(2)")),
    "leaders": (STATE, ("NĐ224 Đ9(1)(b,c)", "NĐ43 Đ10(a)"), ()),
    "contacts": (EVERYONE, ("NĐ42 Đ4(1)(e)", "Đ7(2)"), ()),
    "spokesperson": (STATE, ("NĐ244 Đ3(3)",), ()),
    "news": (EVERYONE, ("NĐ43 Đ10(b)",), ()),
    "direction": (STATE, ("NĐ43 Đ10(c)",), ()),
    "schedule": (STATE, ("NĐ43 Đ10(c)",), ()),
    "documents": (STATE, ("NĐ42 Đ4(1)(a)", "Luật TCTT Đ19(1)(a)"), ()),
    "propaganda": (STATE, ("NĐ42 Đ4(1)(d)", "Luật TCTT Đ19(1)(b)"), ()),
    "plans": (STATE, ("NĐ42 Đ4(1)(đ)", "Luật TCTT Đ19"), ()),
    "projects": (STATE, ("Luật TCTT Đ19(1)(d)", "NĐ43 Đ10(h)", "Luật 10/2022 Đ11"), ()),
    "statistics": (STATE, ("Luật TCTT Đ19(1)(e)", "NĐ43 Đ12"), ()),
    "finance": (STATE, ("Luật TCTT Đ17", "Đ19(1)(e)", "Luật 10/2022 Đ11(2)"), ()),
    "recruitment": (STATE, ("Luật TCTT Đ17",), ()),
    "science": ("P, D", ("NĐ43 Đ11",), ()),
    "services": (STATE, ("NĐ224 Đ9(1)(a)",), ("NĐ42 Đ4(1)(c)",)),
    "disclosure": (STATE, ("Luật TCTT Đ19(1)(g)", "Đ23–24", "NĐ13 Đ6, Đ11", "Luật 10/2022 Đ11–12"), ()),
    "qa": (STATE, ("NĐ42 Đ8",), ()),
    "consultation": (STATE, ("NĐ42 Đ8", "NĐ43 Đ10(i)", "Luật TCTT Đ17"), ()),
    "rating": (STATE, ("NĐ224 Đ10(3)(b)",), ()),
    "sitemap": (EVERYONE, ("TT32/2017",), ()),
}
# Sections the blueprint adds beyond the catalogue (the city's own structure), each with a basis of its own.
EXTRA_SECTIONS = {"announcements"}

# key: (kind of unit, [(rule, days or periods, working days, items)]) — the freshness rules the score reads.
FRESHNESS = {
    ("documents", "ward"): [
        ("working_days_after_event", 2, True, "own"),
        ("working_days_after_event", 10, True, "other"),
    ],
    ("propaganda", "department"): [("working_days_after_event", 15, True, ""), ("items_per_days", 30, False, "")],
    ("plans", "ward"): [("working_days_after_event", 10, True, "")],
    ("projects", "department"): [("working_days_after_event", 10, True, "")],
    ("statistics", "commune"): [("working_days_after_event", 10, True, "")],
    ("science", "city"): [("working_days_after_event", 20, True, "")],
    ("qa", "ward"): [("working_days_after_event", 15, True, "")],
    ("finance", "commune"): [("periodic", ("quarter", "half_year", "year"), False, "")],
    ("finance", "ward"): [("periodic", ("quarter", "half_year", "year"), False, "")],
    ("finance", "city"): [("periodic", ("year",), False, "")],
    ("finance", "department"): [("periodic", ("year",), False, "")],
    ("news", "ward"): [("items_per_days", 7, False, "")],
    ("news", "city"): [("items_per_days", 1, False, "")],
    ("direction", "city"): [("items_per_days", 30, False, "")],
    ("leaders", "ward"): [("reviewed", 180, False, "")],
    ("intro", "fatherland_front"): [("reviewed", 360, False, "")],
    ("news", "fatherland_front"): [],  # the law sets no rhythm for the organisations' news
}


def _shape(rule: Freshness) -> tuple:
    return (rule.rule, rule.periods or rule.days, rule.working_days, rule.items)


def test_every_catalogue_row_is_in_the_blueprint_and_nothing_else_but_the_known_extras():
    assert set(BLUEPRINT.keys) == set(CATALOGUE) | EXTRA_SECTIONS
    for key in EXTRA_SECTIONS:
        assert BLUEPRINT.get(key).basis.strip()


@pytest.mark.parametrize("key", list(CATALOGUE))
def test_each_row_has_the_catalogues_levels_basis_and_history(key):
    levels, clauses, history = CATALOGUE[key]
    section = BLUEPRINT.get(key)
    assert section.levels == levels
    for clause in clauses:
        assert clause in section.basis, (key, clause)
    for clause in history:
        assert clause in section.basis_history, (key, clause)
        assert clause not in section.basis, (key, clause)  # replaced: cited only as history
    if not history:
        assert section.basis_history == ""


def test_where_decree_224_replaces_decree_42_the_basis_cites_224_and_keeps_42_as_history():
    replaced = [s for s in BLUEPRINT.sections if s.basis_history]
    assert {s.key for s in replaced} == {"org", "services"}
    for section in replaced:
        assert "NĐ224" in section.basis and "NĐ42" not in section.basis
        assert section.basis_history.startswith("NĐ42")


def test_org_cites_article_9_1_c_for_provinces_cities_and_communes_and_9_1_b_for_departments():
    org = BLUEPRINT.get("org")
    for kind in ("province", "city", "ward", "commune"):
        assert org.basis_for(kind) == "NĐ224 Đ9(1)(c)", kind
    assert org.basis_for("department") == "NĐ224 Đ9(1)(b)"
    # Sections without a level rule answer their whole basis.
    assert BLUEPRINT.get("history").basis_for("ward") == BLUEPRINT.get("history").basis


@pytest.mark.parametrize(("key", "kind"), list(FRESHNESS))
def test_freshness_rules_are_data_the_score_reads_per_level(key, kind):
    assert [_shape(rule) for rule in BLUEPRINT.get(key).freshness_rules(kind)] == FRESHNESS[(key, kind)]


def test_a_section_a_kind_does_not_have_has_no_freshness_rule_for_it():
    assert BLUEPRINT.get("science").freshness_rules("ward") == []
    assert BLUEPRINT.get("documents").freshness_rules("fatherland_front") == []


def test_projects_and_statistics_apply_to_every_kind_the_law_names():
    for kind in ALL_KINDS:
        keys = {s.key for s in BLUEPRINT.for_kind(kind)}
        assert {"projects", "statistics", "finance", "plans"} <= keys, kind


def test_contributing_organisations_have_a_small_blueprint_citing_the_directive_and_no_english_duty():
    for kind in CONTRIBUTING:
        assert level_of(kind) == "O"
        assert [s.key for s in BLUEPRINT.for_kind(kind)] == ["intro", "news", "contacts", "sitemap"]
        assert BLUEPRINT.english_required_for_kind(kind) == []
        for key in ("intro", "news"):
            assert BLUEPRINT.get(key).basis_for(kind) == CONTRIBUTING_BASIS
        assert CONTRIBUTING_BASIS in BLUEPRINT.get("contacts").basis_for(kind)
    assert EVERY_KIND == ALL_KINDS | CONTRIBUTING
    assert {s.key for s in BLUEPRINT.english_required_for_kind("ward")} == {"org", "leaders", "contacts"}


def test_the_in_repository_catalogue_is_the_blueprint_written_out():
    assert CATALOGUE_PATH.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/legal-catalogue.md is out of date: run `manage.py blueprint_catalogue`"
    )
    text = catalogue_markdown()
    for key in CATALOGUE:
        assert f"\n| {key} | {BLUEPRINT.get(key).title_vi} |" in text
    documents_row = next(line for line in text.splitlines() if line.startswith("| documents |"))
    assert "2 ngày làm việc [" not in documents_row  # the deadlines apply to every level
    assert "(văn bản của đơn vị)" in documents_row and "10 ngày làm việc (văn bản của cơ quan khác)" in documents_row
    services_row = next(line for line in text.splitlines() if line.startswith("| services |"))
    assert "| NĐ224 Đ9(1)(a) | NĐ42 Đ4(1)(c) |" in services_row


def test_the_catalogue_command_checks_and_rewrites_the_file(tmp_path, monkeypatch):
    out = StringIO()
    call_command("blueprint_catalogue", check=True, stdout=out)
    assert "khớp" in out.getvalue()
    stale = tmp_path / "legal-catalogue.md"
    stale.write_text("cũ", encoding="utf-8")
    monkeypatch.setattr("sites.management.commands.blueprint_catalogue.CATALOGUE_PATH", stale)
    with pytest.raises(CommandError, match="không khớp"):
        call_command("blueprint_catalogue", check=True, stdout=StringIO())
    call_command("blueprint_catalogue", stdout=StringIO())
    assert stale.read_text(encoding="utf-8") == catalogue_markdown()
