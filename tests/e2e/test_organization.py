"""Organisation pages in a real browser: axe, screenshots at 375 and 1280 px, the org chart by keyboard, the
week view's navigation and print view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from organization.schedule import IsoWeek

from .conftest import DESKTOP, PHONE, sweep

pytestmark = pytest.mark.e2e


def organisation_pages(portal) -> dict[str, str]:
    current = IsoWeek.current()
    return {
        "org-introduction": portal.url(portal.city, "/gioi-thieu/"),
        "org-topic": portal.url(portal.city, "/gioi-thieu/di-tich-danh-lam-thang-canh/"),
        "org-history": portal.url(portal.ward, "/gioi-thieu/lich-su-hinh-thanh-va-phat-trien/"),
        "org-chart": portal.url(portal.city, "/gioi-thieu/co-cau-to-chuc/"),
        "org-leaders": portal.url(portal.ward, "/gioi-thieu/lanh-dao/"),
        "org-spokesperson": portal.url(portal.ward, "/gioi-thieu/nguoi-phat-ngon/"),
        "org-contacts": portal.url(portal.city, "/lien-he/"),
        "org-schedule": portal.url(portal.ward, f"/lich-cong-tac/{current.slug}/"),
        "org-schedule-print": portal.url(portal.ward, f"/lich-cong-tac/{current.slug}/ban-in/"),
    }


def test_organisation_pages_pass_axe_and_are_photographed(portal, open_tab):
    sweep(open_tab, organisation_pages(portal))


def test_org_chart_boxes_lead_by_keyboard_to_the_outline(portal, open_tab):
    tab, _log = open_tab(PHONE)
    tab.goto(portal.url(portal.city, "/gioi-thieu/co-cau-to-chuc/"))
    first_box = tab.locator(".org-node__box").first
    first_box.focus()
    name = first_box.locator(".org-node__name").inner_text()
    tab.keyboard.press("Enter")
    target = tab.evaluate("location.hash")
    assert target.startswith("#don-vi-")
    assert tab.locator(f"{target} .org-outline__name").first.inner_text() == name
    assert tab.locator(f"{target} .org-outline__name").first.is_visible()


def test_week_view_moves_between_weeks_and_filters_by_leader(portal, open_tab):
    current, following = IsoWeek.current(), IsoWeek.current().next
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, "/lich-cong-tac/"))
    assert tab.locator(".schedule-day--today").count() == (1 if current == IsoWeek.current() else 0)
    assert tab.get_by_text("Điều chỉnh", exact=True).first.is_visible()
    tab.get_by_role("link", name="Tuần sau ›").click()
    tab.wait_for_url(portal.url(portal.ward, f"/lich-cong-tac/{following.slug}/"))
    assert f"Tuần {following.week}/{following.year}" in tab.locator(".schedule-header__title").inner_text()
    assert tab.get_by_text("Giao ban lãnh đạo đầu tuần").first.is_visible()
    tab.get_by_role("link", name="‹ Tuần trước").click()
    tab.wait_for_url(portal.url(portal.ward, f"/lich-cong-tac/{current.slug}/"))
    options = tab.locator("#schedule-leader option")
    leader = options.nth(1)
    tab.select_option("#schedule-leader", value=leader.get_attribute("value"))
    tab.get_by_role("button", name="Xem", exact=True).click()
    expect(tab.locator(".schedule-filtered")).to_be_visible()
    tab.emulate_media(media="print")
    assert not tab.locator(".schedule-filter").is_visible()
