"""Invitations: a unit administrator invites people by e-mail; each sets their own password through a one-time link
on the unit's own hostname."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.invitations import INVITATION_DAYS, RESEND_INTERVAL, UNIT_INVITATIONS_PER_HOUR
from accounts.models import Invitation
from sites.models import Unit, UnitRole
from tests.conftest import login_verified, make_member

User = get_user_model()
NEW_PASSWORD = "Phuong-Ninh-Son-2026!"


def refused(response) -> bool:
    """403, or Wagtail's refusal for admin views: back to the dashboard with “Bạn không có quyền …”."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def invite_url(unit) -> str:
    return reverse("unit_accounts:create", args=[unit.pk])


def resend_url(unit, user) -> str:
    return reverse("unit_accounts:resend", args=[unit.pk, user.pk])


def invitation(**overrides) -> dict:
    data = {"first_name": "Lê Thị", "last_name": "Bích", "email": "LeThiB@ninhson.gov.vn", "roles": ["writer"]}
    data.update(overrides)
    return data


def link_in(message) -> str:
    return re.search(r"https?://\S+/admin/kich-hoat/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def admin_client(client, two_units):
    client.force_login(two_units.admin_a)
    return client


def test_unit_admin_invites_by_email_with_a_link_on_the_units_host(admin_client, two_units):
    ward = two_units.ward_a
    response = admin_client.post(invite_url(ward), invitation(roles=["writer", "board"]))
    assert response.status_code == 302
    user = User.objects.get(email="lethib@ninhson.gov.vn")
    assert (user.first_name, user.last_name, user.username) == ("Lê Thị", "Bích", "lethib")
    assert not user.has_usable_password() and user.is_active and not user.is_superuser
    assert set(ward.role_groups.filter(group__user=user).values_list("role", flat=True)) == {"writer", "board"}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lethib@ninhson.gov.vn"]
    assert message.subject == "Mời kích hoạt tài khoản quản trị Cổng thông tin điện tử Phường Ninh Sơn"
    assert "Kính gửi Lê Thị Bích" in message.body and "Tên đăng nhập của bạn: lethib" in message.body
    assert "Biên tập viên, Ban Biên tập" in message.body and f"{INVITATION_DAYS}" not in message.subject
    assert link_in(message).startswith("http://ninhson.tayninh.localhost/admin/kich-hoat/")
    assert ModelLogEntry.objects.filter(action="accounts.invite", object_id=str(user.pk), data__unit=ward.pk).exists()

    listing = admin_client.get(reverse("unit_accounts:unit", args=[ward.pk])).content.decode()
    assert "Đã mời, chưa kích hoạt" in listing and resend_url(ward, user) in listing


def test_the_invite_form_asks_for_no_password(admin_client, two_units):
    html = admin_client.get(invite_url(two_units.ward_a)).content.decode()
    assert "Họ và tên đệm" in html and "Gửi lời mời" in html
    assert 'type="password"' not in html
    # A password posted anyway is ignored: the account has none until its owner sets one.
    admin_client.post(invite_url(two_units.ward_a), invitation(password1=NEW_PASSWORD, password2=NEW_PASSWORD))
    assert not User.objects.get(username="lethib").has_usable_password()


def test_the_link_sets_the_password_once_then_the_person_signs_in(client, admin_client, two_units):
    admin_client.post(invite_url(two_units.ward_a), invitation())
    link = path_of(link_in(mail.outbox[0]))
    admin_client.logout()

    page = client.get(link, HTTP_HOST="ninhson.tayninh.localhost")
    html = page.content.decode()
    assert page.status_code == 200 and "Kích hoạt tài khoản" in html and "lethib" in html

    weak = client.post(link, {"password1": "12345678", "password2": "12345678"}, HTTP_HOST="ninhson.tayninh.localhost")
    assert weak.status_code == 200 and "Mật khẩu này hoàn toàn là số." in weak.content.decode()
    mismatch = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "Hai mật khẩu không giống nhau." in mismatch.content.decode()

    done = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url.startswith(reverse("wagtailadmin_login"))
    assert "Đã đặt mật khẩu" in client.get(done.url).content.decode()
    user = User.objects.get(username="lethib")
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None

    signed_in = client.post(reverse("wagtailadmin_login"), {"username": "lethib", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Liên kết này đã được dùng để đặt mật khẩu." in again.content.decode()
    reuse = client.post(link, {"password1": "Mat-khau-khac-2026!", "password2": "Mat-khau-khac-2026!"})
    assert reuse.status_code == 410
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_expired_replaced_and_unknown_links_say_why(client, admin_client, two_units):
    admin_client.post(invite_url(two_units.ward_a), invitation())
    first = path_of(link_in(mail.outbox[0]))
    user = User.objects.get(username="lethib")

    # A week and a minute later (moved in the table: a clock moved forward would also end the admin's session).
    sent = timezone.now() - timedelta(days=INVITATION_DAYS, minutes=1)
    Invitation.objects.filter(user=user).update(sent_at=sent, expires_at=sent + timedelta(days=INVITATION_DAYS))
    expired = client.get(first)
    assert expired.status_code == 410
    assert "Liên kết đã hết hạn: lời mời có hiệu lực 7 ngày" in expired.content.decode()
    listing = admin_client.get(reverse("unit_accounts:unit", args=[two_units.ward_a.pk])).content.decode()
    assert "Lời mời đã hết hạn" in listing
    assert admin_client.post(resend_url(two_units.ward_a, user)).status_code == 302
    second = path_of(link_in(mail.outbox[1]))
    replaced = client.get(first)
    assert replaced.status_code == 410
    assert "đã được thay bằng một lời mời gửi sau" in replaced.content.decode()
    assert client.get(second).status_code == 200

    unknown = client.get(reverse("accounts_invitation:accept", args=["khong-co-that"]))
    assert unknown.status_code == 404 and "Liên kết kích hoạt không hợp lệ" in unknown.content.decode()


def test_locked_account_cannot_use_its_link(client, admin_client, two_units):
    admin_client.post(invite_url(two_units.ward_a), invitation())
    link = path_of(link_in(mail.outbox[0]))
    User.objects.filter(username="lethib").update(is_active=False)
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410 and "Liên kết kích hoạt không hợp lệ" in response.content.decode()
    assert not User.objects.get(username="lethib").has_usable_password()


def test_resend_waits_and_duplicate_addresses_are_refused_with_a_clear_message(admin_client, two_units):
    ward = two_units.ward_a
    admin_client.post(invite_url(ward), invitation())
    user = User.objects.get(username="lethib")
    response = admin_client.post(resend_url(ward, user), follow=True)
    assert "vừa được gửi lúc" in response.content.decode() and len(mail.outbox) == 1

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + RESEND_INTERVAL + timedelta(seconds=1)):
        response = admin_client.post(resend_url(ward, user), follow=True)
    assert "Đã gửi lại lời mời tới lethib@ninhson.gov.vn." in response.content.decode()
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["lethib@ninhson.gov.vn"]

    again = admin_client.post(invite_url(ward), invitation(email="lethib@NINHSON.gov.vn"))
    assert again.status_code == 200 and "đã được mời vào Phường Ninh Sơn" in again.content.decode()
    # Another unit's account with that address: refused without naming it.
    taken = admin_client.post(invite_url(ward), invitation(email=two_units.writer_b.email))
    html = taken.content.decode()
    assert "đã được dùng cho một tài khoản khác" in html and two_units.writer_b.username not in html
    assert len(mail.outbox) == 2 and User.objects.filter(email__iexact="lethib@ninhson.gov.vn").count() == 1

    # An account that set its password needs no invitation.
    response = admin_client.post(resend_url(ward, two_units.writer_a), follow=True)
    assert "đã đặt mật khẩu; không cần gửi lời mời nữa" in response.content.decode()


def test_a_unit_sends_a_limited_number_of_invitations_an_hour(admin_client, two_units):
    ward = two_units.ward_a
    with mock.patch("accounts.invitations.UNIT_INVITATIONS_PER_HOUR", 2):
        for index in range(2):
            assert (
                admin_client.post(invite_url(ward), invitation(email=f"canbo{index}@ninhson.gov.vn")).status_code == 302
            )
        response = admin_client.post(invite_url(ward), invitation(email="canbo9@ninhson.gov.vn"))
    assert response.status_code == 200 and "lời mời trong một giờ qua" in response.content.decode()
    assert not User.objects.filter(email="canbo9@ninhson.gov.vn").exists() and len(mail.outbox) == 2
    assert UNIT_INVITATIONS_PER_HOUR >= 2


def test_a_mail_that_cannot_be_sent_leaves_no_account(admin_client, two_units):
    with mock.patch("accounts.invitations.send_mail", side_effect=OSError("mail server down")):
        response = admin_client.post(invite_url(two_units.ward_a), invitation())
    assert response.status_code == 200 and "Không gửi được thư mời" in response.content.decode()
    assert not User.objects.filter(email="lethib@ninhson.gov.vn").exists() and not Invitation.objects.exists()


def test_another_units_admin_cannot_invite_into_or_resend_for_a_unit_they_do_not_administer(client, two_units):
    admin_b = make_member(two_units.ward_b, UnitRole.ADMIN)
    client.force_login(two_units.admin_a)
    client.post(invite_url(two_units.ward_a), invitation())
    invited = User.objects.get(username="lethib")

    client.force_login(admin_b)
    assert refused(client.get(invite_url(two_units.ward_a)))
    assert refused(client.post(invite_url(two_units.ward_a), invitation(email="xam.nhap@hiepninh.gov.vn")))
    assert not User.objects.filter(email="xam.nhap@hiepninh.gov.vn").exists()
    # Neither through ward A's URL nor by naming ward A's account under their own unit's URL.
    assert refused(client.post(resend_url(two_units.ward_a, invited)))
    assert refused(client.post(resend_url(two_units.ward_b, invited)))
    assert len(mail.outbox) == 1
    # …and a role id of ward A posted into ward B's own form is no role there.
    group_a = str(two_units.ward_a.role_groups.get(role="admin").group_id)
    response = client.post(invite_url(two_units.ward_b), invitation(email="moi@hiepninh.gov.vn", roles=[group_a]))
    assert response.status_code == 200 and not User.objects.filter(email="moi@hiepninh.gov.vn").exists()


@pytest.mark.parametrize("role", [UnitRole.WRITER, UnitRole.BOARD])
def test_writers_and_board_cannot_invite(client, two_units, role):
    client.force_login(getattr(two_units, f"{role}_a"))
    assert refused(client.post(invite_url(two_units.ward_a), invitation()))
    assert mail.outbox == []


# --- The first administrator of a new unit ----------------------------------------------------------------------


def commune_form(**overrides) -> dict:
    data = {
        "kind": "commune",
        "name": "Xã Tân Bình",
        "slug": "tanbinh",
        "parent": "",
        "code": "",
        "hostname": "",
        "address": "",
        "phone": "",
        "fax": "",
        "email": "",
        "responsible_person": "",
        "first_admin_first_name": "Trần Văn",
        "first_admin_last_name": "Bình",
        "first_admin_email": "tranvanbinh@tanbinh.gov.vn",
    }
    data.update(overrides)
    return data


def test_new_unit_invites_its_first_administrator_in_the_same_form(client, superuser, city):
    login_verified(client, superuser)
    response = client.post(reverse("sites_units:create"), commune_form(parent=city.pk))
    assert response.status_code == 302
    unit = Unit.objects.get(slug="tanbinh")
    user = User.objects.get(email="tranvanbinh@tanbinh.gov.vn")
    assert set(unit.role_groups.filter(group__user=user).values_list("role", flat=True)) == {"admin"}
    assert (user.first_name, user.last_name) == ("Trần Văn", "Bình") and not user.has_usable_password()
    message = mail.outbox[0]
    assert message.to == ["tranvanbinh@tanbinh.gov.vn"] and "Xã Tân Bình" in message.subject
    assert link_in(message).startswith("http://tanbinh.tayninh.localhost/admin/kich-hoat/")
    assert "Quản trị đơn vị" in message.body
    assert (
        "Đã gửi lời mời làm Quản trị đơn vị tới tranvanbinh@tanbinh.gov.vn."
        in client.get(response.url).content.decode()
    )


def test_a_refused_first_administrator_creates_no_unit(client, superuser, city, two_units):
    login_verified(client, superuser)
    form = commune_form(parent=city.pk, first_admin_email=two_units.writer_a.email)
    response = client.post(reverse("sites_units:create"), form)
    assert response.status_code == 200 and "đã được dùng cho một tài khoản khác" in response.content.decode()
    assert not Unit.objects.filter(slug="tanbinh").exists() and mail.outbox == []

    response = client.post(reverse("sites_units:create"), commune_form(parent=city.pk, first_admin_email=""))
    assert response.status_code == 200 and "Nhập thư điện tử để gửi lời mời" in response.content.decode()
    assert not Unit.objects.filter(slug="tanbinh").exists()


def test_a_new_unit_without_a_first_administrator_sends_nothing(client, superuser, city):
    login_verified(client, superuser)
    blank = {"first_admin_first_name": "", "first_admin_last_name": "", "first_admin_email": ""}
    assert client.post(reverse("sites_units:create"), commune_form(parent=city.pk, **blank)).status_code == 302
    assert Unit.objects.filter(slug="tanbinh").exists() and mail.outbox == []
