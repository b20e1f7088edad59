"""What a page cache key holds (docs/caching.md): what the page read, never the raw request. Random addresses, hosts
and cookie values store no new page, and pages never share the default cache with ALTCHA marks and rate limits."""

from __future__ import annotations

import uuid

import pytest
from django.core import signing
from django.core.cache import cache, caches

from participation.rating_cookie import COOKIE_NAME, COOKIE_SALT
from tests.news.conftest import CITY, WARD_A, NewsWorld, section

pytestmark = pytest.mark.django_db
VOTED = "Bạn đã đánh giá trang này"


def get(client, host: str, path: str = "/", **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def stored_pages() -> int:
    return sum(1 for key in caches["pages"]._cache if ":pagecache:p:" in key)


def rating_cookie(*keys: str) -> str:
    return signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign(".".join(keys))


def test_random_queries_cookies_and_ports_store_no_page_and_leave_the_default_cache_alone(news: NewsWorld, client):
    cache.set("altcha:replay:proof", "used", 3600)  # what django_altcha and the rate limits keep in the default cache
    assert get(client, WARD_A, "/")["X-Page-Cache"] == "miss"
    entries = stored_pages()
    for _ in range(5):
        noise = uuid.uuid4().hex
        response = get(client, WARD_A, f"/?x={noise}")
        assert response.status_code == 200 and "X-Page-Cache" not in response  # an unknown parameter: not stored
        client.cookies["don_vi_cua_toi"] = noise
        assert get(client, WARD_A, "/")["X-Page-Cache"] == "hit"  # no such unit: the entry without the cookie
        client.cookies.clear()
        client.cookies["danh_gia"] = noise  # a forged rating cookie: no vote
        assert get(client, WARD_A, "/")["X-Page-Cache"] == "hit"
        client.cookies.clear()
    response = get(client, f"{WARD_A}:8001", "/")
    assert response.status_code == 200 and "X-Page-Cache" not in response  # not the site's own port
    assert stored_pages() == entries
    assert not [key for key in cache._cache if "pagecache" in key], "pages and tokens live in the pages cache"
    assert cache.get("altcha:replay:proof") == "used"


def test_the_host_is_the_sites_own_hostname(news: NewsWorld, client):
    first = get(client, WARD_A, "/")
    assert get(client, WARD_A.upper() + ".", "/")["X-Page-Cache"] == "hit"
    assert get(client, WARD_A, "/").content == first.content


def test_tracking_parameters_share_the_plain_entry_and_leave_the_links(news: NewsWorld, client):
    url = section(news.units.ward_a, "news").get_url()
    get(client, WARD_A, url)
    response = get(client, WARD_A, f"{url}?utm_source=zalo&fbclid={uuid.uuid4().hex}")
    assert response["X-Page-Cache"] == "hit"
    assert "fbclid" not in response.content.decode() and "utm_source" not in response.content.decode()


def test_repeated_parameters_keep_their_order(news: NewsWorld, client):
    url = section(news.units.ward_a, "news").get_url()
    assert get(client, WARD_A, f"{url}?page=1&page=2")["X-Page-Cache"] == "miss"
    assert get(client, WARD_A, f"{url}?page=2&page=1")["X-Page-Cache"] == "miss"  # QueryDict reads the last
    assert get(client, WARD_A, f"{url}?page=1&page=2")["X-Page-Cache"] == "hit"


def test_a_real_unit_cookie_keeps_its_entry(news: NewsWorld, client):
    news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    plain = get(client, CITY, "/")
    client.cookies["don_vi_cua_toi"] = news.units.ward_a.slug
    mine = get(client, CITY, "/")
    assert mine["X-Page-Cache"] == "miss" and mine.content != plain.content
    assert get(client, CITY, "/")["X-Page-Cache"] == "hit"


def test_the_rating_cookie_selects_only_the_vote_for_this_page(news: NewsWorld, client):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    other = news.article(news.units.ward_a, "Phường họp dân")
    url = article.get_url()
    assert get(client, WARD_A, url)["X-Page-Cache"] == "miss"
    client.cookies["danh_gia"] = rating_cookie(f"p{other.pk}", "s1")  # voted for other pages only
    response = get(client, WARD_A, url)
    assert response["X-Page-Cache"] == "hit" and VOTED not in response.content.decode()
    client.cookies["danh_gia"] = rating_cookie(f"p{other.pk}", f"p{article.pk}")
    response = get(client, WARD_A, url)
    assert response["X-Page-Cache"] == "miss" and VOTED in response.content.decode()
    client.cookies["danh_gia"] = rating_cookie(f"p{article.pk}")  # another voter, another cookie value
    response = get(client, WARD_A, url)
    assert response["X-Page-Cache"] == "hit" and VOTED in response.content.decode()
    client.cookies.clear()
    response = get(client, WARD_A, url)
    assert response["X-Page-Cache"] == "hit" and VOTED not in response.content.decode()


def test_a_voter_first_then_a_visitor_without_votes(news: NewsWorld, client):
    article = news.article(news.units.ward_a, "Phường ra quân tổng vệ sinh")
    url = article.get_url()
    client.cookies["danh_gia"] = rating_cookie(f"p{article.pk}")
    assert VOTED in get(client, WARD_A, url).content.decode()
    assert get(client, WARD_A, url)["X-Page-Cache"] == "hit"
    client.cookies.clear()
    response = get(client, WARD_A, url)
    assert response["X-Page-Cache"] == "miss" and VOTED not in response.content.decode()
    assert get(client, WARD_A, url)["X-Page-Cache"] == "hit"
