"""RSS feeds (Django's syndication framework): per unit, per section, per category, and the city's all-units feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from sites.tenancy import unit_for_request

from .models import NewsArticlePage, NewsCategory, ProposalStatus, SyndicationProposal

FEED_SIZE = 30


class _ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/rss+xml; charset=utf-8"
        return response

    @staticmethod
    def _articles():
        return (
            NewsArticlePage.objects.live()
            .public()
            .select_related("category", "audio_bulletin")
            .order_by("-date", "-pk")
        )

    def _unit(self, request):
        unit = unit_for_request(request)
        if unit is None:
            raise Http404(_("Không có cổng thông tin nào tại tên miền này."))
        return unit

    def _label(self, items, names: dict[str, str]):
        items = list(items)
        for item in items:
            item.unit_name = names.get(item.path[: Page.steplen * 2], "")
        return items

    def link(self, obj):
        return obj["url"]

    def title(self, obj):
        return obj["title"]

    def description(self, obj):
        return obj["description"]

    def items(self, obj):
        return self._label(obj["items"][:FEED_SIZE], obj["units"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = item.intro
        if item.is_aggregated:
            text = f"{text} ({_('Nguồn')}: {item.source_name})"
        return text

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.date

    def item_author_name(self, item):
        return item.author or item.unit_name

    def item_categories(self, item):
        return [item.category.name] if item.category else []

    def item_enclosures(self, item):
        audio = item.audio_bulletin
        if audio is None or not audio.file:
            return []
        url = self.request.build_absolute_uri(audio.file.url)
        return [Enclosure(url, str(audio.file.size), audio.mime_type)]


class UnitFeed(_ArticleFeed):
    def get_object(self, request):
        unit = self._unit(request)
        return {
            "url": f"{unit.site.root_url}/",
            "title": _("Tin tức – %(unit)s") % {"unit": unit.name},
            "description": _("Tin bài mới nhất trên Cổng thông tin điện tử %(unit)s") % {"unit": unit.name},
            "items": self._articles().filter(path__startswith=unit.home_page.path),
            "units": {unit.home_page.path: unit.name},
        }


class SectionFeed(_ArticleFeed):
    def get_object(self, request, key):
        unit = self._unit(request)
        row = unit.sections.select_related("page").filter(key=key, page__live=True).first()
        if row is None:
            raise Http404(_("Không có chuyên mục này."))
        return {
            "url": row.page.get_full_url(request),
            "title": f"{row.page.title} – {unit.name}",
            "description": _("Tin bài mới nhất của chuyên mục %(section)s") % {"section": row.page.title},
            "items": self._articles().filter(path__startswith=row.page.path).exclude(pk=row.page.pk),
            "units": {unit.home_page.path: unit.name},
        }


class CategoryFeed(_ArticleFeed):
    def get_object(self, request, slug):
        unit = self._unit(request)
        category = NewsCategory.objects.filter(unit=unit, slug=slug).first()
        if category is None:
            raise Http404(_("Không có chủ đề này."))
        return {
            "url": f"{unit.site.root_url}/",
            "title": f"{category.name} – {unit.name}",
            "description": _("Tin bài thuộc chủ đề %(category)s") % {"category": category.name},
            "items": self._articles().filter(category=category),
            "units": {unit.home_page.path: unit.name},
        }


class AllUnitsFeed(_ArticleFeed):
    """The city's own articles and the articles of its units that its board approved."""

    def get_object(self, request):
        unit = self._unit(request)
        if not unit.children.exists():
            raise Http404(_("Đơn vị này không có đơn vị trực thuộc."))
        approved = SyndicationProposal.objects.filter(target=unit, status=ProposalStatus.APPROVED).values("article_id")
        names = {unit.home_page.path: unit.name}
        names.update({child.home_page.path: child.name for child in unit.children.select_related("home_page")})
        return {
            "url": f"{unit.site.root_url}/",
            "title": _("Tin tức %(unit)s và các đơn vị") % {"unit": unit.name},
            "description": _("Tin của %(unit)s và tin các đơn vị trực thuộc đã được duyệt") % {"unit": unit.name},
            "items": self._articles().filter(Q(path__startswith=unit.home_page.path) | Q(pk__in=approved)),
            "units": names,
        }
