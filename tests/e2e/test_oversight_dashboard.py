"""The oversight dashboard in a real browser: the office (`noivu.giamsat`, with its second factor) opens the ranking
and a ward's drill-down, the ward's board member opens their own unit's page and is refused another unit's; axe and
screenshots at 375 and 1280 px. Runs against the real checks engine and scoring (`report.build`).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, screenshot_dir, sweep
from .demo_portal import BOARD, EDITOR, EDITOR_PASSWORD, OVERSIGHT, OVERSIGHT_PASSWORD, OVERSIGHT_TOTP_KEY

pytestmark = pytest.mark.e2e


def totp_code() -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(OVERSIGHT_TOTP_KEY)).token():06d}"


def sign_in(tab, portal, username: str, password: str) -> None:
    tab.goto(portal.url(portal.city, "/admin/login/"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.locator("#id_password").press("Enter")
    tab.wait_for_url(lambda url: "/login/" not in url)
    for _attempt in range(2):
        if not tab.locator("#id_token").count():
            return
        tab.fill("#id_token", totp_code())
        tab.locator("#id_token").press("Enter")
        tab.wait_for_load_state()
        if tab.locator("#id_token").count():
            # A code is good once: the second tab of the sweep waits for the authenticator's next one.
            time.sleep(30 - time.time() % 30 + 1)
    assert not tab.locator("#id_token").count(), "the second factor was refused"


def unit_id(tab, portal, slug: str) -> str:
    """The drill-down address of the unit, read from the ranking's link (ids are the e2e portal's)."""
    tab.goto(portal.url(portal.city, "/admin/giam-sat/"))
    return tab.locator(f"tr[data-unit={slug}] a").first.get_attribute("href")


def test_office_sees_every_unit_and_drills_down(portal, open_tab):
    def pages(tab):
        sign_in(tab, portal, OVERSIGHT, OVERSIGHT_PASSWORD)
        ward = unit_id(tab, portal, "ninhson")
        return {
            "oversight-overview": portal.url(portal.city, "/admin/giam-sat/"),
            "oversight-overview-quarter": portal.url(portal.city, "/admin/giam-sat/?ky=2026-Q3&loai=ward"),
            "oversight-unit": portal.url(portal.city, ward),
        }

    def check(tab, name):
        if name == "oversight-overview":
            units = tab.locator("table.oversight-ranking tbody tr")
            assert units.count() == 3  # the city and its two wards
            assert tab.locator("figure svg[role=img]").count() == 2
        if name == "oversight-unit":
            assert tab.get_by_role("heading", name="Tính đầy đủ").count() == 1

    sweep(open_tab, pages, check=check)


def test_board_member_sees_their_unit_only(portal, open_tab):
    def pages(tab):
        sign_in(tab, portal, BOARD, EDITOR_PASSWORD)
        tab.goto(portal.url(portal.city, "/admin/giam-sat/"))
        assert "/admin/giam-sat/don-vi/" in tab.url  # sent to their unit's page
        return {"oversight-own-unit": tab.url}

    def check(tab, name):
        if name == "oversight-own-unit":
            assert tab.get_by_role("heading", name="Việc cần làm tuần này").count() == 1
            assert "Phường Hiệp Ninh" not in tab.locator("main").inner_text()

    sweep(open_tab, pages, check=check)
    tab, _log = open_tab(DESKTOP)
    sign_in(tab, portal, BOARD, EDITOR_PASSWORD)
    # The admin home: the unit's score and its to-dos (the home page itself is not swept: its other panels are not
    # this feature's).
    tab.goto(portal.url(portal.city, "/admin/"))
    panel = tab.locator("[data-oversight-own-unit]")
    assert "Việc cần làm tuần này" in panel.inner_text()
    panel.screenshot(path=str(screenshot_dir() / "oversight-board-home-panel-1280.png"))
    own = tab.goto(portal.url(portal.city, "/admin/giam-sat/"))
    assert own.status == 200
    own_path = urlsplit(tab.url).path
    for other in range(1, 40):  # every other unit's id answers as one that does not exist
        if own_path.endswith(f"/don-vi/{other}/"):
            continue
        assert tab.goto(portal.url(portal.city, f"/admin/giam-sat/don-vi/{other}/")).status == 404


def test_writer_gets_no_menu_item_and_no_page(portal, open_tab):
    tab, _log = open_tab(DESKTOP)
    sign_in(tab, portal, EDITOR, EDITOR_PASSWORD)
    tab.goto(portal.url(portal.city, "/admin/"))
    assert tab.get_by_role("link", name="Giám sát cổng thành phần").count() == 0
    tab.goto(portal.url(portal.city, "/admin/giam-sat/"))
    assert "/admin/giam-sat/" not in tab.url  # Wagtail's permission-denied redirect to the dashboard
