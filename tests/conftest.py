"""Shared fixtures: a city with two wards (the isolation fixture every unit-scoped test reuses) and their users."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth import get_user_model

from sites.models import Unit, UnitRole
from sites.provisioning import UnitSpec, provision_unit

from .recorded import replayed

PASSWORD = "mat-khau-thu-nghiem-2026"


def pytest_configure(config) -> None:
    """Compile the gettext catalogues once, in the xdist controller (or a run without xdist), before workers start."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        from languages.management.commands.compile_translations import compile_catalogues

        compile_catalogues()


def make_unit(kind: str, name: str, slug: str, parent: str | None = None, **contact) -> Unit:
    return provision_unit(UnitSpec(kind=kind, name=name, slug=slug, parent_slug=parent, **contact)).unit


def make_member(unit: Unit, role: str, username: str | None = None):
    """A user in one of the unit's editorial groups."""
    user = get_user_model().objects.create_user(
        username=username or f"{unit.slug}-{role}", password=PASSWORD, email=f"{role}@{unit.slug}.gov.vn"
    )
    user.groups.add(unit.role_groups.get(role=role).group)
    return user


def login_verified(client, user) -> None:
    """Sign `user` in as after both steps of sign-in: password and a TOTP code (required of superusers and the
    oversight group, accounts/security.py). `force_login` alone is the password step only."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@dataclass
class TwoUnits:
    city: Unit
    ward_a: Unit
    ward_b: Unit
    writer_a: object
    board_a: object
    admin_a: object
    writer_b: object


@pytest.fixture
def city(db) -> Unit:
    return replayed("city", _make_city)


def _make_city() -> Unit:
    return make_unit(
        "city",
        "Thành phố Tây Ninh",
        "tayninh",
        code="70300",
        address="Số 1 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh",
        phone="0276 3822 170",
        email="ubnd@tayninh.gov.vn",
        responsible_person="Nguyễn Thanh Ngọc – Phó Chủ tịch UBND thành phố",
    )


@pytest.fixture
def two_units(city) -> TwoUnits:
    """The city, Phường Ninh Sơn (A) and Phường Hiệp Ninh (B), each with its editorial users (built once per process
    and replayed afterwards: tests/recorded.py)."""
    return replayed("two_units", lambda: _make_two_units(city))


def _make_two_units(city: Unit) -> TwoUnits:
    ward_a = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh", phone="0276 3821 111")
    ward_b = make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh", phone="0276 3822 222")
    return TwoUnits(
        city=city,
        ward_a=ward_a,
        ward_b=ward_b,
        writer_a=make_member(ward_a, UnitRole.WRITER),
        board_a=make_member(ward_a, UnitRole.BOARD),
        admin_a=make_member(ward_a, UnitRole.ADMIN),
        writer_b=make_member(ward_b, UnitRole.WRITER),
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quantri", "quantri@tayninh.gov.vn", PASSWORD)


@pytest.fixture(autouse=True)
def vietnamese_between_tests():
    """A request under /en/ leaves English active in the thread; every test starts (and ends) in Vietnamese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def notices_schedule_kept_an_hour(request):
    """The notices' schedule (two queries on a page) lives 30 s in a process's own memory, as the test settings'
    cache is: a test counting queries would count it on whichever request its expiry falls. Kept an hour in tests, as
    in a shared cache; a test marked `local_schedule_timeout` sees the real half minute."""
    if request.node.get_closest_marker("local_schedule_timeout"):
        yield
        return
    from notices import schedule

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schedule, "LOCAL_CACHE_TIMEOUT", schedule.CACHE_TIMEOUT)
        yield


@dataclass
class MigratedSnapshot:
    """The suite's test database as `migrate` left it, before any test ran: a SQLite file, or a PostgreSQL database
    that can serve as a template (nobody connects to it)."""

    vendor: str
    location: str  # SQLite: the file; PostgreSQL: the database's name
    admin_url: str | None  # PostgreSQL: a URL on the same server, to CREATE DATABASE … TEMPLATE it


def _snapshot_wanted(session) -> bool:
    return any(item.nodeid.startswith("tests/portal/test_backup.py") for item in session.items)


@pytest.fixture(scope="session", autouse=True)
def migrated_snapshot(request, django_db_blocker, tmp_path_factory):
    """Taken at the session's first test, while the test database holds exactly what the migrations made (a
    transactional test flushes it later), so that the backup drill starts from a migrated database without running
    `migrate` again in its own process. Only when the backup tests are collected."""
    if not _snapshot_wanted(request.session):
        yield None
        return
    request.getfixturevalue("django_db_setup")  # the test database, created now if no test needed it yet
    from django.db import connection, connections

    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            import sqlite3

            target = tmp_path_factory.mktemp("migrated") / "portal.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
            copy.close()
            yield MigratedSnapshot("sqlite", str(target), None)
            return
        import psycopg

        for each in connections.all():
            each.close()  # a template must have no other connection
        # The server's maintenance database: the suite's own base database need not exist (pytest-django never uses it).
        parts = urlsplit(os.environ["DATABASE_URL"])
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        name = f"{settings_dict['NAME']}_migrated"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings_dict["NAME"]}"')
        try:
            yield MigratedSnapshot("postgresql", name, admin_url)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
