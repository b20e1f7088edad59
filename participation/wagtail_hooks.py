"""Admin registration: the city-wide topics (superusers edit; translatable) and each unit's khu phố/ấp."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.access import units_for_user
from sites.viewsets import UnitOwnedPermissionPolicy, UnitScopedSnippetViewSet

from . import question_hooks, rating_hooks  # noqa: F401  (the board's queue, the satisfaction rating's admin)
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
    menu_label = _("Hỏi đáp")
    menu_icon = "help"
    menu_order = 260
    items = (TopicViewSet, AreaViewSet)


register_snippet(QuestionReferenceSnippets)


def drafts_of_user_units(request):
    """The drafts a user may filter comments by: those that have comments in the user's units (never another
    unit's titles in the filter's options)."""
    if request is None:
        return ConsultationPage.objects.none()
    commented = ConsultationComment.objects.filter(unit__in=units_for_user(request.user)).values("page_id")
    return ConsultationPage.objects.filter(pk__in=commented).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(label=_("Dự thảo"), queryset=drafts_of_user_units)

    class Meta:
        model = ConsultationComment
        fields = ["status", "page"]


class CommentPermissionPolicy(UnitOwnedPermissionPolicy):
    """Reading needs the model's view permission (the board, the administrator, the oversight office): unlike
    other unit-owned rows, a writer's unit membership alone does not open them. Comments come only from the
    public form: nobody adds one in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        if action == "choose":
            action = "view"
        return super().user_has_permission(user, action)

    def _unit_ids(self, user, action: str) -> set[int]:
        if action in {"view", "choose"}:
            return set(units_for_user(user).values_list("pk", flat=True))
        return super()._unit_ids(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return self.model._default_manager.none()
        return super().instances_user_has_any_permission_for(user, allowed)


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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page", "unit")


register_snippet(ConsultationCommentViewSet)
