"""Admin registration: the city-wide topics (superusers edit; translatable) and each unit's khu phố/ấp."""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.access import sees_all_units
from sites.models import Unit
from sites.viewsets import UnitOwnedPermissionPolicy, UnitScopedSnippetViewSet

from . import question_hooks, rating_hooks  # noqa: F401  (the board's queue, the satisfaction rating's admin)
from .access import units_where_group_holds
from .models import Area, ConsultationComment, ConsultationPage, Topic


class TopicViewSet(SnippetViewSet):
    """Reference data shared by every unit: only superusers hold its model permissions."""

    model = Topic
    icon = "tag"
    list_display = ["name", "answer_working_days", "sort_order", "locale"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AreaViewSet(UnitScopedSnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "sort_order", "unit"]
    search_fields = ["name"]
    ordering = ["unit", "sort_order", "name"]


class QuestionReferenceSnippets(SnippetViewSetGroup):
    menu_label = _("Danh mục hỏi đáp")
    menu_icon = "help"
    menu_order = 260
    items = (TopicViewSet, AreaViewSet)


register_snippet(QuestionReferenceSnippets)


def drafts_of_user_units(request):
    """The drafts a user may filter comments by: those that have comments in the units whose comments the user
    reads (never another unit's titles in the filter's options)."""
    if request is None:
        return ConsultationPage.objects.none()
    readable = CommentPermissionPolicy(ConsultationComment).instances_user_has_any_permission_for(
        request.user, ["view"]
    )
    commented = readable.values("page_id")
    return ConsultationPage.objects.filter(pk__in=commented).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(label=_("Dự thảo"), queryset=drafts_of_user_units)

    class Meta:
        model = ConsultationComment
        fields = ["status", "page"]


class CommentPermissionPolicy(UnitOwnedPermissionPolicy):
    """Reading needs the model's view permission (the board, the administrator, the oversight office): unlike
    other unit-owned rows, a writer's unit membership alone does not open them. The rows are narrowed unit by unit
    to the groups that hold the permission (as for questions, `participation.access`): a user who is writer in
    ward A and board in ward B reads and moderates ward B's comments only. Comments come only from the public form:
    nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if action == "choose":
            action = "view"
        return super().user_has_permission(user, action)

    def _unit_ids(self, user, action: str) -> set[int]:
        action = "view" if action == "choose" else action
        if not user.is_active:
            return set()
        if user.is_superuser or (
            action == "view" and sees_all_units(user) and user.has_perm("participation.view_consultationcomment")
        ):
            return set(Unit.objects.values_list("pk", flat=True))
        codename = f"{action}_{ConsultationComment._meta.model_name}"
        return set(units_where_group_holds(user, codename).values_list("pk", flat=True))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return self.model._default_manager.none()
        return super().instances_user_has_any_permission_for(user, allowed)


class CommentRowMixin:
    """Every view of one comment asks the comment policy about that row: reading it needs a group holding the view
    permission in the comment's unit, and a change (POST) one holding the change permission there."""

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            policy = CommentPermissionPolicy(ConsultationComment)
            action = "view" if request.method in {"GET", "HEAD", "OPTIONS"} else "change"
            rows = policy.instances_user_has_any_permission_for(request.user, [action])
            if not rows.filter(pk=unquote(str(pk))).exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ConsultationCommentViewSet(UnitScopedSnippetViewSet):
    model = ConsultationComment
    icon = "comment"
    menu_label = _("Góp ý dự thảo")
    menu_name = "consultation_comments"
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["__str__", "page", "status", "show_name", "created_at", "unit"]
    filterset_class = CommentFilterSet
    ordering = ["-created_at"]
    permission_policy_class = CommentPermissionPolicy
    copy_view_enabled = False
    inspect_view_enabled = False

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(type(view_class.__name__, (CommentRowMixin, view_class), {}), **kwargs)

    def get_queryset(self, request):
        # The policy's rows (units where a group of the user holds the view permission), not every unit of any role.
        readable = self.permission_policy.instances_user_has_any_permission_for(request.user, ["view"])
        return readable.select_related("page", "unit")


register_snippet(ConsultationCommentViewSet)
