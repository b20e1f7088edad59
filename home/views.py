"""Per-site machine-readable files: XML sitemap and robots.txt."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site


def _require_site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Không có cổng thông tin nào tại tên miền này.")
    return site


@cache_control(max_age=3600, public=True)
def sitemap_xml(request):
    """The XML sitemap of the requested site only (Wagtail scopes it to `Site.find_for_request`)."""
    _require_site(request)
    return wagtail_sitemap(request)


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    site = _require_site(request)
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {site.root_url}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
