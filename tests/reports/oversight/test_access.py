"""Who reaches the oversight dashboard: the office and superusers every unit; a unit's administrator and board their
own unit (another unit's id answers 404, like a unit that does not exist); writers and outsiders 403 everywhere and
no menu item."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reports.oversight.hooks import register_oversight_menu_item
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


# 403, Wagtail's permission-denied redirect to the admin home (its admin views turn 403 into it), or, for an account
# without admin access at all, Wagtail's redirect to sign-in.
DENIED = "denied"


def status(response):
    if response.status_code == 403:
        return DENIED
    if response.status_code == 302 and (
        response.url == reverse("wagtailadmin_home") or response.url.startswith(reverse("wagtailadmin_login"))
    ):
        return DENIED
    return response.status_code


def index_url():
    return reverse("reports_oversight:index")


def unit_url(unit):
    return reverse("reports_oversight:unit", args=[unit.pk])


@pytest.fixture
def accounts(two_units, office, superuser, outsider):
    return {
        "office": office,
        "superuser": superuser,
        "admin": two_units.admin_a,
        "board": two_units.board_a,
        "writer": two_units.writer_a,
        "outsider": outsider,
    }


@pytest.mark.parametrize(
    ("who", "index", "own", "other", "missing"),
    [
        ("office", 200, 200, 200, 404),
        ("superuser", 200, 200, 200, 404),
        ("admin", 302, 200, 404, 404),
        ("board", 302, 200, 404, 404),
        ("writer", DENIED, DENIED, DENIED, DENIED),
        ("outsider", DENIED, DENIED, DENIED, DENIED),
    ],
)
def test_access_matrix(client, two_units, accounts, fake_engine, fixed_today, who, index, own, other, missing):
    login_verified(client, accounts[who])
    assert status(client.get(index_url())) == index
    assert status(client.get(unit_url(two_units.ward_a))) == own
    assert status(client.get(unit_url(two_units.ward_b))) == other
    assert status(client.get(unit_url(two_units.city))) == other
    assert status(client.get(reverse("reports_oversight:unit", args=[999999]))) == missing


def test_another_units_page_looks_like_a_missing_one(client, two_units, fake_engine, fixed_today):
    login_verified(client, two_units.board_a)
    other = client.get(unit_url(two_units.ward_b))
    missing = client.get(reverse("reports_oversight:unit", args=[999999]))
    assert other.status_code == missing.status_code == 404
    assert "Hiệp Ninh" not in other.content.decode()


def test_a_unit_member_is_sent_to_their_own_unit_with_the_period(client, two_units, fake_engine, fixed_today):
    login_verified(client, two_units.admin_a)
    response = client.get(index_url() + "?ky=2026-Q3")
    assert response.status_code == 302
    assert response["Location"] == unit_url(two_units.ward_a) + "?ky=2026-Q3"


def test_unit_members_page_shows_only_their_unit(client, two_units, fake_engine, fixed_today):
    login_verified(client, two_units.board_a)
    html = client.get(unit_url(two_units.ward_a)).content.decode()
    assert "Phường Ninh Sơn" in html
    assert "Phường Hiệp Ninh" not in html
    assert "Thành phố Tây Ninh" not in html


def test_anonymous_is_sent_to_sign_in(client, two_units):
    response = client.get(index_url())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(unit_url(two_units.ward_a)).status_code == 302


@pytest.mark.parametrize(
    ("who", "shown"),
    [("office", True), ("superuser", True), ("admin", True), ("board", True), ("writer", False), ("outsider", False)],
)
def test_menu_item_only_for_those_who_see_scores(accounts, who, shown):
    request = RequestFactory().get("/admin/")
    request.user = accounts[who]
    assert register_oversight_menu_item().is_shown(request) is shown


def test_inactive_office_account_sees_nothing(client, office, fake_engine):
    office.is_active = False
    office.save()
    request = RequestFactory().get("/admin/")
    request.user = office
    assert register_oversight_menu_item().is_shown(request) is False
