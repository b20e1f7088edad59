"""Keep search.SearchEntry in step with what is published (connected in SearchConfig.ready).

Every receiver is connected to the page models (and the unit) by sender, never to every model's save. Deleting a
page removes its entry by cascade; whether a page is still live and public is checked again at query time, so a
missed signal can only leave a page out, never show one that should be hidden.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from wagtail.models import Page, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import Unit

from .pages import index_page, reassign_subtree


def index_published_page(sender, instance: Page, **kwargs) -> None:
    index_page(instance)


def index_page_created_live(sender, instance: Page, created: bool = False, raw: bool = False, **kwargs) -> None:
    """Pages created already live (provisioning, demo content) are never “published” through a revision."""
    if created and not raw and instance.live and (instance.depth or 0) > 1:
        index_page(instance)


def index_home_of_new_unit(sender, instance: Unit, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A unit's home page is created before its unit, so it is indexed when the unit is saved."""
    if created and not raw:
        index_page(instance.home_page)


def reindex_moved_page(sender, instance: Page, **kwargs) -> None:
    reassign_subtree(instance)


def connect() -> None:
    for model in get_page_models():
        uid = f"search_{model._meta.label_lower}"
        page_published.connect(index_published_page, sender=model, dispatch_uid=f"{uid}_published")
        page_unpublished.connect(index_published_page, sender=model, dispatch_uid=f"{uid}_unpublished")
        post_page_move.connect(reindex_moved_page, sender=model, dispatch_uid=f"{uid}_moved")
        post_save.connect(index_page_created_live, sender=model, dispatch_uid=f"{uid}_created_live")
    post_save.connect(index_home_of_new_unit, sender=Unit, dispatch_uid="search_unit_created")
