"""Who may do what in which unit: the one module every admin view, chooser, report and public query asks.

- Which units a user reads, writes in and administers, with which role (`units_for_user`,
  `editable_units_for_user`, `administered_units`, `roles_in_unit`, `is_unit_member`, `sees_all_units`), and the
  page, collection and row filters built on them.
- The city's oversight office: holders of the `sites.view_every_unit` permission (the oversight group created by
  provisioning holds it) read every unit and write in none. Wagtail's page permissions only know writing actions
  (add, change, publish, lock …), and its explorer and reports open only to users who hold one of them somewhere;
  granting any of those would let the office write, so `UnitPagePermissionPolicy` answers “yes” for it where Wagtail
  asks whether the user may reach a listing (the explorer, admin search, reports) and leaves every check on a page
  itself to Wagtail's rules, under which it holds nothing: it browses every unit and is refused (403) on every write.
- The unit of a request; the unit of a page is `Unit.for_page` and the units below a unit `Unit.with_descendants`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from wagtail.models import Collection, CollectionMember, Locale, Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import Unit, UnitOwnedMixin, UnitRole

# Holders read every unit (the city's Home Affairs office); superusers hold it as every permission.
OVERSIGHT_PERMISSION = "sites.view_every_unit"


def sees_all_units(user) -> bool:
    """Superusers and the oversight office: every unit is theirs to read."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(OVERSIGHT_PERMISSION)


_CACHE_ATTRIBUTE = "_portal_reads_every_unit"


def reads_every_unit_only(user) -> bool:
    """The oversight office without being a superuser: reads every unit, writes in none (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return False
    if not hasattr(user, _CACHE_ATTRIBUTE):
        setattr(user, _CACHE_ATTRIBUTE, user.has_perm(OVERSIGHT_PERMISSION))
    return getattr(user, _CACHE_ATTRIBUTE)


def holds_oversight_permission(user) -> bool:
    """Whether `user` (any account, active or not, e.g. one about to be edited) holds the oversight permission
    itself or through a group; superusers are judged by their flag, not here."""
    holders = get_user_model().objects.with_perm(
        OVERSIGHT_PERMISSION,
        is_active=None,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return holders.filter(pk=user.pk).exists()


def units_for_user(user) -> QuerySet[Unit]:
    """The units whose content this user may see in the admin."""
    if sees_all_units(user):
        return Unit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    return Unit.objects.filter(role_groups__group__user=user).distinct()


def editable_units_for_user(user) -> QuerySet[Unit]:
    """The units in which this user may write: superusers everywhere, others where they hold a unit role.

    The oversight office reads every unit but writes in none.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(role_groups__group__user=user).distinct()


def administered_units(user) -> QuerySet[Unit]:
    """The units this user administers (their accounts, contact details): superusers every unit, a unit
    administrator (*Quản trị đơn vị*) their own; the oversight office none."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(role_groups__role=UnitRole.ADMIN, role_groups__group__user=user).distinct()


def roles_in_unit(user, unit: Unit) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(unit.role_groups.filter(group__user=user).values_list("role", flat=True))


def is_unit_member(user, unit: Unit, role: UnitRole | None = None) -> bool:
    roles = roles_in_unit(user, unit)
    return bool(roles) if role is None else role in roles


def unit_members(unit: Unit, roles: Iterable[str] | None = None) -> QuerySet:
    """The active accounts in the unit's editorial groups (holding one of `roles` when given): who is told about
    the unit's work. Superusers and the oversight office are not members by their rank, only through a group."""
    role_groups = unit.role_groups.all() if roles is None else unit.role_groups.filter(role__in=list(roles))
    return get_user_model().objects.filter(is_active=True, groups__unit_role__in=role_groups).distinct()


def unit_for_site(site: Site | None) -> Unit | None:
    if site is None:
        return None
    try:
        return site.unit
    except Unit.DoesNotExist:
        return None


def unit_for_request(request) -> Unit | None:
    """The unit whose hostname the request was made on (None for an unknown host)."""
    if not hasattr(request, "_portal_unit"):
        site = Site.find_for_request(request)
        request._portal_unit = (
            Unit.objects.select_related("site", "parent", "parent__site").filter(site=site).first() if site else None
        )
    return request._portal_unit


def unit_pages_filter(user) -> Q | None:
    """Pages inside the home pages of the user's units, plus those homes' ancestors (to navigate down to them).

    None means no restriction (superusers and the oversight office see every unit).
    """
    if sees_all_units(user):
        return None
    home_paths = unit_home_paths(units_for_user(user))
    if not home_paths:
        return Q(pk__in=[])
    step = Page.steplen
    ancestors = {home[:end] for home in home_paths for end in range(step, len(home), step)}
    condition = Q(path__in=ancestors)
    for home in home_paths:
        condition |= Q(path__startswith=home)
    return condition


def unit_content_pages_filter(user) -> Q | None:
    """Pages inside the user's units only (no ancestors): what reports, logs and counts may show."""
    if sees_all_units(user):
        return None
    condition = Q(pk__in=[])
    for home in unit_home_paths(units_for_user(user)):
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


def restrict_pages(pages: QuerySet, user, with_ancestors: bool = True) -> QuerySet:
    condition = unit_pages_filter(user) if with_ancestors else unit_content_pages_filter(user)
    if condition is None:
        return pages
    # A pk subquery (not a path filter) so the queryset still works when handed to the search backend.
    return pages.filter(pk__in=Page.objects.filter(condition).values("pk"))


def restrict_collection_members(objects: QuerySet, user) -> QuerySet:
    condition = unit_collections_filter(user)
    if condition is None:
        return objects
    return objects.filter(collection__in=Collection.objects.filter(condition).values("pk"))


def foreign_references(unit: Unit, references: Iterable[tuple[type[Model], object]]) -> set[tuple[type[Model], str]]:
    """The (model, pk) pairs among `references` that belong to another unit than `unit`.

    Foreign are: a page outside the unit's trees (every language), an image or document outside the unit's
    collection and its sub-collections, a unit-owned row (`UnitOwnedMixin`) of another unit. City-wide rows (document
    types, sectors, issuing bodies, users…) belong to no unit and are never foreign. Ids that name no row are left
    to the form field that reads them.
    """
    by_model: dict[type[Model], set[str]] = {}
    for model, pk in references:
        try:
            value = model._meta.pk.to_python(pk)
        except ValidationError:
            continue
        if value is not None:
            by_model.setdefault(model, set()).add(str(value))
    foreign = set()
    for model, pks in by_model.items():
        rows = model._default_manager.filter(pk__in=pks)
        if issubclass(model, Page):
            inside = Q(pk__in=[])
            for home in unit_home_paths(Unit.objects.filter(pk=unit.pk)):
                inside |= Q(path__startswith=home)
        elif issubclass(model, CollectionMember):
            inside = Q(collection__path__startswith=unit.collection.path)
        elif issubclass(model, UnitOwnedMixin):
            inside = Q(unit=unit)
        else:
            continue
        outside = rows.exclude(inside).values_list("pk", flat=True)
        foreign.update((model, str(pk)) for pk in outside)
    return foreign


def unit_of_collection(collection: Collection | None) -> Unit | None:
    """The unit whose collection holds this one (itself or an ancestor); None for collections outside every unit."""
    if collection is None or not collection.path:
        return None
    paths = [collection.path[:end] for end in range(Collection.steplen, len(collection.path) + 1, Collection.steplen)]
    return Unit.objects.filter(collection__path__in=paths).first()


ADMIN_PATH = "/admin/"


def is_admin_request(request) -> bool:
    """The request is for the admin, wherever the portal is mounted.

    Judged on `path_info`, the path within the portal: `path` also carries the prefix a proxy mounts the portal
    under (SCRIPT_NAME, e.g. /cong/admin/…), and a guard testing it would let every admin request through there.
    """
    return request.path_info.startswith(ADMIN_PATH)


ENGLISH = "en"


def english_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=ENGLISH)
    return locale


def english_home(unit: Unit) -> Page | None:
    """The English translation of the unit's home page (None before provisioning created it)."""
    return unit.home_page.get_translation_or_none(english_locale())


def unit_home_pages(units: QuerySet[Unit]) -> QuerySet[Page]:
    """The home pages of these units in every language."""
    return Page.objects.filter(translation_key__in=units.values("home_page__translation_key"), depth=2)


def unit_home_paths(units: QuerySet[Unit]) -> list[str]:
    """Tree paths of these units' homes in every language: what "inside the unit" means for a page."""
    return list(unit_home_pages(units).values_list("path", flat=True))


class UnitPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, plus the oversight office's read-only view of every page (registered by
    `SitesConfig.ready`)."""

    def user_has_any_permission(self, user, actions):
        # “Does the user hold this somewhere?” gates listings and reports; the page-level checks stay Wagtail's.
        return super().user_has_any_permission(user, actions) or reads_every_unit_only(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if reads_every_unit_only(user):
            return self.model._default_manager.all()
        return super().instances_user_has_any_permission_for(user, actions)

    def instances_with_direct_explore_permission(self, user):
        if reads_every_unit_only(user):
            return self.model.base_page_model.objects.filter(depth=1)
        return super().instances_with_direct_explore_permission(user)

    def explorable_instances(self, user):
        if reads_every_unit_only(user):
            return self.model._default_manager.all()
        return super().explorable_instances(user)


def public_pages_deleted_by_administrators() -> None:
    """Wagtail lets whoever may publish a page delete it when it has no children: the unit's board could delete a
    live article, and a writer a page that had been public. A page that has ever been published (its content was
    public: the board unpublishes it, the record stays) is deleted only by the unit's administrator (who holds
    `bulk_delete`, README “Roles”) or a superuser; a draft never published is still deleted as Wagtail allows."""
    from wagtail.models import PagePermissionTester

    wagtail_can_delete = PagePermissionTester.can_delete
    if getattr(wagtail_can_delete, "_portal_admin_deletes_public", False):
        return

    def can_delete(self, ignore_bulk=False):
        allowed = wagtail_can_delete(self, ignore_bulk)
        if not allowed or ignore_bulk:  # ignore_bulk: Wagtail's can_move asks; moving a page deletes nothing
            return allowed
        if self.user.is_superuser or "bulk_delete" in self.permissions:
            return True
        # Without bulk_delete Wagtail allowed a page without children only: its own fields tell, no query.
        return self.page.first_published_at is None and not self.page.live

    can_delete._portal_admin_deletes_public = True
    PagePermissionTester.can_delete = can_delete


def unit_for_page_on_request(request, page: Page) -> Unit | None:
    """The unit of `page`, without a query when the page is served on its own unit's host (the request's unit,
    already read for the page's chrome); `Unit.for_page` otherwise (an admin preview on another host)."""
    unit = unit_for_request(request) if request is not None else None
    if unit is not None and any(root.site_id == unit.site_id for root in page._get_relevant_site_root_paths(request)):
        return unit
    return Unit.for_page(page)
