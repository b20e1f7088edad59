"""Search and personalisation in a real browser: an unaccented query from the header, text size remembered across
pages, high contrast passing axe, “Đơn vị của tôi” without JavaScript, and the search page in the axe and
screenshot sweeps."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from .conftest import DESKTOP, PHONE, run_axe, screenshot_dir, sweep

pytestmark = pytest.mark.e2e


def test_unaccented_query_from_the_header_finds_the_page(portal, open_tab):
    tab, log = open_tab(PHONE)
    tab.goto(portal.url(portal.ward))
    tab.locator("#site-search").fill("dieu kien tu nhien")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/tim-kiem/\?q=dieu\+kien\+tu\+nhien$"))
    assert tab.locator("h1").inner_text() == "Tìm kiếm"
    assert "Tìm thấy" in tab.locator(".search-summary").inner_text()
    result = tab.locator(".search-result__title a").first
    assert result.inner_text() == "Điều kiện tự nhiên"
    assert tab.locator(".search-result__title mark").first.inner_text() == "Điều"
    # The query stays in both search boxes so the citizen can refine it.
    assert tab.locator("#site-search").input_value() == "dieu kien tu nhien"
    assert tab.locator("#search-query").input_value() == "dieu kien tu nhien"
    result.click()
    tab.wait_for_url(portal.url(portal.ward, portal.content_path))
    assert log.console_errors == [] and log.page_errors == []
    assert log.non_local_requests() == []


def test_text_size_chosen_with_the_keyboard_persists_across_pages(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward))
    base_size = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    larger = tab.get_by_role("button", name="A+ Tăng cỡ chữ")
    assert larger.is_visible()
    larger.focus()
    tab.keyboard.press("Enter")
    tab.keyboard.press("Space")
    assert "font-size-130" in tab.locator("html").get_attribute("class")
    assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == pytest.approx(base_size * 1.3, 0.02)

    tab.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Giới thiệu", exact=True).click()
    tab.wait_for_url(portal.url(portal.ward, "/gioi-thieu/"))
    assert "font-size-130" in tab.locator("html").get_attribute("class")
    assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == pytest.approx(base_size * 1.3, 0.02)
    assert tab.get_by_role("button", name="A Cỡ chữ mặc định").get_attribute("aria-pressed") == "false"

    tab.get_by_role("button", name="A Cỡ chữ mặc định").click()
    tab.goto(portal.url(portal.ward, "/so-do-cong/"))
    assert "font-size-" not in tab.locator("html").get_attribute("class")
    assert tab.get_by_role("button", name="A Cỡ chữ mặc định").get_attribute("aria-pressed") == "true"
    assert log.console_errors == [] and log.page_errors == []


def test_high_contrast_is_remembered_and_passes_axe(portal, open_tab):
    folder = screenshot_dir()
    tab, log = open_tab(PHONE)
    tab.goto(portal.url(portal.ward))
    toggle = tab.get_by_role("button", name="Tương phản cao")
    toggle.focus()
    tab.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    failures = {}
    pages = {
        "ward-home": portal.url(portal.ward),
        "content": portal.url(portal.ward, portal.content_path),
        "search": portal.url(portal.ward, "/tim-kiem/?q=" + quote("phuong ninh son")),
    }
    for name, url in pages.items():
        tab.goto(url)
        assert "high-contrast" in tab.locator("html").get_attribute("class"), name
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        tab.screenshot(path=str(folder / f"high-contrast-{name}-375.png"), full_page=True)
        violations = run_axe(tab)
        if violations:
            failures[name] = violations
    assert failures == {}
    tab.get_by_role("button", name="Tương phản cao").click()
    tab.reload()
    assert "high-contrast" not in tab.locator("html").get_attribute("class")
    assert log.console_errors == [] and log.page_errors == []


def test_my_unit_works_without_javascript_and_controls_stay_hidden(portal, open_tab):
    tab, _log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.city))
    assert not tab.locator("[data-display-tools]").is_visible()
    tab.get_by_label("Phường, xã hoặc cơ quan bạn quan tâm").select_option(label="Phường Ninh Sơn")
    tab.get_by_role("button", name="Chọn đơn vị").click()
    tab.wait_for_url(portal.url(portal.city, "/#don-vi-cua-toi"))
    box = tab.locator("#don-vi-cua-toi")
    assert box.get_by_role("link", name="Cổng thông tin điện tử Phường Ninh Sơn").is_visible()
    # The ward's latest pages, each linking into the ward's own portal.
    latest = box.locator(".item-list__title")
    assert latest.count() >= 1
    assert all(href.startswith(portal.url(portal.ward)) for href in latest.evaluate_all("els => els.map(e => e.href)"))
    tab.set_viewport_size(DESKTOP)
    tab.screenshot(path=str(screenshot_dir() / "city-home-my-unit-1280.png"), full_page=True)


def test_search_pages_pass_axe_and_are_photographed(portal, open_tab):
    pages = {
        "search-ward": portal.url(portal.ward, "/tim-kiem/?q=" + quote("phuong")),
        "search-all-units": portal.url(portal.city, "/tim-kiem/?pham-vi=tat-ca&q=" + quote("gioi thieu")),
        "search-empty": portal.url(portal.ward, "/tim-kiem/?q=" + quote("<script>alert(1)</script> ' OR 1=1 --")),
    }
    sweep(open_tab, pages)
