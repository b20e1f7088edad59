"""Menus read from the blueprint and the unit's section pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from languages.helpers import home_url, translated_pages
from sites.blueprint import BLUEPRINT
from sites.models import Unit
from sites.request_memo import once_per_request


@dataclass
class MenuItem:
    key: str
    title: str
    url: str
    accesskey: str = ""
    children: list[MenuItem] = field(default_factory=list)


def unit_sections(unit: Unit) -> dict[str, object]:
    """The unit's live section pages by blueprint key in the active language, in one or two queries.

    On English pages only the sections translated into English (and live) are listed: the English portal never
    links to Vietnamese text. Read once per request (the menu, the footer and the home's news slots all ask).
    """
    return once_per_request(("unit_sections", unit.pk, get_language()), lambda: _unit_sections(unit))


def _unit_sections(unit: Unit) -> dict[str, object]:
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        rows = unit.sections.filter(page__live=True).select_related("page")
        return {row.key: row.page for row in rows}
    # The translations of the unit's live sections, each with its blueprint key, in one query.
    sections = unit.sections.filter(page__live=True)
    key = sections.filter(page__translation_key=OuterRef("translation_key")).values("key")[:1]
    translated = (
        translated_pages()
        .filter(translation_key__in=sections.values("page__translation_key"), locale__language_code=language)
        .annotate(section_key=Subquery(key))
    )
    return {page.section_key: page for page in translated}


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
    items = [MenuItem("home", str(_("Trang chủ")), home_url(), accesskey="1")]
    for section in sections:
        if section.parent and section.parent in by_key:
            by_key[section.parent].children.append(by_key[section.key])
        elif section.menu or section.parent:  # a child whose parent is not translated stands on its own
            items.append(by_key[section.key])
    return items
