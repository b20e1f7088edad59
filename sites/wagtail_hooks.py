"""Admin hooks for units: the superuser views that create and list unit portals, and unit isolation.

Wagtail already limits the explorer, page search, image and document listings by group permissions; these hooks
add the unit boundary where Wagtail shows the whole tree or every collection — the page
chooser above all — so that an editor only ever sees pages, images and documents of the units they belong to.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.models import CollectionViewRestriction, Page

from . import views
from .access import (
    administered_units,
    is_unit_member,
    restrict_collection_members,
    restrict_pages,
    sees_all_units,
    unit_of_collection,
    unit_pages_filter,
)
from .admin_scoping import scope_admin_api

unit_admin_urls = (
    [
        path("", views.UnitIndexView.as_view(), name="index"),
        path("new/", views.UnitCreateView.as_view(), name="create"),
        path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    ],
    "sites_units",
)


unit_contact_urls = (
    [
        path("", views.UnitContactUnitsView.as_view(), name="index"),
        path("<int:unit_id>/", views.UnitContactView.as_view(), name="edit"),
    ],
    "unit_contact",
)


@hooks.register("register_admin_urls")
def register_unit_admin_urls():
    return [
        path("units/", include(unit_admin_urls, namespace="sites_units")),
        path("thong-tin-lien-he/", include(unit_contact_urls, namespace="unit_contact")),
    ]


@hooks.register("construct_reports_menu")
def hide_every_units_translation_report(request, menu_items):
    """wagtail-localize lists its report of every unit's translations to everyone, but only those who read every unit
    may open it (admin_scoping.LOCALIZE_GLOBAL_REPORTS); a unit's editors read their own unit's report."""
    if not sees_all_units(request.user):
        url = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != url]


class EveryUnitReaderMenuItem(MenuItem):
    """Shown to superusers and the oversight office, who read every unit."""

    def is_shown(self, request):
        return sees_all_units(request.user)


class UnitAdministratorMenuItem(MenuItem):
    """Shown to those who administer a unit (unit administrators, superusers)."""

    def is_shown(self, request):
        return administered_units(request.user).exists()


@hooks.register("register_settings_menu_item")
def register_unit_contact_menu_item():
    return UnitAdministratorMenuItem(
        _("Thông tin liên hệ của đơn vị"),
        reverse("unit_contact:index"),
        icon_name="mail",
        name="unit-contact",
        order=153,
    )


@hooks.register("register_settings_menu_item")
def register_unit_index_menu_item():
    return EveryUnitReaderMenuItem(
        _("Cổng thành phần"), reverse("sites_units:index"), icon_name="site", name="units", order=150
    )


@hooks.register("register_settings_menu_item")
def register_unit_create_menu_item():
    return AdminOnlyMenuItem(
        _("Tạo cổng thành phần"), reverse("sites_units:create"), icon_name="plus", name="create-unit", order=151
    )


# --- Isolation -------------------------------------------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_units(pages, request):
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        # Browsing into another unit's tree by URL: refuse rather than show its title as the parent row.
        condition = unit_pages_filter(request.user)
        if condition is not None and not Page.objects.filter(condition, pk=parent_id).exists():
            raise PermissionDenied
    return restrict_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_own_units(parent_page, pages, request):
    return restrict_pages(pages, request.user)


@hooks.register("construct_image_chooser_queryset")
def limit_image_chooser_to_own_units(images, request):
    return restrict_collection_members(images, request.user)


@hooks.register("construct_document_chooser_queryset")
def limit_document_chooser_to_own_units(documents, request):
    return restrict_collection_members(documents, request.user)


@hooks.register("construct_admin_api", order=100)  # after Wagtail's images and documents apps register theirs
def limit_admin_api_to_own_units(router):
    scope_admin_api(router)


@hooks.register("before_serve_document")
def serve_private_unit_files_to_unit_members_only(document, request):
    """A unit's private collection (“signed-in users” or “these groups”) admits that unit's members only, plus those
    who see every unit: Wagtail's own check would admit any signed-in editor of any unit. Anonymous visitors are left
    to Wagtail, which sends them to sign in; a password restriction stays a shared secret."""
    if not request.user.is_authenticated or sees_all_units(request.user):
        return None
    collections = document.collection.get_ancestors(inclusive=True)
    restricted = CollectionViewRestriction.objects.filter(
        collection__in=collections,
        restriction_type__in=[CollectionViewRestriction.LOGIN, CollectionViewRestriction.GROUPS],
    )
    if not restricted.exists():
        return None
    unit = unit_of_collection(document.collection)
    if unit is not None and not is_unit_member(request.user, unit):
        raise PermissionDenied
    return None
