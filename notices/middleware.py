"""Planned suspensions on the public side: during a window every public address of an affected unit answers 503 with
Retry-After and a page naming the unit, the window and its contacts; the admin (sign-in included) stays open, and a
signed-in editor still sees the public pages. Every public page of a unit is kept by the page cache no longer than
the next moment its notices change (a notice appearing, a window starting or ending, an alert starting or ending)."""

from __future__ import annotations

import math

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from sites.access import is_admin_request, unit_for_request

from .presentation import present
from .schedule import UnitNotices, notices_for_unit

# The attribute the page cache reads (pagecache.middleware.EXPIRES_ATTRIBUTE): nothing here imports the page cache.
PAGE_CACHE_EXPIRES_ATTRIBUTE = "page_cache_expires_at"
NOTICES_ATTRIBUTE = "_portal_notices"
# Never suspended: the admin and its sign-in, files the maintenance page itself needs, the health check.
OPEN_PREFIXES = ("/django-admin/", "/static/", "/media/", "/healthz", "/health/")


def request_notices(request) -> UnitNotices | None:
    """The notices of the request's unit, computed once per request (None for a host that is no unit's)."""
    if not hasattr(request, NOTICES_ATTRIBUTE):
        unit = unit_for_request(request)
        setattr(request, NOTICES_ATTRIBUTE, notices_for_unit(unit.pk) if unit is not None else None)
    return getattr(request, NOTICES_ATTRIBUTE)


def is_public(request) -> bool:
    return not is_admin_request(request) and not request.path_info.startswith(OPEN_PREFIXES)


def sees_suspended_portal(request) -> bool:
    """Signed-in editors and administrators keep seeing the public pages during a window (to check their work)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def maintenance_response(request, notices: UnitNotices) -> HttpResponse:
    window = notices.running
    unit = unit_for_request(request)
    content = render_to_string(
        "notices/maintenance.html",
        {"unit": unit, "notices": present(notices, get_language()), "LANGUAGE_CODE": get_language()},
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(max(1, math.ceil((window.ends_at - timezone.now()).total_seconds())))
    patch_cache_control(response, no_store=True)
    return response


class MaintenanceMiddleware:
    """After `home.routing.PortalRoutingMiddleware` (the request's unit is known without a query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and is_public(request):
            notices = request_notices(request)
            if notices is not None and notices.next_change is not None:
                current = getattr(request, PAGE_CACHE_EXPIRES_ATTRIBUTE, None)
                if current is None or notices.next_change < current:
                    setattr(request, PAGE_CACHE_EXPIRES_ATTRIBUTE, notices.next_change)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_public(request):
            return None
        notices = request_notices(request)
        if notices is None or notices.running is None or sees_suspended_portal(request):
            return None
        return maintenance_response(request, notices)
