"""The replayed fixture (tests/recorded.py) leaves the database exactly as building it does, and builds when it must."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models.signals import post_save

from sites.models import Unit

from . import recorded
from .conftest import make_member, make_unit


def build_city():
    unit = make_unit("city", "Thành phố Tây Ninh", "tayninh", phone="0276 3822 170")
    return "Tây Ninh", unit, make_member(unit, "writer")


def record_and_roll_back(key: str):
    """The recording of `key` kept, its rows rolled back: the next `replayed(key, …)` may replay them."""
    with transaction.atomic():
        built = recorded.replayed(key, build_city)
        transaction.set_rollback(True)
    return built


def tables_now():
    return {table: rows for table, (_columns, rows) in recorded._snapshot(recorded._tables()).items()}


@pytest.mark.django_db
def test_a_replay_writes_the_same_rows_as_the_build_and_gives_the_same_objects():
    key = "probe-city"
    before = tables_now()
    with transaction.atomic():
        built = recorded.replayed(key, build_city)
        after_build = tables_now()
        transaction.set_rollback(True)
    assert tables_now() == before
    replays = recorded.stats["replayed"]

    again = recorded.replayed(key, build_city)

    assert recorded.stats["replayed"] == replays + 1
    assert tables_now() == after_build
    assert again[0] == "Tây Ninh"
    assert (again[1].pk, again[1].name, again[1].site.hostname) == (
        built[1].pk,
        "Thành phố Tây Ninh",
        built[1].site.hostname,
    )
    assert again[2].groups.get().name == built[2].groups.get().name


@pytest.mark.django_db
def test_an_earlier_row_in_a_table_the_build_writes_makes_it_build_again():
    key = "probe-city-after-another"
    record_and_roll_back(key)
    make_unit("city", "Thành phố Hòa Thành", "hoathanh", hostname="hoathanh.localhost")
    built = recorded.stats["built"]

    unit = recorded.replayed(key, build_city)[1]

    assert recorded.stats["built"] == built + 1
    assert sorted(Unit.objects.values_list("slug", flat=True)) == ["hoathanh", "tayninh"]
    assert unit.slug == "tayninh"


@pytest.mark.django_db
def test_a_signal_receiver_connected_before_the_fixture_makes_it_build():
    key = "probe-city-with-receiver"
    record_and_roll_back(key)
    renamed = []

    def rename(sender, instance, created, **kwargs):
        if created:
            Unit.objects.filter(pk=instance.pk).update(name=f"{instance.name} (mới)")
            renamed.append(instance.pk)

    post_save.connect(rename, sender=Unit, dispatch_uid="test-recorded-rename")
    try:
        unit = recorded.replayed(key, build_city)[1]
    finally:
        post_save.disconnect(sender=Unit, dispatch_uid="test-recorded-rename")

    assert renamed == [unit.pk]
    assert Unit.objects.get(pk=unit.pk).name == "Thành phố Tây Ninh (mới)"
