"""The demo service catalogue: the city's shared catalogue, wards adopting different sets, forms to download; a
second run adds nothing."""

from __future__ import annotations

import pytest

from demo.services import CATALOGUE, load_services_demo
from disclosure.models import AdoptedProcedure, Procedure, ProcedureForm
from tests.conftest import make_unit


@pytest.mark.django_db
def test_the_demo_catalogue_is_loaded_once_with_a_gap(two_units):
    phuong1 = make_unit("ward", "Phường 1", "phuong1", "tayninh")
    ninhthanh = make_unit("ward", "Phường Ninh Thạnh", "ninhthanh", "tayninh")
    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b, phuong1, ninhthanh)}
    lines = load_services_demo(units)
    assert lines and Procedure.objects.filter(unit=two_units.city).count() == len(CATALOGUE) >= 30
    adopted = {
        unit.slug: AdoptedProcedure.objects.filter(unit=unit).count()
        for unit in (two_units.ward_a, two_units.ward_b, phuong1, ninhthanh)
    }
    assert adopted["ninhson"] == len(CATALOGUE) > adopted["hiepninh"] > adopted["phuong1"] > 0
    assert adopted["ninhthanh"] == 0  # the gap
    assert Procedure.objects.filter(unit=two_units.ward_b).count() == 1  # Hiệp Ninh's own
    assert ProcedureForm.objects.count() >= 3
    counts = (Procedure.objects.count(), AdoptedProcedure.objects.count(), ProcedureForm.objects.count())
    assert load_services_demo(units) == []
    assert (Procedure.objects.count(), AdoptedProcedure.objects.count(), ProcedureForm.objects.count()) == counts
    for procedure in Procedure.objects.all():
        procedure.full_clean()  # codes, links and lengths as the admin would accept them
