"""What every public page reads several times, read once per request: view restrictions, locales, menus, the sites'
root paths.

Wagtail asks the database for every view restriction each time a queryset calls `.public()` (a home page calls it
five or six times), and for the active locale each time a page asks for `localized` or `Locale.get_active()`. Inside
a GET or HEAD request outside the admin nothing changes those rows, so `RequestMemoMiddleware` opens a memo for the
request and the two lookups below answer from it. Outside such a request (the admin, a form post, a management
command, a test calling a queryset) Wagtail's own code runs unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Q

from .access import is_admin_request

SAFE_METHODS = ("GET", "HEAD")
T = TypeVar("T")


@dataclass
class RequestMemo:
    restrictions: list | None = None
    locales: dict[str, object] = field(default_factory=dict)
    values: dict[tuple, object] = field(default_factory=dict)


_memo: ContextVar[RequestMemo | None] = ContextVar("portal_request_memo", default=None)


def current_memo() -> RequestMemo | None:
    return _memo.get()


def once_per_request(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, run once per public request for this key (every time outside one)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo.values:
        memo.values[key] = compute()
    return memo.values[key]


def view_restrictions() -> list | None:
    """Every PageViewRestriction with its page, read once per request; None outside a memoised request."""
    from wagtail.models import PageViewRestriction

    memo = _memo.get()
    if memo is None:
        return None
    if memo.restrictions is None:
        memo.restrictions = list(PageViewRestriction.objects.select_related("page"))
    return memo.restrictions


class RequestMemoMiddleware:
    """Opens the memo for the public GET and HEAD requests (the view and its template rendering), closes it after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS or is_admin_request(request):
            return self.get_response(request)
        token = _memo.set(RequestMemo())
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def read_once_per_request() -> None:
    """Let Wagtail's `.public()`, view restriction check and locale lookups read the request's memo (app ready)."""
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.models.i18n import LocaleManager
    from wagtail.query import PageQuerySet

    if getattr(PageQuerySet.private_q, "_portal_memo", False):
        return

    wagtail_private_q = PageQuerySet.private_q
    wagtail_view_restrictions = Page.get_view_restrictions
    wagtail_get_for_language = LocaleManager.get_for_language
    wagtail_site_root_paths = Page._get_site_root_paths

    def private_q(self):
        restrictions = view_restrictions()
        if restrictions is None:
            return wagtail_private_q(self)
        q = Q()
        for restriction in restrictions:
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])

    def get_view_restrictions(self):
        # No restriction anywhere (the usual case): nothing to check, no ancestors to read.
        if view_restrictions() == []:
            return PageViewRestriction.objects.none()
        return wagtail_view_restrictions(self)

    def get_for_language(self, language_code):
        memo = _memo.get()
        if memo is None or self.model is not Locale:
            return wagtail_get_for_language(self, language_code)
        if language_code not in memo.locales:
            memo.locales[language_code] = wagtail_get_for_language(self, language_code)
        return memo.locales[language_code]

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        # Wagtail keeps the root paths of every site on the request when a page's URL is asked with it, otherwise on
        # the page: each menu entry, link or row asked without the request read and unpickled the whole list (two
        # hundred sites for a city's hundred units) from the cache again. Read once per request here.
        if _memo.get() is None or kwargs:
            return wagtail_site_root_paths(self, cache_object, **kwargs)
        holder = cache_object if cache_object else self
        try:
            return holder._wagtail_cached_site_root_paths
        except AttributeError:
            paths = once_per_request(("site_root_paths",), Site.get_site_root_paths)
            holder._wagtail_cached_site_root_paths = paths
            return paths

    private_q._portal_memo = True
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
    LocaleManager.get_for_language = get_for_language
    Page._get_site_root_paths = _get_site_root_paths
