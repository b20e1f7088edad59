"""Keep home.SearchEntry in step with what is published (connected in HomeConfig.ready).

Deleting a page removes its entry by cascade; whether a page is still live and public is checked again at query
time, so a missed signal can only leave a page out, never show one that should be hidden.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .search import index_page, reassign_subtree


def index_published_page(sender, instance: Page, **kwargs) -> None:
    index_page(instance)


def index_page_created_live(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """Pages created already live (provisioning, demo content) are never “published” through a revision.

    A unit's home page is created before its unit, so it is indexed when the unit is saved.
    """
    from sites.models import Unit

    if not created or raw:
        return
    if isinstance(instance, Page) and instance.live and (instance.depth or 0) > 1:
        index_page(instance)
    elif isinstance(instance, Unit):
        index_page(instance.home_page)


def reindex_moved_page(sender, instance: Page, **kwargs) -> None:
    reassign_subtree(instance)


def connect() -> None:
    page_published.connect(index_published_page, dispatch_uid="home_search_published")
    page_unpublished.connect(index_published_page, dispatch_uid="home_search_unpublished")
    post_page_move.connect(reindex_moved_page, dispatch_uid="home_search_moved")
    post_save.connect(index_page_created_live, dispatch_uid="home_search_created_live")
