"""The legal document registry in a real browser: search without JavaScript, axe, screenshots at 375 and 1280 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep

pytestmark = pytest.mark.e2e


def first_document_path(tab, portal) -> str:
    tab.goto(portal.url(portal.ward, "/van-ban/?q=33/KH-UBND"))
    return tab.locator(".registry-results th[scope=row] a").first.get_attribute("href")


def registry_pages(portal, document_path: str) -> dict[str, str]:
    return {
        "registry": portal.url(portal.ward, "/van-ban/"),
        "registry-search": portal.url(portal.ward, "/van-ban/?q=cai+cach+hanh+chinh&status=in_force"),
        "registry-all-units": portal.url(portal.city, "/van-ban/?pham-vi=tat-ca&q=ke+hoach"),
        "legal-document": portal.url(portal.ward, document_path),
        "verify-found": portal.url(portal.ward, "/van-ban/xac-minh/?so=33/kh-ubnd"),
        "verify-not-found": portal.url(portal.ward, "/van-ban/xac-minh/?so=999/QĐ-UBND"),
    }


def test_registry_pages_pass_axe_and_are_photographed(portal, open_tab):
    sweep(open_tab, lambda tab: registry_pages(portal, first_document_path(tab, portal)))


def test_search_with_facets_works_without_javascript(portal, open_tab):
    tab, _log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.ward, "/van-ban/"))
    registry_search = tab.get_by_role("search", name="Tìm kiếm văn bản")
    registry_search.get_by_label("Từ khóa").fill("ke hoach cai cach")
    registry_search.get_by_role("button", name="Tìm kiếm", exact=True).click()
    tab.wait_for_url(re.compile(r"q=ke\+hoach\+cai\+cach"))
    numbers = tab.locator(".registry-results th[scope=row] a").all_inner_texts()
    assert "33/KH-UBND" in numbers and "12/KH-UBND" in numbers

    tab.get_by_label("Hiệu lực").select_option(label="Hết hiệu lực (1)")
    tab.get_by_role("button", name="Áp dụng bộ lọc").click()
    tab.wait_for_url(re.compile(r"status=expired"))
    assert tab.locator(".registry-results th[scope=row] a").all_inner_texts() == ["12/KH-UBND"]

    tab.get_by_role("link", name="12/KH-UBND").click()
    expect(tab.locator("main")).to_contain_text("Được thay thế bởi")
    assert tab.locator(".doc-verify svg[role=img]").is_visible()


def test_citizen_verifies_a_number_from_social_media(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, "/van-ban/"))
    tab.get_by_role("link", name="Tra cứu, xác minh văn bản").click()
    tab.get_by_label("Số, ký hiệu văn bản").fill("45/qd-ubnd")
    tab.get_by_role("button", name="Xác minh").click()
    result = tab.locator(".verify-result").inner_text()
    assert "Có 1 văn bản chính thức" in result
    assert re.search(r"SHA-256: [0-9a-f]{64}", result)

    tab.get_by_label("Số, ký hiệu văn bản").fill("46/QĐ-UBND")
    tab.get_by_role("button", name="Xác minh").click()
    # The previous answer stays on screen until the new page has loaded: wait for the new one.
    answer = tab.locator(".verify-result")
    expect(answer).to_contain_text("Không có văn bản số 46/QĐ-UBND nào được ban hành trên cổng này")
    assert log.console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_the_qr_code_of_a_document_decodes_to_its_verification_address(portal, open_tab, viewport):
    """A screenshot of the code as shown (its own box, quiet zone included) is read back by a barcode reader."""
    import zxingcpp
    from PIL import Image

    tab, _log = open_tab(viewport)
    tab.goto(portal.url(portal.ward, first_document_path(tab, portal)))
    verification_url = tab.locator(".doc-verify__url a").get_attribute("href")
    code = tab.locator(".doc-verify__qr svg")
    code.scroll_into_view_if_needed()
    path = screenshot_dir() / f"legal-document-qr-{viewport['width']}.png"
    code.screenshot(path=str(path))
    tab.locator(".doc-verify").screenshot(path=str(screenshot_dir() / f"legal-document-verify-{viewport['width']}.png"))
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    results = zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [result.text for result in results] == [verification_url]
