"""Template helpers of the citizen-facing design system (templates/components/, templates/includes/)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from home.page_dates import html_datetime as format_html_datetime
from home.page_dates import listed_date, page_date, with_own_dates
from home.preferences import config_json, preference_config
from languages.helpers import english_published, is_alias, without_aliases
from sites.blueprint import BLUEPRINT
from sites.models import UnitSection

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """`url` as an absolute address on the request's host; one already absolute (an image on object storage) as is."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def owner_name(unit) -> str:
    """The agency that owns a unit's portal (footer “Cơ quan chủ quản”, Dublin Core publisher)."""
    if not unit:
        return ""
    if unit.owns_portal_in_own_name:  # a department, a contributing organisation
        return unit.localized_name
    return _("Ủy ban nhân dân %(name)s") % {"name": unit.localized_name}


@register.filter
def footer_items(menu_items) -> list:
    """The main-menu entries the blueprint also lists in the footer; no query, the menu is already built."""
    keys = {section.key for section in BLUEPRINT.sections if section.footer}
    return [item for item in menu_items or [] if item.key in keys]


@register.filter
def trail(page) -> list:
    """The page's ancestors from its unit's home down: those routing read for the page served (home/routing.py),
    a query for any other page. An untranslated parent copied into the English tree (an alias: its title is
    Vietnamese, its address sends readers to the Vietnamese page) is left out, as is a parent that is not live (one
    being translated: sites.publishing)."""
    ancestors = getattr(page, "route_ancestors", None)
    if ancestors is None or ancestors[0].depth != 2:
        ancestors = list(page.get_ancestors())[1:]
    return [ancestor for ancestor in ancestors if ancestor.live and not is_alias(ancestor)]


@register.filter
def page_description(page) -> str:
    """What a page is about, for meta description and DC.description: SEO text, then its summary."""
    if page is None:
        return ""
    return (getattr(page, "search_description", "") or getattr(page, "intro", "") or "").strip()


SHARE_DESCRIPTION_LENGTH = 200  # what link previews show in full; longer text is cut by them mid-word


@register.filter
def shorten(text: str, limit: int = SHARE_DESCRIPTION_LENGTH) -> str:
    """`text` cut at the last word boundary within `limit` characters, ending with “…” when it was cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > 0 and text[limit] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


@register.filter
def html_datetime(value) -> str:
    """A valid `<time datetime>` value (home/page_dates.py): a date, or a date-time to the second with its offset."""
    return format_html_datetime(value)


@register.simple_tag(takes_context=True)
def page_metadata(context, title: str = "") -> dict:
    """Title, description, canonical URL, date and type of the page being rendered, for templates/includes/meta.html.

    Works for every page type and for pages without a Wagtail page (404): it never raises on a missing `page`.
    """
    page = context.get("page")
    request = context.get("request")
    unit = context.get("unit")
    if not title:
        title = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else ""
        title = title or (unit.name if unit else "")
    if context.get("canonical_url"):  # a routable page's sub-page (one procedure of a catalogue) names its own
        url = context["canonical_url"]
    elif page is not None and hasattr(page, "get_full_url"):
        url = page.get_full_url(request)
    else:
        url = request.build_absolute_uri() if request is not None else ""
    own = page_date(page)
    description = page_description(page) or title
    return {
        "title": title,
        "description": description,
        "summary": shorten(description),
        "has_description": bool(page_description(page)),
        "url": url,
        "date": own.value if own else None,
        "modified": getattr(page, "last_published_at", None) if page is not None else None,
        "is_article": page is not None and getattr(page, "depth", 0) > 2,
    }


@register.simple_tag
def display_preference_config() -> str:
    """The display preferences' cookie domain and the portals outside it, as JSON for the data-config attribute of
    static/js/display.js (includes/display_preferences.html, autoescaped there); the same for every page of the
    installation."""
    return config_json(preference_config())


MY_UNIT_COOKIE = "don_vi_cua_toi"  # set by home.views.my_unit_view


@register.simple_tag(takes_context=True)
def my_unit(context, limit: int = 5) -> dict:
    """“Đơn vị của tôi” on a parent unit's home: the child unit the visitor picked (cookie) and its latest pages.

    Reads the already listed `child_units` (no query); costs queries only once a unit is picked.
    """
    request = context.get("request")
    units = list(context.get("child_units") or [])
    slug = request.COOKIES.get(MY_UNIT_COOKIE, "") if request is not None else ""
    chosen = next((unit for unit in units if unit.slug == slug), None)
    latest: list = []
    language = get_language()
    if chosen is not None and (language == settings.LANGUAGE_CODE or english_published(chosen.site)):
        # The unit's home in the page's language: an English page lists the unit's English pages.
        home = (
            Page.objects.only("path", "depth")
            .filter(depth=2, locale__language_code=language)
            .filter(translation_key__in=Page.objects.filter(pk=chosen.home_page_id).values("translation_key"))
            .first()
        )
        sections = UnitSection.objects.filter(unit=chosen).values("page__translation_key")
        # Latest published content anywhere in the unit's tree; blueprint section pages (in any language) are
        # listings, not news, and untranslated parents copied into the English tree (aliases) mirror Vietnamese.
        latest = (
            list(
                with_own_dates(without_aliases(home.get_descendants().live().public()))
                .exclude(translation_key__in=sections)
                .exclude(first_published_at=None)
                .order_by("-first_published_at")[:limit]
            )
            if home is not None
            else []
        )
        for item in latest:  # a document shows its issue date, an article its own date (one query, annotated)
            item.listed_date = listed_date(item, item.first_published_at)
    return {"units": units, "chosen": chosen, "latest": latest}
