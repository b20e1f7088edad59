"""The demo's guidance and page views: plausible, per unit, and unchanged by a second run."""

from __future__ import annotations

import pytest
from django.utils import timezone

from demo.oversight import GUIDANCE, VIEW_DAYS, load_oversight_demo
from reports.guidance import Guidance, published_guidance
from reports.usage import PageViewCount, daily


@pytest.mark.django_db
def test_demo_guidance_and_views_load_once(two_units):
    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b)}
    lines = load_oversight_demo(units)
    assert len(lines) == 2
    assert published_guidance().count() == len(GUIDANCE) == Guidance.objects.count()
    rows = PageViewCount.objects.count()
    totals = {
        slug: sum(
            daily([unit], timezone.localdate().replace(year=2000), timezone.localdate()).get(unit.pk, {}).values()
        )
        for slug, unit in units.items()
    }
    assert totals["tayninh"] > totals["ninhson"] > 0 and totals["hiepninh"] > 0
    assert not PageViewCount.objects.filter(day__gte=timezone.localdate()).exists()  # history only, up to yesterday
    assert PageViewCount.objects.filter(unit=two_units.ward_a).dates("day", "day").count() == VIEW_DAYS
    sections = set(PageViewCount.objects.filter(unit=two_units.ward_a).values_list("section", flat=True))
    assert {"", "news", "documents"} <= sections
    assert sections <= set(two_units.ward_a.sections.values_list("key", flat=True)) | {""}
    assert load_oversight_demo(units) == []
    assert PageViewCount.objects.count() == rows and Guidance.objects.count() == len(GUIDANCE)
