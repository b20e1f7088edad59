"""Purges that must not be lost (docs/caching.md): a failed write is logged and bounded by the timeout, a state that
ends at a time ends the entry then, bulk writes and retyped sections purge, a view restriction drops the page and
its descendants from the edge; errors and redirects carry a Cache-Control, shared pages no Vary: Cookie."""

from __future__ import annotations

import logging
import time
from unittest import mock

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home.models import SectionPage
from sites.provisioning import _retype_page
from tests.disclosure.conftest import SERVICES_PATH, catalogue  # noqa: F401
from tests.news.conftest import CITY, WARD_A, NewsWorld, section
from tests.participation.conftest import make_consultation

from .test_page_cache import RecordingBackend, publish

pytestmark = pytest.mark.django_db


def get(client, host: str, path: str = "/", **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def page_timeouts(client, host: str, path: str) -> list[int]:
    with mock.patch.object(LocMemCache, "set", autospec=True) as cache_set:
        get(client, host, path)
    return [call.kwargs["timeout"] for call in cache_set.call_args_list if ":p:" in call.args[1]]


def test_a_purge_the_cache_did_not_keep_is_logged_and_retried(
    news: NewsWorld, client, caplog, django_capture_on_commit_callbacks
):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    get(client, WARD_A, article.get_url())
    with (
        mock.patch.object(LocMemCache, "set_many", autospec=True, return_value=[]) as set_many,
        caplog.at_level(logging.ERROR, logger="pagecache.invalidation"),
    ):
        publish(article, django_capture_on_commit_callbacks, title="Phường ra quân dọn dẹp kênh rạch")
    assert set_many.call_count == 2  # written once more after reading back the old tokens
    failures = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert failures and "page cache purge failed" in failures[0].getMessage()
    assert str(news.units.ward_a.site_id) in failures[0].getMessage()


def test_entries_expire_after_the_page_cache_timeout(news: NewsWorld, client, settings):
    assert settings.PORTAL_PAGE_CACHE_TIMEOUT == 600  # a lost purge shows for ten minutes at most
    url = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh").get_url()
    get(client, WARD_A, url)
    assert get(client, WARD_A, url)["X-Page-Cache"] == "hit"
    later = time.time() + 601
    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert get(client, WARD_A, url)["X-Page-Cache"] == "miss"


def test_a_consultation_opening_within_the_hour_is_cached_until_it_opens(news: NewsWorld, client, settings):
    from pagecache.middleware import seconds_to_local_midnight

    settings.PORTAL_PAGE_CACHE_TIMEOUT = 24 * 60 * 60
    page = make_consultation(news.units.city, "Dự thảo Quy chế văn hoá công sở", 1 / 24, 20)
    make_consultation(news.units.city, "Dự thảo Kế hoạch chỉnh trang đô thị", -2, 10)
    index = section(news.units.city, "consultation")
    bound = min(3600, seconds_to_local_midnight())
    for path in (page.url, index.get_url(), "/"):
        timeouts = page_timeouts(client, CITY, path)
        assert timeouts and all(bound - 30 <= timeout <= bound for timeout in timeouts), (path, timeouts)
    response = get(client, CITY, page.url)
    assert response["X-Page-Cache"] == "miss" and "s-maxage=300" in response["Cache-Control"]


def test_adopting_procedures_in_bulk_purges_the_wards_catalogue(
    catalogue,  # noqa: F811
    news: NewsWorld,
    client,
    django_capture_on_commit_callbacks,
):
    assert catalogue["land"].name not in get(client, WARD_A, SERVICES_PATH).content.decode()
    assert get(client, WARD_A, SERVICES_PATH)["X-Page-Cache"] == "hit"
    board = client.__class__()
    board.force_login(news.units.board_a)
    shown = [catalogue[key].pk for key in ("birth", "marriage", "copy", "land")]
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(reverse("disclosure_procedures:adopt"), {"shown": shown, "procedure": shown})
    assert response.status_code == 302
    listing = get(client, WARD_A, SERVICES_PATH)
    assert listing["X-Page-Cache"] == "miss" and catalogue["land"].name in listing.content.decode()


def test_a_section_retyped_by_the_blueprint_sync_is_purged(news: NewsWorld, client, django_capture_on_commit_callbacks):
    page = section(news.units.ward_a, "plans")
    url = page.get_url()
    get(client, WARD_A, url)
    assert get(client, WARD_A, url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        _retype_page(page, page.specific_class, SectionPage)
    assert get(client, WARD_A, url)["X-Page-Cache"] == "miss"


@override_settings(WAGTAILFRONTENDCACHE={"recording": {"BACKEND": "tests.pagecache.test_page_cache.RecordingBackend"}})
def test_a_view_restriction_purges_the_page_and_its_descendants_from_the_edge(
    news: NewsWorld, django_capture_on_commit_callbacks
):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    index = section(news.units.ward_a, "news")
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert {index.get_full_url(), article.get_full_url()} <= set(RecordingBackend.purged)


def test_errors_and_redirects_carry_a_cache_control_and_shared_pages_no_vary_cookie(news: NewsWorld, client):
    missing = get(client, WARD_A, "/khong-co-trang-nay/")
    assert missing.status_code == 404 and "no-cache" in missing["Cache-Control"]
    redirect = get(client, WARD_A, "/tim-kiem/?q=a&pham_vi=tat-ca")
    assert redirect.status_code in (301, 302) and "no-cache" in redirect["Cache-Control"]
    page = get(client, WARD_A, section(news.units.ward_a, "news").get_url())
    assert page["X-Page-Cache"] == "miss" and "Cookie" not in page.get("Vary", "")
