"""Vietnamese names read family first wherever the admin shows them: accounts keep the family and middle names in
`first_name` (“Họ và tên đệm”) and the given name in `last_name` (“Tên”)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.admin.utils import get_user_display_name

from tests.conftest import PASSWORD, login_verified

User = get_user_model()


def label_order(html: str, prefix: str = "") -> tuple[int, int]:
    return html.index(f'for="id_{prefix}first_name"'), html.index(f'for="id_{prefix}last_name"')


def label_text(html: str, field: str) -> str:
    start = html.index(f'for="{field}"')
    return html[start : html.index("</label>", start)]


def test_wagtail_user_forms_ask_for_the_family_name_first(client, superuser):
    login_verified(client, superuser)
    html = client.get(reverse("wagtailusers_users:add")).content.decode()
    family, given = label_order(html)
    assert family < given
    assert "Họ và tên đệm" in label_text(html, "id_first_name")
    assert "Tên" in label_text(html, "id_last_name") and "Họ" not in label_text(html, "id_last_name")


def test_account_settings_ask_for_the_family_name_first(client, two_units):
    writer = two_units.writer_a
    writer.first_name, writer.last_name = "Phạm Thị Thu", "Trang"
    writer.save()
    client.force_login(writer)
    html = client.get(reverse("wagtailadmin_account")).content.decode()
    family, given = label_order(html, prefix="name_email-")
    assert family < given
    assert "Họ và tên đệm" in label_text(html, "id_name_email-first_name")
    # The avatar menu and every “by …” of the admin use Wagtail's display name.
    assert get_user_display_name(writer) == "Phạm Thị Thu Trang"
    assert "Phạm Thị Thu Trang" in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_existing_accounts_are_turned_family_first_by_the_migration():
    given_first = User.objects.create_user("ninhson.phamthithutrang", password=PASSWORD, first_name="Trang")
    User.objects.filter(pk=given_first.pk).update(last_name="Phạm Thị Thu")
    migration = importlib.import_module("accounts.migrations.0002_vietnamese_name_order")
    migration.swap_names(apps, None)
    given_first.refresh_from_db()
    assert (given_first.first_name, given_first.last_name) == ("Phạm Thị Thu", "Trang")
    assert given_first.get_full_name() == "Phạm Thị Thu Trang"
