"""The translation editor's “Gửi Ban Biên tập duyệt” panel (languages/review.py)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from wagtail.models import Page

from languages.review import SUBMIT_ROUTE, may_submit, missing_segments, review_state

register = template.Library()


@register.inclusion_tag("languages/translation_review_panel.html", takes_context=True)
def translation_review_panel(context, translation, instance) -> dict:
    """Shown to a writer on a page's translation: where the translation stands and the button that submits it."""
    request = context["request"]
    if not isinstance(instance, Page) or not may_submit(request.user, instance):
        return {"shown": False}
    state = review_state(instance)
    return {
        "shown": True,
        "action": reverse(SUBMIT_ROUTE, args=[translation.pk]),
        "missing": missing_segments(translation),
        "state": state,
        "csrf_token": context.get("csrf_token"),
        "locale": translation.target_locale,
    }
