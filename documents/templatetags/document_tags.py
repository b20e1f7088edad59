"""Template helpers of the registry: the “latest documents” block of a unit's home page."""

from __future__ import annotations

from django import template

from documents.models import LegalDocumentPage
from home.menus import unit_sections

register = template.Library()

LATEST_COUNT = 5


@register.simple_tag(takes_context=True)
def latest_documents(context, count: int = LATEST_COUNT) -> dict:
    """{registry, documents}: the unit's registry page and its newest live documents (three queries, none per item)."""
    unit = context.get("unit")
    if not unit:
        return {"registry": None, "documents": []}
    # The unit's live registry section in the page's language (the menu has read it already in this request).
    registry = unit_sections(unit).get("documents")
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
