"""Template helpers of the participation pages and of the “open consultations” slot on unit home pages."""

from __future__ import annotations

from django import template

from ..consultations import open_consultations as find_open_consultations
from ..models import ConsultationIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def open_consultations(context) -> dict:
    """The open drafts of the home page's unit and of every unit below it (the city's across its units), and the
    unit's own consultation section, in a fixed number of queries."""
    page = context.get("page")
    if page is None or page.depth != 2:
        return {"items": [], "index": None}
    # A home page is served on its own unit's site: the request's unit (`unit`, home/context_processors.py) is its.
    unit = context.get("unit") or None
    across_units = unit is None or unit.has_children  # a unit without units below needs no search for them
    items = find_open_consultations(page, context.get("request"), across_units=across_units, unit=unit)
    index = ConsultationIndexPage.objects.descendant_of(page).live().first() if items else None
    return {"items": items, "index": index}
