"""Helpers of the disclosure items tests: the section pages of a unit and published items in them."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from disclosure.items import DisclosureItemFile, DisclosureItemPage, item_slug

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
FINANCE = "/cong-khai-thong-tin/ngan-sach-tai-chinh/"
PROJECTS = "/cong-khai-thong-tin/du-an-dau-tu-dau-thau-mua-sam-cong/"
PLANS = "/cong-khai-thong-tin/chien-luoc-quy-hoach-ke-hoach/"
STATISTICS_KEY = "statistics"


def section(unit, key: str):
    return unit.sections.select_related("page").get(key=key).page.specific


def add_item(unit, key: str, title: str, kind: str, issued_on: dt.date, *, file: bool = False, **fields):
    page = DisclosureItemPage(title=title, slug=item_slug(title), kind=kind, issued_on=issued_on, **fields)
    if file:
        document = get_document_model().objects.create(
            title=f"Tệp {title}"[:255],
            file=ContentFile(b"%PDF-1.4 bao cao" * 100, name=f"{item_slug(title)[:40]}.pdf"),
            collection=unit.collection,
        )
        page.files = [DisclosureItemFile(document=document, title=f"Toàn văn {title}")]
    section(unit, key).add_child(instance=page)
    page.save_revision().publish()
    return page


def budget_report(unit, year: int, period: str, kind: str = "budget_execution", **fields):
    label = {"q1": "quý I", "q2": "quý II", "q3": "quý III", "q4": "quý IV", "h1": "6 tháng", "year": "năm"}[period]
    title = f"Báo cáo {label}/{year} {unit.slug}" if kind == "budget_execution" else f"{kind} {year} {unit.slug}"
    return add_item(
        unit,
        "finance",
        title,
        kind,
        dt.date(year, 12, 1) if period == "year" else dt.date(year, 10, 5),
        period_year=year,
        period=period,
        **fields,
    )


def add_decision(unit, number: str = "152/QĐ-UBND"):
    """A published decision in the unit's own legal registry."""
    from documents.models import DocumentType, IssuingBody
    from tests.documents.conftest import add_document, reference

    return add_document(
        unit,
        number=number,
        document_type=reference(DocumentType, "Quyết định"),
        issuing_body=IssuingBody.objects.get(unit=unit),
        issue_date=dt.date(2026, 1, 15),
        abstract="Phê duyệt kế hoạch sử dụng đất năm 2026",
    )
