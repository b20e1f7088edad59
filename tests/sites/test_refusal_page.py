"""A refused admin request answers in Vietnamese with the way back, and the reports menu offers a unit's editors
only the reports they may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

EVERY_UNITS_TRANSLATIONS = "/admin/localize/reports/translations/"


@pytest.mark.parametrize("role", ["writer_a", "board_a", "admin_a"])
def test_a_unit_editor_refused_the_every_unit_report_reads_why_in_vietnamese_with_the_way_back(two_units, client, role):
    client.force_login(getattr(two_units, role))

    response = client.get(EVERY_UNITS_TRANSLATIONS, HTTP_HOST=two_units.ward_a.site.hostname)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền truy cập trang này" in html
    assert f'href="{reverse("wagtailadmin_home")}"' in html
    assert "Forbidden" not in html
    assert "<style" not in html and "style=" not in html  # the Content Security Policy refuses inline styles


def test_the_refusal_of_another_units_page_names_nothing_of_that_unit(two_units, client):
    client.force_login(two_units.writer_a)
    ward_b = two_units.ward_b

    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[ward_b.home_page_id]), HTTP_HOST=ward_b.site.hostname
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền truy cập trang này" in html
    assert "Hiệp Ninh" not in html and ward_b.site.hostname not in html


@pytest.mark.parametrize("role", ["writer_a", "board_a", "admin_a"])
def test_the_reports_menu_of_a_unit_editor_leaves_out_the_every_unit_translation_report(two_units, client, role):
    client.force_login(getattr(two_units, role))

    dashboard = client.get(reverse("wagtailadmin_home"), HTTP_HOST=two_units.ward_a.site.hostname)

    assert dashboard.status_code == 200
    assert EVERY_UNITS_TRANSLATIONS not in dashboard.content.decode()


def test_the_superuser_keeps_the_every_unit_translation_report_in_the_menu_and_opens_it(two_units, superuser, client):
    login_verified(client, superuser)

    dashboard = client.get(reverse("wagtailadmin_home"))
    report = client.get(EVERY_UNITS_TRANSLATIONS)

    assert EVERY_UNITS_TRANSLATIONS in dashboard.content.decode()
    assert report.status_code == 200


def test_a_refused_public_request_links_home_not_to_the_admin(two_units, client, settings, rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/tin-tuc-su-kien/", HTTP_HOST=two_units.ward_a.site.hostname)
    response = permission_denied(request, PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in html
    assert 'href="/"' in html and f'href="{reverse("wagtailadmin_home")}"' not in html
