"""Fuzzed comment posts on an open draft: never a 5xx, and either exactly one whole row or none."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.models import ConsultationComment

from .conftest import make_consultation

FIELDS = ("content", "name", "organisation", "email", "phone", "show_name", "consent", "website")
nasty = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "\x00", "<script>fuzz()</script>", "a" * 6000, "on", "0", "x@y", "+84 912 345 678"]),
    st.lists(st.text(max_size=10), max_size=3),
)


def posted(value) -> str:
    """What the form reads for a field: the last of several values, as a QueryDict does."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return value or ""


@pytest.mark.django_db
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(FIELDS), nasty, max_size=len(FIELDS)))
def test_fuzzed_comment_posts_answer_without_error_and_store_whole_rows(city, client, data):
    if not hasattr(city, "_draft"):  # one draft for every example (the fixture is not rebuilt between them)
        city._draft = make_consultation(city, "Dự thảo thử", -1, 5, slug="du-thao-thu")
    page = city._draft
    cache.clear()  # the rate limit would otherwise answer every later example
    before = ConsultationComment.objects.count()
    response = client.post(page.url, data, HTTP_HOST=city.site.hostname)
    assert response.status_code in {302, 400}, response.status_code
    after = ConsultationComment.objects.count()
    if response.status_code == 400:
        assert after == before
        assert "<script>fuzz()</script>" not in response.content.decode()
    elif posted(data.get("website")):
        assert after == before  # the honeypot
    else:
        assert after == before + 1
        row = ConsultationComment.objects.order_by("-pk").first()
        assert row.content and row.unit_id == city.pk and row.page_id == page.pk and row.consent_at
