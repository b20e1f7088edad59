from sites.models import UnitSection


def test_two_units_fixture_builds_two_separate_trees(two_units):
    a, b = two_units.ward_a, two_units.ward_b
    assert a.site.hostname == "ninhson.tayninh.localhost"
    assert b.site.hostname == "hiepninh.tayninh.localhost"
    a_pages = set(UnitSection.objects.filter(unit=a).values_list("page__path", flat=True))
    assert all(path.startswith(a.home_page.path) for path in a_pages)
    assert not any(path.startswith(b.home_page.path) for path in a_pages)
