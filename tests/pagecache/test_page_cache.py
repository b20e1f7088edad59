"""The anonymous page cache (pagecache/): hits cost no query, every change a page shows is visible on the next
request, and what must never be shared (signed-in pages, forms, previews, errors) never is."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from news.models import NewsArticlePage
from organization.models import Official
from reports.models import PageViewCount
from reports.usage import UsageCounterMiddleware
from sites.models import PortalSettings
from tests.conftest import login_verified
from tests.news.conftest import CITY, WARD_A, WARD_B, NewsWorld, section

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture
def no_usage_counter():
    """The usage counter (outside the page cache, it counts a hit too) writes its row: left out where a test counts
    the queries of the page cache alone."""
    with mock.patch.object(UsageCounterMiddleware, "count"):
        yield


def get(client, host: str, path: str = "/", **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def hit_queries(client, host: str, path: str = "/", **extra) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        response = get(client, host, path, **extra)
    return response, len(captured.captured_queries)


def publish(page, capture, **changes) -> None:
    for name, value in changes.items():
        setattr(page, name, value)
    with capture(execute=True):
        page.save_revision().publish()


def test_a_hit_returns_the_same_bytes_without_a_query_and_is_still_counted(news: NewsWorld, client):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    url = article.get_url()
    first = get(client, WARD_A, url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with mock.patch.object(UsageCounterMiddleware, "count"):
        second, queries = hit_queries(client, WARD_A, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert queries == 0
    # The usage counter is outside the cache: the hit is a page view.
    with mock.patch.object(UsageCounterMiddleware, "count") as count:
        assert get(client, WARD_A, url, HTTP_USER_AGENT=BROWSER)["X-Page-Cache"] == "hit"
    count.assert_called_once()


def test_head_is_served_from_the_get_entry(news: NewsWorld, client, no_usage_counter):
    get(client, WARD_A, "/")
    with CaptureQueriesContext(connection) as captured:
        response = client.head("/", HTTP_HOST=WARD_A)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert len(captured.captured_queries) == 0


def test_publishing_shows_on_the_page_its_listing_the_unit_home_and_the_citys_aggregates(
    news: NewsWorld, client, django_capture_on_commit_callbacks
):
    ward = news.units.ward_a
    article = news.article(ward, "Phường ra quân tổng vệ sinh")
    index_url = section(ward, "news").get_url()
    pages = [
        (WARD_A, article.get_url()),
        (WARD_A, index_url),
        (WARD_A, "/"),
        (WARD_A, "/rss/"),
        (WARD_A, "/sitemap.xml"),
        (WARD_A, "/tim-kiem/?q=ve+sinh"),
        (CITY, "/"),
        (CITY, "/rss/cac-don-vi/"),
        (CITY, "/tim-kiem/?q=ve+sinh&pham-vi=tat-ca"),
    ]
    for host, path in pages:
        assert get(client, host, path).status_code == 200
        assert get(client, host, path)["X-Page-Cache"] == "hit", (host, path)
    publish(article, django_capture_on_commit_callbacks, title="Phường ra quân dọn dẹp kênh rạch")
    for host, path in pages:
        response = get(client, host, path)
        assert response["X-Page-Cache"] == "miss", (host, path)
    for host, path in pages[:4]:
        assert "dọn dẹp kênh rạch" in get(client, host, path).content.decode(), (host, path)


def test_another_wards_publish_leaves_a_siblings_cached_pages_alone(
    news: NewsWorld, client, django_capture_on_commit_callbacks, no_usage_counter
):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    news.article(news.units.ward_b, "Hiệp Ninh họp dân")
    get(client, WARD_B, "/")
    get(client, CITY, "/")
    publish(article, django_capture_on_commit_callbacks, title="Tin đã sửa")
    response, queries = hit_queries(client, WARD_B, "/")
    assert response["X-Page-Cache"] == "hit" and queries == 0
    assert get(client, CITY, "/")["X-Page-Cache"] == "miss"  # the city aggregates its wards


def test_unpublish_move_and_delete_are_visible_at_once(news: NewsWorld, client, django_capture_on_commit_callbacks):
    ward = news.units.ward_a
    article = news.article(ward, "Phường ra quân tổng vệ sinh")
    other = news.article(ward, "Tin sẽ bị xoá")
    index_url = section(ward, "news").get_url()
    get(client, WARD_A, index_url)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert "tổng vệ sinh" not in get(client, WARD_A, index_url).content.decode()
    assert get(client, WARD_A, article.get_url() or "/tin-tuc-su-kien/phuong-ra-quan-tong-ve-sinh/").status_code == 404
    get(client, WARD_A, index_url)
    with django_capture_on_commit_callbacks(execute=True):
        NewsArticlePage.objects.get(pk=other.pk).delete()
    assert "Tin sẽ bị xoá" not in get(client, WARD_A, index_url).content.decode()
    moved = news.article(ward, "Tin chuyển mục")
    old_url = moved.get_url()
    assert get(client, WARD_A, old_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        NewsArticlePage.objects.get(pk=moved.pk).move(section(ward, "intro"), pos="last-child")
    assert get(client, WARD_A, old_url).status_code == 301  # the redirect Wagtail made, not the cached page
    assert "Tin chuyển mục" not in get(client, WARD_A, index_url).content.decode()


def test_a_snippet_and_the_portal_settings_purge_the_pages_that_show_them(
    news: NewsWorld, client, django_capture_on_commit_callbacks
):
    ward = news.units.ward_a
    chart_url = section(ward, "org").get_url()
    get(client, WARD_A, chart_url)
    with django_capture_on_commit_callbacks(execute=True):
        Official.objects.create(unit=ward, name="Trần Thị Bích Ngọc", position="Chủ tịch UBND phường")
    assert "Trần Thị Bích Ngọc" in get(client, WARD_A, chart_url).content.decode()

    get(client, WARD_A, "/")
    with django_capture_on_commit_callbacks(execute=True):
        settings_row = PortalSettings.for_site(ward.site)
        settings_row.tagline = "Đoàn kết – Kỷ cương – Phát triển"
        settings_row.save()
    assert "Đoàn kết – Kỷ cương – Phát triển" in get(client, WARD_A, "/").content.decode()


def test_same_path_on_two_hosts_and_two_languages_are_separate_entries(news: NewsWorld, client):
    a, b = get(client, WARD_A, "/"), get(client, WARD_B, "/")
    assert "Phường Ninh Sơn" in a.content.decode() and "Phường Hiệp Ninh" in b.content.decode()
    assert get(client, WARD_B, "/").content == b.content
    english = get(client, WARD_A, "/en/")
    assert english.content != a.content
    assert get(client, WARD_A, "/")["X-Page-Cache"] == "hit"


def test_signed_in_users_neither_read_nor_fill_the_cache(news: NewsWorld, client):
    anonymous = get(client, WARD_A, "/")
    login_verified(client, news.units.writer_a)
    signed_in = get(client, WARD_A, "/")
    assert "X-Page-Cache" not in signed_in
    assert signed_in.content != anonymous.content  # their userbar
    assert "private" in signed_in["Cache-Control"] and "no-store" in signed_in["Cache-Control"]
    client.logout()
    caches["pages"].clear()
    login_verified(client, news.units.writer_a)
    get(client, WARD_A, "/")
    client.cookies.clear()
    assert get(client, WARD_A, "/")["X-Page-Cache"] == "miss"  # the signed-in visit stored nothing


def test_post_preview_and_404_are_not_cached(news: NewsWorld, client):
    assert client.post("/", HTTP_HOST=WARD_A).get("X-Page-Cache") is None
    assert get(client, WARD_A, "/khong-co-trang-nay/").status_code == 404
    missing = get(client, WARD_A, "/khong-co-trang-nay/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing


def test_a_form_page_with_a_csrf_token_is_not_cached(news: NewsWorld, client):
    url = section(news.units.ward_a, "qa").get_url()
    candidates = [url + "gui-cau-hoi/", url]
    for path in candidates:
        response = get(client, WARD_A, path)
        if response.status_code == 200 and b"csrfmiddlewaretoken" in response.content:
            assert "X-Page-Cache" not in response
            assert "X-Page-Cache" not in get(client, WARD_A, path)
            assert "private" in response["Cache-Control"]
            return
    pytest.fail("no question form found")


def test_public_pages_carry_edge_cache_headers_and_search_results_do_not(news: NewsWorld, client):
    response = get(client, WARD_A, "/")
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=300" in control and "max-age=0" in control
    assert "Accept-Language" not in response.get("Vary", "")  # the language is in the path
    search = get(client, WARD_A, "/tim-kiem/?q=ve+sinh")
    assert "private" in search["Cache-Control"]
    with override_settings(PORTAL_PAGE_CACHE=False):  # an edge in front of a portal without its own cache
        uncached = get(client, WARD_A, "/")
    assert "X-Page-Cache" not in uncached and "s-maxage=300" in uncached["Cache-Control"]


def test_my_unit_cookie_gets_its_own_entry(news: NewsWorld, client):
    news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    plain = get(client, CITY, "/")
    client.cookies["don_vi_cua_toi"] = "ninhson"
    mine = get(client, CITY, "/")
    assert mine["X-Page-Cache"] == "miss"
    assert "tổng vệ sinh" in mine.content.decode() and mine.content != plain.content
    assert get(client, CITY, "/")["X-Page-Cache"] == "hit"
    assert "Cookie" in mine["Vary"]
    client.cookies.clear()
    assert get(client, CITY, "/").content == plain.content


def test_the_rating_widget_knows_a_voted_page_from_its_cookie(news: NewsWorld, client):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    url = article.get_url()
    assert "Bạn đã đánh giá trang này" not in get(client, WARD_A, url).content.decode()
    voted = client.post(
        "/danh-gia/", {"trang": article.pk, "diem": "5", "y_kien": ""}, HTTP_HOST=WARD_A, HTTP_ORIGIN=f"http://{WARD_A}"
    )
    assert voted.status_code == 302
    assert "Bạn đã đánh giá trang này" in get(client, WARD_A, url).content.decode()
    client.cookies.clear()
    assert "Bạn đã đánh giá trang này" not in get(client, WARD_A, url).content.decode()


def test_saving_a_page_view_count_or_a_draft_purges_nothing(
    news: NewsWorld, client, django_capture_on_commit_callbacks, no_usage_counter
):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    get(client, WARD_A, "/")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewCount.objects.create(unit=news.units.ward_a, section="news", day="2026-05-20", views=3)
        article.title = "Bản nháp chưa xuất bản"
        article.save_revision()
    response, queries = hit_queries(client, WARD_A, "/")
    assert response["X-Page-Cache"] == "hit" and queries == 0


def test_a_failing_cache_still_serves_the_page(news: NewsWorld, client):
    with mock.patch("pagecache.generations.caches") as caches, mock.patch("pagecache.middleware.caches") as mcaches:
        caches.__getitem__.return_value.get_many.side_effect = ConnectionError("Redis is down")
        mcaches.__getitem__.return_value.get.side_effect = ConnectionError("Redis is down")
        response = get(client, WARD_A, "/")
    assert response.status_code == 200 and "Phường Ninh Sơn" in response.content.decode()
    with mock.patch("pagecache.middleware.caches") as mcaches:
        mcaches.__getitem__.return_value.get.return_value = None
        mcaches.__getitem__.return_value.set.side_effect = ConnectionError("Redis is down")
        assert get(client, WARD_A, "/").status_code == 200


class RecordingBackend:
    purged: list[str] = []

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname) -> bool:
        return True

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)

    def purge_batch(self, urls) -> None:
        RecordingBackend.purged.extend(urls)


@override_settings(WAGTAILFRONTENDCACHE={"recording": {"BACKEND": "tests.pagecache.test_page_cache.RecordingBackend"}})
def test_publishing_purges_the_page_its_listings_and_the_aggregates_from_the_edge(
    news: NewsWorld, django_capture_on_commit_callbacks
):
    ward = news.units.ward_a
    article = news.article(ward, "Phường ra quân tổng vệ sinh")
    RecordingBackend.purged = []
    publish(article, django_capture_on_commit_callbacks, title="Tin đã sửa")
    purged = set(RecordingBackend.purged)
    ward_root, city_root = ward.site.root_url, news.units.city.site.root_url
    assert article.get_full_url() in purged
    assert section(ward, "news").get_full_url() in purged
    assert {f"{ward_root}/", f"{ward_root}/rss/", f"{ward_root}/sitemap.xml", f"{city_root}/"} <= purged
    assert f"{city_root}/rss/cac-don-vi/" in purged
    assert not any(url.startswith(news.units.ward_b.site.root_url) for url in purged)


def test_a_change_owned_by_no_unit_purges_every_site(news: NewsWorld, client, django_capture_on_commit_callbacks):
    from workdays.models import CalendarDay

    for host in (WARD_A, WARD_B, CITY):
        get(client, host, "/")
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=datetime.date(2026, 9, 1), kind=CalendarDay.Kind.choices[0][0], note="Nghỉ lễ")
    for host in (WARD_A, WARD_B, CITY):
        assert get(client, host, "/")["X-Page-Cache"] == "miss", host


def test_a_renamed_unit_shows_in_its_wards_header_at_once(news: NewsWorld, client, django_capture_on_commit_callbacks):
    get(client, WARD_B, "/")
    city = news.units.city
    with django_capture_on_commit_callbacks(execute=True):
        city.name = "Thành phố Tây Ninh Mới"
        city.save()
    assert "Thành phố Tây Ninh Mới" in get(client, WARD_B, "/").content.decode()


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    from pagecache.checks import shared_cache_for_the_page_cache

    configured = settings.CACHES
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1"}
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    try:
        settings.CACHES = {"default": redis, "pages": locmem}
        assert [message.id for message in shared_cache_for_the_page_cache(None)] == ["pagecache.W001"]
        settings.CACHES = {"default": redis, "pages": redis}
        assert [message.id for message in shared_cache_for_the_page_cache(None)] == ["pagecache.W002"]
        settings.CACHES = {"default": redis, "pages": {**redis, "LOCATION": "redis://127.0.0.1:6380/0"}}
        assert shared_cache_for_the_page_cache(None) == []
    finally:
        settings.CACHES = configured  # the fixture clears the caches: never a Redis the test does not own


def test_no_entry_outlives_the_local_day(news: NewsWorld, client):
    """Pages show “today” (this week's schedule, days left to a deadline): entries end at local midnight."""
    from django.utils import timezone

    from pagecache.middleware import seconds_to_local_midnight

    late = timezone.make_aware(datetime.datetime(2026, 5, 20, 23, 59, 30))
    with mock.patch("pagecache.middleware.timezone.localtime", return_value=late):
        assert seconds_to_local_midnight() == 30
        with mock.patch("django.core.cache.backends.locmem.LocMemCache.set", autospec=True) as cache_set:
            get(client, WARD_A, "/")
    page_sets = [call for call in cache_set.call_args_list if call.args[1].startswith("pagecache:p:")]
    assert page_sets and all(call.kwargs["timeout"] == 30 for call in page_sets)


def test_a_new_hostname_is_known_at_once(news: NewsWorld, client, django_capture_on_commit_callbacks):
    get(client, WARD_B, "/")
    site = news.units.ward_b.site
    with django_capture_on_commit_callbacks(execute=True):
        site.hostname = "hiepninh-moi.tayninh.localhost"
        site.save()
    response = get(client, "hiepninh-moi.tayninh.localhost", "/")
    assert response.status_code == 200 and "Phường Hiệp Ninh" in response.content.decode()
    # The host belongs to ward B's generation: B's publish purges it.
    article = news.article(news.units.ward_b, "Hiệp Ninh họp dân")
    get(client, "hiepninh-moi.tayninh.localhost", "/")
    publish(article, django_capture_on_commit_callbacks, title="Hiệp Ninh họp dân khu phố 3")
    assert "khu phố 3" in get(client, "hiepninh-moi.tayninh.localhost", "/").content.decode()


def test_a_preview_is_never_cached(news: NewsWorld, client):
    from django.urls import reverse

    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    login_verified(client, news.units.writer_a)
    url = reverse("wagtailadmin_pages:view_draft", args=(article.pk,))
    response = client.get(url, HTTP_HOST=WARD_A)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
