"""Template helpers of the participation pages and of the “open consultations” slot on unit home pages."""

from __future__ import annotations

from django import template

from home.menus import unit_sections
from home.models import units_at_and_below

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
    units = units_at_and_below(unit) if unit is not None and across_units else None
    items = find_open_consultations(page, context.get("request"), across_units=across_units, unit=unit, units=units)
    if not items:
        return {"items": [], "index": None}
    # The unit's consultation section in the page's language, read with the menu; any other home: a query.
    index = unit_sections(unit).get("consultation") if unit is not None else None
    if index is None:
        index = ConsultationIndexPage.objects.descendant_of(page).live().first()
    return {"items": items, "index": index}
