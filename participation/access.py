"""Who reads and who processes citizens' questions, unit by unit.

The permission model is Django's: provisioning grants `participation.change_question` and `view_question` to each
unit's board and administrator groups (`Question.unit_permissions`; writers get none) and `view_question` to the
city's oversight group. A unit's questions are processed by members of that unit's board or administrator group
when the group holds the change permission, and read by them and by the oversight office (every unit, read only).
Superusers read and process every unit. Everything is narrowed through `sites/access.py`.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet

from sites.access import reads_every_unit_only, sees_all_units
from sites.models import Unit, UnitRole

from .models import Question

PROCESSING_ROLES = (UnitRole.BOARD, UnitRole.ADMIN)
VIEW_PERMISSION = "participation.view_question"


def units_where_group_holds(user, codename: str) -> QuerySet[Unit]:
    """The units where one of the user's board or administrator groups holds `participation.<codename>` (a user who
    is writer in one unit and board in another gets only the latter)."""
    permission = Permission.objects.filter(content_type__app_label="participation", codename=codename)
    return Unit.objects.filter(
        role_groups__role__in=PROCESSING_ROLES,
        role_groups__group__user=user,
        role_groups__group__permissions__in=permission,
    ).distinct()


def processing_units(user) -> QuerySet[Unit]:
    """The units whose questions this user may assign, answer, publish, reject and forward."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return units_where_group_holds(user, "change_question")


def reading_units(user) -> QuerySet[Unit]:
    """The units whose questions (personal data included) this user may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser or (sees_all_units(user) and user.has_perm(VIEW_PERMISSION)):
        return Unit.objects.all()
    return units_where_group_holds(user, "view_question")


def reads_only(user) -> bool:
    """The oversight office: reads every unit's questions, processes none."""
    return reads_every_unit_only(user)


def visible_questions(user) -> QuerySet[Question]:
    return Question.objects.filter(unit__in=reading_units(user))


def may_process(user, question: Question) -> bool:
    return processing_units(user).filter(pk=question.unit_id).exists()
