from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

from . import health, views

handler500 = "home.views.server_error"

urlpatterns = [
    # Unit-scoped replacements for Wagtail admin views no hook reaches; must come before the admin include.
    path("admin/", include("sites.admin_scoping")),
    path("admin/", include("reports.wagtail_reports")),
    path("admin/", include("accounts.urls")),  # the invitation link, opened before signing in
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", home_views.sitemap_xml, name="sitemap_xml"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("healthz", views.health, name="health"),
    path("health/", health.health, name="health_checks"),  # database, caches, storage (portal/health.py)
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):  # the e2e portal, PORTAL_SERVE_MEDIA=1 (no nginx)
    # Never documents/: they go through Wagtail's serve view, which checks the collection's view restrictions.
    # views.media sends nosniff, a CSP of its own and `attachment` for whatever a browser could run.
    urlpatterns += [re_path(r"^media/(?P<path>(?!documents/).*)$", views.media, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += i18n_patterns(
    path("rss/", include("news.urls")),  # /rss/ Vietnamese feeds, /en/rss/ English ones
    path("", include("home.urls")),
    path("danh-gia/", include("participation.rating_urls")),  # “Thông tin này có hữu ích không?” and the survey
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
