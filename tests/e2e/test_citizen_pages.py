"""A citizen's view of the portal in a real browser: journey, keyboard, accessibility, screenshots, print."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep

pytestmark = pytest.mark.e2e


def page_types(portal) -> dict[str, str]:
    """One URL per page type a citizen sees."""
    return {
        "city-home": portal.url(portal.city),
        "ward-home": portal.url(portal.ward),
        "section": portal.url(portal.ward, "/gioi-thieu/"),
        "content": portal.url(portal.ward, portal.content_path),
        "sitemap": portal.url(portal.ward, "/so-do-cong/"),
        "not-found": portal.url(portal.ward, "/trang-khong-ton-tai/"),
    }


def test_citizen_journey_from_city_to_ward_site_map(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.city))
    assert "Thành phố Tây Ninh" in tab.title()
    assert tab.locator("h1").inner_text() == "Cổng thông tin điện tử Thành phố Tây Ninh"

    tab.get_by_role("link", name=re.compile("Phường Ninh Sơn")).click()
    tab.wait_for_url(portal.url(portal.ward))
    assert "Phường Ninh Sơn" in tab.title()
    menu = tab.get_by_role("navigation", name="Menu chính")
    for entry in ("Trang chủ", "Giới thiệu", "Dịch vụ công trực tuyến", "Sơ đồ cổng"):
        assert menu.get_by_role("link", name=entry, exact=True).is_visible()

    menu.get_by_role("link", name="Giới thiệu", exact=True).click()
    tab.wait_for_url(portal.url(portal.ward, "/gioi-thieu/"))
    assert tab.locator("h1").inner_text() == "Giới thiệu"
    assert tab.get_by_role("navigation", name="Đường dẫn").get_by_role("link", name="Trang chủ").is_visible()

    tab.get_by_role("link", name="Điều kiện tự nhiên").click()
    tab.wait_for_url(portal.url(portal.ward, portal.content_path))
    assert tab.get_by_role("button", name="In / Lưu trang").is_visible()

    menu.get_by_role("link", name="Sơ đồ cổng", exact=True).click()
    tab.wait_for_url(portal.url(portal.ward, "/so-do-cong/"))
    assert tab.locator("h1").inner_text() == "Sơ đồ cổng"
    assert tab.locator(".sitemap").get_by_role("link", name="Điều kiện tự nhiên").count() == 1

    assert log.console_errors == []
    assert log.page_errors == []
    assert log.non_local_requests() == []
    assert len(log.requests) > 10


def test_keyboard_only_skip_link_menu_and_access_keys(portal, open_tab):
    tab, log = open_tab(PHONE)
    tab.goto(portal.url(portal.ward))

    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    assert tab.locator(".skip-link").is_visible()
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"

    # On a phone the menu is a disclosure button: Tab to it, open it with Enter, Tab into its links.
    tab.goto(portal.url(portal.ward))
    toggle = tab.locator(".main-nav__toggle")
    assert toggle.is_visible()
    assert not tab.locator(".main-nav__list").is_visible()
    for _ in range(10):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('main-nav__toggle')"):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Trang chủ"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Giới thiệu"
    tab.keyboard.press("Enter")
    tab.wait_for_url(portal.url(portal.ward, "/gioi-thieu/"))

    # On a desktop the sub-menu opens when a keyboard user reaches it.
    tab.set_viewport_size(DESKTOP)
    tab.goto(portal.url(portal.ward))
    intro_link = tab.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Giới thiệu", exact=True)
    intro_link.focus()
    tab.keyboard.press("Tab")
    sub_link = tab.locator(".main-nav__sub a").first
    assert tab.evaluate("document.activeElement.textContent.trim()") == sub_link.inner_text()
    assert sub_link.is_visible()

    # Access keys of Circular 32/2017 (Alt+1 home, Alt+3 site map, Alt+4 search), each used once on the page;
    # headless Chromium does not dispatch Alt+key to access keys, so check their targets and follow them.
    keys = tab.evaluate(
        "[...document.querySelectorAll('[accesskey]')].map(e => [e.accessKey, e.getAttribute('href') || e.id])"
    )
    assert sorted(keys) == [["1", "/"], ["3", "/so-do-cong/"], ["4", "site-search"]]
    tab.locator("[accesskey='3']").click()
    tab.wait_for_url(portal.url(portal.ward, "/so-do-cong/"))
    tab.locator("[accesskey='4']").focus()
    assert tab.evaluate("document.activeElement.id") == "site-search"
    assert "Alt" in tab.locator("#access-keys").inner_text()

    assert log.console_errors == []
    assert log.non_local_requests() == []


def test_page_types_pass_axe_and_are_photographed(portal, open_tab):
    sweep(open_tab, page_types(portal), not_found=frozenset({"not-found"}))


def test_content_page_prints_without_navigation(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, portal.content_path))
    tab.emulate_media(media="print")
    assert tab.locator("h1").is_visible()
    assert not tab.locator(".main-nav").is_visible()
    assert not tab.locator(".search-form").is_visible()
    assert not tab.get_by_role("button", name="In / Lưu trang").is_visible()
    assert tab.locator(".site-footer").get_by_text("Chịu trách nhiệm nội dung").is_visible()
    tab.pdf(path=str(screenshot_dir() / "content-print.pdf"))


def test_pages_work_without_javascript(portal, open_tab):
    tab, _log = open_tab(PHONE, java_script_enabled=False)
    tab.goto(portal.url(portal.ward))
    tab.locator(".main-nav__toggle").click()
    tab.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Giới thiệu", exact=True).click()
    tab.wait_for_url(portal.url(portal.ward, "/gioi-thieu/"))
    tab.goto(portal.url(portal.ward, portal.content_path))
    # The print button needs JavaScript, so without it the page does not offer a button that does nothing.
    assert not tab.get_by_role("button", name="In / Lưu trang").is_visible()
    tab.set_viewport_size(DESKTOP)
    tab.goto(portal.url(portal.ward))
    assert tab.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Sơ đồ cổng").is_visible()
