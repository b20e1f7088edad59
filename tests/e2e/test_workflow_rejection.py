"""The admin in a real browser: the writer opens the page the board sent back and sees why, where they edit it."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, screenshot_dir
from .demo_portal import REJECTION_COMMENT
from .test_admin_slugs import sign_in

pytestmark = pytest.mark.e2e


def test_the_writer_sees_needs_changes_and_the_boards_comment_in_the_editor(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal)
    tab.goto(portal.url(portal.ward, f"/admin/pages/{portal.rejected_page_id}/edit/"))

    status_toggle = tab.locator('[data-side-panel-toggle="status"]')
    if tab.locator('[data-side-panel="status"]').is_hidden():
        status_toggle.click()
    panel = tab.locator('[data-side-panel="status"]')
    panel.wait_for(state="visible")

    assert panel.get_by_role("heading", name="Cần chỉnh sửa").is_visible()
    assert panel.get_by_text("Đang chờ duyệt").count() == 0
    comment = panel.locator("[data-rejection-comment]")
    assert comment.is_visible()
    assert "Nhận xét của người duyệt" in comment.inner_text()
    assert REJECTION_COMMENT in comment.inner_text()
    tab.screenshot(path=str(screenshot_dir() / "admin-rejected-page-status-1280.png"))
    assert log.page_errors == []
