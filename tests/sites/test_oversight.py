"""The city's oversight group reads every unit and writes in none; unit groups get the permissions of unit-owned
models; a unit administrator edits only their own portal's settings."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupSitePermission

from accounts.security import two_factor_required
from news.models import NewsCategory
from sites.access import sees_all_units, units_for_user
from sites.models import Unit
from sites.provisioning import OVERSIGHT_GROUP_NAME, ensure_groups, grant_unit_model_permissions, unit_owned_models
from tests.conftest import PASSWORD, login_verified
from tests.sites.test_isolation import add_unit_objects, content_page_form


def refused(response) -> bool:
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


@pytest.fixture
def both(two_units):
    return {
        "a": add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn"),
        "b": add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh"),
    }


@pytest.fixture
def inspector(client, db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    login_verified(client, user)
    return user


def test_oversight_explores_every_units_tree(client, both, inspector):
    for objects in both.values():
        section = objects.page.get_parent()
        response = client.get(reverse("wagtailadmin_explore", args=[section.pk]))
        assert response.status_code == 200
        assert objects.page.title in response.content.decode()
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": "Bảng giá đất"}).content.decode()
    assert both["a"].page.title in html and both["b"].page.title in html


def test_oversight_sees_every_unit_in_reports(client, both, inspector):
    for url in ("/admin/reports/site-history/", "/admin/reports/aging-pages/", "/admin/reports/workflow/"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/admin/reports/aging-pages/").content.decode()
    assert both["a"].page.title in html and both["b"].page.title in html


def test_oversight_cannot_write_in_any_unit(client, both, inspector):
    page = both["b"].page
    section = page.get_parent()
    perms = page.permissions_for_user(inspector)
    assert not (perms.can_edit() or perms.can_publish() or perms.can_unpublish() or perms.can_delete())
    assert not (perms.can_lock() or perms.can_move() or perms.can_add_subpage())
    for name, args in (
        ("wagtailadmin_pages:edit", [page.pk]),
        ("wagtailadmin_pages:delete", [page.pk]),
        ("wagtailadmin_pages:unpublish", [page.pk]),
        ("wagtailadmin_pages:move", [page.pk]),
        ("wagtailadmin_pages:copy", [page.pk]),
        ("wagtailadmin_pages:lock", [page.pk]),
        ("wagtailadmin_pages:add_subpage", [section.pk]),
        ("wagtailadmin_pages:add", ["home", "contentpage", section.pk]),
    ):
        url = reverse(name, args=args)
        answer = client.get(url)
        assert refused(answer) or answer.status_code == 405, url  # lock answers POST only
        assert refused(
            client.post(url, content_page_form("Sửa trái phép", "sua-trai-phep", **{"action-publish": "1"}))
        ), url
    page.refresh_from_db()
    assert page.live and page.title == "Bảng giá đất Hiệp Ninh" and not page.locked
    assert not section.get_children().filter(slug="sua-trai-phep").exists()
    assert refused(client.get(reverse("wagtailimages:edit", args=[both["b"].image.pk])))
    assert refused(
        client.get(reverse("wagtailsettings:edit", args=["sites", "portalsettings", both["b"].unit.site_id]))
    )


def test_oversight_group_reads_unit_owned_models_only(db, two_units):
    group = Group.objects.get(name=OVERSIGHT_GROUP_NAME)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames and "view_newscategory" in codenames
    assert not {c for c in codenames if c.startswith(("add_", "change_", "delete_", "publish_"))}
    assert not group.page_permissions.exists() and not group.collection_permissions.exists()


# --- Unit-owned model permissions ------------------------------------------------------------------------------


def test_unit_groups_get_the_permissions_of_unit_owned_models(two_units):
    assert NewsCategory in unit_owned_models()
    for role_group in two_units.ward_a.role_groups.select_related("group"):
        codenames = set(role_group.group.permissions.values_list("codename", flat=True))
        expected = {f"{action}_newscategory" for action in NewsCategory.unit_permissions[role_group.role]}
        assert expected <= codenames, role_group.role
    writer = two_units.ward_a.role_groups.get(role="writer").group
    assert not writer.permissions.filter(codename="delete_newscategory").exists()


def test_writer_adds_a_category_to_own_unit_without_test_grants(client, two_units):
    client.force_login(two_units.writer_a)
    url = reverse("wagtailsnippets_news_newscategory:add")
    response = client.post(url, {"unit": two_units.ward_a.pk, "name": "Kinh tế", "slug": "kinh-te", "locale": 1})
    assert response.status_code == 302, response.content.decode()[:500]
    assert NewsCategory.objects.get(slug="kinh-te").unit == two_units.ward_a


def test_sync_regrants_permissions_an_existing_unit_lost(two_units):
    board = two_units.ward_a.role_groups.get(role="board").group
    board.permissions.remove(*Permission.objects.filter(codename__endswith="_newscategory"))
    _groups, changes = ensure_groups(two_units.ward_a)
    assert any("Cấp 4 quyền" in line and board.name in line for line in changes), changes
    assert board.permissions.filter(codename="delete_newscategory").exists()
    assert ensure_groups(two_units.ward_a)[1] == []  # nothing more the second time


def test_grant_logic_with_an_injected_model_list(two_units):
    from news.models import MediaFile

    groups = {ug.role: ug.group for ug in two_units.ward_b.role_groups.select_related("group")}
    for group in groups.values():
        group.permissions.remove(*Permission.objects.filter(codename__endswith=("_newscategory")))
        group.permissions.remove(*Permission.objects.filter(codename__endswith=("_mediafile")))
    changes = grant_unit_model_permissions(groups, unit_models=[NewsCategory])
    assert len(changes) == 3
    for role, group in groups.items():
        held = set(group.permissions.values_list("codename", flat=True))
        assert {f"{action}_newscategory" for action in NewsCategory.unit_permissions[role]} <= held
        assert not {c for c in held if c.endswith("_mediafile")}  # not in the injected list
    assert MediaFile in unit_owned_models()


def test_unit_admin_edits_only_own_portal_settings(client, two_units):
    admin_site = GroupSitePermission.objects.filter(
        group__unit_role__unit=two_units.ward_a, group__unit_role__role="admin"
    )
    assert list(admin_site.values_list("site_id", flat=True)) == [two_units.ward_a.site_id]
    assert not GroupSitePermission.objects.filter(group__unit_role__role__in=["writer", "board"]).exists()

    client.force_login(two_units.admin_a)
    own = reverse("wagtailsettings:edit", args=["sites", "portalsettings", two_units.ward_a.site_id])
    other = reverse("wagtailsettings:edit", args=["sites", "portalsettings", two_units.ward_b.site_id])
    assert client.get(own).status_code == 200
    response = client.post(
        own, {"tagline": "Phường văn minh", "licence": "", "facebook_url": "", "zalo_url": "", "youtube_url": ""}
    )
    assert response.status_code == 302
    assert refused(client.get(other))
    assert refused(client.post(other, {"tagline": "Bị sửa trái phép"}))
    from sites.models import PortalSettings

    assert PortalSettings.for_site(two_units.ward_a.site).tagline == "Phường văn minh"
    assert PortalSettings.for_site(two_units.ward_b.site).tagline != "Bị sửa trái phép"

    for role in ("writer_a", "board_a"):
        client.force_login(getattr(two_units, role))
        assert refused(client.get(own)), role


# --- The oversight office is a permission, not a group name ----------------------------------------------------


def test_the_oversight_group_holds_the_oversight_permission_from_the_migrations(db):
    group = Group.objects.get(name=OVERSIGHT_GROUP_NAME)
    assert group.permissions.filter(content_type__app_label="sites", codename="view_every_unit").exists()


def test_a_user_given_the_permission_directly_reads_every_unit(client, both, django_user_model):
    user = django_user_model.objects.create_user("thanhtra", "thanhtra@tayninh.gov.vn", PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="sites", codename="view_every_unit"),
    )
    assert not user.groups.exists()
    assert sees_all_units(user) and set(units_for_user(user)) == set(Unit.objects.all())
    assert two_factor_required(user)
    login_verified(client, user)
    for objects in both.values():
        response = client.get(reverse("wagtailadmin_explore", args=[objects.page.get_parent().pk]))
        assert response.status_code == 200
        assert objects.page.title in response.content.decode()
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[both["b"].page.pk])))


def test_a_group_merely_named_like_the_oversight_group_reads_nothing_more(client, both, django_user_model):
    group = Group.objects.get(name=OVERSIGHT_GROUP_NAME)
    group.permissions.remove(Permission.objects.get(content_type__app_label="sites", codename="view_every_unit"))
    user = django_user_model.objects.create_user("trunghop", "trunghop@tayninh.gov.vn", PASSWORD)
    user.groups.add(group)
    assert not sees_all_units(user) and not units_for_user(user).exists()
    assert not two_factor_required(user)
    login_verified(client, user)
    section = both["b"].page.get_parent()
    response = client.get(reverse("wagtailadmin_explore", args=[section.pk]))
    assert refused(response) or both["b"].page.title not in response.content.decode()


def test_oversight_reads_the_units_list_and_a_units_summary_without_writing(client, two_units, inspector):
    index = client.get(reverse("sites_units:index"))
    assert index.status_code == 200
    html = index.content.decode()
    for unit in (two_units.city, two_units.ward_a, two_units.ward_b):
        assert unit.name in html and reverse("sites_units:detail", args=[unit.pk]) in html
    assert reverse("sites_units:create") not in html

    detail = client.get(reverse("sites_units:detail", args=[two_units.ward_b.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Phường Hiệp Ninh" in html
    assert reverse("wagtailadmin_pages:edit", args=[two_units.ward_b.home_page_id]) not in html
    assert "/admin/groups/" not in html

    # Read-only: no POST is answered, the creation form stays the superuser's.
    assert client.post(reverse("sites_units:index")).status_code == 405
    assert client.post(reverse("sites_units:detail", args=[two_units.ward_b.pk])).status_code == 405
    assert refused(client.get(reverse("sites_units:create")))
    response = client.post(reverse("sites_units:create"), {"kind": "commune", "name": "Xã Tân Bình", "slug": "tb"})
    assert refused(response)
    assert not Unit.objects.filter(slug="tb").exists()

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"name": "units"' in dashboard and '"name": "create-unit"' not in dashboard
