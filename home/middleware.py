"""Request hygiene before any view runs."""

from __future__ import annotations

import logging

from django.http import HttpResponseBadRequest, QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NUL = "\x00"
ADMIN_PREFIX = "/admin/"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

BAD_REQUEST_PAGE = (
    '<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><meta name="robots" content="noindex">'
    '<title>{title}</title><h1>{title}</h1><p>{advice}</p><p><a href="/">{home}</a></p></html>'
)


def bad_request_page(title: str = "", advice: str = "") -> HttpResponseBadRequest:
    """A short 400 page in the reader's language; nothing of the request is echoed."""
    return HttpResponseBadRequest(
        BAD_REQUEST_PAGE.format(
            lang=get_language() or "vi",
            title=title or _("Yêu cầu không hợp lệ"),
            advice=advice or _("Địa chỉ hoặc dữ liệu gửi lên chứa ký tự không được phép. Vui lòng kiểm tra lại."),
            home=_("Về trang chủ"),
        )
    )


def _has_nul(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _without_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned


def _is_form_post(request) -> bool:
    return request.method == "POST" and request.content_type in FORM_CONTENT_TYPES


class RejectNulBytesMiddleware:
    """Keep NUL bytes away from every view: removed from query parameters, refused (400) in a path or a posted form.

    PostgreSQL text cannot hold NUL (psycopg raises ValueError on it), so such a value would turn any lookup — a
    page's slug, a search, a filter, the redirects table on a 404 — into a server error. No real address or form
    has one. A shared link with one still opens (the parameter is read without it, as the search always did); a path
    names no page with it, and a form post with one was not typed by a person. A cookie with one is dropped rather
    than refused, so that a planted cookie cannot lock a browser out of the portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info or (_is_form_post(request) and _has_nul(request.POST)):
            return bad_request_page()
        if _has_nul(request.GET):
            request.GET = _without_nul(request.GET)
        for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
            del request.COOKIES[name]
        return self.get_response(request)


# What Django's and Wagtail's form code raises on data no browser of theirs sends: a StreamField count with missing
# blocks (KeyError), rich text that is not JSON (ValueError), a chooser id that is not a number (ValueError).
TAMPERED_DATA_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError, OverflowError)


class AdminTamperedFormMiddleware:
    """Answer 400 “Dữ liệu gửi lên không hợp lệ” for an admin form post whose hidden fields were edited by hand.

    Wagtail reads the structure of its editors (block counts, rich text JSON, chooser ids) from hidden fields that
    its JavaScript writes; an edited one raises inside Wagtail before anything is saved. The error is still logged
    with its traceback, so that a real defect shows in the logs as one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not request.path_info.startswith(ADMIN_PREFIX):
            return None
        if not isinstance(exception, TAMPERED_DATA_ERRORS):
            return None
        logger.warning("Admin form post refused as malformed: %s", request.path_info, exc_info=exception)
        return bad_request_page(
            _("Dữ liệu gửi lên không hợp lệ"),
            _("Biểu mẫu gửi lên có dữ liệu không đúng định dạng nên chưa được lưu. Hãy tải lại trang và nhập lại."),
        )
