"""The XML sitemap of one unit's site: its Vietnamese pages and, where the unit publishes English, its English ones,
each with hreflang alternates (Google's sitemap form of rel="alternate")."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from sites.languages import english_published, live_translations


class PortalSitemap(Sitemap):
    def _published_roots(self) -> list[Page]:
        site = self.get_wagtail_site()
        roots = [site.root_page]
        if english_published(site, self.request):
            roots += list(site.root_page.get_translations().live())
        return roots

    def items(self):
        condition = Q(pk__in=[])
        for root in self._published_roots():
            condition |= Q(path__startswith=root.path)
        pages = Page.objects.filter(condition, alias_of__isnull=True)  # aliases mirror another language's text
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        languages = {root.locale_id for root in self._published_roots()}
        versions = live_translations(pages) if len(languages) > 1 else {}
        order = [code for code, _ in settings.LANGUAGES]
        urls, last_mods = [], set()
        for item in pages:
            alternates = []
            same = versions.get(str(item.translation_key), {})
            if len(same) > 1:
                for code in sorted(same, key=order.index):
                    alternates.append({"lang_code": code, "location": same[code].get_full_url(self.request)})
                if settings.LANGUAGE_CODE in same:
                    default = same[settings.LANGUAGE_CODE].get_full_url(self.request)
                    alternates.append({"lang_code": "x-default", "location": default})
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
