"""Menus read from the blueprint and the unit's section pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .blueprint import BLUEPRINT
from .models import Unit


@dataclass
class MenuItem:
    key: str
    title: str
    url: str
    accesskey: str = ""
    children: list[MenuItem] = field(default_factory=list)


def unit_sections(unit: Unit) -> dict[str, object]:
    """The unit's live section pages by blueprint key, in one query."""
    rows = unit.sections.filter(page__live=True).select_related("page")
    return {row.key: row.page for row in rows}


def main_menu(unit: Unit | None) -> list[MenuItem]:
    """Trang chủ, then the blueprint's menu sections, each with its child sections, in blueprint order."""
    if unit is None:
        return []
    pages = unit_sections(unit)
    sections = [s for s in BLUEPRINT.for_kind(unit.kind) if s.key in pages]
    by_key = {
        s.key: MenuItem(s.key, pages[s.key].title, pages[s.key].get_url(current_site=unit.site), s.accesskey)
        for s in sections
    }
    items = [MenuItem("home", str(_("Trang chủ")), "/", accesskey="1")]
    for section in sections:
        if section.parent and section.parent in by_key:
            by_key[section.parent].children.append(by_key[section.key])
        elif section.menu:
            items.append(by_key[section.key])
    return items


def footer_links(unit: Unit | None) -> list[MenuItem]:
    if unit is None:
        return []
    pages = unit_sections(unit)
    return [
        MenuItem(s.key, pages[s.key].title, pages[s.key].get_url(current_site=unit.site), s.accesskey)
        for s in BLUEPRINT.for_kind(unit.kind)
        if s.footer and s.key in pages
    ]
