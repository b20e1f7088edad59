"""Query budgets of the shared chrome's page types (issue 18, DESIGN decision 7), against the seeded demo.

An anonymous, uncached visit of each page type runs at most `PAGE_BUDGET` queries on the city's and on a ward's
portal, and the same number when a section gets more articles, the city gets one more unit and a page gets an English
translation.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.text import slugify

from home.models import ContentPage
from languages.helpers import translate_with_localize
from news.models import NewsArticlePage
from search.text import fold
from sites.models import Unit, UnitSection
from tests.conftest import make_unit
from tests.query_budget import PAGE_BUDGET, demo_host, queries, seeded_demo

CITY, WARD = "tayninh", "ninhson"

PAGES = [
    ("home", "/"),
    ("english home", "/en/"),
    ("news index", "/tin-tuc-su-kien/"),
    ("site search", "/tim-kiem/?q=ke+hoach"),
    ("xml sitemap", "/sitemap.xml"),
    ("unit feed", "/rss/"),
    ("section feed", "/rss/chuyen-muc/news/"),
    ("site map page", "/so-do-cong/"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_demo(django_db_blocker, tmp_path_factory):
        yield


@pytest.fixture
def visit(demo, db):
    """Each test's writes are rolled back (a savepoint inside the demo's transaction); Wagtail's cached site root
    paths go with them."""
    yield
    cache.clear()


def unit(slug: str) -> Unit:
    return Unit.objects.get(slug=slug)


def section(slug: str, key: str):
    return UnitSection.objects.get(unit__slug=slug, key=key).page.specific


def article_path(slug: str) -> str:
    news = section(slug, "news")
    article = NewsArticlePage.objects.live().descendant_of(news).order_by("-date").first()
    return article.get_url_parts()[2]


def within_budget(path: str, slug: str):
    measured = queries(path, demo_host(slug))
    assert measured.status == 200, path
    assert measured.count <= PAGE_BUDGET, measured.explain()
    return measured


@pytest.mark.parametrize("slug", [CITY, WARD])
@pytest.mark.parametrize(("kind", "path"), PAGES, ids=[kind for kind, _ in PAGES])
def test_page_type_within_budget(visit, kind, path, slug):
    within_budget(path, slug)


@pytest.mark.parametrize("slug", [CITY, WARD])
def test_article_within_budget(visit, slug):
    within_budget(article_path(slug), slug)


def test_all_units_feed_within_budget(visit):
    within_budget("/rss/cac-don-vi/", CITY)


@pytest.mark.parametrize("slug", [CITY, WARD])
def test_content_page_within_budget(visit, slug):
    introduction = section(slug, "intro")
    page = ContentPage(title="Quy chế làm việc", slug="quy-che-lam-viec", intro="Quy chế làm việc của đơn vị.")
    introduction.add_child(instance=page)
    page.save_revision().publish()
    within_budget(page.get_url_parts()[2], slug)


def add_articles(slug: str, count: int) -> None:
    news = section(slug, "news")
    model = NewsArticlePage.objects.descendant_of(news).exclude(featured_image=None).first()
    for number in range(count):
        title = f"Tin bổ sung số {number} của phường"
        page = NewsArticlePage(
            title=title,
            slug=slugify(fold(title)),
            intro=f"Tóm tắt {title}",
            date=timezone.now(),
            featured_image=model.featured_image,
            featured_image_alt=model.featured_image_alt,
            body=[{"type": "paragraph", "value": f"<p>{title}.</p>"}],
        )
        news.add_child(instance=page)
        page.save_revision().publish()


def growth_paths(slug: str) -> list[str]:
    return ["/", "/en/", "/tin-tuc-su-kien/", article_path(slug), "/sitemap.xml", "/rss/", "/so-do-cong/"]


def counts(slug: str, paths: list[str]) -> dict[str, int]:
    return {path: queries(path, demo_host(slug)).count for path in paths}


def test_flat_as_articles_grow(visit):
    paths = growth_paths(WARD)
    before, city_before = counts(WARD, paths), counts(CITY, ["/", "/rss/cac-don-vi/"])
    add_articles(WARD, 20)
    assert counts(WARD, paths) == before
    assert counts(CITY, ["/", "/rss/cac-don-vi/"]) == city_before


def test_flat_as_units_grow(visit):
    city_paths = ["/", "/tin-tuc-su-kien/", "/sitemap.xml", "/rss/cac-don-vi/"]
    city_before = counts(CITY, city_paths)
    ward_before = counts(WARD, growth_paths(WARD))
    make_unit("ward", "Phường Thử Nghiệm", "thunghiem", parent=CITY)
    assert counts(CITY, city_paths) == city_before
    assert counts(WARD, growth_paths(WARD)) == ward_before
    assert queries("/", demo_host("thunghiem")).count <= PAGE_BUDGET


def test_flat_as_languages_grow(visit):
    paths = ["/", "/en/", "/tin-tuc-su-kien/", "/so-do-cong/"]
    before = counts(WARD, paths)
    translate_with_localize(section(WARD, "news"), {"Tin tức – Sự kiện": "News and events"})
    translate_with_localize(section(WARD, "sitemap"), {})
    after = counts(WARD, paths)
    assert after == before
    assert queries("/en/tin-tuc-su-kien/", demo_host(WARD)).count <= PAGE_BUDGET
