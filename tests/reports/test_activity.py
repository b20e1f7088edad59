"""The per-unit activity page /admin/unit-activity/: who did what, when, in which unit."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import login_verified
from tests.sites.test_isolation import add_unit_objects

URL = "/admin/unit-activity/"


@pytest.fixture
def activity(two_units):
    a = add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn")
    b = add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh")
    a.page.save_revision(user=two_units.writer_a, log_action=True)
    a.page.save_revision(user=two_units.board_a, log_action=True).publish(user=two_units.board_a)
    b.page.save_revision(user=two_units.writer_b, log_action=True)
    a.page.unpublish(user=two_units.board_a)
    return a, b


def rows(response) -> str:
    return response.content.decode()


def test_ward_writer_sees_only_own_unit_with_the_unit_column(client, two_units, activity):
    client.force_login(two_units.writer_a)
    response = client.get(URL)
    assert response.status_code == 200
    html = rows(response)
    assert "Bảng giá đất Ninh Sơn" in html
    assert "Hiệp Ninh" not in html
    assert "data-unit>Phường Ninh Sơn<" in html
    assert "Đơn vị" in html and "Người thực hiện" in html


def test_filter_by_action_user_and_date(client, two_units, activity):
    client.force_login(two_units.admin_a)
    html = rows(client.get(URL, {"action": "wagtail.unpublish"}))
    assert "Bảng giá đất Ninh Sơn" in html and html.count("data-unit>") == 1

    html = rows(client.get(URL, {"user": two_units.board_a.pk}))
    assert html.count("data-unit>") >= 2  # the board member's publish and unpublish
    html = rows(client.get(URL, {"user": two_units.board_a.pk, "action": "wagtail.create"}))
    assert html.count("data-unit>") == 0

    html = rows(client.get(URL, {"timestamp_from": "2000-01-01", "timestamp_to": "2000-01-02"}))
    assert "Bảng giá đất" not in html
    assert "Chưa có hoạt động nào khớp với bộ lọc." in html


def test_unit_filter_offers_and_accepts_only_own_units(client, two_units, activity):
    client.force_login(two_units.writer_a)
    html = rows(client.get(URL))
    assert "Phường Hiệp Ninh" not in html
    # Asking for another unit's activity is not honoured.
    response = client.get(URL, {"unit": two_units.ward_b.pk})
    assert "Bảng giá đất Hiệp Ninh" not in rows(response)


def test_oversight_and_superuser_see_and_filter_every_unit(client, two_units, activity, superuser):
    login_verified(client, superuser)
    html = rows(client.get(URL))
    assert "Phường Ninh Sơn" in html and "Phường Hiệp Ninh" in html
    html = rows(client.get(URL, {"unit": two_units.ward_b.pk}))
    assert "Bảng giá đất Hiệp Ninh" in html and "Bảng giá đất Ninh Sơn" not in html


def test_csv_export_is_scoped_and_names_the_unit(client, two_units, activity):
    client.force_login(two_units.writer_a)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-hoat-dong')
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0][:4] == ["Đơn vị", "Thời gian", "Người thực hiện", "Thao tác"]
    units = {row[0] for row in table[1:]}
    assert units == {"Phường Ninh Sơn"}
    assert "Hiệp Ninh" not in content


def test_user_without_a_unit_is_refused(client, django_user_model, db):
    from django.contrib.auth.models import Permission

    outsider = django_user_model.objects.create_user("khach", password="mat-khau-thu-nghiem-2026")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))
