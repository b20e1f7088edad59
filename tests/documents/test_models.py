"""The document's lifecycle and validation: derived status over time, relations both ways, clear messages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents.models import LegalDocumentPage, RelationKind, ValidityStatus
from documents.search import annotate_listing

from .conftest import add_document, registry_of

D = datetime.date


def sql_status(page, day):
    return annotate_listing(LegalDocumentPage.objects.filter(pk=page.pk), day).get().validity


@pytest.mark.django_db
def test_status_follows_dates(two_units, taxonomy):
    page = add_document(
        two_units.ward_a,
        number="12/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 1, 8),
        effective_date=D(2026, 2, 1),
        expiry_date=D(2026, 12, 31),
    )
    expected = {
        D(2026, 1, 20): ValidityStatus.NOT_YET,
        D(2026, 2, 1): ValidityStatus.IN_FORCE,
        D(2026, 12, 30): ValidityStatus.IN_FORCE,
        D(2026, 12, 31): ValidityStatus.EXPIRED,
    }
    for day, status in expected.items():
        assert page.status_on(day) == status, day
        assert sql_status(page, day) == status, day


@pytest.mark.django_db
def test_replaced_and_amended_documents_change_status_once_the_new_one_is_in_force(two_units, taxonomy):
    old = add_document(
        two_units.ward_a,
        number="12/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 1, 8),
    )
    amended = add_document(
        two_units.ward_a,
        number="13/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 1, 9),
    )
    add_document(
        two_units.ward_a,
        number="33/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 3, 16),
        effective_date=D(2026, 4, 1),
        relations=[(RelationKind.REPLACES, old), (RelationKind.AMENDS, amended)],
    )
    old = LegalDocumentPage.objects.get(pk=old.pk)
    amended = LegalDocumentPage.objects.get(pk=amended.pk)
    for page, before, after in (
        (old, ValidityStatus.IN_FORCE, ValidityStatus.EXPIRED),
        (amended, ValidityStatus.IN_FORCE, ValidityStatus.PARTLY_EXPIRED),
    ):
        assert page.status_on(D(2026, 3, 31)) == before
        assert sql_status(page, D(2026, 3, 31)) == before
        assert page.status_on(D(2026, 4, 1)) == after
        assert sql_status(page, D(2026, 4, 1)) == after


@pytest.mark.django_db
def test_override_wins_and_needs_a_reason(two_units, taxonomy):
    page = add_document(
        two_units.ward_a,
        number="5/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 1, 8),
    )
    page.status_override = ValidityStatus.EXPIRED
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["status_override_reason"] == ["Hãy ghi lý do khi ghi đè hiệu lực của văn bản."]
    page.status_override_reason = "Bãi bỏ theo Quyết định số 9/QĐ-UBND của UBND thành phố"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.status_on(D(2026, 2, 1)) == ValidityStatus.EXPIRED
    assert sql_status(page, D(2026, 2, 1)) == ValidityStatus.EXPIRED


@pytest.mark.django_db
def test_relations_are_shown_on_both_documents(client, two_units, taxonomy):
    old = add_document(
        two_units.ward_a,
        number="12/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2025, 1, 8),
        title="Kế hoạch số 12/KH-UBND về cải cách hành chính năm 2025",
    )
    new = add_document(
        two_units.ward_a,
        number="33/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2025, 3, 16),
        title="Kế hoạch số 33/KH-UBND về cải cách hành chính năm 2025 (thay thế)",
        relations=[(RelationKind.REPLACES, old)],
    )
    host = two_units.ward_a.site.hostname
    old_html = client.get(old.url, HTTP_HOST=host).content.decode()
    new_html = client.get(new.url, HTTP_HOST=host).content.decode()
    assert "Được thay thế bởi" in old_html and new.title in old_html
    assert "Hết hiệu lực" in old_html
    assert "Thay thế" in new_html and old.title in new_html


@pytest.mark.django_db
def test_effective_date_before_issue_date_is_refused(two_units, taxonomy):
    page = LegalDocumentPage(
        title="Quyết định số 7/QĐ-UBND",
        number="7/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 3, 10),
        effective_date=D(2026, 3, 1),
        abstract="Về việc thành lập tổ công tác",
    )
    with pytest.raises(ValidationError) as error:
        registry_of(two_units.ward_a).add_child(instance=page)
    assert error.value.message_dict["effective_date"] == [
        "Ngày có hiệu lực không được trước ngày ban hành (10/03/2026)."
    ]
    assert not LegalDocumentPage.objects.exists()


@pytest.mark.django_db
def test_number_is_unique_per_issuing_body_and_year(two_units, taxonomy):
    add_document(
        two_units.ward_a,
        number="123/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 2, 5),
        title="Quyết định số 123/QĐ-UBND về tổ công tác",
    )
    # Same number, same body, same year — written differently: refused.
    clash = LegalDocumentPage(
        title="Quyết định khác",
        number="123 / qđ-ubnd",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 9, 1),
        abstract="Khác",
    )
    with pytest.raises(ValidationError) as error:
        registry_of(two_units.ward_a).add_child(instance=clash)
    assert error.value.message_dict["number"] == [
        "Số, ký hiệu 123 / qđ-ubnd của UBND Phường Ninh Sơn năm 2026 đã được dùng cho văn bản "
        "“Quyết định số 123/QĐ-UBND về tổ công tác”."
    ]
    # Another year, or another body, may reuse the number.
    add_document(
        two_units.ward_a,
        number="123/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2027, 1, 5),
    )
    add_document(
        two_units.ward_b,
        number="123/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_b_body,
        issue_date=D(2026, 2, 5),
    )
    assert LegalDocumentPage.objects.count() == 3


@pytest.mark.django_db
def test_derived_fields_fold_text_and_number(two_units, taxonomy):
    page = add_document(
        two_units.ward_a,
        number="123/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=D(2026, 2, 5),
        abstract="Về cải cách hành chính",
        sectors=[taxonomy.admin_reform],
    )
    assert page.number_folded == "123/qd-ubnd"
    assert "quyet dinh so 123/qd-ubnd" in page.search_text
    assert "ubnd phuong ninh son" in page.search_text
    assert "cai cach hanh chinh" in page.search_text
    assert page.slug.startswith("quyet-dinh-so-123qd-ubnd")
