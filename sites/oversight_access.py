"""Read-only access of the city's oversight group to every unit's pages (issue 7, item 1).

Wagtail's page permissions only know writing actions (add, change, publish, lock …), and its explorer and reports
open only to users who hold one of them somewhere. Giving the oversight group any of those would let it write, so
the page permission policy is replaced by one that answers “yes” for the oversight group where Wagtail asks whether
the user may reach a listing (the explorer, admin search, reports), and leaves every check on a page itself — the
ones that guard editing, publishing, moving, locking, deleting — to Wagtail's rules, under which the group holds
nothing. Its members therefore browse every unit and are refused (403) on every write.
"""

from __future__ import annotations

from wagtail.models import AbstractPage, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .tenancy import OVERSIGHT_GROUP_NAME

_CACHE_ATTRIBUTE = "_portal_reads_every_unit"


def reads_every_unit_only(user) -> bool:
    """A member of the oversight group who is not a superuser: reads every unit, writes in none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return False
    if not hasattr(user, _CACHE_ATTRIBUTE):
        setattr(user, _CACHE_ATTRIBUTE, user.groups.filter(name=OVERSIGHT_GROUP_NAME).exists())
    return getattr(user, _CACHE_ATTRIBUTE)


class UnitPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, plus the oversight group's read-only view of every page."""

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


page_permission_policy = UnitPagePermissionPolicy(Page)
register_permission_policy(AbstractPage, page_permission_policy)
