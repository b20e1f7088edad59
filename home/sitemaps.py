"""The XML sitemap of one unit's site: its Vietnamese pages and, where the unit publishes English, its English ones,
each with hreflang alternates (Google's sitemap form of rel="alternate")."""

from __future__ import annotations

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from languages.helpers import alternates_of, english_published, live_translations, without_aliases


class PortalSitemap(Sitemap):
    def _published_roots(self) -> list[Page]:
        if not hasattr(self, "_roots"):
            site = self.get_wagtail_site()
            roots = [site.root_page]
            if english_published(site, self.request):
                roots += list(site.root_page.get_translations().live())
            self._roots = roots
        return self._roots

    def items(self):
        condition = Q(pk__in=[])
        for root in self._published_roots():
            condition |= Q(path__startswith=root.path)
        pages = without_aliases(Page.objects.filter(condition))
        # Base pages: no page type has its own sitemap entry, so making them specific would cost a query per type.
        return pages.live().public().order_by("path")

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        languages = {root.locale_id for root in self._published_roots()}
        versions = live_translations(pages) if len(languages) > 1 else {}
        urls, last_mods = [], set()
        for item in pages:
            same = versions.get(str(item.translation_key), {})
            alternates = [{"lang_code": code, "location": url} for code, url in alternates_of(same, self.request)]
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
