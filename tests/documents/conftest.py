"""Registry fixtures on the shared two-unit fixture: taxonomies, a helper that publishes a document with a PDF."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from documents.models import (
    DocumentSector,
    DocumentType,
    IssuingBody,
    LegalDocumentAttachment,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    LegalDocumentRelation,
    Signer,
)
from documents.pdf import simple_pdf

_counter = itertools.count(1)


@dataclass
class Taxonomy:
    decision: DocumentType
    plan: DocumentType
    letter: DocumentType
    admin_reform: DocumentType | DocumentSector
    land: DocumentSector
    ward_a_body: IssuingBody
    ward_b_body: IssuingBody
    city_body: IssuingBody
    province: IssuingBody


def reference(model, name: str):
    """A reference row of the registry's data migration, in the default locale."""
    return model.objects.get(name=name, locale=Locale.get_default())


@pytest.fixture
def taxonomy(two_units) -> Taxonomy:
    """Reference types and sectors, the units' own issuing bodies (made by provisioning) and an outside body."""
    return Taxonomy(
        decision=reference(DocumentType, "Quyết định"),
        plan=reference(DocumentType, "Kế hoạch"),
        letter=reference(DocumentType, "Công văn"),
        admin_reform=reference(DocumentSector, "Cải cách hành chính"),
        land=reference(DocumentSector, "Đất đai"),
        ward_a_body=IssuingBody.objects.get(unit=two_units.ward_a),
        ward_b_body=IssuingBody.objects.get(unit=two_units.ward_b),
        city_body=IssuingBody.objects.get(unit=two_units.city),
        province=IssuingBody.objects.create(name="UBND tỉnh Tây Ninh"),
    )


def registry_of(unit) -> LegalDocumentIndexPage:
    return unit.sections.get(key="documents").page.specific


def make_file(unit, name: str = "", content: bytes | None = None) -> Document:
    name = name or f"van-ban-{next(_counter)}.pdf"
    content = content if content is not None else simple_pdf([name, "Ban chinh thuc"])
    document = Document(title=name, collection=unit.collection)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def add_document(
    unit,
    *,
    number: str,
    document_type: DocumentType,
    issuing_body: IssuingBody,
    issue_date: datetime.date,
    abstract: str = "Về việc triển khai nhiệm vụ",
    title: str = "",
    effective_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    sectors=(),
    signer: Signer | None = None,
    relations=(),
    publish: bool = True,
    file: Document | None = None,
    **extra,
) -> LegalDocumentPage:
    registry = registry_of(unit)
    page = LegalDocumentPage(
        title=title or f"{document_type.name} số {number} {abstract.lower()}",
        number=number,
        document_type=document_type,
        issuing_body=issuing_body,
        issue_date=issue_date,
        effective_date=effective_date,
        expiry_date=expiry_date,
        abstract=abstract,
        signer=signer,
        **extra,
    )
    page.sectors = list(sectors)
    page.attachments = [LegalDocumentAttachment(document=file or make_file(unit))]
    page.relations = [LegalDocumentRelation(kind=kind, target=target) for kind, target in relations]
    page.live = publish
    registry.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def page_form(document_pk: int, number: str = "15/QĐ-UBND", **overrides) -> dict:
    """The legal-document editor's POST body with one attachment (nested form data, as the admin sends it)."""
    data = {
        "title": "Quyết định số 15/QĐ-UBND về việc thành lập tổ công tác",
        "slug": "quyet-dinh-so-15-qd-ubnd",
        "number": number,
        "issue_date": "2026-03-10",
        "effective_date": "",
        "expiry_date": "",
        "nature": "administrative",
        "abstract": "Về việc thành lập tổ công tác chuyển đổi số",
        "status_override": "",
        "status_override_reason": "",
        "full_text": rich_text(""),
        "attachments": inline_formset([{"document": document_pk, "label": ""}], min=1),
        "relations": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)
