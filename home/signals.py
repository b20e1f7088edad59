"""Keep home.SearchEntry in step with what is published (connected in HomeConfig.ready).

Deleting a page removes its entry by cascade; whether a page is still live and public is checked again at query
time, so a missed signal can only leave a page out, never show one that should be hidden.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import Unit

from .search import index_page, reassign_subtree


def index_published_page(sender, instance: Page, **kwargs) -> None:
    index_page(instance)


def index_page_created_live(sender, instance: Page, created: bool = False, raw: bool = False, **kwargs) -> None:
    """Pages created already live (provisioning, demo content) are never “published” through a revision."""
    if created and not raw and instance.live and (instance.depth or 0) > 1:
        index_page(instance)


def index_unit_home(sender, instance: Unit, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A unit's home page is created before its unit, so it is indexed when the unit is saved."""
    if created and not raw:
        index_page(instance.home_page)


def reindex_moved_page(sender, instance: Page, **kwargs) -> None:
    reassign_subtree(instance)


def connect() -> None:
    page_published.connect(index_published_page, dispatch_uid="home_search_published")
    page_unpublished.connect(index_published_page, dispatch_uid="home_search_unpublished")
    post_page_move.connect(reindex_moved_page, dispatch_uid="home_search_moved")
    for model in get_page_models():
        post_save.connect(
            index_page_created_live, sender=model, dispatch_uid=f"home_search_created_live_{model._meta.label_lower}"
        )
    post_save.connect(index_unit_home, sender=Unit, dispatch_uid="home_search_unit_created")
