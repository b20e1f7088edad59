"""RSS feeds (Django's syndication framework): per unit, per section, per category, and the city's all-units feed.

Each feed exists in the language of its address: /rss/… lists the unit's Vietnamese articles, /en/rss/… its English
ones (only where the unit publishes English; otherwise the English address redirects to the Vietnamese feed).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from languages.helpers import english_published, is_alias, page_in_language, vietnamese_active, without_aliases
from sites.access import english_home, unit_for_request
from sites.models import Unit

from .models import MediaFile, NewsArticlePage, NewsCategory, ProposalStatus, SyndicationProposal
from .syndication import approved_article

FEED_SIZE = 30


class _ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        if not vietnamese_active() and not english_published(self._unit(request).site, request):
            return redirect(translate_url(request.get_full_path(), settings.LANGUAGE_CODE))
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/rss+xml; charset=utf-8"
        return response

    @staticmethod
    def _articles():
        return (
            without_aliases(NewsArticlePage.objects.live().public())
            .select_related("category", "audio_bulletin")
            .order_by("-date", "-pk")
        )

    def _unit(self, request):
        unit = unit_for_request(request)
        if unit is None:
            raise Http404(_("Không có cổng thông tin nào tại tên miền này."))
        return unit

    def _home(self, unit) -> Page:
        """The unit's home in the feed's language: its articles are the pages below it."""
        home = unit.home_page if vietnamese_active() else english_home(unit)
        if home is None or not home.live:
            raise Http404(_("Cổng chưa có trang chủ bằng ngôn ngữ này."))
        return home

    def _label(self, items):
        """Each article with the name of its unit (the author line when it names no author)."""
        items = list(items)
        units = Unit.objects.for_pages(items)
        for item in items:
            unit = units.get(item.pk)
            item.unit_name = unit.localized_name if unit else ""
        return items

    def link(self, obj):
        return obj["url"]

    def title(self, obj):
        return obj["title"]

    def description(self, obj):
        return obj["description"]

    def items(self, obj):
        return self._label(obj["items"][:FEED_SIZE])

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
        home = self._home(unit)
        name = unit.localized_name
        return {
            "url": home.get_full_url(request),
            "title": _("Tin tức – %(unit)s") % {"unit": name},
            "description": _("Tin bài mới nhất trên Cổng thông tin điện tử %(unit)s") % {"unit": name},
            "items": self._articles().filter(path__startswith=home.path),
        }


class SectionFeed(_ArticleFeed):
    def get_object(self, request, key):
        unit = self._unit(request)
        self._home(unit)  # no live home in the feed's language: 404
        row = unit.sections.select_related("page").filter(key=key, page__live=True).first()
        section = page_in_language(row.page, get_language()) if row is not None else None
        if section is None or not section.live or is_alias(section):
            raise Http404(_("Không có chuyên mục này."))
        return {
            "url": section.get_full_url(request),
            "title": f"{section.title} – {unit.localized_name}",
            "description": _("Tin bài mới nhất của chuyên mục %(section)s") % {"section": section.title},
            "items": self._articles().filter(path__startswith=section.path).exclude(pk=section.pk),
        }


class CategoryFeed(_ArticleFeed):
    def get_object(self, request, slug):
        unit = self._unit(request)
        home = self._home(unit)
        # The category named by its slug in either language, titled in the feed's language; its articles by
        # translation key (an English article may still point to the Vietnamese row of its category).
        named = NewsCategory.objects.filter(unit=unit, slug=slug).values("translation_key")
        versions = {c.locale.language_code: c for c in NewsCategory.objects.filter(translation_key__in=named)}
        category = versions.get(get_language()) or versions.get(settings.LANGUAGE_CODE)
        if category is None:
            raise Http404(_("Không có chủ đề này."))
        return {
            "url": home.get_full_url(request),
            "title": f"{category.name} – {unit.localized_name}",
            "description": _("Tin bài thuộc chủ đề %(category)s") % {"category": category.name},
            "items": self._articles().filter(
                path__startswith=home.path, category__translation_key=category.translation_key
            ),
        }


class AllUnitsFeed(_ArticleFeed):
    """The city's own articles and the articles of its units that its board approved."""

    def get_object(self, request):
        unit = self._unit(request)
        if not unit.children.exists():
            raise Http404(_("Đơn vị này không có đơn vị trực thuộc."))
        if not vietnamese_active():
            # The units' news reaches the city in Vietnamese: English readers have the city's own feed.
            raise Http404(_("Tin của các đơn vị chỉ có bằng tiếng Việt."))
        approved = SyndicationProposal.objects.filter(
            target=unit, status=ProposalStatus.APPROVED, approved_revision__isnull=False
        ).values("article_id")
        return {
            "url": f"{unit.site.root_url}/",
            "title": _("Tin tức %(unit)s và các đơn vị") % {"unit": unit.name},
            "description": _("Tin của %(unit)s và tin các đơn vị trực thuộc đã được duyệt") % {"unit": unit.name},
            "items": self._articles().filter(Q(path__startswith=unit.home_page.path) | Q(pk__in=approved)),
            "unit": unit,
        }

    def items(self, obj):
        """The city's own articles as they are; its units' articles as the city's board approved them."""
        items = super().items(obj)
        own = obj["unit"].home_page.path
        units_items = {item.pk: item for item in items if not item.path.startswith(own)}
        proposals = SyndicationProposal.objects.filter(
            target=obj["unit"], status=ProposalStatus.APPROVED, article_id__in=units_items
        ).select_related("approved_revision")
        shown = {}
        for proposal in proposals:
            proposal.article = units_items[proposal.article_id]
            shown[proposal.article_id] = approved_article(proposal)
            shown[proposal.article_id].unit_name = proposal.article.unit_name
        for name, model in (("category", NewsCategory), ("audio_bulletin", MediaFile)):
            rows = model.objects.in_bulk({getattr(a, f"{name}_id") for a in shown.values()} - {None})
            for article in shown.values():
                setattr(article, name, rows.get(getattr(article, f"{name}_id")))
        return [shown.get(item.pk, item) for item in items]
