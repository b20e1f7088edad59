"""Defects a review found: periods without a score table, unsettled closed periods on the dashboard, the home page
panels that computed for everyone, the calendar's day, periods not begun, and formula-escaped export headers."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.oversight import checks, report
from reports.oversight.periods import Period
from reports.oversight.tables import UnitScore
from reports.oversight.views import period_choices
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


@pytest.mark.parametrize("query", ["?ky=2025", "?ky=2025-06", "?ky=2025-Q4"])
def test_a_period_without_a_score_table_says_what_to_do_instead_of_500(client, two_units, office, fixed_today, query):
    login_verified(client, office)
    response = client.get(reverse("reports_oversight:index") + query)
    assert response.status_code == 200
    text = text_of(response)
    assert "Chưa có thang điểm cho" in text and "Chọn kỳ từ Tháng 1/2026" in text
    assert "Báo cáo → Thang điểm giám sát" in text
    unit = client.get(reverse("reports_oversight:unit", args=[two_units.ward_a.pk]) + query)
    assert unit.status_code == 200 and "Chưa có thang điểm cho" in text_of(unit)


def test_the_running_month_whose_trend_reaches_into_2025_shows(client, two_units, office, fixed_today, monkeypatch):
    monkeypatch.setattr(checks, "evaluate", lambda units, period, today=None: {})
    login_verified(client, office)
    # Units created before 2026: the twelve months of the trend reach back into 2025, which has no table.
    response = client.get(reverse("reports_oversight:index") + "?ky=2026-03")
    assert response.status_code == 200
    assert client.get(reverse("reports_oversight:unit", args=[two_units.ward_a.pk]) + "?ky=2026-03").status_code == 200


def test_period_choices_offer_only_periods_with_a_table():
    choices = dict(period_choices(dt.date(2026, 3, 10), None, dt.date(2026, 1, 1)))
    assert [period.key for period in choices["Tháng"]] == ["2026-03", "2026-02", "2026-01"]
    assert [period.key for period in choices["Năm"]] == ["2026"]
    assert period_choices(dt.date(2026, 3, 10), None, None) == []


def test_a_closed_but_unsettled_period_says_so(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    november = Period.month(2026, 11)
    text = text_of(client.get(reverse("reports_oversight:index") + "?ky=2026-11"))
    day = report.settles_on(november).strftime("%d/%m/%Y")
    assert f"Kỳ đã kết thúc, đang chờ hết hạn đăng tải (đến {day}) — điểm chưa chốt" in text


def test_a_writers_home_page_runs_no_oversight_query_and_writes_nothing(client, two_units, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("no oversight work for a writer")

    for name in ("build", "latest_kept", "trend"):
        monkeypatch.setattr(report, name, forbidden)
    login_verified(client, two_units.writer_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert not any("reports_unitscore" in query["sql"] or "reports_scoretable" in query["sql"] for query in queries)
    assert not UnitScore.objects.exists()


def test_the_offices_home_page_evaluates_nothing(client, two_units, office, monkeypatch, fixed_today):
    def forbidden(*args, **kwargs):
        raise AssertionError("the office's home page must not evaluate the checks")

    monkeypatch.setattr(checks, "evaluate", forbidden)
    login_verified(client, office)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Chưa có tháng nào được chốt điểm" in text_of(response)
    assert not UnitScore.objects.exists()


def test_export_and_command_refuse_a_period_not_begun(client, two_units, office):
    login_verified(client, office)
    response = client.get(reverse("reports_oversight:export") + "?ky=2099-01&dinh-dang=csv")
    assert response.status_code == 400 and "Tháng 1/2099 chưa bắt đầu" in response.content.decode()
    with pytest.raises(CommandError, match="chưa bắt đầu"):
        call_command("oversight_report", "--period", "2099-01", "--format", "json")


def test_export_and_command_without_a_table_say_the_next_step(client, two_units, office):
    login_verified(client, office)
    response = client.get(reverse("reports_oversight:export") + "?ky=2025-06&dinh-dang=csv")
    assert response.status_code == 400 and "Thang điểm giám sát" in response.content.decode()
    with pytest.raises(CommandError, match="Thang điểm giám sát"):
        call_command("oversight_report", "--period", "2025-06", "--format", "json")


def test_export_headers_are_formula_escaped(engine, city):
    from reports.oversight import exports

    from .conftest import make_table

    table = make_table(dt.date(2026, 3, 1), name='=HYPERLINK("http://x")')
    table.items.filter(sort_order=0).update(label="=1+1")
    result = report.build(Period.month(2026, 5), [city], dt.date(2026, 5, 12))
    text = exports.to_csv(result).decode("utf-8-sig")
    assert "'=1+1" in text, text
    assert "\n=1+1" not in text and ",=1+1" not in text and not text.startswith("=")
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(exports.to_xlsx(result)))
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
    assert not any(isinstance(value, str) and value.startswith("=") for value in values)


def test_the_clause_shown_is_the_units_kind_when_the_item_cites_the_sections_whole_basis():
    from decimal import Decimal

    from reports.oversight.results import CheckResult
    from reports.oversight.scoring import ItemScore
    from reports.oversight.tables import ScoreItem
    from reports.oversight.todo import failing_items
    from sites.blueprint import BLUEPRINT

    section = next(section for section in BLUEPRINT.sections if section.level_basis)
    kind = next(kind for kind in sorted(section.kinds) if section.basis_for(kind) != section.basis)
    check = checks.get_check(f"{section.key}.present")

    def line(clause):
        item = ScoreItem(check_key=check.key, label="Mục", clause=clause, max_points=Decimal(10))
        result = CheckResult(check=check.key, unit_id=1, ratio=0.0, summary="Chưa có")
        return ItemScore(item=item, check=check, result=result, points=Decimal(0), maximum=Decimal(10), kind=kind)

    assert line(section.basis).clause == section.basis_for(kind) != section.basis
    assert line("Quyết định 15/QĐ-UBND, mục 2").clause == "Quyết định 15/QĐ-UBND, mục 2"  # as the office wrote it

    class Unit:
        pk = 1
        home_page_id = 1

    unit_report = report.UnitReport(unit=Unit(), items=[line(section.basis)], points=Decimal(0), maximum=Decimal(10))
    [todo] = failing_items(unit_report, dt.date(2026, 12, 4))
    assert todo.clause == section.basis_for(kind)
