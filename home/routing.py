"""The site, unit and settings of a public request in one query, and a page's address resolved in two.

Wagtail finds the site (one query), then the unit and the portal settings are read (two more), then `route()` walks
the tree one query per URL segment plus one per page to make it specific. `PortalRoutingMiddleware` does the same
work up front for the public pages: `prime_site` reads the site with its root page, unit (and parent unit) and
`PortalSettings` in one query and leaves them where Wagtail and `unit_for_request` look for them; `route` finds every
page along the path in one query and the page served in one more, and hands over to a page's own `route()` where
the page type has one that answers the rest of the path (RoutablePageMixin's sub-pages). What Wagtail's routing
decides stays decided the same way: a missing or unpublished page is a 404, the English tree serves /en/ when the
home is translated and live, and the view restriction check and the page's `serve` run as before.
"""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, When
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from sites.access import is_admin_request
from sites.models import PortalSettings, Unit

HEALTH_PATHS = ("/healthz", "/health/")
# The order Wagtail's get_site_for_hostname prefers matches in.
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = 0, 1, 2, 3


def _find_site(hostname: str, port: int) -> Site | None:
    """Wagtail's `get_site_for_hostname`, reading the root page, unit and portal settings in the same query."""
    sites = list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=_DEFAULT),
                default=_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .annotate(unit_has_children=Exists(Unit.objects.filter(parent__site=OuterRef("pk"))))
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related(
            "root_page", "root_page__locale", "unit", "unit__parent", "unit__parent__site", "portalsettings"
        )
    )
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == _DEFAULT:
        return sites[len(sites) == 2]
    return None


def prime_site(request) -> None:
    """Leave the request's site, unit and PortalSettings where Wagtail and `unit_for_request` read them."""
    if hasattr(request, "_wagtail_site"):
        return
    site = _find_site(split_domain_port(request._get_raw_host())[0], request.get_port())
    request._wagtail_site = site
    if site is None:
        return
    try:
        unit = site.unit
    except Unit.DoesNotExist:
        unit = None
    if unit is not None:
        unit._state.fields_cache["site"] = site
        unit._has_children = site.unit_has_children
        if unit.home_page_id == site.root_page_id:
            unit._state.fields_cache["home_page"] = site.root_page
        request._portal_unit = unit
    try:
        settings = site.portalsettings
    except PortalSettings.DoesNotExist:
        return  # PortalSettings.for_request creates it on first use
    settings._request = request
    setattr(request, PortalSettings.get_cache_attr_name(), settings)


def _home_in_language(root: Page) -> Page:
    """`root.localized`: the live translation of the site's home in the active language, else the home itself."""
    language = translation.get_language()
    if root.locale.language_code == language:
        return root
    # In the home's own type: serving it needs no second query to make it specific.
    translated = (
        (root.specific_class or Page)
        ._default_manager.filter(translation_key=root.translation_key, locale__language_code=language)
        .select_related("locale")
        .first()
    )
    return translated if translated is not None and translated.live else root


def _has_own_route(page: Page, remaining: list[str]) -> bool:
    """Whether this page answers `remaining` itself rather than through its children (known from its type)."""
    page_class = page.specific_class or Page
    route = page_class.route
    if route is Page.route:
        return False
    if issubclass(page_class, RoutablePageMixin) and route is RoutablePageMixin.route:
        if not page.live:
            return False  # RoutablePageMixin only serves the sub-pages of a live page
        path = "/" + "".join(f"{component}/" for component in remaining)
        try:
            page_class.get_resolver().resolve(path)
        except Http404:
            return False
        return True
    return True  # a custom route(): let the page decide


def _specific(page: Page, ancestors: list[Page]) -> Page:
    """The page in its own type, with what its template reads through foreign keys (`served_with` on the type)."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        specific = page
    else:
        related = ("locale", *getattr(model, "served_with", ()))
        specific = model._default_manager.select_related(*related).get(pk=page.pk)
    if ancestors:
        specific._cached_parent_obj = ancestors[-1]
        specific.route_ancestors = ancestors  # the breadcrumbs' trail (`trail` in home/templatetags/portal_tags.py)
    return specific


def route(request, path: str) -> RouteResult:
    """What `Page.route_for_request` answers for a site's page tree, in two queries (raises Http404)."""
    site = request._wagtail_site
    root = _home_in_language(site.root_page)
    components = [component for component in path.split("/") if component]
    prefixes = [root.url_path + "".join(f"{c}/" for c in components[:end]) for end in range(1, len(components) + 1)]
    chain: list[Page] = [root]
    if prefixes:
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                path__startswith=root.path, depth__gt=root.depth, depth__lte=root.depth + len(prefixes)
            )
            .filter(url_path__in=prefixes)
            .select_related("locale")
        }
        for prefix in prefixes:
            page = found.get(prefix)
            parent = chain[-1]
            if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
                break
            page._cached_parent_obj = parent
            chain.append(page)
    for index, page in enumerate(chain):
        remaining = components[index:]
        if not remaining or _has_own_route(page, remaining):
            return _specific(page, chain[:index]).route(request, remaining)
        if index == len(chain) - 1:
            raise Http404  # the next segment names no child of this page
    raise Http404


class PortalRoutingMiddleware:
    """Primes the site, unit and settings of every public request; routes Wagtail's page view in two queries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_admin_request(request) or request.path_info in HEALTH_PATHS:
            return None  # the health checks answer for the process, whatever the site (or the database) does
        prime_site(request)
        if view_func is wagtail_serve and request._wagtail_site is not None:
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            try:
                request._wagtail_route_for_request = route(request, path)
            except Http404:
                request._wagtail_route_for_request = None
        return None
