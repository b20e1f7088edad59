"""Online public services in a real browser: the ward's catalogue found without diacritics and narrowed by field
without JavaScript, a procedure's page with its forms and the link to the National Public Service Portal, printed;
every page swept by axe at 375 and 1280 px and photographed; the board ticks procedures of the city's catalogue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep
from .demo_portal import BOARD, EDITOR_PASSWORD

pytestmark = pytest.mark.e2e

SERVICES = "/dich-vu-cong-truc-tuyen/"
BIRTH = SERVICES + "1-001193/"


def test_service_pages_pass_axe_and_are_photographed(portal, open_tab):
    sweep(
        open_tab,
        {
            "services-ward": portal.url(portal.ward, SERVICES),
            "services-ward-field": portal.url(portal.ward, SERVICES + "?linh-vuc=chung-thuc"),
            "services-ward-empty": portal.url(portal.ward, SERVICES + "?q=giay+phep+lai+xe"),
            "services-city-page-2": portal.url(portal.city, SERVICES + "?page=2"),
            "services-procedure": portal.url(portal.ward, BIRTH),
            "services-other-unit": portal.url(portal.ward, SERVICES + "1-004222/"),  # Hiệp Ninh's own procedure
        },
        not_found=frozenset({"services-other-unit"}),
    )


def test_a_citizen_finds_a_procedure_without_diacritics_or_javascript(portal, open_tab):
    tab, log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.ward, SERVICES))
    tab.get_by_label("Tên hoặc mã thủ tục").fill("dang ky khai sinh")
    tab.get_by_role("button", name="Tìm", exact=True).click()
    tab.wait_for_url(re.compile(r"q=dang\+ky\+khai\+sinh"))
    results = tab.locator(".svc-item__title")
    expect(results.filter(has_text="Đăng ký khai sinh").first).to_be_visible()  # the results page has loaded
    assert "Đăng ký khai sinh" in results.all_inner_texts()
    assert all("khai sinh" in text.lower() for text in results.all_inner_texts())
    tab.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    tab.wait_for_url(portal.url(portal.ward, BIRTH))
    assert tab.locator("h1").inner_text() == "Đăng ký khai sinh"
    assert tab.get_by_role("link", name="Tờ khai đăng ký khai sinh").is_visible()
    online = tab.get_by_role("link", name="Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công")
    assert online.get_attribute("href").startswith("https://dichvucong.gov.vn/")
    assert "UBND phường Ninh Sơn" in tab.locator(".svc-facts").inner_text()  # the ward's own receiving place

    tab.goto(portal.url(portal.ward, SERVICES))
    tab.locator(".svc-fields").get_by_role("link", name="Chứng thực").click()
    tab.wait_for_url(re.compile(r"linh-vuc=chung-thuc"))
    expect(tab.locator(".svc-item__title").first).to_be_visible()
    titles = tab.locator(".svc-item__title").all_inner_texts()
    assert titles and all("hứng thực" in title for title in titles)
    assert log.page_errors == []


def test_a_procedure_prints_without_navigation(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, BIRTH))
    assert tab.get_by_role("button", name="In trang").is_visible()
    tab.emulate_media(media="print")
    assert tab.locator("h1").is_visible() and tab.locator(".svc-facts").is_visible()
    assert not tab.get_by_role("button", name="In trang").is_visible()
    assert not tab.locator(".main-nav").is_visible()
    tab.pdf(path=str(screenshot_dir() / "services-procedure-print.pdf"))


def test_the_board_ticks_procedures_of_the_citys_catalogue(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, "/admin/login/"))
    tab.fill("#id_username", BOARD)
    tab.fill("#id_password", EDITOR_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").first.click()
    tab.wait_for_url(lambda url: "/login/" not in url)
    tab.goto(portal.url(portal.ward, "/admin/thu-tuc/ap-dung/?q=hoa+giai"))
    choice = tab.get_by_label("Hòa giải tranh chấp đất đai", exact=False)
    was_checked = choice.is_checked()
    choice.set_checked(not was_checked)
    tab.screenshot(path=str(screenshot_dir() / "services-admin-adopt.png"), full_page=True)
    tab.get_by_role("button", name="Lưu danh mục áp dụng").click()
    expect(tab.locator(".messages")).to_contain_text("Đã cập nhật danh mục")
    listing = tab.context.new_page()
    listing.goto(portal.url(portal.ward, SERVICES + "?q=hoa+giai+tranh+chap"))
    shown = "Hòa giải tranh chấp đất đai" in listing.locator("main").inner_text()
    assert shown is (not was_checked)
