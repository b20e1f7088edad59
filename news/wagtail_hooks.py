"""Admin registration of the news app: unit-scoped snippets, the syndication queue and the “propose” button."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

from sites.access import units_for_user
from sites.models import home_path
from sites.viewsets import UnitScopedSnippetViewSet

from . import views
from .dashboard import SyndicationPanel
from .models import AnnouncementPush, MediaFile, NewsArticlePage, NewsCategory, SyndicationProposal
from .syndication import deciding_units, notify_proposed


class NewsCategoryViewSet(UnitScopedSnippetViewSet):
    icon = "tag"
    list_display = ["name", "slug", "unit", "locale"]


class MediaFileViewSet(UnitScopedSnippetViewSet):
    icon = "media"
    list_display = ["title", "kind", "unit", "uploaded_at"]


class ProposalCreateView(CreateView):
    """Opened from an article's “Đề xuất lên cổng cấp trên” button with the article already chosen."""

    def get_initial(self):
        initial = super().get_initial()
        article_id = self.request.GET.get("article", "")
        if article_id.isdigit():
            initial["article"] = int(article_id)
        return initial

    def save_instance(self):
        proposal = super().save_instance()
        notify_proposed(proposal)
        return proposal


class SyndicationProposalViewSet(UnitScopedSnippetViewSet):
    icon = "upload"
    add_view_class = ProposalCreateView
    list_display = ["article", "unit", "target", "status", "proposed_by", "proposed_at", "decided_at", "reason"]


class AnnouncementPushViewSet(UnitScopedSnippetViewSet):
    icon = "warning"
    list_display = ["article", "unit", "ends_on", "pushed_by", "pushed_at"]


register_snippet(NewsCategory, viewset=NewsCategoryViewSet)
register_snippet(MediaFile, viewset=MediaFileViewSet)
register_snippet(SyndicationProposal, viewset=SyndicationProposalViewSet)
register_snippet(AnnouncementPush, viewset=AnnouncementPushViewSet)


syndication_urls = (
    [
        path("", views.ProposalQueueView.as_view(), name="queue"),
        path("<int:pk>/", views.ProposalDecisionView.as_view(), name="decide"),
    ],
    "news_syndication",
)


@hooks.register("register_admin_urls")
def register_syndication_urls():
    return [path("news/de-xuat/", include(syndication_urls, namespace="news_syndication"))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return deciding_units(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Duyệt tin từ đơn vị"), reverse("news_syndication:queue"), icon_name="tasks", name="news-queue", order=250
    )


def _proposing_homes(user) -> set[str]:
    """Home-page paths of the user's units that have a parent portal (cached on the user for one request)."""
    if not hasattr(user, "_news_proposing_homes"):
        user._news_proposing_homes = set(
            units_for_user(user).filter(parent__isnull=False).values_list("home_page__path", flat=True)
        )
    return user._news_proposing_homes


@hooks.register("register_page_listing_more_buttons")
def propose_button(page, user, next_url=None):
    if not page.live or page.specific_class is not NewsArticlePage:
        return
    if home_path(page) not in _proposing_homes(user):
        return
    url = reverse("wagtailsnippets_news_syndicationproposal:add") + "?" + urlencode({"article": page.pk})
    yield Button(_("Đề xuất lên cổng cấp trên"), url, icon_name="upload", priority=35)


@hooks.register("construct_homepage_panels")
def add_syndication_panel(request, panels):
    panel = SyndicationPanel.for_user(request.user)
    if panel is not None:
        panels.append(panel)
