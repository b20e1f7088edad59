"""The English portal in a real browser (demo/english.py): axe and screenshots at 375 and 1280 px, and the
language switcher from a Vietnamese page to its English version or, when it has none, to the English home."""

from __future__ import annotations

import json

import pytest

from .conftest import DESKTOP, PHONE, run_axe, screenshot_dir, sweep

pytestmark = pytest.mark.e2e

ARTICLE = "/en/news-and-events/work-begins-on-upgrading-cach-mang-thang-tam-street/"


def english_pages(portal) -> dict[str, str]:
    return {
        "en-home": portal.url(portal.city, "/en/"),
        "en-introduction": portal.url(portal.city, "/en/about/"),
        "en-org-chart": portal.url(portal.city, "/en/about/organisation/"),
        "en-leaders": portal.url(portal.city, "/en/about/leadership/"),
        "en-contacts": portal.url(portal.city, "/en/contacts/"),
        "en-news-article": portal.url(portal.city, ARTICLE),
        "en-ward-org-chart": portal.url(portal.ward, "/en/about/organisation/"),
        "en-ward-contacts": portal.url(portal.ward, "/en/contacts/"),
    }


def test_english_pages_pass_axe_and_are_photographed(portal, open_tab):
    def offers_the_vietnamese_version(tab, name):
        assert tab.locator(".language-switcher a[hreflang='vi']").count() == 1, name

    sweep(open_tab, english_pages(portal), lang="en", check=offers_the_vietnamese_version)


def test_the_switcher_leads_from_a_vietnamese_page_to_its_english_version_and_back(portal, open_tab):
    tab, log = open_tab(PHONE)
    tab.goto(portal.url(portal.city, "/gioi-thieu/co-cau-to-chuc/"))
    assert tab.locator("h1").inner_text() == "Cơ cấu tổ chức"
    tab.locator(".language-switcher").get_by_role("link", name="English").click()
    tab.wait_for_url(portal.url(portal.city, "/en/about/organisation/"))
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("h1").inner_text() == "Organisation"
    first_office = tab.locator(".org-node__name").first.inner_text()
    assert first_office == "Office of the City People's Council and People's Committee"
    assert tab.locator(".untranslated-notice").count() == 0
    tab.locator(".language-switcher").get_by_role("link", name="Tiếng Việt").click()
    tab.wait_for_url(portal.url(portal.city, "/gioi-thieu/co-cau-to-chuc/"))
    assert tab.locator("html").get_attribute("lang") == "vi"
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.non_local_requests() == []


def test_an_untranslated_page_switches_to_the_english_home_that_says_so(portal, open_tab):
    folder = screenshot_dir()
    failures = {}
    for viewport_name, viewport in (("375", PHONE), ("1280", DESKTOP)):
        tab, log = open_tab(viewport)
        tab.goto(portal.url(portal.city, "/lich-cong-tac/"))  # the leaders' schedule has no English version
        switcher = tab.locator(".language-switcher")
        assert "chưa có bản dịch" in switcher.inner_text()
        switcher.get_by_role("link", name="English").click()
        tab.wait_for_url(portal.url(portal.city, "/en/?untranslated=1"))
        notice = tab.locator(".untranslated-notice")
        assert notice.is_visible()
        assert notice.inner_text().startswith("The page you were viewing has no version in this language")
        assert tab.locator("html").get_attribute("lang") == "en"
        assert tab.locator("h1").inner_text() == "Tay Ninh City Web Portal"
        tab.screenshot(path=str(folder / f"en-untranslated-notice-{viewport_name}.png"), full_page=False)
        violations = run_axe(tab)
        if violations:
            failures[f"en-untranslated-notice @ {viewport_name}px"] = violations
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.non_local_requests() == []
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_a_ward_without_english_keeps_its_visitors_in_vietnamese(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url("hiepninh.tayninh.localhost", "/en/"))
    tab.wait_for_url(portal.url("hiepninh.tayninh.localhost", "/"))
    assert tab.locator("html").get_attribute("lang") == "vi"
    assert tab.locator(".language-switcher").count() == 0
