"""Admin for the organisation: sub-units and officials as unit-scoped snippets, and the “new week” action of the
leaders' work schedule."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from sites.access import unit_for_page_on_request
from sites.viewsets import UnitOwnedPermissionPolicy, UnitScopedSnippetViewSet

from . import views
from .models import Official, SubUnit, UnitPageMixin, WorkSchedulePage, leader_deletion_message


class SubUnitViewSet(UnitScopedSnippetViewSet):
    model = SubUnit
    icon = "group"
    menu_label = _("Đơn vị trực thuộc")
    list_display = ["name", "parent", "head", "phone", "unit"]
    ordering = ["unit", "sort_order", "name"]


class LeadersNeverDeletedPolicy(UnitOwnedPermissionPolicy):
    """A leader, current or former, stays on record: nobody deletes them (superusers included), they get a term end
    date instead. Registered for the model, so the delete view, the bulk delete and the buttons all ask it."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and instance.is_leader:
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def refusal_message(self, user, action, instance):
        if action == "delete" and instance.is_leader:
            return leader_deletion_message(instance)
        return super().refusal_message(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        objects = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) == {"delete"}:
            objects = objects.filter(is_leader=False)
        return objects


class OfficialViewSet(UnitScopedSnippetViewSet):
    model = Official
    icon = "user"
    menu_label = _("Cán bộ, lãnh đạo")
    list_display = ["name", "position", "sub_unit", "term_end", "is_spokesperson", "unit"]
    list_filter = ["is_leader", "is_spokesperson", "is_contact"]
    ordering = ["unit", "sort_order", "name"]
    permission_policy_class = LeadersNeverDeletedPolicy


class OrganizationViewSetGroup(SnippetViewSetGroup):
    items = (SubUnitViewSet, OfficialViewSet)
    menu_icon = "group"
    menu_label = _("Tổ chức bộ máy")
    menu_name = "organization"


register_snippet(OrganizationViewSetGroup)


@hooks.register("register_admin_urls")
def register_schedule_admin_urls():
    return [path("lich-cong-tac/<int:parent_id>/tuan-moi/", views.new_week, name="organization_new_week")]


class NewWeekButton(PageMenuItem):
    label = _("Tạo lịch tuần mới")
    icon_name = "date"
    priority = 12

    @cached_property
    def url(self):
        return reverse("organization_new_week", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_add_subpage()


@hooks.register("register_page_header_buttons")
def new_week_header_button(page, user, view_name, next_url=None):
    if page.specific_class is WorkSchedulePage:
        yield NewWeekButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def new_week_listing_button(page, user, next_url=None):
    if page.specific_class is WorkSchedulePage:
        yield NewWeekButton(page=page)


@hooks.register("before_serve_page")
def remember_unit_of_unit_page(page, request, serve_args, serve_kwargs):
    """A unit's page served on its own host takes its unit from the request (read for the chrome anyway) instead of
    a query of its own; previews and other hosts keep `Unit.for_page`."""
    if isinstance(page, UnitPageMixin) and "unit" not in page.__dict__:
        page.unit = unit_for_page_on_request(request, page)
