"""Template helpers of the news pages and of the news slots on unit home pages."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from home.menus import unit_sections
from languages.helpers import vietnamese_active
from sites.access import unit_for_request
from sites.models import home_path

from ..syndication import (
    approved_for_unit,
    has_children,
    public_articles,
    pushed_announcements,
    with_approved_articles,
    with_listing_images,
)

register = template.Library()

HOME_LATEST = 6
HOME_SYNDICATED = 6


@register.simple_tag(takes_context=True)
def news_home_slots(context) -> dict:
    """What the home page shows from the news app, in a fixed number of queries whatever the amount of news.

    Every unit: its featured (pinned or newest) article, its latest news, its own announcements and those its
    parent pushed to it. A unit with units under it (the city): also “Tin từ các đơn vị”.
    """
    request = context.get("request")
    unit = context.get("unit") or (unit_for_request(request) if request else None)
    if unit is None:
        return {}
    public = public_articles()
    page = context.get("page")
    # The home being shown: the unit's Vietnamese home or its English translation.
    home = home_path(page) if isinstance(page, Page) else unit.home_page.path
    vietnamese = vietnamese_active()
    articles = public.filter(path__startswith=home).select_related("category")
    sections = unit_sections(unit)
    announcements_page = sections.get("announcements")
    own_announcements = []
    if announcements_page is not None:  # announcements have their own slot
        articles = articles.exclude(path__startswith=announcements_page.path)
        own_announcements = list(public.child_of(announcements_page).order_by("-pinned", "-date")[:4])
    latest = list(articles.order_by("-pinned", "-date", "-pk")[: HOME_LATEST + 1])
    city = has_children(unit)
    syndicated = (
        with_approved_articles(approved_for_unit(unit, public)[:HOME_SYNDICATED], with_images=False)
        if city and vietnamese
        else []
    )
    # The images of the latest news and of the units' news in one query.
    with_listing_images(latest + [proposal.approved_article for proposal in syndicated])
    return {
        "featured": latest[0] if latest else None,
        "latest": latest[1:],
        "news_page": sections.get("news"),
        "announcements_page": announcements_page,
        "own_announcements": own_announcements,
        # Announcements pushed by the parent and news proposed by units are Vietnamese items.
        "pushed": list(pushed_announcements(unit, articles=public)) if vietnamese else [],
        "syndicated": syndicated,
        "has_children": city,
    }


@register.simple_tag(takes_context=True)
def feed_links(context) -> list[dict]:
    """The RSS feeds offered on the current page: the unit's, the section's, and on the city the all-units feed."""
    unit = context.get("unit")
    if not unit:
        return []
    name = unit.localized_name
    links = [{"title": _("Tin tức – %(unit)s") % {"unit": name}, "url": reverse("news_feeds:unit")}]
    page = context.get("page")
    if context.get("section_feed_url"):
        links.append({"title": f"{page.title} – {name}", "url": context["section_feed_url"]})
    city_page = context.get("syndicated_url") or context.get("syndicated") or getattr(page, "depth", 0) == 2
    # The units' news is Vietnamese: the all-units feed is offered on Vietnamese pages only.
    if city_page and vietnamese_active() and has_children(unit):
        title = _("Tin tức %(unit)s và các đơn vị") % {"unit": unit.name}
        links.append({"title": title, "url": reverse("news_feeds:all_units")})
    return links


@register.filter
def share_url(url: str, network: str) -> str:
    """Share links that open the network's own share page; nothing is loaded from it until the reader clicks."""
    encoded = quote(url, safe="")
    if network == "facebook":
        return f"https://www.facebook.com/sharer/sharer.php?u={encoded}"
    if network == "zalo":
        return f"https://sp.zalo.me/plugins/share?href={encoded}"
    raise ValueError(network)
