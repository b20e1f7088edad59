"""Template helpers of the registry: the “latest documents” block of a unit's home page."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from documents.models import LegalDocumentIndexPage, LegalDocumentPage
from languages.helpers import page_in_language, vietnamese_active

register = template.Library()

LATEST_COUNT = 5


@register.simple_tag(takes_context=True)
def latest_documents(context, count: int = LATEST_COUNT) -> dict:
    """{registry, documents}: the unit's registry page and its newest live documents (three queries, none per item)."""
    unit = context.get("unit")
    if not unit:
        return {"registry": None, "documents": []}
    # Through the unit's blueprint section row: no need to load the home page for its path.
    registry = (
        LegalDocumentIndexPage.objects.live()
        .filter(unit_section__unit_id=unit.pk, unit_section__key="documents")
        .only("id", "path", "depth", "url_path", "title", "locale_id")
        .first()
    )
    if registry is not None and not vietnamese_active():
        # On English pages, the registry only where it has been translated (its documents are listed in it).
        registry = page_in_language(registry, get_language())
    if registry is None:
        return {"registry": None, "documents": []}
    documents = (
        LegalDocumentPage.objects.live()
        .public()
        .descendant_of(registry)
        .select_related("document_type", "issuing_body")
        .order_by("-issue_date", "-pk")[:count]
    )
    return {"registry": registry, "documents": list(documents)}
