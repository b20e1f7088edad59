"""Wagtail's aging pages report, limited to the user's units: each page's unit in a column and as a filter, the last
publisher's name family first, never a literal “None”."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from home.models import ContentPage
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified
from tests.sites.test_isolation import add_unit_objects

URL = "/admin/reports/aging-pages/"


@pytest.fixture
def both(two_units):
    return {
        "a": add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn"),
        "b": add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh"),
    }


@pytest.fixture
def inspector(db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


def row_with(html: str, title: str) -> str:
    rows = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S) if title in row]
    assert rows, f"no row for {title!r}"
    return rows[0]


def unit_options(html: str) -> list[str]:
    select = html[html.index('name="unit"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="(\d+)"', select)


def test_the_oversight_office_sees_each_pages_unit_and_filters_by_unit(client, both, two_units, inspector):
    login_verified(client, inspector)
    html = client.get(URL).content.decode()
    assert "Phường Ninh Sơn" in row_with(html, both["a"].page.title)
    assert "Phường Hiệp Ninh" in row_with(html, both["b"].page.title)
    assert {str(two_units.ward_a.pk), str(two_units.ward_b.pk), str(two_units.city.pk)} <= set(unit_options(html))

    only_b = client.get(URL, {"unit": two_units.ward_b.pk}).content.decode()
    assert both["b"].page.title in only_b and both["a"].page.title not in only_b
    # The results fragment the filters reload answers the same.
    fragment = client.get(URL + "results/", {"unit": two_units.ward_b.pk}).content.decode()
    assert both["b"].page.title in fragment and both["a"].page.title not in fragment


def test_a_ward_admin_cannot_filter_to_another_unit(client, both, two_units):
    client.force_login(two_units.admin_a)
    html = client.get(URL).content.decode()
    assert unit_options(html) == [str(two_units.ward_a.pk)]
    assert "Phường Ninh Sơn" in row_with(html, both["a"].page.title)

    for url in (URL, URL + "results/"):
        other = client.get(url, {"unit": two_units.ward_b.pk}).content.decode()
        assert both["b"].page.title not in other and "Hiệp Ninh" not in other, url


def test_the_last_publisher_is_named_family_first_and_a_missing_one_is_a_dash(client, both, two_units):
    board = two_units.board_a
    board.first_name, board.last_name = "Lê Văn", "Hùng"
    board.save()
    scripted = both["a"].page  # published by a script, with no user
    published = scripted.get_parent().add_child(
        instance=ContentPage(title="Lịch tiếp công dân", slug="lich-tiep-cong-dan", intro="Lịch tiếp công dân.")
    )
    published.save_revision(user=board).publish(user=board)

    client.force_login(two_units.admin_a)
    html = client.get(URL).content.decode()
    by_board = row_with(html, f'href="/admin/pages/{published.pk}/edit/"')
    by_script = row_with(html, f'href="/admin/pages/{scripted.pk}/edit/"')
    assert "Lê Văn Hùng" in by_board
    assert "—" in by_script and "None" not in by_script
