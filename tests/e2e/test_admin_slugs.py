"""The admin in a real browser: a title typed in Vietnamese gives a transliterated address (slug)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, screenshot_dir
from .demo_portal import EDITOR, EDITOR_PASSWORD

pytestmark = pytest.mark.e2e

TITLE = "Phường Ninh Sơn tổ chức Ngày hội hiến máu tình nguyện năm 2026"


def sign_in(tab, portal) -> None:
    tab.goto(portal.url(portal.ward, "/admin/login/"))
    tab.fill("#id_username", EDITOR)
    tab.fill("#id_password", EDITOR_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").first.click()
    tab.wait_for_url(lambda url: "/login/" not in url)


def test_a_title_typed_in_vietnamese_gives_a_transliterated_slug(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal)
    tab.goto(portal.url(portal.ward, f"/admin/pages/add/news/newsarticlepage/{portal.news_index_id}/"))

    title = tab.locator("#id_title")
    title.click()
    title.press_sequentially(TITLE, delay=5)
    title.press("Tab")
    slug = tab.locator("#id_slug")
    # The tab (Promote) holding the slug field, whatever its translated label.
    panel = tab.evaluate("document.querySelector('#id_slug').closest('[role=tabpanel]').id")
    tab.locator(f'[role=tab][href="#{panel}"]').click()
    slug.wait_for(state="visible")

    # Wagtail's sync from the title is debounced (100 ms after the last key or blur): wait for it, do not race it.
    expect(slug).to_have_value("phuong-ninh-son-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2026", timeout=5000)
    tab.screenshot(path=str(screenshot_dir() / "admin-slug-vietnamese-1280.png"))
    assert log.page_errors == []
