"""Citizen-facing views outside the page tree: search, “Đơn vị của tôi”, XML sitemap, robots.txt and the 500 page."""

from __future__ import annotations

import logging

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from search.pages import highlight, search, snippet
from sites.access import unit_for_request
from sites.models import Unit

from .outage import response_for_current_exception
from .page_dates import listed_date, with_own_dates
from .params import ALL_UNITS, SCOPE_PARAM, all_units_param, int_param, page_param
from .sitemaps import PortalSitemap

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 20
OLD_SCOPE_PARAM = "pham_vi"  # the search's former name of SCOPE_PARAM: addresses using it are redirected
MY_UNIT_COOKIE = "don_vi_cua_toi"
MY_UNIT_COOKIE_AGE = 365 * 24 * 60 * 60


def _require_site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("Không có cổng thông tin nào tại tên miền này."))
    return site


def _require_unit(request) -> Unit:
    unit = unit_for_request(request)
    if unit is None:
        raise Http404(_("Không có cổng thông tin nào tại tên miền này."))
    return unit


def _with_all_units(request):
    """The request's query with the all-units scope (the template's `querystring` takes no hyphenated name)."""
    query = request.GET.copy()
    query[SCOPE_PARAM] = ALL_UNITS
    return query


def search_view(request):
    """/tim-kiem/?q=…: the unit's live public pages, or with ?pham-vi=tat-ca on a unit with units below it, those of
    the unit and every unit below it."""
    unit = _require_unit(request)
    if OLD_SCOPE_PARAM in request.GET:
        query = request.GET.copy()
        query.setlist(SCOPE_PARAM, query.pop(OLD_SCOPE_PARAM))
        return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")
    has_children = unit.has_children
    all_units = has_children and all_units_param(request)
    units = list(unit.with_descendants()) if all_units else [unit]
    outcome = search(units, request.GET.get("q"), int_param(request.GET.get("loai")), get_language())

    page_obj = None
    results = []
    if outcome.entries is not None:
        # A legal document shows its issue date and an article its own date, read in the same query.
        entries = with_own_dates(outcome.entries, page_ref="page_id")
        paginator = Paginator(entries, RESULTS_PER_PAGE, allow_empty_first_page=True)
        page_obj = paginator.get_page(page_param(request.GET.get("page")))
        labels = {facet.content_type_id: facet.label for facet in outcome.facets}
        for entry in page_obj.object_list:
            results.append(
                {
                    "entry": entry,
                    "url": entry.page.get_url(request),
                    "full_url": entry.page.get_full_url(request),
                    "type_label": labels.get(entry.content_type_id, ""),
                    "date": listed_date(entry, entry.last_published_at),
                    "title": highlight(entry.title, outcome.tokens),
                    "snippet": snippet(entry.text, outcome.tokens) if entry.text else "",
                    "other_unit": entry.unit_id != unit.pk,
                }
            )
    context = {
        "search_query": outcome.query,
        "outcome": outcome,
        "results": results,
        "page_obj": page_obj,
        "all_units": all_units,
        "can_search_all_units": has_children,
        "scope_param": SCOPE_PARAM,
        "all_units_value": ALL_UNITS,
        "all_units_query": _with_all_units(request),
        "meta_title": _("Tìm kiếm"),
    }
    return TemplateResponse(request, "home/search.html", context)


@csrf_exempt  # a display preference of this browser, not an action on anyone's data; the form works without JS
@require_http_methods(["GET", "POST"])
def my_unit_view(request):
    """“Đơn vị của tôi”: remember the ward or commune a citizen picked on the city portal, in a cookie."""
    unit = _require_unit(request)
    data = request.POST if request.method == "POST" else request.GET
    slug = (data.get("don_vi") or "").strip()
    response = HttpResponseRedirect("/#don-vi-cua-toi")
    if not slug:
        response.delete_cookie(MY_UNIT_COOKIE)
        return response
    if not Unit.objects.filter(parent=unit, slug=slug).exists():
        raise Http404(_("Không có đơn vị này."))
    response.set_cookie(MY_UNIT_COOKIE, slug, max_age=MY_UNIT_COOKIE_AGE, samesite="Lax", httponly=True)
    return response


@cache_control(max_age=3600, public=True)
def sitemap_xml(request):
    """The XML sitemap of the requested site only (Wagtail scopes it to `Site.find_for_request`)."""
    _require_site(request)
    return wagtail_sitemap(request, sitemaps={"pages": PortalSitemap})


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    site = _require_site(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /tim-kiem/", f"Sitemap: {site.root_url}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


MINIMAL_500 = (
    '<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><title>{title}</title>'
    "<h1>{heading}</h1><p>{advice}</p></html>"
)


def minimal_500() -> str:
    """The last-resort 500 page: plain text only, so that it renders when templates cannot."""
    return MINIMAL_500.format(
        lang=get_language() or "vi",
        title=_("Lỗi hệ thống"),
        heading=_("Hệ thống đang gặp sự cố"),
        advice=_("Vui lòng thử lại sau ít phút."),
    )


@never_cache
def server_error(request, *args, **kwargs):
    """The 500 page with the unit's name and contacts when the database still answers; the plain page otherwise. A
    database outage raised by a middleware (the site lookup) answers 503 with the unit's kept page (home/outage.py)."""
    outage = response_for_current_exception(request)
    if outage is not None:
        return outage
    unit = None
    try:
        unit = unit_for_request(request)
    except Exception:  # the database may be what failed: fall back to the page without the unit
        logger.warning("500 page rendered without the unit", exc_info=True)
    for context in ({"unit": unit}, {"unit": None}):
        try:
            return HttpResponseServerError(render_to_string("500.html", context))
        except Exception:
            logger.warning("500 page could not be rendered", exc_info=True)
    return HttpResponseServerError(minimal_500())
