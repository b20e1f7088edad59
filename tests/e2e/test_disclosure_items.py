"""Disclosure items in a real browser: the section lists (filters without JavaScript, the finance table, the
due-and-missing box of a ward with gaps), a project with its notices, a notice, statistics; axe at 375 and 1280 px."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, sweep

pytestmark = pytest.mark.e2e

HIEPNINH = "hiepninh.tayninh.localhost"
FINANCE = "/cong-khai-thong-tin/ngan-sach-tai-chinh/"
PROJECTS = "/cong-khai-thong-tin/du-an-dau-tu-dau-thau-mua-sam-cong/"
PROJECT = PROJECTS + "xay-dung-truong-tieu-hoc-ninh-son-diem-khu-pho-ninh-phuc/"
NOTICE = PROJECTS + "thong-bao-moi-thau-goi-thau-thi-cong-xay-dung-truong-tieu-hoc-ninh-son/"


def disclosure_pages(portal) -> dict[str, str]:
    return {
        "disclosure-finance": portal.url(portal.ward, FINANCE),
        "disclosure-finance-gaps": portal.url(HIEPNINH, FINANCE),
        "disclosure-finance-filtered": portal.url(portal.ward, FINANCE + "?nam=2026&ky=q3"),
        "disclosure-plans-empty-filter": portal.url(
            portal.ward, "/cong-khai-thong-tin/chien-luoc-quy-hoach-ke-hoach/?nam=1999"
        ),
        "disclosure-projects": portal.url(portal.ward, PROJECTS),
        "disclosure-project": portal.url(portal.ward, PROJECT),
        "disclosure-notice": portal.url(portal.ward, NOTICE),
        "disclosure-statistics": portal.url(portal.city, "/cong-khai-thong-tin/thong-ke/"),
    }


def test_disclosure_pages_pass_axe_and_are_photographed(portal, open_tab):
    sweep(open_tab, disclosure_pages(portal))


def test_ward_with_gaps_shows_what_is_due_and_missing(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(HIEPNINH, FINANCE))
    box = tab.get_by_role("region", name="Báo cáo đến hạn chưa công bố")
    assert box.is_visible()
    assert "Báo cáo quý II hoặc 6 tháng đầu năm 2026 chưa công bố" in box.inner_text()
    assert "Thông tư 343/2016/TT-BTC" in box.inner_text()
    tab.goto(portal.url(portal.ward, FINANCE))
    table = tab.get_by_role("table", name="Báo cáo ngân sách theo năm và kỳ")
    assert table.get_by_role("row", name="2026").get_by_role("link").count() >= 5
    assert log.page_errors == [] and log.non_local_requests() == []


def test_filters_work_without_javascript(portal, open_tab):
    tab, _log = open_tab(DESKTOP, java_script_enabled=False)
    tab.goto(portal.url(portal.ward, FINANCE))
    tab.get_by_label("Năm", exact=True).select_option("2025")
    tab.get_by_label("Loại thông tin").select_option("budget_settlement")
    tab.get_by_role("button", name="Lọc").click()
    tab.wait_for_url("**nam=2025**")
    listed = tab.locator(".dx-list .dx-item__title").all_inner_texts()
    assert listed == ["Quyết toán ngân sách năm 2025 của Phường Ninh Sơn"]
    assert tab.get_by_role("status").inner_text().startswith("1 mục")


def test_project_lists_its_notices_and_a_notice_links_its_project(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, PROJECT))
    assert "12.500.000.000 đồng" in tab.locator("main").inner_text()
    tab.get_by_role("link", name="Thông báo mời thầu gói thầu thi công xây dựng Trường Tiểu học Ninh Sơn").click()
    tab.wait_for_url(portal.url(portal.ward, NOTICE))
    assert tab.get_by_role("link", name="Xây dựng Trường Tiểu học Ninh Sơn, điểm khu phố Ninh Phúc").is_visible()
