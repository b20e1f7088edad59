"""Organisation pages in a real browser: axe, screenshots at 375 and 1280 px, the org chart by keyboard, the
week view's navigation and print view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from organization.schedule import IsoWeek

from .conftest import DESKTOP, PHONE, screenshot_dir, sweep

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


def _open_week_in_editor(tab, portal, week: IsoWeek) -> None:
    """From the public schedule (its userbar's edit link names the schedule page) to the week's edit form."""
    tab.goto(portal.url(portal.ward, f"/lich-cong-tac/{week.slug}/"))
    edit = tab.locator('a[href*="/admin/pages/"][href$="/edit/"]').first.get_attribute("href")
    schedule_id = edit.rstrip("/").split("/")[-2]
    tab.goto(portal.url(portal.ward, f"/admin/pages/{schedule_id}/"))
    tab.get_by_role("link", name=f"Lịch công tác tuần {week}").first.click()
    tab.wait_for_url(lambda url: url.endswith("/edit/"))


def test_schedule_entry_status_stays_inside_its_form_at_1280(portal, open_tab):
    from .test_admin_slugs import sign_in

    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal)
    _open_week_in_editor(tab, portal, IsoWeek.current())
    status = tab.locator("#id_entries-0-status")
    status.scroll_into_view_if_needed()
    offered = status.locator("option").all_inner_texts()
    assert [o.strip() for o in offered] == ["Theo kế hoạch", "Điều chỉnh", "Hoãn", "Hủy"]
    box = status.bounding_box()
    # The entry's own panel: the status select ends inside it, as does every field of the entry.
    container = (
        tab.locator("#inline_child_entries-0").bounding_box()
        or status.locator("xpath=ancestor::*[contains(@class,'w-panel__content')][1]").bounding_box()
    )
    assert box["x"] >= container["x"] and box["x"] + box["width"] <= container["x"] + container["width"] + 0.5
    wrapper = status.locator("xpath=ancestor::*[contains(@class,'w-field__wrapper')][1]").bounding_box()
    assert box["x"] + box["width"] <= wrapper["x"] + wrapper["width"] + 0.5
    leaders = tab.locator("#id_entries-0-leaders label").all_inner_texts()
    assert len(leaders) == len(set(leaders)) == 3  # the ward's three current leaders, once each
    tab.locator("#inline_child_entries-0").screenshot(
        path=str(screenshot_dir() / "admin-schedule-entry-status-1280.png")
    )
    assert log.page_errors == []


def test_a_past_week_without_a_schedule_says_so(portal, open_tab):
    past = IsoWeek.current().previous.previous
    tab, _log = open_tab(DESKTOP)
    tab.goto(portal.url(portal.ward, f"/lich-cong-tac/{past.slug}/"))
    empty = tab.locator("p.empty")
    expect(empty).to_have_text(
        f"Không có lịch công tác trong tuần {past.week}/{past.year} "
        f"(từ {past.monday.day}/{past.monday.month} đến {past.sunday.day}/{past.sunday.month}/{past.sunday.year})."
    )
    assert "tuần này" not in empty.inner_text()
    tab.screenshot(path=str(screenshot_dir() / "org-schedule-past-week-1280.png"), full_page=True)
