"""A unit amends or replaces only its own documents: another unit's relation never changes what B's pages say."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset

from documents.models import LegalDocumentPage, RelationKind, ValidityStatus

from .conftest import add_document, registry_of
from .test_uploads import page_form

D = datetime.date


@pytest.fixture
def b_decision(two_units, taxonomy):
    return add_document(
        two_units.ward_b,
        number="21/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_b_body,
        issue_date=D(2026, 1, 5),
        title="Quyết định số 21/QĐ-UBND về chỉnh trang đô thị phường Hiệp Ninh",
    )


def replacing_in_a(two_units, taxonomy, target, kind=RelationKind.REPLACES, number="40/QĐ-UBND"):
    """A document of ward A relating to `target`, stored without the admin form (legacy row, import, API)."""
    return add_document(
        two_units.ward_a,
        number=number,
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 2, 2),
        title=f"Quyết định số {number} của phường Ninh Sơn",
        relations=[(kind, target)],
    )


def text_of(client, unit, url: str) -> str:
    response = client.get(url, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [RelationKind.REPLACES, RelationKind.AMENDS, RelationKind.GUIDES])
def test_another_units_relation_changes_nothing_on_b_s_pages(client, two_units, taxonomy, b_decision, kind):
    a_document = replacing_in_a(two_units, taxonomy, b_decision, kind)
    ward_b = two_units.ward_b

    page = text_of(client, ward_b, b_decision.url)
    assert "Còn hiệu lực" in page
    assert "Hết hiệu lực" not in page
    assert a_document.title not in page
    assert "bởi" not in page  # no “Được thay thế / sửa đổi / hướng dẫn bởi …” line

    registry = text_of(client, ward_b, registry_of(ward_b).url)
    assert "Còn hiệu lực</span>" in registry
    expired = text_of(client, ward_b, registry_of(ward_b).url + f"?status={ValidityStatus.EXPIRED}")
    assert "21/QĐ-UBND</a>" not in expired

    verification = text_of(client, ward_b, registry_of(ward_b).url + "xac-minh/?so=21/QĐ-UBND")
    assert "Có 1 văn bản chính thức" in verification
    assert "Còn hiệu lực" in verification and "Hết hiệu lực" not in verification

    city = text_of(client, two_units.city, registry_of(two_units.city).url + "xac-minh/?so=21/QĐ-UBND")
    assert "Còn hiệu lực" in city and "Hết hiệu lực" not in city

    b_decision = LegalDocumentPage.objects.get(pk=b_decision.pk)
    assert b_decision.status == ValidityStatus.IN_FORCE
    # Nor does A's own page claim to replace or amend B's document.
    assert b_decision.title not in text_of(client, two_units.ward_a, a_document.url)


@pytest.mark.django_db
def test_a_units_own_replacement_still_expires_its_document(client, two_units, taxonomy, b_decision):
    add_document(
        two_units.ward_b,
        number="30/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_b_body,
        issue_date=D(2026, 2, 2),
        relations=[(RelationKind.REPLACES, b_decision)],
    )
    page = text_of(client, two_units.ward_b, b_decision.url)
    assert "Hết hiệu lực" in page and "Được thay thế bởi" in page
    verification = text_of(client, two_units.ward_b, registry_of(two_units.ward_b).url + "xac-minh/?so=21/QĐ-UBND")
    assert "Hết hiệu lực" in verification


def relation_form(two_units, taxonomy, attachment_pk: int, target_pk: int) -> dict:
    return page_form(
        attachment_pk,
        number="40/QĐ-UBND",
        slug="quyet-dinh-40",
        document_type=taxonomy.decision.pk,
        issuing_body=taxonomy.ward_a_body.pk,
        relations=inline_formset([{"kind": RelationKind.REPLACES, "target": target_pk}]),
    )


@pytest.mark.django_db
def test_board_cannot_relate_a_document_to_another_units_document(client, two_units, taxonomy, b_decision):
    own = add_document(
        two_units.ward_a,
        number="3/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 1, 3),
    )
    a_document = add_document(
        two_units.ward_a,
        number="40/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 2, 2),
    )
    attachment = a_document.attachments.get().document
    client.force_login(two_units.board_a)
    url = reverse("wagtailadmin_pages:edit", args=(a_document.pk,))
    revisions = Revision.page_revisions.filter(object_id=str(a_document.pk)).count()

    response = client.post(url, {**relation_form(two_units, taxonomy, attachment.pk, b_decision.pk)})
    assert response.status_code == 200
    assert "không thuộc Phường Ninh Sơn" in html.unescape(response.content.decode())
    assert Revision.page_revisions.filter(object_id=str(a_document.pk)).count() == revisions
    assert not a_document.relations.exists()
    assert LegalDocumentPage.objects.get(pk=b_decision.pk).status == ValidityStatus.IN_FORCE

    response = client.post(url, {**relation_form(two_units, taxonomy, attachment.pk, own.pk), "action-publish": "1"})
    assert response.status_code == 302
    assert a_document.relations.get().target_id == own.pk
    assert LegalDocumentPage.objects.get(pk=own.pk).status == ValidityStatus.EXPIRED
