"""The one place that decides which units a user may see and edit (DESIGN.md decision 1)."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Site

from .models import Unit, UnitRole

# Members of this group read every unit (the city's Home Affairs office); they write nothing in unit trees.
OVERSIGHT_GROUP_NAME = "Giám sát cổng thành phần (Phòng Nội vụ)"


def sees_all_units(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=OVERSIGHT_GROUP_NAME).exists()


def units_for_user(user) -> QuerySet[Unit]:
    """The units whose content this user may see in the admin."""
    if sees_all_units(user):
        return Unit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    return Unit.objects.filter(role_groups__group__user=user).distinct()


def editable_units_for_user(user) -> QuerySet[Unit]:
    """The units in which this user may write: superusers everywhere, others where they hold a unit role.

    The oversight group reads every unit but writes in none.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(role_groups__group__user=user).distinct()


def roles_in_unit(user, unit: Unit) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(unit.role_groups.filter(group__user=user).values_list("role", flat=True))


def is_unit_member(user, unit: Unit, role: UnitRole | None = None) -> bool:
    roles = roles_in_unit(user, unit)
    return bool(roles) if role is None else role in roles


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
