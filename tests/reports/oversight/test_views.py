"""The dashboard shows what the report says: every unit ranked with its percent, points, trend and failing items by
group; the drill-down groups every item with its clause, points and findings; a period and a kind filter; a flat
number of queries however many units."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.oversight import charts, report
from reports.oversight.checks import GROUPS
from reports.oversight.periods import Period
from reports.oversight.report import OversightReport
from reports.oversight.tables import UnitScore
from tests.conftest import login_verified, make_unit

from . import fakes
from .conftest import make_table

pytestmark = pytest.mark.django_db

DECEMBER = Period.month(2026, 12)
SVG = "{http://www.w3.org/2000/svg}"


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def overview(client, query="") -> BeautifulSoup:
    return page(client, reverse("reports_oversight:index") + query)


def test_overview_ranks_every_unit_with_the_reports_figures(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    expected = fakes.fake_build(DECEMBER, today=fixed_today)
    soup = overview(client)
    rows = soup.select("table.oversight-ranking tbody tr")
    assert [row["data-unit"] for row in rows] == [line.unit.slug for line in expected.units]
    for row, line in zip(rows, expected.units, strict=True):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        assert cells[0] == str(line.rank)
        assert cells[1].startswith(line.unit.name)
        assert charts.percent_text(line.percent) in cells[2]
        assert f"{floatformat(line.points, '-2')}/{floatformat(line.maximum, '-2')} điểm" in cells[2]
        failing = [sum(1 for item in line.failing if item.check.group == group) for group in GROUPS]
        assert cells[4:8] == [str(count) for count in failing]
        link = row.find("a")["href"]
        assert link == reverse("reports_oversight:unit", args=[line.unit.pk]) + "?ky=2026-12"
    assert "Tháng 12/2026 đang diễn ra: số liệu tính đến ngày 4/12/2026." in soup.get_text(" ", strip=True)


def test_overview_charts_have_a_bar_per_unit_and_a_point_per_month(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    soup = overview(client)
    bars_svg, line_svg = (ElementTree.fromstring(str(svg)) for svg in soup.select("figure svg"))
    assert len(bars_svg.findall(f".//{SVG}rect[@class='oversight-chart__bar']")) == 3
    assert len(line_svg.findall(f".//{SVG}circle[@class='oversight-chart__point']")) == 12
    assert bars_svg.get("role") == line_svg.get("role") == "img"
    # The city-wide average is in a table as well: twelve months, the last the running one.
    months = [row.find_all("td")[0].get_text() for row in soup.select("details table tbody tr")]
    assert len(months) == 12 and months[-1] == "Tháng 12/2026" and months[0] == "Tháng 1/2026"


def test_kind_filter_keeps_the_city_wide_rank(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    expected = {line.unit.slug: line.rank for line in fakes.fake_build(DECEMBER, today=fixed_today).units}
    rows = overview(client, "?loai=ward").select("table.oversight-ranking tbody tr")
    assert sorted(row["data-unit"] for row in rows) == ["hiepninh", "ninhson"]
    for row in rows:
        assert row.find("td").get_text(strip=True) == str(expected[row["data-unit"]])


@pytest.mark.parametrize("value", ["2027-01", "abc", "2026-13", "<script>", "9999"])
def test_a_period_that_has_not_begun_or_is_nonsense_shows_the_running_month(
    client, two_units, office, fake_engine, fixed_today, value
):
    login_verified(client, office)
    soup = overview(client, f"?ky={value}&loai=nonsense")
    assert soup.select_one("#oversight-period option[selected]")["value"] == "2026-12"
    assert len(soup.select("table.oversight-ranking tbody tr")) == 3


def test_a_past_quarter_is_shown_as_closed(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    soup = overview(client, "?ky=2026-Q3")
    assert soup.select_one("#oversight-period option[selected]")["value"] == "2026-Q3"
    assert "Quý III/2026 đã kết thúc" in soup.get_text(" ", strip=True)
    expected = fakes.fake_build(Period.quarter(2026, 3), today=fixed_today)
    assert [row["data-unit"] for row in soup.select("table.oversight-ranking tbody tr")] == [
        line.unit.slug for line in expected.units
    ]


def test_drill_down_groups_every_item_with_clause_points_and_findings(
    client, two_units, office, fake_engine, fixed_today
):
    login_verified(client, office)
    ward = two_units.ward_a
    line = next(line for line in fakes.fake_build(DECEMBER, today=fixed_today).units if line.unit == ward)
    soup = page(client, reverse("reports_oversight:unit", args=[ward.pk]))
    text = soup.get_text(" ", strip=True)
    assert charts.percent_text(line.percent) in text
    assert f"{line.rank}/3" in text
    headings = [h.find(string=True, recursive=False).strip() for h in soup.select(".oversight-group h2")]
    assert headings == [str(GROUPS[g]) for g in GROUPS if any(item.check.group == g for item in line.items)]
    rows = {row["data-check"]: row for row in soup.select("tr[data-check]")}
    assert set(rows) == {item.check.key for item in line.items}
    for item in line.items:
        cells = [cell.get_text(" ", strip=True) for cell in rows[item.check.key].find_all("td")]
        assert cells[1] == item.item.clause
        if item.result.applies:
            assert cells[2] == f"{round(item.result.ratio * 100)}%"
        else:
            assert cells[2] == "Không áp dụng"
    failing = line.failing[0]
    edit = rows[failing.check.key].find("a", href=failing.result.findings[0].edit_url)
    assert edit is not None and edit.get_text(" ", strip=True).startswith("Sửa")
    assert str(line.views) in text and "Tin tức" in text  # usage by section, named by the blueprint
    assert soup.select_one(".oversight-todo") is None  # the office sees no to-do list


def test_own_unit_page_lists_what_to_do_this_week(client, two_units, fake_engine, fixed_today):
    login_verified(client, two_units.board_a)
    soup = page(client, reverse("reports_oversight:unit", args=[two_units.ward_a.pk]))
    todo = soup.select_one(".oversight-todo")
    assert todo is not None and "Việc cần làm tuần này" in todo.get_text()
    line = next(line for line in fakes.fake_build(DECEMBER, today=fixed_today).units if line.unit == two_units.ward_a)
    failing = list(todo.select("li[data-todo=failing]"))
    assert len(failing) == len(line.failing)
    assert failing[0].find("strong").get_text() == line.failing[0].item.label


def test_overview_queries_do_not_grow_with_units(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    overview(client)  # warm caches (settings, locales)
    with CaptureQueriesContext(connection) as three:
        overview(client)
    for slug in ("thanhdong", "hoathanh", "ninhthanh"):
        make_unit("ward", f"Phường {slug.title()}", slug, "tayninh")
    with CaptureQueriesContext(connection) as six:
        soup = overview(client)
    assert len(soup.select("table.oversight-ranking tbody tr")) == 6
    assert len(six.captured_queries) == len(three.captured_queries), [q["sql"] for q in six.captured_queries]


def test_drill_down_queries_do_not_grow_with_units(client, two_units, office, fake_engine, fixed_today):
    login_verified(client, office)
    url = reverse("reports_oversight:unit", args=[two_units.ward_a.pk])
    page(client, url)
    with CaptureQueriesContext(connection) as three:
        page(client, url)
    for slug in ("thanhdong", "hoathanh", "ninhthanh"):
        make_unit("ward", f"Phường {slug.title()}", slug, "tayninh")
    with CaptureQueriesContext(connection) as six:
        page(client, url)
    assert len(six.captured_queries) == len(three.captured_queries)


def keep_scores(period: Period, today) -> OversightReport:
    """Write the fake engine's scores of `period` as kept rows (what a settled month's first view does)."""
    built = fakes.fake_build(period, today=today)
    table = make_table(period.start, name="Thang điểm đã chốt")
    for line in built.units:
        UnitScore.objects.create(
            unit=line.unit, period=period.key, table=table, points=line.points, maximum=line.maximum
        )
    return built


def test_home_page_panels(client, two_units, office, fake_engine, fixed_today):
    october = keep_scores(Period.month(2026, 10), fixed_today)
    login_verified(client, office)
    soup = page(client, reverse("wagtailadmin_home"))
    panel = soup.select_one("[data-oversight-lowest]")
    # The most recent kept month: read, never recomputed on a visit to the home page.
    lowest = sorted(october.units, key=lambda line: (line.percent_exact, line.unit.name))[:5]
    assert [a.get_text() for a in panel.select("tbody a")] == [line.unit.name for line in lowest]
    assert "Tháng 10/2026" in panel.get_text()
    client.logout()
    login_verified(client, two_units.admin_a)
    soup = page(client, reverse("wagtailadmin_home"))
    panel = soup.select_one("[data-oversight-own-unit]")
    assert "Phường Ninh Sơn" in panel.get_text() and len(panel.select("li")) <= 5
    rank = report.rank(october.units)
    rank = next(line.rank for line in rank if line.unit == two_units.ward_a)
    assert f"Xếp hạng Tháng 10/2026: {rank}/{len(october.units)}" in panel.get_text(" ", strip=True)
    assert soup.select_one("[data-oversight-lowest]") is None
    client.logout()
    login_verified(client, two_units.writer_a)
    soup = page(client, reverse("wagtailadmin_home"))
    assert soup.select_one("[data-oversight-own-unit]") is None and soup.select_one("[data-oversight-lowest]") is None


def test_home_page_survives_a_failing_report(client, two_units, office, monkeypatch, fixed_today):
    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr("reports.oversight.report.latest_kept", broken)
    login_verified(client, office)
    soup = page(client, reverse("wagtailadmin_home"))
    assert "Chưa tính được điểm giám sát" in soup.select_one("[data-oversight-lowest]").get_text()


def test_an_older_period_given_by_address_is_selected(client, two_units, office, fake_engine, fixed_today):
    make_table(dt.date(2024, 1, 1))
    login_verified(client, office)
    soup = overview(client, "?ky=2024-03")
    assert soup.select_one("#oversight-period option[selected]")["value"] == "2024-03"
    assert "Tháng 3/2024 đã kết thúc" in soup.get_text(" ", strip=True)
