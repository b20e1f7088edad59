"""`manage.py seed_demo`: the Tây Ninh demo is complete, browsable, idempotent and never overwrites editors."""

from __future__ import annotations

import html
import re
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

from demo.units import PASSWORD_ENV, PASSWORD_FILE_NAME
from sites.models import PortalSettings, Unit

# Letters only Vietnamese uses: real Vietnamese text, not ASCII placeholders.
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# The demo's portals as a visitor finds them: slug of the host name, name in the page title.
EXPECTED_UNITS = {
    "tayninh": "Thành phố Tây Ninh",
    "phuong1": "Phường 1",
    "phuong2": "Phường 2",
    "phuong3": "Phường 3",
    "phuong4": "Phường IV",
    "hiepninh": "Phường Hiệp Ninh",
    "ninhson": "Phường Ninh Sơn",
    "ninhthanh": "Phường Ninh Thạnh",
    "binhminh": "Xã Bình Minh",
    "tanbinh": "Xã Tân Bình",
    "thanhtan": "Xã Thạnh Tân",
    "noivu": "Phòng Nội vụ",
    "vanhoa": "Phòng Văn hóa và Thông tin",
    "mttq": "Ủy ban MTTQ Việt Nam thành phố Tây Ninh",
    "thanhdoan": "Thành đoàn Tây Ninh",
    "ttvhtt": "Trung tâm Văn hóa, Thể thao và Truyền thanh thành phố Tây Ninh",
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


def hostname(slug: str) -> str:
    return "tayninh.localhost" if slug == "tayninh" else f"{slug}.tayninh.localhost"


def visible_text(fragment: str) -> str:
    """The text of an HTML fragment, as a reader sees it."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@pytest.mark.django_db
def test_every_unit_portal_answers_at_its_address_with_its_name_and_contacts(seeded, client):
    assert Unit.objects.count() == len(EXPECTED_UNITS)
    for slug, name in EXPECTED_UNITS.items():
        response = client.get("/", HTTP_HOST=hostname(slug))
        assert response.status_code == 200, slug
        page_html = response.content.decode()
        assert name in page_html.split("<title>", 1)[1].split("</title>", 1)[0], slug
        footer = visible_text(page_html.split('<footer class="site-footer">', 1)[1])
        for shown in ("Địa chỉ:", "Điện thoại: 0276 ", "@tayninh.gov.vn", "Chịu trách nhiệm nội dung:", "Giấy phép số"):
            assert shown in footer, (slug, shown)

    # The official channels the demo names (Decree 224 Art. 10(3)) are in the footer; a unit without any shows none.
    def footer_of(slug: str) -> str:
        return client.get("/", HTTP_HOST=hostname(slug)).content.decode().split('<footer class="site-footer">', 1)[1]

    ninhson = footer_of("ninhson")
    assert 'href="https://www.facebook.com/ubndphuongninhson"' in ninhson
    assert "Trang Zalo chính thức của Phường Ninh Sơn" in visible_text(ninhson)
    assert "youtube.com" not in ninhson
    hiepninh = footer_of("hiepninh")
    assert "facebook.com" not in hiepninh and "Kênh thông tin chính thức".upper() not in visible_text(hiepninh).upper()


@pytest.mark.django_db
def test_every_unit_introduces_itself_in_vietnamese(seeded, client):
    for slug in EXPECTED_UNITS:
        response = client.get("/gioi-thieu/", HTTP_HOST=hostname(slug))
        assert response.status_code == 200, slug
        page_html = response.content.decode()
        main = visible_text(re.search(r"<main\b.*?</main>", page_html, re.DOTALL)[0])
        assert len(main) > 400 and VIETNAMESE_LETTER.search(main), slug
        assert unicodedata.is_normalized("NFC", page_html), slug
    ninhson = client.get("/gioi-thieu/", HTTP_HOST=hostname("ninhson")).content.decode()
    assert "đường Bời Lời" in ninhson


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
def test_demo_accounts_log_in_and_each_works_in_its_own_unit(var_dir, client):
    password = demo_password(var_dir)
    assert client.login(username="quantri", password=password)
    for slug in EXPECTED_UNITS:
        for role in ("bientap", "banbientap", "quantri"):
            assert client.login(username=f"{slug}.{role}", password=password), f"{slug}.{role}"
    client.login(username="ninhson.bientap", password=password)
    ninhson, hiepninh = Unit.objects.get(slug="ninhson"), Unit.objects.get(slug="hiepninh")
    assert client.get(f"/admin/pages/{ninhson.home_page_id}/").status_code == 200
    assert client.get(f"/admin/pages/{hiepninh.home_page_id}/").status_code in (302, 403, 404)
    assert client.login(username="noivu.giamsat", password=password)  # the oversight account (Phòng Nội vụ)


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
