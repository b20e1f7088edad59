"""Index listing and filters, the article page (share, Open Graph, related, previous/next), RSS feeds."""

from __future__ import annotations

import datetime
import re

import feedparser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from languages.helpers import translate_with_localize
from news.syndication import decide, propose
from sites.models import PortalSettings

from .conftest import CITY, NOW, WARD_A, get


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="news-card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_index_lists_pinned_first_then_newest_and_paginates(news, client):
    ward = news.units.ward_a
    for day in range(12):
        news.article(ward, f"Tin ngày {day + 1}", date=NOW + datetime.timedelta(days=day))
    news.article(ward, "Tin ghim", date=NOW - datetime.timedelta(days=30), pinned=True)
    first = titles(get(client, WARD_A, "/tin-tuc-su-kien/").content.decode())
    assert first[:3] == ["Tin ghim", "Tin ngày 12", "Tin ngày 11"]
    assert len(first) == 10
    second = get(client, WARD_A, "/tin-tuc-su-kien/", page=2).content.decode()
    assert titles(second) == ["Tin ngày 3", "Tin ngày 2", "Tin ngày 1"]
    assert "Trang 2 / 2" in second


def test_index_filters_by_category_tag_and_month_and_archives_by_month(news, client):
    ward = news.units.ward_a
    news.article(ward, "Tin kinh tế tháng 5", category=news.category_a, tags=("chợ",))
    news.article(ward, "Tin tháng 4", date=NOW - datetime.timedelta(days=40), tags=("chợ", "đêm hội"))
    news.article(ward, "Tin tháng 5 khác")
    by_category = get(client, WARD_A, "/tin-tuc-su-kien/", **{"chu-de": "kinh-te"}).content.decode()
    assert titles(by_category) == ["Tin kinh tế tháng 5"]
    by_tag = get(client, WARD_A, "/tin-tuc-su-kien/", the="chợ").content.decode()
    assert titles(by_tag) == ["Tin kinh tế tháng 5", "Tin tháng 4"]
    by_month = get(client, WARD_A, "/tin-tuc-su-kien/", thang="2026-04").content.decode()
    assert titles(by_month) == ["Tin tháng 4"]
    assert 'href="/tin-tuc-su-kien/?thang=2026-05"' in by_month and "(2)" in by_month
    assert "Không có bài viết nào phù hợp" in get(client, WARD_A, "/tin-tuc-su-kien/", thang="2020-01").content.decode()
    # Another unit's category slug filters nothing in: unit B has a category with the same slug.
    news.article(news.units.ward_b, "Tin kinh tế của B", category=news.category_b)
    assert "Tin kinh tế của B" not in by_category


def count_queries(client, host: str, path: str) -> int:
    get(client, host, path)
    with CaptureQueriesContext(connection) as captured:
        assert get(client, host, path).status_code == 200
    return len(captured.captured_queries)


def test_index_and_home_query_counts_are_the_same_for_5_and_40_articles(news, client):
    ward = news.units.ward_a
    for number in range(5):
        news.article(ward, f"Tin số {number}", category=news.category_a, tags=("a",))
    small = (count_queries(client, WARD_A, "/tin-tuc-su-kien/"), count_queries(client, WARD_A, "/"))
    for number in range(5, 40):
        news.article(ward, f"Tin số {number}", category=news.category_a, tags=("a",))
    large = (count_queries(client, WARD_A, "/tin-tuc-su-kien/"), count_queries(client, WARD_A, "/"))
    assert small == large


def test_article_page_has_open_graph_twitter_card_share_links_related_and_neighbours(news, client):
    ward = news.units.ward_a
    older = news.article(ward, "Tin cũ hơn", date=NOW - datetime.timedelta(days=1), category=news.category_a)
    article = news.article(ward, "Phường tổ chức ngày hội đại đoàn kết", category=news.category_a, tags=("đoàn kết",))
    newer = news.article(ward, "Tin mới hơn", date=NOW + datetime.timedelta(days=1))
    html = get(client, WARD_A, "/tin-tuc-su-kien/phuong-to-chuc-ngay-hoi-dai-doan-ket/").content.decode()
    url = "http://ninhson.tayninh.localhost/tin-tuc-su-kien/phuong-to-chuc-ngay-hoi-dai-doan-ket/"
    assert re.search(
        r'<meta property="og:image" content="http://ninhson\.tayninh\.localhost/media/[^"]+fill-1200x630', html
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:type" content="article">' in html
    encoded = "http%3A%2F%2Fninhson.tayninh.localhost%2Ftin-tuc-su-kien%2Fphuong-to-chuc-ngay-hoi-dai-doan-ket%2F"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    assert f'href="https://sp.zalo.me/plugins/share?href={encoded}"' in html
    assert f'data-copy-link="{url}"' in html
    assert f'href="{older.url_path.removeprefix("/ninhson")}" rel="prev"' in html
    assert f'href="{newer.url_path.removeprefix("/ninhson")}" rel="next"' in html
    related = html[html.index("Tin liên quan") :]
    assert "Tin cũ hơn" in related and "Tin mới hơn" not in related
    assert article.title in html


def parse(client, host: str, path: str):
    response = get(client, host, path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    return feed


def test_feeds_per_unit_section_category_and_the_citys_all_units_feed_parse_cleanly(news, client):
    ward = news.units.ward_a
    news.article(ward, "Tin kinh tế", category=news.category_a)
    news.article(ward, "Tin chỉ đạo", key="direction")
    news.article(news.units.ward_b, "Tin của phường B")
    news.article(news.units.city, "Tin của thành phố")
    approved = propose(news.article(ward, "Tin được duyệt"), news.units.writer_a)
    decide(approved, news.city_board, approve=True)
    propose(news.article(ward, "Tin đang chờ"), news.units.writer_a)

    unit_feed = parse(client, WARD_A, "/rss/")
    assert {e.title for e in unit_feed.entries} == {"Tin kinh tế", "Tin chỉ đạo", "Tin được duyệt", "Tin đang chờ"}
    assert parse(client, WARD_A, "/rss/chuyen-muc/direction/").entries[0].title == "Tin chỉ đạo"
    category = parse(client, WARD_A, "/rss/chu-de/kinh-te/")
    assert [e.title for e in category.entries] == ["Tin kinh tế"]
    assert category.entries[0].tags[0].term == "Kinh tế"
    everything = parse(client, CITY, "/rss/cac-don-vi/")
    assert {e.title for e in everything.entries} == {"Tin của thành phố", "Tin được duyệt"}
    approved_entry = next(e for e in everything.entries if e.title == "Tin được duyệt")
    assert approved_entry.link == "http://ninhson.tayninh.localhost/tin-tuc-su-kien/tin-duoc-duyet/"
    assert get(client, WARD_A, "/rss/cac-don-vi/").status_code == 404
    assert get(client, WARD_A, "/rss/chu-de/khong-co/").status_code == 404

    home = get(client, CITY).content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="Tin tức – Thành phố Tây Ninh" href="/rss/">' in home
    assert 'href="/rss/cac-don-vi/"' in home
    index = get(client, WARD_A, "/tin-tuc-su-kien/chi-dao-dieu-hanh/").content.decode()
    assert (
        'type="application/rss+xml" title="Chỉ đạo – Điều hành – Phường Ninh Sơn" href="/rss/chuyen-muc/direction/"'
        in (index)
    )


def translate_article(article, english_title: str):
    return translate_with_localize(
        article, {article.title: english_title, article.intro: f"Summary: {english_title}", f"{article.title}.": "."}
    )


def test_english_feeds_list_the_english_articles_where_the_unit_publishes_english(news, client):
    ward = news.units.ward_a
    category_en = translate_with_localize(news.category_a, {"Kinh tế": "Economy"})
    assert category_en.slug == "kinh-te"
    translated = news.article(ward, "Tin kinh tế", category=news.category_a)
    news.article(ward, "Tin chưa dịch")
    news.article(news.units.ward_b, "Tin của phường B")
    index = translated.get_parent().specific
    index_en = translate_with_localize(index, {index.title: "News and events"})
    translate_article(translated, "Economic news")
    settings = PortalSettings.for_site(ward.site)
    settings.publish_english = True
    settings.save()

    english = parse(client, WARD_A, "/en/rss/")
    assert [e.title for e in english.entries] == ["Economic news"]
    assert english.feed.title == "News – Ninh Son Ward"
    assert english.feed.link == "http://ninhson.tayninh.localhost/en/"
    assert english.entries[0].link.startswith("http://ninhson.tayninh.localhost/en/")
    assert english.entries[0].tags[0].term == "Economy"
    # The Vietnamese feed is unchanged: Vietnamese articles only.
    assert {e.title for e in parse(client, WARD_A, "/rss/").entries} == {"Tin kinh tế", "Tin chưa dịch"}
    # Section and category feeds follow the language; the category answers to its slug.
    assert [e.title for e in parse(client, WARD_A, "/en/rss/chu-de/kinh-te/").entries] == ["Economic news"]
    assert parse(client, WARD_A, "/en/rss/chu-de/kinh-te/").feed.title == "Economy – Ninh Son Ward"
    assert get(client, WARD_A, "/en/rss/chuyen-muc/direction/").status_code == 404  # the section is not translated

    # The English news index offers the English feeds, not the Vietnamese ones.
    page = get(client, WARD_A, index_en.url).content.decode()
    assert 'type="application/rss+xml" title="News – Ninh Son Ward" href="/en/rss/"' in page
    assert 'href="/en/rss/chuyen-muc/news/"' in page and 'href="/rss/' not in page
    section_feed = parse(client, WARD_A, "/en/rss/chuyen-muc/news/")
    assert [e.title for e in section_feed.entries] == ["Economic news"]
    assert section_feed.feed.title == "News and events – Ninh Son Ward"


def test_english_feeds_of_a_unit_without_english_send_readers_to_the_vietnamese_feed(news, client):
    news.article(news.units.ward_a, "Tin kinh tế", category=news.category_a)
    response = get(client, WARD_A, "/en/rss/chu-de/kinh-te/")
    assert response.status_code == 302 and response["Location"] == "/rss/chu-de/kinh-te/"
    assert get(client, WARD_A, "/en/rss/")["Location"] == "/rss/"


def test_the_units_news_feed_of_the_city_is_vietnamese_only(news, client):
    city = news.units.city
    settings = PortalSettings.for_site(city.site)
    settings.publish_english = True
    settings.save()
    assert get(client, CITY, "/en/rss/cac-don-vi/").status_code == 404
    home = get(client, CITY, "/en/").content.decode()
    assert 'href="/en/rss/"' in home and "cac-don-vi" not in home
    assert 'href="/rss/cac-don-vi/"' in get(client, CITY).content.decode()
