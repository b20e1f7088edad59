"""Account security: two-factor sign-in, login throttling and session expiry."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import IDLE_SESSION_KEY, display_recovery_code, issue_recovery_codes
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified

HOME = "/admin/"
SETUP = "/admin/xac-thuc-hai-buoc/thiet-lap/"
VERIFY = "/admin/xac-thuc-hai-buoc/xac-thuc/"
RECOVER = "/admin/xac-thuc-hai-buoc/xac-thuc/ma-khoi-phuc/"
RECOVERY_CODES = "/admin/xac-thuc-hai-buoc/ma-khoi-phuc/"
REGENERATE = "/admin/xac-thuc-hai-buoc/ma-khoi-phuc/tao-moi/"
STATUS = "/admin/xac-thuc-hai-buoc/"


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def inspector(db, django_user_model):
    user = django_user_model.objects.create_user("noivu.thu", "noivu@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password, **extra})


@pytest.mark.parametrize("who", ["superuser", "inspector"])
def test_privileged_users_reach_nothing_before_setting_up_two_factor(client, two_units, who, request):
    user = request.getfixturevalue(who)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    for url in (HOME, "/admin/pages/", reverse("sites_units:index"), "/admin/reports/site-history/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SETUP), (url, response.url)
    # What stays open: the setup page itself and signing out.
    setup = client.get(SETUP)
    assert setup.status_code == 200
    html = setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in html and device.config_url.split("secret=")[1].split("&")[0] in html
    assert "Thiết lập xác thực hai bước" in html


def test_setting_up_two_factor_with_a_code_opens_the_admin(client, superuser):
    sign_in(client, superuser.username)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=superuser)

    wrong = client.post(SETUP, {"token": "000000" if current_token(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert client.get(HOME).status_code == 302
    # django-otp slows down guessing: right after a wrong code even the right one waits.
    throttled = client.post(SETUP, {"token": current_token(device)})
    assert "Nhập sai mã quá nhiều lần liên tiếp" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()

    response = client.post(SETUP, {"token": current_token(device), "next": "/admin/units/"})
    # The recovery codes are shown first; their page then leads on to where the user was going.
    assert response.status_code == 302 and response.url.startswith(RECOVERY_CODES)
    assert 'href="/admin/units/"' in client.get(response.url).content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200
    assert client.get("/admin/units/").status_code == 200


def test_a_confirmed_device_must_be_used_at_every_sign_in(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="Điện thoại", confirmed=True)
    sign_in(client, superuser.username)
    response = client.get("/admin/units/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    # A stolen password cannot enrol a second phone: setup sends back to verification.
    setup = client.get(SETUP)
    assert setup.status_code == 302 and setup.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=superuser).count() == 1

    bad = client.post(VERIFY, {"token": "12345a"})
    assert "Mã xác thực chỉ gồm chữ số." in bad.content.decode()
    response = client.post(VERIFY, {"token": current_token(device), "next": "/admin/units/"})
    assert response.status_code == 302 and response.url == "/admin/units/"
    assert client.get("/admin/units/").status_code == 200


def test_next_cannot_send_the_user_to_another_site(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="Điện thoại", confirmed=True)
    sign_in(client, superuser.username)
    response = client.post(VERIFY, {"token": current_token(device), "next": "https://example.com/"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_logout_stays_reachable_without_the_second_factor(client, superuser):
    sign_in(client, superuser.username)
    # The setup page signs out with a POST form (as verification does): Django refuses a GET to log out.
    assert re.search(r'<form[^>]*action="/admin/logout/"[^>]*method="post"', client.get(SETUP).content.decode())
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and not response.url.startswith(SETUP)
    assert "_auth_user_id" not in client.session


def test_editors_may_work_without_two_factor_and_may_turn_it_on(client, two_units):
    writer = two_units.writer_a
    assert sign_in(client, writer.username).status_code == 302
    assert client.get(HOME).status_code == 200
    status = client.get(reverse("accounts_security:status")).content.decode()
    assert "Xác thực hai bước đang tắt" in status
    # The admin header (its breadcrumbs) names the page, not just “Trang chủ”.
    breadcrumbs = re.search(r"<nav[^>]*w-h-full.*?</nav>", status, re.S)[0]
    assert "Trang chủ" in breadcrumbs and "Xác thực hai bước" in breadcrumbs

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=writer)
    response = client.post(SETUP, {"token": current_token(device)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200

    # Turned on, it is asked for at the next sign-in like anyone else's.
    client.logout()
    sign_in(client, writer.username)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_editor_turns_two_factor_off_with_a_code_but_a_superuser_cannot(client, two_units, superuser):
    writer = two_units.writer_a
    device = TOTPDevice.objects.create(user=writer, name="Điện thoại", confirmed=True)
    login_verified(client, writer)
    response = client.post(reverse("accounts_security:status"), {"token": current_token(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()

    login_verified(client, superuser)
    device = TOTPDevice.objects.get(user=superuser)
    response = client.post(reverse("accounts_security:status"), {"token": current_token(device)})
    assert response.status_code == 200
    assert "bắt buộc dùng xác thực hai bước; không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()


# --- Login throttling ---------------------------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_with_a_vietnamese_message(client, two_units):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit - 1):
        response = sign_in(client, "ninhson-writer", "sai-mat-khau")
        assert response.status_code == 200, attempt  # the login form again, with its error
    response = sign_in(client, "ninhson-writer", "sai-mat-khau")
    assert response.status_code == 429
    # Even the right password is refused while locked.
    response = sign_in(client, "ninhson-writer", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert f"đăng nhập sai {limit} lần liên tiếp" in html
    assert "Hãy thử lại sau 15 phút." in html
    assert "_auth_user_id" not in client.session
    # Another account from the same machine is not locked by these failures.
    assert sign_in(client, "ninhson-board", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, two_units):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "ninhson-writer", "sai-mat-khau")
    assert sign_in(client, "ninhson-writer", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ninhson-writer", "sai-mat-khau").status_code == 200


def test_code_level_sign_in_without_a_request_still_works(client, two_units):
    # The test client's login() and management code call authenticate() without a request (no client to throttle).
    assert client.login(username="ninhson-writer", password=PASSWORD)
    assert not client.login(username="ninhson-writer", password="sai-mat-khau")


# --- Session expiry -----------------------------------------------------------------------------------------------


def test_session_without_remember_me_ends_with_the_browser(client, two_units):
    sign_in(client, "ninhson-writer")
    assert client.session.get_expire_at_browser_close()
    sign_in(client, "ninhson-writer", remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_an_idle_session_is_signed_out(client, two_units):
    sign_in(client, "ninhson-writer")
    assert client.get(HOME).status_code == 200
    session = client.session
    session[IDLE_SESSION_KEY] = int(time.time()) - settings.PORTAL_SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))
    followed = client.get(response.url)
    assert "không hoạt động quá 30 phút" in followed.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays_signed_in(client, two_units):
    sign_in(client, "ninhson-writer")
    session = client.session
    session[IDLE_SESSION_KEY] = int(time.time()) - settings.PORTAL_SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert client.get(HOME).status_code == 200


# --- Recovery codes -----------------------------------------------------------------------------------------------

SHOWN_CODE = re.compile(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")


def shown_codes(response) -> list[str]:
    """The recovery codes a page lists, as the user reads them (`k7m2p-x9ady`)."""
    assert response.status_code == 200
    return SHOWN_CODE.findall(response.content.decode())


def with_recovery_codes(user) -> tuple[TOTPDevice, list[str]]:
    """`user` with two-factor sign-in on: a confirmed authenticator and a fresh set of recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return device, [display_recovery_code(code) for code in issue_recovery_codes(user)]


def other_token(device: TOTPDevice) -> str:
    return "000000" if current_token(device) != "000000" else "111111"


def test_setup_shows_ten_recovery_codes_once(client, superuser):
    sign_in(client, superuser.username)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=superuser)
    response = client.post(SETUP, {"token": current_token(device), "next": "/admin/units/"})
    assert response.status_code == 302 and response.url.startswith(RECOVERY_CODES)

    page = client.get(response.url)
    html = page.content.decode()
    codes = shown_codes(page)
    assert len(codes) == len(set(codes)) == 10
    stored = StaticToken.objects.filter(device__user=superuser, device__name="Mã khôi phục")
    assert sorted(code.replace("-", "") for code in codes) == sorted(stored.values_list("token", flat=True))
    assert "chỉ hiện một lần" in html and "Mỗi mã chỉ dùng được một lần" in html
    assert 'download="ma-khoi-phuc.txt"' in html and "data:text/plain;charset=utf-8," in html
    assert 'href="/admin/units/"' in html

    # Shown once: a reload (or anyone who opens the page later) sees no codes, only how to get new ones.
    again = client.get(response.url)
    assert shown_codes(again) == []
    assert "Mã khôi phục chỉ hiện một lần, ngay sau khi được tạo." in again.content.decode()
    assert client.get(STATUS).content.decode().count("Còn 10 mã khôi phục chưa dùng.") == 1


def test_a_recovery_code_signs_in_instead_of_the_app_and_works_once(client, superuser):
    _device, codes = with_recovery_codes(superuser)
    sign_in(client, superuser.username)
    verify = client.get(client.get("/admin/units/").url)
    assert f'href="{RECOVER}?next=/admin/units/"' in verify.content.decode()
    assert "Dùng mã khôi phục" in verify.content.decode()

    # Typed as the user may: upper case, a space instead of the hyphen.
    typed = codes[0].upper().replace("-", " ")
    response = client.post(RECOVER, {"code": typed, "next": "/admin/units/"})
    assert response.status_code == 302 and response.url == "/admin/units/"
    landing = client.get("/admin/units/")
    assert landing.status_code == 200
    assert "Bạn còn 9 mã khôi phục chưa dùng." in landing.content.decode()
    assert "Còn 9 mã khôi phục chưa dùng." in client.get(STATUS).content.decode()

    # The same code a second time is refused, and the admin stays closed.
    client.logout()
    sign_in(client, superuser.username)
    again = client.post(RECOVER, {"code": codes[0]})
    assert again.status_code == 200
    assert "Mã khôi phục không đúng hoặc đã được dùng." in again.content.decode()
    assert client.get(HOME).url.startswith(VERIFY)
    StaticDevice.objects.get(user=superuser).throttle_reset()
    assert client.post(RECOVER, {"code": codes[1]}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_the_last_recovery_codes_ask_for_a_new_set(client, superuser):
    _device, codes = with_recovery_codes(superuser)
    StaticToken.objects.filter(device__user=superuser).exclude(token=codes[0].replace("-", "")).delete()
    sign_in(client, superuser.username)
    client.post(RECOVER, {"code": codes[0]})
    html = client.get(HOME).content.decode()
    assert "Bạn đã dùng hết mã khôi phục." in html and "Hãy tạo bộ mã mới" in html
    status = client.get(STATUS).content.decode()
    assert "Bạn không còn mã khôi phục nào" in status


def test_recovery_codes_are_checked_for_format_and_throttled_like_app_codes(client, superuser):
    _device, codes = with_recovery_codes(superuser)
    sign_in(client, superuser.username)
    assert "Hãy nhập một mã trong bộ mã khôi phục bạn đã lưu." in client.post(RECOVER, {"code": ""}).content.decode()
    short = client.post(RECOVER, {"code": "abc12"})
    assert "Mã khôi phục gồm 10 chữ cái và chữ số" in short.content.decode()

    wrong = client.post(RECOVER, {"code": "aaaaa-aaaaa"})
    assert "Mã khôi phục không đúng hoặc đã được dùng." in wrong.content.decode()
    # Right after a wrong code even a right one waits, and is not used up meanwhile.
    throttled = client.post(RECOVER, {"code": codes[0]})
    assert "Nhập sai mã khôi phục quá nhiều lần liên tiếp" in throttled.content.decode()
    assert client.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=superuser).count() == 10
    StaticDevice.objects.get(user=superuser).throttle_reset()
    assert client.post(RECOVER, {"code": codes[0]}).status_code == 302


def test_one_users_recovery_codes_never_sign_in_another(client, two_units, superuser):
    writer = two_units.writer_a
    _device, writer_codes = with_recovery_codes(writer)
    with_recovery_codes(superuser)
    sign_in(client, superuser.username)
    response = client.post(RECOVER, {"code": writer_codes[0]})
    assert "Mã khôi phục không đúng hoặc đã được dùng." in response.content.decode()
    assert client.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=writer).count() == 10


def test_new_recovery_codes_need_a_current_app_code_and_replace_the_old(client, superuser):
    device, old_codes = with_recovery_codes(superuser)
    login_verified(client, superuser)
    assert client.get(REGENERATE).url == STATUS

    # A session alone (no code, or a wrong one) prints nothing and keeps the old codes.
    for token in ("", other_token(device)):
        response = client.post(REGENERATE, {"recovery-token": token})
        assert response.status_code == 200 and shown_codes(response) == []
        device.refresh_from_db()
        device.throttle_reset()
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(
        code.replace("-", "") for code in old_codes
    )

    response = client.post(REGENERATE, {"recovery-token": current_token(device)})
    assert response.status_code == 302 and response.url.startswith(RECOVERY_CODES)
    new_codes = shown_codes(client.get(response.url))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    client.logout()
    sign_in(client, superuser.username)
    refused = client.post(RECOVER, {"code": old_codes[0]})
    assert "Mã khôi phục không đúng hoặc đã được dùng." in refused.content.decode()
    StaticDevice.objects.get(user=superuser).throttle_reset()
    assert client.post(RECOVER, {"code": new_codes[0]}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_after_a_recovery_code_the_authenticator_moves_to_a_new_phone(client, superuser):
    old_phone, codes = with_recovery_codes(superuser)
    # Signed in with the app, setup stays closed: a stolen session must not enrol another phone.
    login_verified(client, superuser)
    assert client.get(SETUP).url == STATUS

    client.logout()
    sign_in(client, superuser.username)
    client.post(RECOVER, {"code": codes[0]})
    assert "Thiết lập điện thoại mới" in client.get(STATUS).content.decode()
    setup = client.get(SETUP)
    assert setup.status_code == 200 and "chuyển xác thực hai bước sang điện thoại mới" in setup.content.decode()
    new_phone = TOTPDevice.objects.get(user=superuser, confirmed=False)
    response = client.post(SETUP, {"token": current_token(new_phone)})
    assert response.status_code == 302 and response.url.startswith(RECOVERY_CODES)
    new_codes = shown_codes(client.get(response.url))
    assert len(new_codes) == 10

    assert list(TOTPDevice.objects.filter(user=superuser).values_list("pk", flat=True)) == [new_phone.pk]
    assert not TOTPDevice.objects.filter(pk=old_phone.pk).exists()
    assert not StaticToken.objects.filter(token=codes[1].replace("-", "")).exists()
    assert client.get(HOME).status_code == 200
    # The next move needs another recovery code.
    assert client.get(SETUP).url == STATUS


def test_turning_two_factor_off_removes_the_recovery_codes(client, two_units):
    writer = two_units.writer_a
    device, _codes = with_recovery_codes(writer)
    login_verified(client, writer)
    response = client.post(STATUS, {"token": current_token(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()
    assert not StaticDevice.objects.filter(user=writer).exists()
    assert not StaticToken.objects.exists()


def test_reset_command_sends_the_user_back_to_setup(client, superuser):
    with_recovery_codes(superuser)
    output = io.StringIO()
    call_command("reset_two_factor", superuser.username, stdout=output)
    text = output.getvalue()
    assert "Đã đặt lại xác thực hai bước của tài khoản “quantri”" in text
    assert "xóa 1 ứng dụng xác thực và 10 mã khôi phục chưa dùng" in text
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert not StaticDevice.objects.filter(user=superuser).exists()

    sign_in(client, superuser.username)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(SETUP)

    output = io.StringIO()
    call_command("reset_two_factor", superuser.username, stdout=output)
    assert "không có gì để xóa" in output.getvalue()


def test_reset_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có tài khoản nào có tên đăng nhập “khong-ton-tai”"):
        call_command("reset_two_factor", "khong-ton-tai")
