"""The interface in Vietnamese at / and in English under /en/: complete catalogues, compiled by Babel without GNU
gettext, and what a citizen sees in each language."""

from __future__ import annotations

import html
import io
import os
import re
import unicodedata
from collections import Counter
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from documents.forms import VerificationForm
from documents.models import LegalDocumentPage
from news.models import NewsArticlePage
from sites.models import PortalSettings, Unit, UnitKind

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
ENGLISH_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
VIETNAMESE_PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
ALL_PO_FILES = sorted(LOCALE_DIR.rglob("*.po"))
# Python and str.format placeholders, and the HTML tags a msgid may carry (not “<mã định danh>”, which is prose).
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|</?(?:a|abbr|b|br|code|em|i|li|ol|p|span|strong|time|ul)\b[^>]*>"
)


def read_catalogue(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file, abort_invalid=True)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def msgids(path: Path) -> set:
    return {message.id for message in read_catalogue(path) if message.id}


# Catalogues


def test_every_english_entry_is_translated_keeping_its_placeholders():
    catalogue = read_catalogue(ENGLISH_PO)
    assert not catalogue.fuzzy, "remove “#, fuzzy” from the header entry"
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if message.pluralizable:
            pairs = list(zip((message.id[0], message.id[1]), message.string, strict=False))
            if len(message.string) != 2:
                problems.append(f"needs msgstr[0] and msgstr[1]: {message.id!r}")
        else:
            pairs = [(message.id, message.string)]
        for source, english in pairs:
            if not english.strip():
                problems.append(f"untranslated: {source!r}")
            elif placeholders(source) != placeholders(english):
                problems.append(f"placeholders differ: {source!r} → {english!r}")
    assert problems == []


def test_vietnamese_catalogue_has_the_english_msgids_and_one_plural_form():
    assert read_catalogue(VIETNAMESE_PO).plural_forms == "nplurals=1; plural=0;"
    assert msgids(VIETNAMESE_PO) == msgids(ENGLISH_PO)


@pytest.mark.parametrize("po_path", ALL_PO_FILES, ids=[str(p.relative_to(LOCALE_DIR)) for p in ALL_PO_FILES])
def test_every_catalogue_is_nfc_and_compiles(po_path):
    text = po_path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    mo = io.BytesIO()
    write_mo(mo, read_catalogue(po_path))
    mo.seek(0)
    GNUTranslations(mo)  # raises on a malformed .mo


# compile_translations


FRENCH_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Xin chào"
msgstr "Bonjour"

#, fuzzy
msgid "Tạm biệt"
msgstr "Au revoir"
"""


@pytest.fixture
def temporary_locale(tmp_path):
    po_path = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(FRENCH_PO, encoding="utf-8")
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield po_path


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("compile_translations", *args, stdout=out)
    return out.getvalue()


def test_compile_translations_writes_the_mo_once_without_fuzzy_entries(temporary_locale):
    mo_path = temporary_locale.with_suffix(".mo")
    assert str(temporary_locale) in run_command()
    with mo_path.open("rb") as mo_file:
        compiled = GNUTranslations(mo_file)
    assert compiled.gettext("Xin chào") == "Bonjour"
    assert compiled.gettext("Tạm biệt") == "Tạm biệt"  # fuzzy: not compiled
    written = mo_path.stat().st_mtime_ns

    assert str(temporary_locale) not in run_command()
    assert mo_path.stat().st_mtime_ns == written
    assert sorted(path.name for path in mo_path.parent.iterdir()) == ["django.mo", "django.po"]  # no temp file left


def test_check_fails_while_a_mo_is_missing_or_stale(temporary_locale):
    with pytest.raises(CommandError, match=r"django\.po"):
        run_command("--check")
    run_command()
    run_command("--check")
    po_mtime = temporary_locale.stat().st_mtime
    os.utime(temporary_locale.with_suffix(".mo"), (po_mtime - 10, po_mtime - 10))  # the .po was edited since
    with pytest.raises(CommandError, match=r"django\.po"):
        run_command("--check")
    assert str(temporary_locale) in run_command()
    run_command("--check")


# What a citizen sees


def page(client, unit: Unit, path: str, **params) -> str:
    response = client.get(path, params, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def english_published(two_units) -> Unit:
    unit = two_units.ward_a
    portal_settings = PortalSettings.for_site(unit.site)
    portal_settings.publish_english = True  # the unit offers English (a no-op where /en/ is not gated)
    portal_settings.save()
    return unit


@pytest.mark.django_db
def test_search_page_speaks_vietnamese_at_the_root_and_english_under_en(client, english_published):
    vietnamese = page(client, english_published, "/tim-kiem/")
    assert re.search(r'<html lang="vi"', vietnamese)
    assert "Bỏ qua, đến nội dung chính" in vietnamese
    assert "Từ khóa" in vietnamese and 'action="/tim-kiem/"' in vietnamese

    english = page(client, english_published, "/en/tim-kiem/")
    assert re.search(r'<html lang="en"', english)
    assert "Skip to main content" in english and "Bỏ qua, đến nội dung chính" not in english
    assert "<h1>Search</h1>" in english
    assert ">Keywords</label>" in english
    assert "You can type with or without diacritics" in english
    assert "Enter what you are looking for" in english
    assert 'action="/en/tim-kiem/"' in english  # searching again stays in English


@pytest.mark.django_db
def test_a_query_that_cannot_be_searched_is_explained_in_english(client, english_published):
    vietnamese = page(client, english_published, "/tim-kiem/", q="!!!")
    assert "Từ khóa không có chữ hoặc số nào để tìm. Vui lòng nhập lại." in vietnamese
    english = page(client, english_published, "/en/tim-kiem/", q="!!!")
    assert "The keywords contain no letters or digits to search for. Please try again." in english
    assert "Vui lòng nhập lại" not in english


def test_authenticity_check_form_validates_in_the_active_language():
    with translation.override("en"):
        form = VerificationForm({"so": "", "ngay": "31/02/2026"})
        assert not form.is_valid()
        assert form.errors["so"] == ["Please enter the number and code of the document to verify."]
        assert form.errors["ngay"][0].startswith("The date of issue is not valid")
    with translation.override("vi"):
        form = VerificationForm({"so": ""})
        assert form.errors["so"] == ["Hãy nhập số, ký hiệu của văn bản cần xác minh."]


def test_model_names_and_choices_follow_the_active_language():
    with translation.override("en"):
        assert str(NewsArticlePage._meta.verbose_name) == "article"
        assert str(LegalDocumentPage._meta.verbose_name) == "document"
        assert str(Unit._meta.get_field("name").verbose_name) == "official name"
        assert str(UnitKind.WARD.label) == "Ward" and str(UnitKind.COMMUNE.label) == "Commune"
    with translation.override("vi"):
        assert str(NewsArticlePage._meta.verbose_name) == "bài viết"
        assert str(UnitKind.WARD.label) == "Phường"
