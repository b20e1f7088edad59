"""The public section pages of disclosure items: filters by year, period and kind, empty states, the finance table
and its due-and-missing box, the item page (project data, files, decision, notices), and flat query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure import items as items_module

from .items_support import FINANCE, PLANS, PROJECTS, WARD_A, WARD_B, add_decision, add_item, budget_report

D = dt.date


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def december_2026(monkeypatch):
    monkeypatch.setattr(items_module, "local_today", lambda: D(2026, 12, 4))


def text(response) -> str:
    return response.content.decode()


def listed(response) -> str:
    """The list of items (after the finance table, which shows every period of the year)."""
    return text(response).split('class="dx-list"', 1)[-1]


def test_empty_sections_say_so(client, two_units):
    for path in (FINANCE, PROJECTS, PLANS):
        response = client.get(path, HTTP_HOST=WARD_A)
        assert response.status_code == 200
        assert "Chưa có thông tin nào được công khai." in text(response)


def test_filters_by_year_period_and_kind_narrow_the_list(client, two_units, december_2026):
    ward = two_units.ward_a
    budget_report(ward, 2026, "q1")
    budget_report(ward, 2026, "q3")
    budget_report(ward, 2025, "q3")
    budget_report(ward, 2026, "year", kind="budget_estimate")
    page = text(client.get(FINANCE, HTTP_HOST=WARD_A))
    assert "Báo cáo quý I/2026 ninhson" in page and "Báo cáo quý III/2025 ninhson" in page

    page = listed(client.get(FINANCE + "?nam=2026", HTTP_HOST=WARD_A))
    assert "Báo cáo quý III/2026 ninhson" in page and "Báo cáo quý III/2025 ninhson" not in page
    assert "3 mục" in text(client.get(FINANCE + "?nam=2026", HTTP_HOST=WARD_A))

    page = listed(client.get(FINANCE + "?nam=2026&ky=q3", HTTP_HOST=WARD_A))
    assert "Báo cáo quý III/2026 ninhson" in page and "Báo cáo quý I/2026 ninhson" not in page

    page = listed(client.get(FINANCE + "?loai=budget_estimate", HTTP_HOST=WARD_A))
    assert "budget_estimate 2026 ninhson" in page and "Báo cáo quý I/2026 ninhson" not in page

    page = text(client.get(FINANCE + "?nam=2019", HTTP_HOST=WARD_A))
    assert "Không có thông tin nào phù hợp với bộ lọc." in page


@pytest.mark.parametrize(
    "query",
    [
        "?nam=abc",
        "?nam=99999999999999999999",
        "?nam=²",
        "?ky=q9",
        "?loai=project",
        "?loai=%00",
        "?page=-3",
        "?page=999999",
        "?nam=0&ky=&loai=",
    ],
)
def test_bad_parameters_are_ignored_never_500(client, two_units, query):
    budget_report(two_units.ward_a, 2026, "q1")
    response = client.get(FINANCE + query, HTTP_HOST=WARD_A)
    assert response.status_code == 200
    assert "Báo cáo quý I/2026 ninhson" in text(response)


def test_kind_filter_lists_only_the_sections_kinds(client, two_units):
    add_item(two_units.ward_a, "projects", "Dự án trường học", "project", D(2026, 2, 5))
    page = text(client.get(PROJECTS, HTTP_HOST=WARD_A))
    assert 'value="procurement"' in page and 'value="budget_estimate"' not in page


def test_finance_table_by_year_and_period_and_due_box(client, two_units, december_2026):
    ward = two_units.ward_a
    budget_report(ward, 2026, "q1")
    budget_report(ward, 2026, "year", kind="budget_estimate")
    page = text(client.get(FINANCE, HTTP_HOST=WARD_A))
    assert "Báo cáo ngân sách theo năm và kỳ" in page
    assert "Báo cáo đến hạn chưa công bố" in page
    assert "Báo cáo quý III/2026</strong> chưa công bố" in page
    assert "hạn công bố 15/10/2026" in page
    assert "Dự toán ngân sách năm 2026</strong>" not in page  # published
    assert "Thông tư 343/2016/TT-BTC" in page
    # The settlement's date is computed from an assumed council date: shown as expected, not as the legal deadline.
    assert "hạn dự kiến 30/7/2026, nếu HĐND phê chuẩn quyết toán trước 30/6 năm sau" in page
    assert "hạn công bố 30/7/2026" not in page
    assert "Hạn dự kiến tính từ ngày HĐND thường quyết định dự toán" in page


def test_a_wards_six_month_report_is_its_second_quarters(client, two_units, monkeypatch):
    monkeypatch.setattr(items_module, "local_today", lambda: D(2026, 7, 20))
    budget_report(two_units.ward_a, 2026, "q1")
    budget_report(two_units.ward_a, 2026, "h1")
    page = text(client.get(FINANCE, HTTP_HOST=WARD_A))
    box = page.split('class="dx-due"', 1)[-1].split("</section>", 1)[0]
    assert "Báo cáo quý III/2025" in box  # the box is there (last year's reports are missing)
    assert "quý II/2026" not in box and "6 tháng đầu năm 2026" not in box


def test_due_box_is_gone_when_everything_is_published(client, two_units, december_2026):
    ward = two_units.ward_a
    for year, period in ((2025, "year"), (2025, "q4"), (2026, "q1"), (2026, "q2"), (2026, "h1"), (2026, "q3")):
        budget_report(ward, year, period)
    budget_report(ward, 2026, "year", kind="budget_estimate")
    budget_report(ward, 2025, "year", kind="budget_settlement")
    assert "Báo cáo đến hạn chưa công bố" not in text(client.get(FINANCE, HTTP_HOST=WARD_A))


def test_each_unit_lists_only_its_own_items(client, two_units):
    budget_report(two_units.ward_a, 2026, "q1")
    budget_report(two_units.ward_b, 2026, "q2")
    page_a = text(client.get(FINANCE, HTTP_HOST=WARD_A))
    page_b = text(client.get(FINANCE, HTTP_HOST=WARD_B))
    assert "ninhson" in page_a and "Báo cáo quý II/2026 hiepninh" not in page_a
    assert "Báo cáo quý II/2026 hiepninh" in page_b and "Báo cáo quý I/2026 ninhson" not in page_b


def test_project_page_shows_its_data_notices_and_files(client, two_units):
    ward = two_units.ward_a
    project = add_item(
        ward,
        "projects",
        "Xây dựng Trường Tiểu học Ninh Sơn",
        "project",
        D(2026, 2, 5),
        file=True,
        investor="UBND Phường Ninh Sơn",
        location="Khu phố Ninh Phúc",
        total_capital=Decimal("12500000000"),
        start_date=D(2026, 5, 1),
        end_date=D(2027, 8, 15),
        project_status="underway",
        decision_number="33/QĐ-UBND",
    )
    add_item(
        ward,
        "projects",
        "Thông báo mời thầu gói thi công",
        "procurement",
        D(2026, 3, 20),
        related_project=project,
        closing_date=D(2026, 4, 10),
    )
    add_item(
        ward, "projects", "Thông báo thu hồi đất trường học", "land_recovery", D(2026, 3, 5), related_project=project
    )
    response = client.get(PROJECTS + project.slug + "/", HTTP_HOST=WARD_A)
    assert response.status_code == 200
    page = text(response)
    for shown in (
        "12.500.000.000 đồng",
        "UBND Phường Ninh Sơn",
        "Đang triển khai",
        "1/5/2026",
        "15/8/2027",
        "33/QĐ-UBND",
        "Thông báo mời thầu gói thi công",
        "Thông báo thu hồi đất trường học",
        "Toàn văn Xây dựng Trường Tiểu học Ninh Sơn",
        "(PDF, 1",
        "In / Lưu trang",
    ):
        assert shown in page, shown
    assert '<meta name="DC.type" content="Dự án đầu tư công">' in page
    assert '<meta name="DC.identifier" content="33/QĐ-UBND">' in page

    notice = text(client.get(PROJECTS + "thong-bao-moi-thau-goi-thi-cong/", HTTP_HOST=WARD_A))
    assert "Xây dựng Trường Tiểu học Ninh Sơn" in notice and "10/4/2026" in notice


def test_decision_links_to_the_registry_page(client, two_units):
    ward = two_units.ward_a
    document = add_decision(ward)
    item = add_item(
        ward,
        "plans",
        "Kế hoạch sử dụng đất năm 2026",
        "land_use_plan",
        D(2026, 1, 20),
        period_year=2026,
        decision_document=document,
    )
    page = text(client.get(PLANS + item.slug + "/", HTTP_HOST=WARD_A))
    assert f'href="/van-ban/{document.slug}/"' in page or f"/{document.slug}/" in page
    assert "152/QĐ-UBND – Quyết định số 152/QĐ-UBND" in page


def test_list_queries_stay_flat_as_items_grow(client, two_units, december_2026):
    ward = two_units.ward_a
    project = add_item(ward, "projects", "Dự án gốc", "project", D(2026, 1, 5), total_capital=Decimal("1000"))

    def add(count: int, offset: int):
        for n in range(offset, offset + count):
            budget_report(ward, 2000 + n, "q1")
            add_item(ward, "projects", f"Thông báo {n}", "procurement", D(2026, 2, 1), related_project=project)

    def queries(path: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, HTTP_HOST=WARD_A).status_code == 200
        return len(captured)

    add(3, 0)
    queries(FINANCE)  # the first request of a site makes its settings row
    few = (queries(FINANCE), queries(PROJECTS))
    add(6, 3)
    many = (queries(FINANCE), queries(PROJECTS))
    assert many == few


def test_site_search_finds_items_without_diacritics_in_their_unit_only(
    client, two_units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search entry is written after the commit
        add_item(
            two_units.ward_a,
            "projects",
            "Xây dựng Trường Tiểu học Ninh Sơn",
            "project",
            D(2026, 2, 5),
            investor="Ban quản lý dự án khu vực Ninh Sơn",
        )
    address = "/du-an-dau-tu-dau-thau-mua-sam-cong/xay-dung-truong-tieu-hoc-ninh-son/"  # titles are highlighted
    assert address in text(client.get("/tim-kiem/", {"q": "truong tieu hoc"}, HTTP_HOST=WARD_A))
    assert address in text(client.get("/tim-kiem/", {"q": "ban quan ly du an"}, HTTP_HOST=WARD_A))
    assert address not in text(client.get("/tim-kiem/", {"q": "truong tieu hoc"}, HTTP_HOST=WARD_B))


def test_the_list_names_a_project_only_when_it_is_live_and_public(client, two_units):
    from wagtail.models import PageViewRestriction

    ward = two_units.ward_a
    draft = add_item(ward, "projects", "Dự án chưa công bố Ninh Sơn", "project", D(2026, 1, 5))
    restricted = add_item(ward, "projects", "Dự án nội bộ Ninh Sơn", "project", D(2026, 1, 6))
    public = add_item(ward, "projects", "Dự án công khai Ninh Sơn", "project", D(2026, 1, 7))
    for project in (draft, restricted, public):
        title = f"Thông báo của {project.title}"
        add_item(ward, "projects", title, "procurement", D(2026, 2, 1), related_project=project)
    draft.unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    page = listed(client.get(PROJECTS, HTTP_HOST=WARD_A))
    assert "Thuộc dự án: Dự án công khai Ninh Sơn" in page
    assert "Dự án chưa công bố Ninh Sơn" not in page.replace("Thông báo của Dự án chưa công bố Ninh Sơn", "")
    assert "Thuộc dự án: Dự án nội bộ" not in page
