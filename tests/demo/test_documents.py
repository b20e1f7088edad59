"""Demo documents: realistic, with generated PDFs and relations; loading twice changes nothing."""

from __future__ import annotations

import pytest

from demo.documents import DEMO_DOCUMENTS, load_demo
from documents.models import LegalDocumentAttachment, LegalDocumentPage, ValidityStatus


def test_demo_covers_the_city_and_its_units():
    assert len(DEMO_DOCUMENTS) >= 60
    assert len({document.unit for document in DEMO_DOCUMENTS}) == 13
    assert any(d.number == "45/KH-UBND" and "cải cách hành chính năm 2026" in d.abstract for d in DEMO_DOCUMENTS)
    assert {kind for d in DEMO_DOCUMENTS for kind, _number in d.relations} == {"amends", "replaces", "guides"}


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_builds_relations(client, two_units):
    units = {unit.slug: unit for unit in (two_units.city, two_units.ward_a, two_units.ward_b)}
    expected = sum(1 for document in DEMO_DOCUMENTS if document.unit in units)
    lines = load_demo(units)
    assert lines == [f"Văn bản: tạo {expected} văn bản mới; tổng cộng {expected} văn bản trong các danh mục."]
    assert load_demo(units) == []  # a second run adds nothing and says nothing
    assert LegalDocumentAttachment.objects.count() == expected
    attachment = LegalDocumentAttachment.objects.select_related("document").first()
    with attachment.document.open_file() as handle:
        assert handle.read(5) == b"%PDF-"

    replaced = LegalDocumentPage.objects.get(number="12/KH-UBND", issuing_body__name="UBND Phường Ninh Sơn")
    assert replaced.status == ValidityStatus.EXPIRED
    amended = LegalDocumentPage.objects.get(number="18/2021/QĐ-UBND")
    assert amended.status == ValidityStatus.PARTLY_EXPIRED
    page = client.get(replaced.url, HTTP_HOST=two_units.ward_a.site.hostname).content.decode()
    assert "Được thay thế bởi" in page and "33/KH-UBND" in page
