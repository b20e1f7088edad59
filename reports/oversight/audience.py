"""Who reads which unit's oversight scores: the office and superusers every unit, a unit's administrator and board
their own unit, writers and anyone else none. The dashboard, its downloads and its home panels all ask here."""

from __future__ import annotations

from django.db.models import QuerySet

from sites.access import sees_all_units
from sites.models import Unit, UnitRole

OVERSEEING_ROLES = (UnitRole.ADMIN, UnitRole.BOARD)


def oversight_units(user) -> QuerySet[Unit]:
    """The units whose oversight scores `user` reads."""
    if sees_all_units(user):
        return Unit.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    return Unit.objects.filter(role_groups__role__in=OVERSEEING_ROLES, role_groups__group__user=user).distinct()


def may_see_oversight(user) -> bool:
    return sees_all_units(user) or oversight_units(user).exists()
