"""The dashboard's summary (pages, images, documents) counted in the user's units.

Wagtail's items count from the deepest page the user's permissions share — for a ward's writer, whose rights sit
on the Vietnamese and the English home, that is the tree root, so the writer saw every page of the installation —
and its image and document counts follow collection permissions, not units. These items count what
`sites/access.py` gives the user: their units' pages (both languages) and the media of their units' collections;
superusers and the oversight office count every unit. `reports/wagtail_hooks.py` puts them in place of Wagtail's.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.documents import get_document_model
from wagtail.documents.wagtail_hooks import DocumentsSummaryItem
from wagtail.images import get_image_model
from wagtail.images.wagtail_hooks import ImagesSummaryItem
from wagtail.models import Page

from sites.access import restrict_collection_members, restrict_pages, sees_all_units, units_for_user


def _only_unit(user):
    """The user's unit when they are a member of exactly one (and see no more); None otherwise. Cached on the user:
    the three items ask within one request."""
    if not hasattr(user, "_reports_only_unit"):
        units = [] if sees_all_units(user) else list(units_for_user(user).select_related("home_page")[:2])
        user._reports_only_unit = units[0] if len(units) == 1 else None
    return user._reports_only_unit


def _summary_site_name(user) -> str:
    unit = _only_unit(user)
    return unit.name if unit is not None else settings.WAGTAIL_SITE_NAME


class UnitPagesSummaryItem(PagesSummaryItem):
    def get_context_data(self, parent_context):
        user = self.request.user
        pages = restrict_pages(Page.objects.filter(depth__gt=1), user, with_ancestors=False)
        unit = _only_unit(user)
        # The explorer opens on the unit's home for a member of one unit, on the tree root otherwise.
        root_page = unit.home_page if unit is not None else Page.get_first_root_node()
        return {"root_page": root_page, "total_pages": pages.count(), "site_name": _summary_site_name(user)}


class UnitImagesSummaryItem(ImagesSummaryItem):
    def get_context_data(self, parent_context):
        user = self.request.user
        images = restrict_collection_members(get_image_model().objects.all(), user)
        return {"total_images": images.count(), "site_name": _summary_site_name(user)}


class UnitDocumentsSummaryItem(DocumentsSummaryItem):
    def get_context_data(self, parent_context):
        user = self.request.user
        documents = restrict_collection_members(get_document_model().objects.all(), user)
        return {"total_docs": documents.count(), "site_name": _summary_site_name(user)}


UNIT_SUMMARY_ITEMS = {
    PagesSummaryItem: UnitPagesSummaryItem,
    ImagesSummaryItem: UnitImagesSummaryItem,
    DocumentsSummaryItem: UnitDocumentsSummaryItem,
}


def count_in_users_units(request, items: list) -> None:
    """Replace Wagtail's summary items (already in `items`) with those counting in the user's units."""
    items[:] = [UNIT_SUMMARY_ITEMS[type(item)](request) if type(item) in UNIT_SUMMARY_ITEMS else item for item in items]
