"""Delegated administration: a unit administrator manages their unit's accounts and nothing more."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from sites.models import UnitRole
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified, make_member

User = get_user_model()


def refused(response) -> bool:
    """403, or Wagtail's refusal for admin views: back to the dashboard with “Bạn không có quyền …”."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def list_url(unit):
    return reverse("unit_accounts:unit", args=[unit.pk])


def create_url(unit):
    return reverse("unit_accounts:create", args=[unit.pk])


def edit_url(unit, user):
    return reverse("unit_accounts:edit", args=[unit.pk, user.pk])


def new_account(**overrides) -> dict:
    data = {"first_name": "Lê Thị", "last_name": "Bích", "email": "lethib@ninhson.gov.vn", "roles": ["writer"]}
    data.update(overrides)
    return data


def edit_data(user, **overrides) -> dict:
    data = {
        "first_name": user.first_name or "Nguyễn",
        "last_name": user.last_name or "An",
        "email": user.email,
        "roles": ["writer"],
        "is_active": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin_client(client, two_units):
    client.force_login(two_units.admin_a)
    return client


def test_unit_admin_lists_only_own_units_accounts(admin_client, two_units):
    response = admin_client.get(reverse("unit_accounts:index"))
    assert response.status_code == 302 and response.url == list_url(two_units.ward_a)
    html = admin_client.get(list_url(two_units.ward_a)).content.decode()
    for user in (two_units.writer_a, two_units.board_a, two_units.admin_a):
        assert user.username in html
    assert "Biên tập viên" in html and "Ban Biên tập" in html and "Quản trị đơn vị" in html
    assert two_units.writer_b.username not in html and "Hiệp Ninh" not in html


def test_unit_admin_creates_an_account_with_the_units_roles(admin_client, two_units):
    response = admin_client.post(create_url(two_units.ward_a), new_account(roles=["writer", "board"]))
    assert response.status_code == 302
    user = User.objects.get(email="lethib@ninhson.gov.vn")
    # Invited (tests/accounts/test_invitations.py): no password until its owner sets one from the mailed link.
    assert not user.has_usable_password() and user.is_active
    assert not user.is_superuser and not user.is_staff
    groups = set(user.groups.values_list("pk", flat=True))
    expected = set(two_units.ward_a.role_groups.filter(role__in=["writer", "board"]).values_list("group_id", flat=True))
    assert groups == expected


def test_names_are_asked_and_shown_family_first(admin_client, two_units):
    form = admin_client.get(create_url(two_units.ward_a)).content.decode()
    family = form.index('for="id_first_name"')
    given = form.index('for="id_last_name"')
    assert family < given
    assert "Họ và tên đệm" in form[family:given] and "Tên" in form[given : given + 200]

    admin_client.post(create_url(two_units.ward_a), new_account())
    user = User.objects.get(email="lethib@ninhson.gov.vn")
    assert user.get_full_name() == "Lê Thị Bích"
    assert "Lê Thị Bích" in admin_client.get(list_url(two_units.ward_a)).content.decode()
    edit = admin_client.get(edit_url(two_units.ward_a, user)).content.decode()
    assert edit.index('for="id_first_name"') < edit.index('for="id_last_name"')
    assert 'value="Lê Thị"' in edit and 'value="Bích"' in edit


def test_create_form_refuses_a_taken_email_address(admin_client, two_units):
    response = admin_client.post(create_url(two_units.ward_a), new_account(email=two_units.writer_a.email.upper()))
    assert response.status_code == 200
    assert "đã là thư điện tử của tài khoản ninhson-writer trong Phường Ninh Sơn" in response.content.decode()
    assert User.objects.filter(email__iexact=two_units.writer_a.email).count() == 1


def test_unit_admin_deactivates_and_changes_roles(admin_client, two_units):
    writer = two_units.writer_a
    response = admin_client.post(edit_url(two_units.ward_a, writer), edit_data(writer, roles=["board"], is_active=None))
    assert response.status_code == 302
    writer.refresh_from_db()
    assert not writer.is_active
    assert set(two_units.ward_a.role_groups.filter(group__user=writer).values_list("role", flat=True)) == {"board"}
    assert not writer.check_password("x") and writer.check_password(PASSWORD)


# --- Escalation attempts -------------------------------------------------------------------------------------------


def test_cannot_grant_superuser_or_staff(admin_client, two_units):
    admin_client.post(
        create_url(two_units.ward_a), new_account(is_superuser="on", is_staff="on", user_permissions=["1"])
    )
    user = User.objects.get(email="lethib@ninhson.gov.vn")
    assert not user.is_superuser and not user.is_staff and not user.user_permissions.exists()
    admin_client.post(edit_url(two_units.ward_a, two_units.writer_a), edit_data(two_units.writer_a, is_superuser="on"))
    two_units.writer_a.refresh_from_db()
    assert not two_units.writer_a.is_superuser


@pytest.mark.parametrize("role", ["oversight", "other-unit-group", "made-up"])
def test_cannot_grant_oversight_or_another_units_roles(admin_client, two_units, role):
    value = {
        "oversight": str(Group.objects.get(name=OVERSIGHT_GROUP_NAME).pk),
        "other-unit-group": str(two_units.ward_b.role_groups.get(role="admin").group_id),
        "made-up": "superuser",
    }[role]
    response = admin_client.post(create_url(two_units.ward_a), new_account(roles=["writer", value]))
    assert response.status_code == 200
    assert "không phải là vai trò của đơn vị này" in response.content.decode()
    assert not User.objects.filter(email="lethib@ninhson.gov.vn").exists()

    writer = two_units.writer_a
    response = admin_client.post(edit_url(two_units.ward_a, writer), edit_data(writer, roles=[value]))
    assert response.status_code == 200
    assert set(writer.groups.values_list("pk", flat=True)) == {two_units.ward_a.role_groups.get(role="writer").group_id}


def test_cannot_open_another_units_accounts(admin_client, two_units):
    ward_b = two_units.ward_b
    assert refused(admin_client.get(list_url(ward_b)))
    assert refused(admin_client.get(create_url(ward_b)))
    assert refused(admin_client.post(create_url(ward_b), new_account(email="moi@hiepninh.gov.vn")))
    assert not User.objects.filter(email="moi@hiepninh.gov.vn").exists()
    writer_b = two_units.writer_b
    assert refused(admin_client.get(edit_url(ward_b, writer_b)))
    assert refused(admin_client.post(edit_url(ward_b, writer_b), edit_data(writer_b, is_active=None)))
    # …nor reach a user of another unit through their own unit's URL.
    assert refused(admin_client.get(edit_url(two_units.ward_a, writer_b)))
    response = admin_client.post(edit_url(two_units.ward_a, writer_b), edit_data(writer_b, is_active=None))
    assert refused(response)
    writer_b.refresh_from_db()
    assert writer_b.is_active


@pytest.mark.parametrize("kind", ["superuser", "oversight", "also-in-ward-b"])
def test_cannot_edit_privileged_or_shared_accounts_even_inside_the_unit(admin_client, two_units, kind, superuser):
    if kind == "superuser":
        target = superuser
        target.groups.add(two_units.ward_a.role_groups.get(role="writer").group)
    elif kind == "oversight":
        target = make_member(two_units.ward_a, UnitRole.WRITER, "noivu.kiemtra")
        target.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    else:
        target = make_member(two_units.ward_a, UnitRole.WRITER, "canbo.hai.phuong")
        target.groups.add(two_units.ward_b.role_groups.get(role="writer").group)
    assert refused(admin_client.get(edit_url(two_units.ward_a, target)))
    response = admin_client.post(edit_url(two_units.ward_a, target), edit_data(target, is_active=None, roles=["admin"]))
    assert refused(response)
    target.refresh_from_db()
    assert target.is_active


def test_admin_cannot_lock_themselves_out(admin_client, two_units):
    admin = two_units.admin_a
    response = admin_client.post(edit_url(two_units.ward_a, admin), edit_data(admin, roles=["writer"], is_active=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bạn không thể tự khoá tài khoản của mình." in html
    assert "Bạn không thể tự bỏ vai trò Quản trị đơn vị của mình." in html
    admin.refresh_from_db()
    assert admin.is_active


@pytest.mark.parametrize("role", ["writer_a", "board_a", "writer_b"])
def test_other_roles_cannot_manage_accounts(client, two_units, role):
    client.force_login(getattr(two_units, role))
    assert refused(client.get(reverse("unit_accounts:index")))
    assert refused(client.get(list_url(two_units.ward_a)))
    assert refused(client.post(create_url(two_units.ward_a), new_account()))
    assert '"name": "unit-accounts"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_oversight_reads_but_does_not_manage_accounts(client, two_units, django_user_model):
    inspector = django_user_model.objects.create_user("noivu.thu", "noivu@tayninh.gov.vn", PASSWORD)
    inspector.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    login_verified(client, inspector)
    assert refused(client.get(list_url(two_units.ward_a)))
    assert refused(client.post(create_url(two_units.ward_a), new_account()))


def test_unit_admin_has_no_global_user_permissions(admin_client, two_units):
    assert refused(admin_client.get(reverse("wagtailusers_users:index")))
    assert refused(admin_client.get(reverse("wagtailusers_groups:index")))
    assert '"name": "unit-accounts"' in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_superuser_manages_any_units_accounts(client, two_units, superuser):
    login_verified(client, superuser)
    html = client.get(list_url(two_units.ward_b)).content.decode()
    assert two_units.writer_b.username in html
