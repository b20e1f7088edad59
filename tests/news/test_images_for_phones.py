"""News images sized for phones (issue 18 item 7, bench/lighthouse.py): WebP at the width the layout shows, width and
height set (no layout shift), the one image a phone paints first fetched at once, the others only when scrolled to."""

from __future__ import annotations

import re

from tests.html_rules import html_problems

from .conftest import WARD_A, get


def images(html: str, css_class: str = "") -> list[str]:
    return [tag for tag in re.findall(r"<img [^>]*>", html) if css_class in tag]


def test_the_homes_featured_article_is_fetched_first_and_the_rest_lazily(news, client):
    ward = news.units.ward_a
    for number in range(4):
        news.article(ward, f"Tin số {number}", category=news.category_a)
    html = get(client, WARD_A, "/").content.decode()
    cards = images(html, "news-card__image")
    assert len(cards) == 4
    featured, *latest = cards
    assert 'loading="eager"' in featured and 'fetchpriority="high"' in featured
    assert 'sizes="(min-width: 62em) 36rem, 100vw"' in featured
    for card in latest:
        assert 'loading="lazy"' in card and 'fetchpriority="auto"' in card
        assert 'sizes="8rem"' in card
    for card in cards:
        assert 'width="240"' in card and 'height="135"' in card
        widths = re.findall(r"\.format-webp\.webp (\d+)w", card)
        assert widths == ["240", "480", "800"]
    assert html_problems(html) == []


def test_the_article_image_is_webp_at_three_widths_and_fetched_first(news, client):
    news.article(news.units.ward_a, "Phường tổ chức ngày hội đại đoàn kết", category=news.category_a)
    html = get(client, WARD_A, "/tin-tuc-su-kien/phuong-to-chuc-ngay-hoi-dai-doan-ket/").content.decode()
    figure = re.search(r'<figure class="figure news-article__figure">.*?</figure>', html, re.S).group(0)
    (hero,) = images(figure)
    assert 'fetchpriority="high"' in hero and "loading=" not in hero
    assert 'width="480"' in hero and 'height="252"' in hero
    assert re.findall(r"\.format-webp\.webp (\d+)w", hero) == ["480", "800", "1200"]
    # sharing still offers the 1200×630 JPEG social networks expect
    assert re.search(r'<meta property="og:image" content="[^"]+fill-1200x630\.jpg"', html)


def test_listings_find_the_cards_renditions_without_rendering_them_again(news, client, monkeypatch):
    """The renditions a card shows are prefetched with the listing: once made, no request renders them again (an
    image whose prefetched renditions miss one would decode and encode it on every request)."""
    from wagtail.images.models import AbstractImage

    ward = news.units.ward_a
    for number in range(3):
        news.article(ward, f"Tin số {number}", category=news.category_a)
    get(client, WARD_A, "/")  # makes the renditions
    get(client, WARD_A, "/tin-tuc-su-kien/")
    rendered = []
    original = AbstractImage.create_renditions

    def counting(self, *filters):
        rendered.extend(f.spec for f in filters)
        return original(self, *filters)

    monkeypatch.setattr(AbstractImage, "create_renditions", counting)
    assert len(images(get(client, WARD_A, "/").content.decode(), "news-card__image")) == 3
    assert len(images(get(client, WARD_A, "/tin-tuc-su-kien/").content.decode(), "news-card__image")) == 3
    assert rendered == []
