"""Dịch vụ công trực tuyến (Decree 224 Art. 9(1)(a)): the catalogue of administrative procedures a unit handles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from home.models import IntroBodyMixin


class ServiceCatalogPage(RoutablePageMixin, IntroBodyMixin, Page):
    """The unit's online public services: the procedures it handles, by field, searchable without diacritics."""

    search_fields = [*Page.search_fields, *IntroBodyMixin.search_fields]
    content_panels = [*Page.content_panels, *IntroBodyMixin.content_panels]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage"]
    max_count_per_parent = 1
    template = "disclosure/service_catalog_page.html"

    class Meta:
        verbose_name = _("trang dịch vụ công trực tuyến")
        verbose_name_plural = _("trang dịch vụ công trực tuyến")
