"""The XML sitemap of one unit's site: its Vietnamese pages and, where the unit publishes English, its English ones,
each with hreflang alternates (Google's sitemap form of rel="alternate")."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from languages.helpers import alternates_of, english_published, live_translations, without_aliases


class PortalSitemap(Sitemap):
    def _published_roots(self) -> list[Page]:
        if not hasattr(self, "_roots"):
            site = self.get_wagtail_site()
            roots = [site.root_page]
            if english_published(site, self.request):
                roots += list(site.root_page.get_translations().live().select_related("locale"))
            self._roots = roots
        return self._roots

    def _bases(self) -> list[tuple[str, str, str]]:
        """(tree path, url_path, absolute URL) of each published root: a page's address is its root's URL followed by
        the rest of its url_path, as Wagtail's `get_url_parts` builds it, reversed once per root instead of per page."""
        if not hasattr(self, "_root_bases"):
            site = self.get_wagtail_site()
            bases = []
            for root in self._published_roots():
                with translation.override(root.locale.language_code):
                    prefix = reverse("wagtail_serve", args=("",))
                bases.append((root.path, root.url_path, site.root_url + prefix))
            self._root_bases = bases
        return self._root_bases

    def full_url(self, page: Page) -> str:
        for path, url_path, base in self._bases():
            if page.path.startswith(path):
                return base + quote(page.url_path[len(url_path) :], safe="/~:@!$&'()*+,;=-._")
        return page.get_full_url(self.request)  # not under a root of this site: Wagtail decides

    def items(self):
        condition = Q(pk__in=[])
        for root in self._published_roots():
            condition |= Q(path__startswith=root.path)
        pages = without_aliases(Page.objects.filter(condition))
        # Base pages: no page type has its own sitemap entry, so making them specific would cost a query per type.
        # Only the columns an entry shows are read (a sitemap lists thousands of pages).
        return (
            pages.live()
            .public()
            .order_by("path")
            .only("id", "path", "url_path", "translation_key", "last_published_at", "latest_revision_created_at")
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        languages = {root.locale_id for root in self._published_roots()}
        versions = live_translations(pages) if len(languages) > 1 else {}
        urls, last_mods = [], set()
        for item in pages:
            same = versions.get(str(item.translation_key), {})
            links = alternates_of(same, self.request, full_url=self.full_url)
            alternates = [{"lang_code": code, "location": url} for code, url in links]
            # Page.get_sitemap_urls, with the address built from the page's root.
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append({"location": self.full_url(item), "lastmod": lastmod, "alternates": alternates})
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
