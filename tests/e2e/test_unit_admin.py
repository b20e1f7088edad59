"""A unit administrator in a real browser: keeps the unit's contact details and official channels, which the public
footer then shows, and invites a colleague, who opens the mailed link, sets a password and signs in."""

from __future__ import annotations

import email
import re
from email import policy
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, screenshot_dir
from .demo_portal import OTHER_UNIT_ADMIN, OTHER_UNIT_ADMIN_PASSWORD

pytestmark = pytest.mark.e2e

HOST = "hiepninh.tayninh.localhost"
ADDRESS = "Số 18 đường Hoàng Lê Kha, khu phố 3, Phường Hiệp Ninh"
NEW_PASSWORD = "Hiep-Ninh-Moi-2026!"


def sign_in(tab, portal, username: str, password: str) -> None:
    tab.goto(portal.url(HOST, "/admin/login/"))
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(lambda url: "/login/" not in url)


def mailed_link(portal, recipient: str) -> str:
    for path in sorted(Path(portal.mail_dir).glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.strip(), policy=policy.default)
            if recipient in str(message["To"]):
                return re.search(r"http://\S+/admin/kich-hoat/\S+/", message.get_content()).group(0)
    raise AssertionError(f"no mail to {recipient} in {portal.mail_dir}")


def test_unit_admin_edits_contact_details_and_the_public_footer_shows_them(portal, open_tab):
    folder = screenshot_dir()
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal, OTHER_UNIT_ADMIN, OTHER_UNIT_ADMIN_PASSWORD)

    tab.goto(portal.url(HOST, "/admin/thong-tin-lien-he/"))
    tab.fill("#id_phone", "12345")
    tab.locator("#w-editor-form button[type=submit]").click()
    tab.get_by_text("Số điện thoại không hợp lệ").first.wait_for()
    tab.fill("#id_address", ADDRESS)
    tab.fill("#id_phone", "0276 3822 555")
    tab.fill("#id_email", "vanphong@hiepninh.tayninh.gov.vn")
    tab.locator("#w-editor-form button[type=submit]").click()
    tab.get_by_text("Đã lưu thông tin liên hệ của Phường Hiệp Ninh").wait_for()
    tab.screenshot(path=str(folder / "unit-contact-form-1280.png"), full_page=True)

    tab.goto(portal.url(HOST, "/admin/settings/sites/portalsettings/"))
    tab.fill("#id_facebook_url", "https://www.facebook.com/ubndphuonghiepninh")
    tab.fill("#id_youtube_url", "https://www.youtube.com/@ubndphuonghiepninh")
    with tab.expect_navigation():
        tab.locator("#id_facebook_url").evaluate("input => input.form.requestSubmit()")
    assert tab.locator(".error-message, .help-critical").count() == 0
    assert log.page_errors == []

    for name, viewport in (("375", PHONE), ("1280", DESKTOP)):
        citizen, citizen_log = open_tab(viewport)
        citizen.goto(portal.url(HOST, "/"))
        footer = citizen.locator("footer.site-footer")
        assert ADDRESS in footer.inner_text()
        assert "0276 3822 555" in footer.inner_text() and "vanphong@hiepninh.tayninh.gov.vn" in footer.inner_text()
        facebook = footer.get_by_role("link", name="Trang Facebook chính thức của Phường Hiệp Ninh")
        assert facebook.get_attribute("href") == "https://www.facebook.com/ubndphuonghiepninh"
        assert "noopener" in facebook.get_attribute("rel")
        assert footer.get_by_role("link", name="Kênh YouTube chính thức của Phường Hiệp Ninh").is_visible()
        assert footer.get_by_text("Zalo").count() == 0
        width = citizen.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]
        footer.scroll_into_view_if_needed()
        citizen.screenshot(path=str(folder / f"unit-footer-channels-{name}.png"), full_page=True)
        assert citizen_log.non_local_requests() == [] and citizen_log.page_errors == []


def test_invited_colleague_sets_a_password_from_the_mail_and_signs_in(portal, open_tab):
    folder = screenshot_dir()
    tab, log = open_tab(DESKTOP)
    sign_in(tab, portal, OTHER_UNIT_ADMIN, OTHER_UNIT_ADMIN_PASSWORD)
    tab.goto(portal.url(HOST, "/admin/tai-khoan-don-vi/"))
    tab.get_by_role("link", name="Mời tài khoản mới").first.click()
    tab.fill("#id_first_name", "Phạm Thị")
    tab.fill("#id_last_name", "Hoa")
    tab.fill("#id_email", "phamthihoa@hiepninh.tayninh.gov.vn")
    tab.get_by_label("Biên tập viên").check()
    tab.locator("#w-editor-form button[type=submit]").click()
    tab.get_by_text("Đã gửi lời mời tới phamthihoa@hiepninh.tayninh.gov.vn").wait_for()
    tab.get_by_text("Đã mời, chưa kích hoạt").first.wait_for()
    tab.screenshot(path=str(folder / "unit-accounts-invited-1280.png"), full_page=True)

    link = mailed_link(portal, "phamthihoa@hiepninh.tayninh.gov.vn")
    assert link.startswith(portal.url(HOST, "/admin/kich-hoat/"))

    for name, viewport in (("375", PHONE),):
        phone, _ = open_tab(viewport)
        phone.goto(link)
        assert phone.locator("h1").inner_text() == "Kích hoạt tài khoản"
        phone.screenshot(path=str(folder / f"invitation-set-password-{name}.png"), full_page=True)

    invited, invited_log = open_tab(DESKTOP)
    invited.goto(link)
    invited.screenshot(path=str(folder / "invitation-set-password-1280.png"), full_page=True)
    invited.fill("#id_password1", NEW_PASSWORD)
    invited.fill("#id_password2", NEW_PASSWORD)
    invited.get_by_role("button", name="Đặt mật khẩu").click()
    invited.wait_for_url(lambda url: "/admin/login/" in url)
    invited.get_by_text("Đã đặt mật khẩu").first.wait_for()
    invited.fill("#id_username", "phamthihoa")
    invited.fill("#id_password", NEW_PASSWORD)
    invited.locator("form button[type=submit]").first.click()
    invited.wait_for_url(lambda url: "/login/" not in url)
    assert invited.url == portal.url(HOST, "/admin/")

    invited.goto(link)
    assert "đã được dùng để đặt mật khẩu" in invited.content()
    invited.screenshot(path=str(folder / "invitation-used-link-1280.png"), full_page=True)
    assert invited_log.page_errors == [] and log.page_errors == []
    assert invited_log.non_local_requests() == []
