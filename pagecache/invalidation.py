"""What a change purges (docs/caching.md): the receivers that bump page cache generations after the transaction
commits, and purge the same pages from an edge cache (wagtail.contrib.frontend_cache) when one is configured.

The rule: a change owned by a unit bumps the generations of the sites of that unit, of the units above it (their
listings, feeds, “all units” search and “Đơn vị của tôi” aggregate it) and of the units below it (their home pages show
the announcements it pushes down). A change owned by no unit (reference data, a unit's name or address, a Site, a
Locale, the working-day calendar, a planned suspension or an alert of the city) can show on any site: it bumps the
global generation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import Unit, UnitOwnedMixin, UnitSection
from sites.signals import unit_content_changed

from . import generations

logger = logging.getLogger(__name__)

# The apps whose rows pages show; every other app (auth users, sessions, axes, django-otp, Wagtail's revisions, logs,
# workflow states and tasks, wagtail-localize's translation sources, taggit) never purges anything.
PROJECT_APPS = {
    "sites", "home", "news", "documents", "organization", "participation", "disclosure", "workdays", "search",
    "reports", "accounts", "notices",
}  # fmt: skip
# Rows of the project that no public page shows, or that are written on every visit or vote: saving them purges
# nothing. Rows with a ParentalKey (a page's attachments, schedule entries, tags) are saved by their page's publish.
NEVER_PURGE = {
    "reports.pageviewcount",  # one write per counted visit (reports/usage.py)
    "reports.digestsent",
    "reports.guidance",  # the oversight office's notes to editors: admin only
    "reports.guidanceread",
    "reports.scoretable",  # oversight scores: admin only
    "reports.scoreitem",
    "reports.unitscore",
    "search.searchentry",  # follows a publish, which purges
    "accounts.invitation",
    "sites.unitgroup",  # groups and permissions
    "participation.pagerating",  # one write per vote; shown only in the admin report
    "participation.questionevent",  # a question's processing history, admin only
}


def page_cache_on() -> bool:
    return getattr(settings, "PORTAL_PAGE_CACHE", False)


def edge_cache_on() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


@dataclass
class Purge:
    """What one change purges: the global generation (and the host map), or the sites of some units."""

    everything: bool = False
    sites_changed: bool = False
    units: set[int] = field(default_factory=set)
    pages: list[Page] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # for the edge alone, without the listings above them


def units_showing(unit_ids: set[int]) -> tuple[set[int], dict[int, tuple[int | None, int]]]:
    """`unit_ids`, every unit above them and every unit below them; and {unit id: (parent id, site id)}."""
    rows = Unit.objects.values_list("pk", "parent_id", "site_id")
    tree = {pk: (parent_id, site_id) for pk, parent_id, site_id in rows}
    children: dict[int | None, list[int]] = {}
    for pk, (parent_id, _site) in tree.items():
        children.setdefault(parent_id, []).append(pk)
    shown = set()
    for unit_id in unit_ids:
        above = unit_id
        while above is not None and above in tree and above not in shown:
            shown.add(above)
            above = tree[above][0]
        below = list(children.get(unit_id, []))
        while below:
            child = below.pop()
            if child not in shown:
                shown.add(child)
                below.extend(children.get(child, []))
    return shown, tree


def apply(purge: Purge) -> None:
    """Bump the generations `purge` names and purge the edge; never fails the change that caused it."""
    site_ids: set[int] = set()
    try:
        keys = []
        if purge.everything:
            keys.append(generations.GLOBAL)
        if purge.sites_changed:
            keys.append(generations.SITES)
        if purge.units and not purge.everything:
            units, tree = units_showing(purge.units)
            site_ids = {tree[pk][1] for pk in units}
            keys.extend(generations.site_generation_key(site_id) for site_id in site_ids)
        generations.bump(keys)
    except Exception:
        # The new tokens did not land (written twice, read back): the pages stay served until they expire
        # (PORTAL_PAGE_CACHE_TIMEOUT at most). An outage that also fails lookups serves pages uncached meanwhile.
        logger.error(
            "page cache purge failed (sites %s)",
            "all" if purge.everything else ", ".join(str(pk) for pk in sorted(site_ids)) or "none",
            exc_info=True,
        )
        return
    if not edge_cache_on():
        return
    try:
        if purge.everything:
            # A change every site shows (an alert, a maintenance notice, a unit's name, reference data): the edge
            # drops every site's home at once (two URLs a site); its other pages follow within PORTAL_EDGE_MAX_AGE.
            all_sites = set(Site.objects.values_list("pk", flat=True))
            purge_edge(all_sites, purge.pages, purge.urls, paths=HOME_PATHS)
        elif site_ids or purge.pages or purge.urls:
            purge_edge(site_ids, purge.pages, purge.urls)
    except Exception:
        logger.exception("edge cache purge failed")


# The pages of every site that aggregate what its units publish (docs/caching.md).
AGGREGATE_PATHS = ("/", "/en/", "/rss/", "/rss/cac-don-vi/", "/en/rss/", "/en/rss/cac-don-vi/", "/sitemap.xml")
HOME_PATHS = ("/", "/en/")


def edge_urls(
    site_ids: set[int], pages: list[Page], extra: list[str] = (), paths: tuple[str, ...] = AGGREGATE_PATHS
) -> list[str]:
    urls: list[str] = list(extra)
    for site in Site.objects.filter(pk__in=site_ids).order_by("pk"):
        urls.extend(site.root_url + path for path in paths)
    for page in pages:
        # The page and the listings above it, up to the unit's home.
        for shown in [page, *page.get_ancestors().filter(depth__gt=1).specific(defer=True)]:
            url = shown.get_full_url()
            if url:
                urls.append(url)
    return list(dict.fromkeys(urls))


def purge_edge(
    site_ids: set[int], pages: list[Page], extra: list[str] = (), paths: tuple[str, ...] = AGGREGATE_PATHS
) -> None:
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_urls(edge_urls(site_ids, pages, extra, paths))
    batch.purge()


def schedule(purge: Purge) -> None:
    """Applies `purge` once the transaction commits (at once outside one): a rolled back change purges nothing."""
    transaction.on_commit(lambda: apply(purge))


def unit_of_page(page: Page) -> int | None:
    unit = Unit.for_page(page)
    return unit.pk if unit is not None else None


def purge_for_page(page: Page, edge: bool = True) -> Purge:
    unit_id = unit_of_page(page)
    if unit_id is None:
        return Purge(everything=True, pages=[page] if edge else [])
    return Purge(units={unit_id}, pages=[page] if edge else [])


def purge_for_row(model, instance) -> Purge | None:
    """What saving or deleting `instance` purges; None for rows no page shows."""
    label = model._meta.label_lower
    if label in NEVER_PURGE:
        return None
    if issubclass(model, (Site, Locale)):
        return Purge(everything=True, sites_changed=issubclass(model, Site))
    if issubclass(model, PageViewRestriction):
        # The page and every page below it turn private (or public again): an edge must drop all of their URLs.
        purge = purge_for_page(instance.page)
        below = instance.page.get_descendants().live().specific(defer=True)
        purge.urls.extend(url for url in (page.get_full_url() for page in below) if url)
        return purge
    if issubclass(model, BaseSiteSetting):
        unit = Unit.objects.filter(site_id=instance.site_id).values_list("pk", flat=True).first()
        return Purge(units={unit}) if unit else Purge(everything=True)
    if issubclass(model, (get_image_model(), get_document_model())):
        from sites.access import unit_of_collection

        unit = unit_of_collection(instance.collection) if instance.collection_id else None
        return Purge(units={unit.pk}) if unit else Purge(everything=True)
    if model._meta.app_label not in PROJECT_APPS:
        return None
    if issubclass(model, Unit):
        # Its name, address and portal link show on its parent's and children's sites; its slug is what a
        # “Đơn vị của tôi” cookie may name (the host map reloads).
        return Purge(everything=True, sites_changed=True)
    if issubclass(model, (UnitOwnedMixin, UnitSection)):
        return Purge(units={instance.unit_id})
    if any(isinstance(f, ParentalKey) for f in model._meta.concrete_fields):
        return None
    return Purge(everything=True)  # reference data: document types, issuers, fields, topics, the calendar


def on_page_changed(sender, instance, **kwargs) -> None:
    if page_cache_on() or edge_cache_on():
        schedule(purge_for_page(instance))


def on_page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs) -> None:
    if not (page_cache_on() or edge_cache_on()):
        return
    purge = purge_for_page(instance)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            other = purge_for_page(parent, edge=False)
            purge.units |= other.units
            purge.everything |= other.everything
    schedule(purge)


def on_row_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not (page_cache_on() or edge_cache_on()) or issubclass(sender, Page):
        return  # a page's save is a draft until it is published (page_published purges)
    purge = purge_for_row(sender, instance)
    if purge is not None:
        schedule(purge)


def on_row_deleted(sender, instance, **kwargs) -> None:
    if not (page_cache_on() or edge_cache_on()):
        return
    if issubclass(sender, Page):
        if sender is Page or instance.depth <= 1:
            return  # the specific page's own signal carries it once
        schedule(purge_for_page(instance))
        return
    purge = purge_for_row(sender, instance)
    if purge is not None:
        schedule(purge)


def on_unit_content_changed(sender, unit=None, **kwargs) -> None:
    """A bulk write of rows a unit's pages show (sites.signals.unit_content_changed)."""
    if page_cache_on() or edge_cache_on():
        schedule(Purge(units={unit.pk}) if unit is not None else Purge(everything=True))


def connect_receivers() -> None:
    page_published.connect(on_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache_moved")
    post_save.connect(on_row_saved, dispatch_uid="pagecache_saved")
    post_delete.connect(on_row_deleted, dispatch_uid="pagecache_deleted")
    unit_content_changed.connect(on_unit_content_changed, dispatch_uid="pagecache_unit_content_changed")
