"""Admin registration: the city-wide topics (superusers edit; translatable) and each unit's khu phố/ấp."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from sites.viewsets import UnitScopedSnippetViewSet

from . import rating_hooks  # noqa: F401  (the satisfaction rating's admin)
from .models import Area, Topic


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
