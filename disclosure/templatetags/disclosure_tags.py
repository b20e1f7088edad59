"""Formatting of disclosure items: money as Vietnamese write it (“12.500.000.000 đồng”)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def dong(value) -> str:
    """An amount in đồng with dots between thousands: 12500000000 → “12.500.000.000 đồng” ("" for no amount)."""
    if value is None or value == "":
        return ""
    try:
        amount = int(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}
