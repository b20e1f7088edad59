"""`{% page_rating %}`: “Thông tin này có hữu ích không?” under a content page (base.html loads it for every page;
it renders only for the page types `participation.rating.RATED_PAGE_TYPES` lists, live, outside previews)."""

from __future__ import annotations

from django import template

from ..models import SCORE_LABELS
from ..rating import is_rated
from ..rating_cookie import has_voted, page_key
from ..rating_views import STATUS_PARAMETER

register = template.Library()


@register.inclusion_tag("participation/includes/page_rating.html", takes_context=True)
def page_rating(context) -> dict:
    page = context.get("page")
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False) or not is_rated(page) or not page.live:
        return {"show": False}
    return {
        "show": True,
        "page": page,
        "labels": SCORE_LABELS,
        "voted": has_voted(request, page_key(page.pk)),
        "status": request.GET.get(STATUS_PARAMETER, ""),
    }
