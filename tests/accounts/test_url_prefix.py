"""The portal served under a URL prefix (SCRIPT_NAME, e.g. a proxy mounting it at /cong/): the two-step sign-in,
the idle timeout and the unit boundary guard the admin there exactly as at the root, and every address the admin
builds carries the prefix."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import set_script_prefix

from accounts.security import IDLE_SESSION_KEY
from tests.conftest import login_verified

PREFIX = "/cong"


class PrefixedClient(Client):
    """Requests arriving under /cong, as from a proxy mounting the portal there: SCRIPT_NAME=/cong, PATH_INFO /admin/….

    Django's WSGI handler sets the script prefix URLs are reversed with from SCRIPT_NAME on every request; the test
    client's handler does not, so this client does it.
    """

    def request(self, **request):
        set_script_prefix(PREFIX + "/")
        try:
            return super().request(**request)
        finally:
            set_script_prefix("/")


@pytest.fixture
def prefixed(db):
    return PrefixedClient(SCRIPT_NAME=PREFIX)


def unprefixed(url: str) -> str:
    """The path a client under /cong requests for an address reversed under /cong."""
    assert url.startswith(PREFIX + "/"), url
    return url[len(PREFIX) :]


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/reports/site-history/", "/admin/users/"])
def test_superuser_without_code_reaches_nothing_under_a_prefix(prefixed, superuser, path):
    prefixed.force_login(superuser)  # the password step only
    response = prefixed.get(path)
    assert response.status_code == 302
    assert response.url.startswith(f"{PREFIX}/admin/xac-thuc-hai-buoc/thiet-lap/?next=")
    assert f"next=%2Fcong{path.replace('/', '%2F')}" in response.url
    # The setup page the redirect names answers under the prefix.
    setup = prefixed.get(unprefixed(response.url.split("?")[0]))
    assert setup.status_code == 200
    assert "Thiết lập xác thực hai bước" in setup.content.decode()


def test_superuser_with_a_code_works_under_the_prefix_and_links_carry_it(prefixed, superuser, two_units):
    login_verified(prefixed, superuser)
    response = prefixed.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{PREFIX}/admin/pages/' in html
    assert 'href="/admin/' not in html
    explore = prefixed.get(f"/admin/pages/{two_units.ward_a.home_page_id}/")
    assert explore.status_code == 200
    assert f'href="{PREFIX}/admin/pages/{two_units.ward_a.home_page_id}/edit/"' in explore.content.decode()


def test_verifying_under_the_prefix_returns_to_the_prefixed_page(prefixed, superuser):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=superuser, name="Điện thoại", confirmed=True)
    prefixed.force_login(superuser)
    response = prefixed.get("/admin/pages/")
    assert response.url == f"{PREFIX}/admin/xac-thuc-hai-buoc/xac-thuc/?next=%2Fcong%2Fadmin%2Fpages%2F"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    verified = prefixed.post(unprefixed(response.url), {"token": f"{totp.token():06d}"})
    assert verified.status_code == 302 and verified.url == f"{PREFIX}/admin/pages/"
    assert prefixed.get(unprefixed(verified.url)).status_code == 200


def other_units_page_routes(unit) -> list[str]:
    """Admin addresses (as PATH_INFO) naming a page of `unit`."""
    home = unit.home_page
    section = unit.sections.get(key="intro").page
    return [
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{section.pk}/history/",
        f"/admin/pages/{section.pk}/revisions/",
        f"/admin/pages/{section.pk}/workflow_history/",
        f"/admin/pages/{section.pk}/usage/",
        f"/admin/pages/{section.pk}/add_subpage/",
        f"/admin/pages/{section.pk}/copy/",
        f"/admin/pages/{section.pk}/move/",
        f"/admin/pages/{section.pk}/delete/",
        f"/admin/pages/{section.pk}/unpublish/",
        f"/admin/pages/{section.pk}/view_draft/",
    ]


def refused_or_sent_home(response, own_home_id: int, prefix: str = "") -> bool:
    """403, Wagtail's refusal (back to the dashboard) or the explorer sending the editor to their own unit."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url in (
        f"{prefix}/admin/",
        f"{prefix}/admin/pages/{own_home_id}/",
    )


def test_writer_of_another_unit_is_refused_under_a_prefix_as_at_the_root(client, prefixed, two_units):
    own_home = two_units.ward_b.home_page_id
    client.force_login(two_units.writer_b)
    prefixed.force_login(two_units.writer_b)
    for path in other_units_page_routes(two_units.ward_a):
        at_root = client.get(path)
        assert refused_or_sent_home(at_root, own_home), (path, at_root.status_code)
        under_prefix = prefixed.get(path)
        assert refused_or_sent_home(under_prefix, own_home, PREFIX), (path, under_prefix.status_code)
        assert under_prefix.status_code == at_root.status_code, path


def test_writer_still_edits_own_unit_under_a_prefix(prefixed, two_units):
    prefixed.force_login(two_units.writer_a)
    home = two_units.ward_a.home_page_id
    response = prefixed.get(f"/admin/pages/{home}/edit/")
    assert response.status_code == 200
    assert f'action="{PREFIX}/admin/pages/{home}/edit/"' in response.content.decode()
    # The explorer root sends the editor to their own unit, at the prefixed address.
    opened = prefixed.get("/admin/pages/")
    assert opened.status_code == 302 and opened.url == f"{PREFIX}/admin/pages/{home}/"


def test_idle_session_under_a_prefix_is_signed_out_to_the_prefixed_login(prefixed, two_units):
    prefixed.force_login(two_units.writer_a)
    assert prefixed.get("/admin/").status_code == 200
    session = prefixed.session
    session[IDLE_SESSION_KEY] = int(time.time()) - settings.PORTAL_SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = prefixed.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{PREFIX}/admin/login/?next=%2Fcong%2Fadmin%2Fpages%2F"
    login = prefixed.get(unprefixed(response.url.split("?")[0]))
    assert "không hoạt động quá 30 phút" in login.content.decode()
    assert "_auth_user_id" not in prefixed.session
