"""The blueprint's “documents” section is the registry, and it can hold the sections nested under it."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from documents.models import LegalDocumentIndexPage, LegalDocumentPage
from home.models import ContentPage, SectionPage
from news.models import NewsIndexPage


@pytest.mark.django_db
def test_new_unit_gets_the_registry_in_the_menu(client, two_units):
    section = two_units.ward_a.sections.get(key="documents").page
    assert section.specific_class is LegalDocumentIndexPage
    assert section.url_path.endswith("/van-ban/")
    html = client.get("/", HTTP_HOST=two_units.ward_a.site.hostname).content.decode()
    assert '<a href="/van-ban/"' in html
    # “Tuyên truyền, phổ biến pháp luật” (a news index) sits under the registry, as the blueprint nests it.
    propaganda = two_units.ward_a.sections.get(key="propaganda").page
    assert propaganda.get_parent().pk == section.pk


@pytest.mark.django_db
def test_registry_accepts_documents_and_generic_sections_below_it(two_units):
    registry = two_units.ward_a.sections.get(key="documents").page.specific
    allowed = set(LegalDocumentIndexPage.allowed_subpage_models())
    assert {LegalDocumentPage, SectionPage, ContentPage, NewsIndexPage} <= allowed
    # e.g. “Tuyên truyền, phổ biến pháp luật” as a generic section until its typed page exists
    registry.add_child(instance=SectionPage(title="Tuyên truyền, phổ biến pháp luật", slug="tuyen-truyen-thu"))
    assert registry.get_children().filter(slug="tuyen-truyen-thu").exists()
    assert LegalDocumentIndexPage.can_exist_under(Page.objects.get(pk=two_units.ward_a.home_page.pk))


@pytest.mark.django_db
def test_sync_blueprint_turns_an_untouched_generic_section_into_the_registry(city):
    import dataclasses

    from sites.blueprint import BLUEPRINT, GENERIC_SECTION
    from sites.provisioning import UnitSpec, ensure_unit_structure, provision_unit

    before = dataclasses.replace(
        BLUEPRINT,
        sections=tuple(
            dataclasses.replace(s, page_type=GENERIC_SECTION) if s.key == "documents" else s for s in BLUEPRINT.sections
        ),
    )
    spec = UnitSpec(kind="ward", name="Phường Ninh Thạnh", slug="ninhthanh", parent_slug="tayninh")
    unit = provision_unit(spec, before).unit
    assert unit.sections.get(key="documents").page.specific_class is SectionPage

    ensure_unit_structure(unit)  # what `manage.py sync_blueprint` runs for every unit
    section = unit.sections.get(key="documents").page
    assert section.specific_class is LegalDocumentIndexPage
    assert section.url_path.endswith("/van-ban/")
    assert unit.sections.get(key="propaganda").page.get_parent().pk == section.pk
