"""Account security (issue 7, item 6): two-factor sign-in, login throttling and session expiry."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sites.security import IDLE_SESSION_KEY
from sites.tenancy import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified

HOME = "/admin/"
SETUP = "/admin/xac-thuc-hai-buoc/thiet-lap/"
VERIFY = "/admin/xac-thuc-hai-buoc/xac-thuc/"


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
    assert response.status_code == 302 and response.url == "/admin/units/"
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
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and not response.url.startswith(SETUP)
    assert "_auth_user_id" not in client.session


def test_editors_may_work_without_two_factor_and_may_turn_it_on(client, two_units):
    writer = two_units.writer_a
    assert sign_in(client, writer.username).status_code == 302
    assert client.get(HOME).status_code == 200
    status = client.get(reverse("sites_security:status"))
    assert "Xác thực hai bước đang tắt" in status.content.decode()

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
    response = client.post(reverse("sites_security:status"), {"token": current_token(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()

    login_verified(client, superuser)
    device = TOTPDevice.objects.get(user=superuser)
    response = client.post(reverse("sites_security:status"), {"token": current_token(device)})
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
