"""The documents demo as visitors see it: each registry lists real documents with their PDF, replaced and amended
documents say so; a second run creates nothing."""

from __future__ import annotations

import html
import re

import pytest

from demo.documents import load_demo
from documents.models import LegalDocumentAttachment, LegalDocumentPage, ValidityStatus


def page(client, unit, path: str) -> str:
    response = client.get(path, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200, (unit.slug, path)
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_each_registry_lists_its_documents_with_relations_and_a_second_run_creates_nothing(client, two_units):
    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b)}
    assert load_demo(units)

    for unit in units.values():
        found = re.search(r"Tìm thấy (\d+) văn bản", page(client, unit, "/van-ban/"))
        assert found and int(found[1]) >= 3, unit.slug
    city_registry = page(client, two_units.city, "/van-ban/")
    assert "45/KH-UBND" in city_registry and "cải cách hành chính năm 2026" in city_registry

    attachment = LegalDocumentAttachment.objects.select_related("document").first()
    with attachment.document.open_file() as handle:
        assert handle.read(5) == b"%PDF-"
    replaced = LegalDocumentPage.objects.get(number="12/KH-UBND", issuing_body__name="UBND Phường Ninh Sơn")
    assert replaced.status == ValidityStatus.EXPIRED
    assert LegalDocumentPage.objects.get(number="18/2021/QĐ-UBND").status == ValidityStatus.PARTLY_EXPIRED
    shown = page(client, two_units.ward_a, replaced.relative_url(two_units.ward_a.site))
    assert "Được thay thế bởi" in shown and "33/KH-UBND" in shown

    counts = (LegalDocumentPage.objects.count(), LegalDocumentAttachment.objects.count())
    assert load_demo(units) == []  # a second run adds nothing and says nothing
    assert (LegalDocumentPage.objects.count(), LegalDocumentAttachment.objects.count()) == counts


@pytest.mark.django_db
def test_every_ward_document_is_signed_by_a_leader_its_leadership_page_shows(client, two_units):
    from demo.organization import load_demo as load_organisation

    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b)}
    load_organisation(units)
    load_demo(units)
    for unit in units.values():
        leadership = page(client, unit, "/gioi-thieu/lanh-dao/")
        current = leadership[leadership.index('id="current-heading"') : leadership.index('id="former-heading"')]
        # The unit's own documents (a council resolution the city posts is signed by the council's chair).
        signed = LegalDocumentPage.objects.filter(
            path__startswith=unit.home_page.path, signer__isnull=False, issuing_body__unit=unit
        ).select_related("signer")
        assert signed.exists(), unit.slug
        for document in signed:
            assert document.signer.unit_id == unit.pk
            assert document.signer.name in current and document.signer.position in current, (unit.slug, document.number)
