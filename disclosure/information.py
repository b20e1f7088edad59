"""Công khai thông tin (Law on Access to Information Art. 19(1)(g), 23–24): the unit's disclosure list, its
information focal point and the request form for information not yet disclosed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from home.models import IntroBodyMixin

from .items import DISCLOSURE_LIST_PAGES


class DisclosurePage(RoutablePageMixin, IntroBodyMixin, Page):
    """The unit's list of the information it discloses and where each is published, generated from what exists."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = [*DISCLOSURE_LIST_PAGES, "disclosure.DisclosureItemPage", "home.ContentPage"]
    max_count_per_parent = 1
    template = "disclosure/disclosure_page.html"

    class Meta:
        verbose_name = _("trang công khai thông tin")
        verbose_name_plural = _("trang công khai thông tin")
