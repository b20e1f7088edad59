"""Who schedules suspensions (superusers) and who issues alerts (the city's board: the board and administrators of
the unit at the top of the tree, and superusers)."""

from __future__ import annotations

from sites.models import Unit, UnitGroup, UnitRole


def schedules_maintenance(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def issues_alerts(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(
        unit_role__role__in=[UnitRole.BOARD, UnitRole.ADMIN], unit_role__unit__parent__isnull=True
    ).exists()


def alert_units(user):
    """The units whose portals this user may put an alert on: every unit for a superuser; for the board or the
    administrators of a top-level unit, that unit and every unit below it — never another province's or city's."""
    if user.is_superuser:
        return Unit.objects.all()
    tops = UnitGroup.objects.filter(
        group__user=user, role__in=[UnitRole.BOARD, UnitRole.ADMIN], unit__parent__isnull=True
    ).select_related("unit")
    ids: set[int] = set()
    for top in tops:
        ids.update(top.unit.with_descendants().values_list("pk", flat=True))
    return Unit.objects.filter(pk__in=ids)


def visible_alerts(user, queryset):
    """The alerts this user may list, change and delete: all for a superuser; otherwise those shown only on units
    within `alert_units` (an alert for every portal is a superuser's)."""
    if user.is_superuser:
        return queryset
    allowed = alert_units(user)
    return (
        queryset.filter(all_units=False, units__in=allowed)
        .exclude(units__in=Unit.objects.exclude(pk__in=allowed.values("pk")))
        .distinct()
    )
