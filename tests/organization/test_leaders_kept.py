"""Leaders, current or former, are never deleted (Decree 224/2026 Art. 9(1)(b,c)): not by a unit admin who holds the
delete permission, not by a superuser, not through the delete view, bulk delete or code.
They are marked as former leaders instead (a term end date)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organization.models import Official
from tests.conftest import login_verified

from .conftest import official


@pytest.fixture
def officials(two_units):
    ward = two_units.ward_a
    return {
        "leader": official(ward, "Nguyễn Văn Hùng", "Chủ tịch UBND phường", term_start=dt.date(2021, 6, 1)),
        "former": official(ward, "Trần Thị Mai", "Nguyên Phó Chủ tịch UBND phường", term_end=dt.date(2024, 3, 31)),
        "clerk": official(ward, "Lê Thị Lan", "Văn thư", is_leader=False, is_contact=True),
    }


@pytest.fixture
def deleting_admin(two_units):
    """Ward A's admin, whose group has been given the model's delete permission as well."""
    group = two_units.ward_a.role_groups.get(role="admin").group
    group.permissions.add(Permission.objects.get(content_type__app_label="organization", codename="delete_official"))
    return two_units.admin_a


def sign_in(client, user):
    if user.is_superuser:
        login_verified(client, user)
    else:
        client.force_login(user)


def delete_url(obj) -> str:
    return reverse("wagtailsnippets_organization_official:delete", args=[obj.pk])


def bulk_delete_url(*objects) -> str:
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=["organization", "official", "delete"]) + f"?{ids}"


ACTORS = pytest.mark.parametrize("actor", ["superuser", "unit_admin"])


def actor_user(actor, request):
    return request.getfixturevalue("superuser" if actor == "superuser" else "deleting_admin")


@ACTORS
def test_delete_view_refuses_leaders_and_says_to_mark_them_former(client, officials, actor, request):
    sign_in(client, actor_user(actor, request))
    for key in ("leader", "former"):
        leader = officials[key]
        response = client.get(delete_url(leader), follow=True)
        page = response.content.decode()
        assert "Không thể xóa lãnh đạo" in page, key
        assert "ngày kết thúc nhiệm kỳ" in page, key
        response = client.post(delete_url(leader))
        assert response.status_code in {302, 403}, key
        assert Official.objects.filter(pk=leader.pk).exists(), key


@ACTORS
def test_bulk_delete_keeps_leaders(client, officials, actor, request):
    sign_in(client, actor_user(actor, request))
    leaders = (officials["leader"], officials["former"])
    client.get(bulk_delete_url(*leaders))
    client.post(bulk_delete_url(*leaders))
    assert Official.objects.filter(pk__in=[o.pk for o in leaders]).count() == 2


@ACTORS
def test_an_official_who_is_no_leader_can_still_be_deleted(client, officials, actor, request):
    sign_in(client, actor_user(actor, request))
    response = client.post(delete_url(officials["clerk"]))
    assert response.status_code == 302
    assert not Official.objects.filter(pk=officials["clerk"].pk).exists()


def test_bulk_delete_of_a_mixed_selection_deletes_only_the_official_who_is_no_leader(client, officials, superuser):
    login_verified(client, superuser)
    everyone = list(officials.values())
    client.post(bulk_delete_url(*everyone))
    remaining = set(Official.objects.filter(pk__in=[o.pk for o in everyone]).values_list("name", flat=True))
    assert remaining == {"Nguyễn Văn Hùng", "Trần Thị Mai"}


def test_code_cannot_delete_a_leader_either(officials):
    with pytest.raises(PermissionDenied):
        officials["leader"].delete()
    with pytest.raises(PermissionDenied):
        Official.objects.filter(unit=officials["leader"].unit).delete()
    assert Official.objects.filter(unit=officials["leader"].unit).count() == 3
    officials["clerk"].delete()
    assert Official.objects.filter(unit=officials["leader"].unit).count() == 2


def test_the_edit_view_offers_no_delete_for_a_leader(client, officials, superuser):
    login_verified(client, superuser)
    edit = client.get(reverse("wagtailsnippets_organization_official:edit", args=[officials["leader"].pk]))
    assert edit.status_code == 200
    assert delete_url(officials["leader"]) not in edit.content.decode()
    edit = client.get(reverse("wagtailsnippets_organization_official:edit", args=[officials["clerk"].pk]))
    assert delete_url(officials["clerk"]) in edit.content.decode()
