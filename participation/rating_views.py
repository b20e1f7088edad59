"""The one endpoint every rating form posts to (`/danh-gia/`, `/en/danh-gia/`): works without JavaScript — a stored
vote redirects back to the page with a thank-you anchored at the widget; a form with errors is shown again with what
the citizen typed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .antispam import within_limit
from .models import SCORE_LABELS, SURVEY_LABELS, RatingPage
from .rating import Refused, VoteForm, store_vote, target_page
from .rating_cookie import has_voted, page_key, remember_vote, survey_key

STATUS_PARAMETER = "danh-gia"
ANCHOR = "danh-gia"


def _back(page, request, status: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{page.get_url(request)}?{STATUS_PARAMETER}={status}#{ANCHOR}")


def _refused(request, error: Refused, page=None, form=None):
    context = {"page": page, "form": form, "refusal": error.message, "survey": isinstance(page, RatingPage)}
    if page is not None:
        context["labels"] = SURVEY_LABELS if context["survey"] else SCORE_LABELS
    return render(request, "participation/rating_vote.html", context, status=error.status)


def _cross_site(request) -> bool:
    """Whether a browser says the POST comes from another site: an Origin of another host, or "null" (a sandboxed
    iframe, a data: page), or Sec-Fetch-Site other than same-origin / none (typed or bookmarked). A client sending
    neither header (an old browser, a script) is let through: the vote cookie and the rate limit still hold."""
    origin = request.headers.get("Origin")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc != request.get_host()):
        return True
    fetch_site = request.headers.get("Sec-Fetch-Site")
    return fetch_site is not None and fetch_site not in ("same-origin", "none")


# No CSRF token: the vote is anonymous and acts for no account, and a token would make every content page carry a
# per-visitor cookie. A browser's cross-site POST is refused by its Origin and Sec-Fetch-Site headers instead.
@csrf_exempt
@require_POST
def vote(request):
    if _cross_site(request):
        return _refused(request, Refused(_("Đánh giá phải được gửi từ chính cổng thông tin này."), 403))
    try:
        page_id = int(request.POST.get("trang", ""))
        if not 0 < page_id < 2**31:
            raise ValueError
    except (TypeError, ValueError):
        return _refused(request, Refused(_("Không rõ trang được đánh giá.")))
    try:
        unit, page = target_page(request, page_id)
    except Refused as error:
        return _refused(request, error)
    survey = isinstance(page, RatingPage)
    key = survey_key(unit.pk) if survey else page_key(page.pk)
    if has_voted(request, key):
        return _back(page, request, "da-danh-gia")
    form = VoteForm(request.POST, survey=survey)
    if not form.is_valid():
        return _refused(request, Refused(_("Đánh giá chưa được gửi.")), page, form)
    if not within_limit(request, "rating"):
        error = Refused(_("Bạn đã gửi quá nhiều đánh giá trong ít phút. Vui lòng thử lại sau ít phút."), 429)
        return _refused(request, error, page, form)
    with transaction.atomic():
        store_vote(unit, page, form.cleaned_data["diem"], form.cleaned_data["y_kien"])
    response = _back(page, request, "cam-on")
    remember_vote(request, response, key)
    return response
