"""Admin hooks for units: the superuser views that create and list unit portals, and unit isolation.

Wagtail already limits the explorer, page search, image and document listings by group permissions; these hooks
add the unit boundary (DESIGN.md decision 1) where Wagtail shows the whole tree or every collection — the page
chooser above all — so that an editor only ever sees pages, images and documents of the units they belong to.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.models import Collection, Page

from . import views
from .tenancy import sees_all_units, units_for_user

unit_admin_urls = (
    [
        path("", views.UnitIndexView.as_view(), name="index"),
        path("new/", views.UnitCreateView.as_view(), name="create"),
        path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    ],
    "sites_units",
)


@hooks.register("register_admin_urls")
def register_unit_admin_urls():
    return [path("units/", include(unit_admin_urls, namespace="sites_units"))]


@hooks.register("register_settings_menu_item")
def register_unit_index_menu_item():
    return AdminOnlyMenuItem(
        _("Cổng thành phần"), reverse("sites_units:index"), icon_name="site", name="units", order=150
    )


@hooks.register("register_settings_menu_item")
def register_unit_create_menu_item():
    return AdminOnlyMenuItem(
        _("Tạo cổng thành phần"), reverse("sites_units:create"), icon_name="plus", name="create-unit", order=151
    )


# --- Isolation -------------------------------------------------------------------------------------------------


def unit_pages_filter(user) -> Q | None:
    """Pages inside the home pages of the user's units, plus those homes' ancestors (to navigate down to them).

    None means no restriction (superusers and the oversight group see every unit).
    """
    if sees_all_units(user):
        return None
    home_paths = list(units_for_user(user).values_list("home_page__path", flat=True))
    if not home_paths:
        return Q(pk__in=[])
    step = Page.steplen
    ancestors = {home[:end] for home in home_paths for end in range(step, len(home), step)}
    condition = Q(path__in=ancestors)
    for home in home_paths:
        condition |= Q(path__startswith=home)
    return condition


def unit_collections_filter(user) -> Q | None:
    """Collections of the user's units and their sub-collections; None means no restriction."""
    if sees_all_units(user):
        return None
    paths = list(units_for_user(user).values_list("collection__path", flat=True))
    condition = Q(pk__in=[])
    for collection_path in paths:
        condition |= Q(path__startswith=collection_path)
    return condition


def restrict_pages(pages: QuerySet, user) -> QuerySet:
    condition = unit_pages_filter(user)
    if condition is None:
        return pages
    # A pk subquery (not a path filter) so the queryset still works when handed to the search backend.
    return pages.filter(pk__in=Page.objects.filter(condition).values("pk"))


def restrict_collection_members(objects: QuerySet, user) -> QuerySet:
    condition = unit_collections_filter(user)
    if condition is None:
        return objects
    return objects.filter(collection__in=Collection.objects.filter(condition).values("pk"))


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
