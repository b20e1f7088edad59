"""The unit of a page (`Unit.for_page`, `Unit.objects.for_pages`) and the units below a unit (`with_descendants`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import ContentPage
from sites.access import english_home, english_locale
from sites.models import Unit
from tests.conftest import make_unit


def section(unit: Unit, key: str = "intro") -> Page:
    return unit.sections.get(key=key).page


@pytest.fixture
def tree(two_units):
    """The city with its two wards, a department, and a unit nested one level deeper, under ward A."""
    department = make_unit("department", "Phòng Văn hóa và Thông tin", "vanhoa", "tayninh")
    nested = make_unit("commune", "Xã Tân Bình", "tanbinh", "tayninh")
    Unit.objects.filter(pk=nested.pk).update(parent=two_units.ward_a)
    return two_units, department, Unit.objects.get(pk=nested.pk)


def test_the_unit_of_a_vietnamese_page_is_the_unit_whose_home_is_above_it(two_units):
    page = section(two_units.ward_a)
    assert Unit.for_page(page) == two_units.ward_a
    assert Unit.for_page(two_units.ward_a.home_page) == two_units.ward_a
    assert Unit.for_page(section(two_units.city)) == two_units.city


def test_the_unit_of_an_english_page_is_the_unit_its_english_home_translates(two_units):
    home = english_home(two_units.ward_b)
    page = home.add_child(instance=ContentPage(title="Contacts", slug="contacts", locale=english_locale()))
    assert page.locale.language_code == "en"
    assert Unit.for_page(home) == two_units.ward_b
    assert Unit.for_page(page) == two_units.ward_b


def test_the_unit_of_a_page_of_a_nested_unit_is_that_unit_not_its_parent(tree):
    _units, department, nested = tree
    assert Unit.for_page(section(nested)) == nested
    assert Unit.for_page(section(department)) == department


def test_the_tree_root_and_no_page_have_no_unit(two_units):
    assert Unit.for_page(Page.get_first_root_node()) is None
    assert Unit.for_page(None) is None
    assert Unit.objects.for_pages([Page.get_first_root_node()]) == {}


def test_the_units_of_many_pages_cost_the_same_queries_as_of_one(tree):
    two_units, department, nested = tree
    english = english_home(two_units.city)
    pages = [section(unit) for unit in (two_units.city, two_units.ward_a, two_units.ward_b, department, nested)]
    pages.append(english)
    with CaptureQueriesContext(connection) as one:
        Unit.objects.for_pages(pages[:1])
    with CaptureQueriesContext(connection) as all_of_them:
        units = Unit.objects.for_pages(pages)
    assert len(all_of_them) == len(one)
    assert units == {page.pk: Unit.for_page(page) for page in pages}
    assert units[english.pk] == two_units.city


def test_a_city_has_below_it_its_wards_departments_and_the_units_nested_under_them(tree):
    two_units, department, nested = tree
    below = set(two_units.city.with_descendants())
    assert below == {two_units.city, two_units.ward_a, two_units.ward_b, department, nested}


def test_a_ward_has_only_itself_and_what_is_nested_under_it(tree):
    two_units, _department, nested = tree
    assert list(two_units.ward_b.with_descendants()) == [two_units.ward_b]
    assert set(two_units.ward_a.with_descendants()) == {two_units.ward_a, nested}


def test_the_city_search_and_registry_cover_every_unit_below_at_any_depth(client, tree):
    from documents.views import scope_for

    two_units, department, nested = tree
    scope = scope_for(two_units.city, all_units=True)
    assert set(scope.units_by_root.values()) == {two_units.city, two_units.ward_a, two_units.ward_b, department, nested}
    response = client.get("/tim-kiem/", {"q": "tan binh", "pham-vi": "tat-ca"}, HTTP_HOST="tayninh.localhost")
    assert "Xã Tân Bình" in response.content.decode()
    alone = client.get("/tim-kiem/", {"q": "tan binh"}, HTTP_HOST="tayninh.localhost")
    assert "Xã Tân Bình" not in alone.content.decode()
