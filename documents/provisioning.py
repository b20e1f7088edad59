"""What a unit portal needs from the registry when it is provisioned: its own issuing body.

Connected to `sites.signals.unit_structure_ensured` in `DocumentsConfig.ready`, so `provision_unit` and
`sync_blueprint` add it to new and existing units alike.
"""

from __future__ import annotations

from wagtail.models import Locale

from sites.models import Unit

from .models import IssuingBody


def issuing_body_name(unit: Unit) -> str:
    """The name a unit signs its documents with: “UBND Phường Ninh Sơn”; a department or a contributing organisation
    by its own name."""
    return unit.name if unit.owns_portal_in_own_name else f"UBND {unit.name}"


def ensure_issuing_body(unit: Unit) -> list[str]:
    """Create the unit's issuing body if it has none; an outside body of the same name (entered before the unit had
    a portal) becomes the unit's. Returns the changes made."""
    if IssuingBody.objects.filter(unit=unit).exists():
        return []
    name = issuing_body_name(unit)
    locale = Locale.get_default()
    body = IssuingBody.objects.filter(name=name, locale=locale, unit__isnull=True).first()
    if body is not None:
        body.unit = unit
        body.save(update_fields=["unit"])
        return [f"Gắn cơ quan ban hành “{name}” với đơn vị"]
    IssuingBody.objects.create(name=name, unit=unit, locale=locale)
    return [f"Tạo cơ quan ban hành “{name}”"]


def add_unit_issuing_body(sender, unit: Unit, **kwargs) -> list[str]:
    return ensure_issuing_body(unit)
