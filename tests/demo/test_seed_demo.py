"""`manage.py seed_demo`: the Tây Ninh demo is complete, browsable, idempotent and never overwrites editors."""

from __future__ import annotations

import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Collection, Page, Revision, Workflow

from demo.units import DEMO_UNITS, PASSWORD_ENV, PASSWORD_FILE_NAME, ROLE_USERNAME_SUFFIX
from sites.models import PortalSettings, Unit, UnitRole
from sites.provisioning import OVERSIGHT_GROUP_NAME

EXPECTED_UNITS = {
    "tayninh": ("city", "Thành phố Tây Ninh", None),
    "phuong1": ("ward", "Phường 1", "tayninh"),
    "phuong2": ("ward", "Phường 2", "tayninh"),
    "phuong3": ("ward", "Phường 3", "tayninh"),
    "phuong4": ("ward", "Phường IV", "tayninh"),
    "hiepninh": ("ward", "Phường Hiệp Ninh", "tayninh"),
    "ninhson": ("ward", "Phường Ninh Sơn", "tayninh"),
    "ninhthanh": ("ward", "Phường Ninh Thạnh", "tayninh"),
    "binhminh": ("commune", "Xã Bình Minh", "tayninh"),
    "tanbinh": ("commune", "Xã Tân Bình", "tayninh"),
    "thanhtan": ("commune", "Xã Thạnh Tân", "tayninh"),
    "noivu": ("department", "Phòng Nội vụ", "tayninh"),
    "vanhoa": ("department", "Phòng Văn hóa và Thông tin", "tayninh"),
}


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", allow_production=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Unit, Page, Group, get_user_model(), Collection, Workflow, Revision, PortalSettings)
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module inside a transaction that is rolled back afterwards; yields (var dir, output)."""
    var_dir = tmp_path_factory.mktemp("seed-var")
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=var_dir),
        pytest.MonkeyPatch.context() as mp,
        transaction.atomic(),
    ):
        mp.delenv(PASSWORD_ENV, raising=False)
        output = run_seed()
        yield var_dir, output
        transaction.set_rollback(True)
    # Wagtail caches site root paths; the rollback removed those sites without signals.
    cache.clear()


@pytest.fixture
def var_dir(seeded, settings, monkeypatch) -> Path:
    settings.VAR_DIR = seeded[0]
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return seeded[0]


def demo_password(var_dir: Path) -> str:
    return (var_dir / PASSWORD_FILE_NAME).read_text(encoding="utf-8").strip()


@pytest.mark.django_db
def test_all_thirteen_units_with_kinds_parents_and_hostnames(seeded):
    units = {u.slug: u for u in Unit.objects.select_related("parent", "site")}
    assert set(units) == set(EXPECTED_UNITS)
    for slug, (kind, name, parent) in EXPECTED_UNITS.items():
        unit = units[slug]
        assert (unit.kind, unit.name) == (kind, name)
        assert (unit.parent.slug if unit.parent else None) == parent
        expected_host = "tayninh.localhost" if parent is None else f"{slug}.tayninh.localhost"
        assert unit.site.hostname == expected_host
        assert unit.address and unit.phone.startswith("0276 ") and unit.email.endswith("@tayninh.gov.vn")
        assert " – " in unit.responsible_person
        portal_settings = PortalSettings.for_site(unit.site)
        assert portal_settings.tagline
        assert portal_settings.licence.startswith("Giấy phép số ")


@pytest.mark.django_db
def test_every_unit_site_answers_with_its_name_in_the_title(seeded, client):
    for unit in Unit.objects.select_related("site"):
        response = client.get("/", HTTP_HOST=unit.site.hostname)
        assert response.status_code == 200, unit.slug
        title = response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
        assert unit.name in title


@pytest.mark.django_db
def test_home_and_introduction_pages_carry_published_content(seeded, client):
    for data in DEMO_UNITS:
        unit = Unit.objects.get(slug=data.slug)
        home = unit.home_page.specific
        assert home.intro == data.home_intro
        intro = unit.sections.get(key="intro").page.specific
        assert intro.live and intro.latest_revision_id is not None and not intro.has_unpublished_changes
        paragraphs = [block for block in intro.body if block.block_type == "paragraph"]
        assert 2 <= len(paragraphs) <= 4
    ninhson = Unit.objects.get(slug="ninhson")
    intro_page = ninhson.sections.get(key="intro").page
    response = client.get(intro_page.relative_url(ninhson.site), HTTP_HOST=ninhson.hostname)
    assert response.status_code == 200
    assert "đường Bời Lời" in response.content.decode()


@pytest.mark.django_db
def test_second_run_creates_and_changes_nothing(var_dir):
    before = counts()
    hashes = dict(get_user_model().objects.values_list("username", "password"))
    revisions = set(Page.objects.values_list("pk", "latest_revision_id"))
    output = run_seed()
    assert counts() == before
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    assert set(Page.objects.values_list("pk", "latest_revision_id")) == revisions
    assert "không có thay đổi" in output


@pytest.mark.django_db
def test_demo_accounts_log_in_and_belong_to_exactly_their_unit_group(var_dir, client):
    password = demo_password(var_dir)
    User = get_user_model()
    superuser = User.objects.get(username="quantri")
    assert superuser.is_superuser and client.login(username="quantri", password=password)
    for data in DEMO_UNITS:
        unit = Unit.objects.get(slug=data.slug)
        for role, suffix in ROLE_USERNAME_SUFFIX.items():
            user = User.objects.get(username=f"{data.slug}.{suffix}")
            assert list(user.groups.all()) == [unit.role_groups.get(role=role).group]
            assert not user.is_superuser and user.first_name and user.last_name
            assert client.login(username=user.username, password=password), user.username
    inspector = User.objects.get(username="noivu.giamsat")  # the oversight account (Phòng Nội vụ)
    assert [g.name for g in inspector.groups.all()] == [OVERSIGHT_GROUP_NAME] and not inspector.is_superuser
    assert User.objects.count() == 2 + 3 * len(DEMO_UNITS)
    assert unit_role(User.objects.get(username="ninhson.bientap")) == (UnitRole.WRITER, "ninhson")


def unit_role(user) -> tuple[str, str]:
    (unit_group,) = [g.unit_role for g in user.groups.select_related("unit_role__unit")]
    return unit_group.role, unit_group.unit.slug


@pytest.mark.django_db
def test_generated_password_is_kept_and_printed(seeded, var_dir):
    output = seeded[1]
    password = demo_password(var_dir)
    assert len(password) >= 16
    assert password in output and str(var_dir / PASSWORD_FILE_NAME) in output
    assert (var_dir / PASSWORD_FILE_NAME).stat().st_mode & 0o077 == 0
    assert password in run_seed()
    assert demo_password(var_dir) == password
    for line in ("http://ninhson.tayninh.localhost/", "http://tayninh.localhost/admin/", "ninhson.banbientap"):
        assert line in output


@pytest.mark.django_db
def test_demo_password_from_environment_is_honoured(var_dir, monkeypatch, client):
    monkeypatch.setenv(PASSWORD_ENV, "mat-khau-trinh-dien-Tay-Ninh")
    output = run_seed()
    assert "mat-khau-trinh-dien-Tay-Ninh" not in output and PASSWORD_ENV in output
    assert client.login(username="hiepninh.quantri", password="mat-khau-trinh-dien-Tay-Ninh")
    assert client.login(username="quantri", password="mat-khau-trinh-dien-Tay-Ninh")
    assert not client.login(username="hiepninh.quantri", password=demo_password(var_dir))


@pytest.mark.django_db
def test_a_second_run_keeps_editors_changes(var_dir):
    unit = Unit.objects.get(slug="ninhson")
    intro = unit.sections.get(key="intro").page.specific
    intro.body = [{"type": "paragraph", "value": "<p>Nội dung do Ban Biên tập phường cập nhật tháng 6/2026.</p>"}]
    intro.save_revision().publish()
    home = unit.home_page.specific
    home.intro = "Chào mừng bạn đến với Cổng thông tin điện tử phường Ninh Sơn."
    home.save_revision().publish()
    unit.phone = "0276 381 9999"
    unit.save(update_fields=["phone"])
    portal_settings = PortalSettings.for_site(unit.site)
    portal_settings.tagline = "Ninh Sơn đổi mới"
    portal_settings.save()

    run_seed()

    intro = unit.sections.get(key="intro").page.specific
    assert "tháng 6/2026" in str(intro.body)
    assert "đường Bời Lời" not in str(intro.body)
    assert Page.objects.get(pk=home.pk).specific.intro.startswith("Chào mừng")
    unit.refresh_from_db()
    assert unit.phone == "0276 381 9999"
    assert PortalSettings.objects.get(site=unit.site).tagline == "Ninh Sơn đổi mới"


@pytest.mark.django_db
def test_refuses_to_run_without_debug_unless_allowed(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="DEBUG=True"):
        call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_demo_text_is_unicode_nfc():
    for data in DEMO_UNITS:
        texts = [data.name, data.address, data.responsible_person, data.tagline, data.licence, data.home_intro]
        texts += [part for pair in data.introduction for part in pair]
        texts += [person.full_name for person in data.editors]
        for text in texts:
            assert unicodedata.is_normalized("NFC", text), text
