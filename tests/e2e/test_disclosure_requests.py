"""Access to information in a real browser: the ward's disclosure page (generated list, focal point), a ward without
a focal point, the request form and its printable template swept by axe at 375 and 1280 px; a request sent without
JavaScript and one with it, each acknowledged with its tracking code and the deadline in working days, then found
on the ward's Q&A lookup."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep
from .demo_portal import BOARD
from .test_participation import sign_in

pytestmark = pytest.mark.e2e

PAGE = "/cong-khai-thong-tin/"
FORM = PAGE + "yeu-cau-cung-cap-thong-tin/"
TEMPLATE = PAGE + "mau-phieu-yeu-cau/"
LOOKUP = "/hoi-dap-phan-anh-kien-nghi/tra-cuu/"


def test_the_disclosure_pages_pass_the_sweep(portal, open_tab):
    pages = {
        "disclosure-ward": portal.url(portal.ward, PAGE),
        "disclosure-city": portal.url(portal.city, PAGE),
        "disclosure-request-form": portal.url(portal.ward, FORM),
        "disclosure-request-template": portal.url(portal.ward, TEMPLATE),
    }

    def check(tab, name):
        main = tab.locator("main").inner_text()
        if name == "disclosure-ward":
            assert "Danh mục thông tin công khai" in main
            assert "Nguyễn Thị Thanh Trúc" in main  # the demo's focal point
            assert tab.locator("[data-disclosure-list] tbody tr").count() >= 10
        if name == "disclosure-request-form":
            assert "Số định danh cá nhân, căn cước hoặc hộ chiếu" in main
        if name == "disclosure-request-template":
            assert "PHIẾU YÊU CẦU CUNG CẤP THÔNG TIN" in main

    sweep(open_tab, pages, check=check)


def fill_request(tab, *, email: str = "") -> None:
    tab.get_by_label("Họ và tên người yêu cầu").fill("Trịnh Thị Bảo Ngọc")
    tab.get_by_label("Số định danh cá nhân, căn cước hoặc hộ chiếu").fill("072193004567")
    tab.get_by_label("Nơi cư trú, địa chỉ liên hệ").fill("Số 8 đường Ninh Phúc, phường Ninh Sơn")
    tab.get_by_label("Số điện thoại").fill("0918 765 432")
    if email:
        tab.get_by_label("Thư điện tử", exact=True).fill(email)
    tab.get_by_label("Tên văn bản, hồ sơ, tài liệu cần cung cấp").fill("Quyết định giao đất khu dân cư Ninh Phúc")
    tab.locator("textarea[name=content]").fill("Quyết định giao đất và sơ đồ phân lô khu dân cư Ninh Phúc năm 2025.")
    tab.locator("textarea[name=request_purpose]").fill("Kiểm tra ranh giới thửa đất của gia đình.")


def test_a_request_sent_without_javascript_is_acknowledged_and_looked_up(portal, open_tab):
    tab, log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.ward, PAGE))
    tab.get_by_role("link", name="Gửi yêu cầu cung cấp thông tin").click()
    tab.wait_for_url(portal.url(portal.ward, FORM))

    # Sent empty: the errors are listed in Vietnamese, nothing is stored.
    tab.get_by_role("button", name="Gửi yêu cầu").click()
    summary = tab.locator(".error-summary")
    assert summary.is_visible() and "Hãy nhập “Họ và tên người yêu cầu”." in summary.inner_text()
    tab.screenshot(path=str(screenshot_dir() / "disclosure-request-errors-375.png"), full_page=True)

    fill_request(tab)
    tab.get_by_label("Nhận bản sao, bản chụp tại trụ sở cơ quan").check()
    tab.locator("input[name=consent]").check()
    tab.get_by_role("button", name="Gửi yêu cầu").click()
    receipt = tab.locator(".qa-receipt")
    receipt.wait_for()
    code = tab.locator("[data-tracking-code]").inner_text()
    assert re.fullmatch(r"HD-\d{4}-[A-Z0-9]{6}", code)
    text = tab.locator("main").inner_text()
    assert "Hạn cung cấp thông tin" in text and "15 ngày làm việc" in text and "Điều 30" in text
    tab.screenshot(path=str(screenshot_dir() / "disclosure-request-received-nojs-375.png"), full_page=True)

    tab.get_by_role("link", name="Tra cứu tình trạng").click()
    tab.get_by_label("Mã tra cứu").fill(code)
    tab.get_by_role("button", name="Tra cứu").click()
    expect(tab.locator("main")).to_contain_text("Yêu cầu cung cấp thông tin")
    result = tab.locator("main").inner_text()
    assert "Yêu cầu cung cấp thông tin" in result and "Đã tiếp nhận" in result
    assert "Trịnh Thị Bảo Ngọc" not in result and "072193004567" not in result
    assert log.page_errors == [] and log.non_local_requests() == []


def test_a_request_sent_with_javascript_passes_the_proof_of_work(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, FORM))
    fill_request(tab, email="baongoc.trinh@example.vn")
    tab.get_by_label("Gửi qua thư điện tử").check()
    tab.locator("input[name=consent]").check()
    tab.get_by_role("button", name="Gửi yêu cầu").click()
    tab.locator(".qa-receipt").wait_for(timeout=60_000)  # the widget solves its challenge first, in the browser
    assert "Mã cũng đã được gửi vào thư điện tử" in tab.locator(".qa-receipt").inner_text()
    tab.screenshot(path=str(screenshot_dir() / "disclosure-request-received-1280.png"), full_page=True)
    assert log.page_errors == [] and log.console_errors == []
    assert log.non_local_requests() == []


def test_the_board_filters_its_queue_by_requests_and_sees_the_overdue_one(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal, BOARD)
    tab.goto(portal.url(portal.ward, "/admin/hoi-dap/?kind=info_request"))
    main = tab.locator("main").inner_text()
    assert "Phương án bồi thường dự án nâng cấp đường Bời Lời" in main  # the demo's overdue request
    assert "Kế hoạch sử dụng đất năm 2026 của phường Ninh Sơn" in main  # the answered one
    assert "Quá hạn" in main and "Yêu cầu cung cấp thông tin" in main
    assert "Danh mục dự án đầu tư công năm 2026 của thành phố" not in main  # the city's request
    tab.screenshot(path=str(screenshot_dir() / "disclosure-requests-queue-1280.png"), full_page=True)
    assert log.page_errors == []
