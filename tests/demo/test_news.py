"""The news demo as visitors see it: every portal it fills lists Vietnamese articles, the city's announcement reaches
the wards' home pages, audio bulletins play; a second run creates nothing."""

from __future__ import annotations

import html
import re

from demo.news import load_demo
from news.models import NewsArticlePage, SyndicationProposal
from sites.models import Unit
from tests.conftest import make_unit

# The units the news demo writes for, besides the city.
UNITS = {
    "ninhson": ("ward", "Phường Ninh Sơn"),
    "hiepninh": ("ward", "Phường Hiệp Ninh"),
    "phuong1": ("ward", "Phường 1"),
    "phuong2": ("ward", "Phường 2"),
    "ninhthanh": ("ward", "Phường Ninh Thạnh"),
    "binhminh": ("commune", "Xã Bình Minh"),
}
VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def page(client, unit: Unit, path: str) -> str:
    response = client.get(path, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200, (unit.slug, path)
    return html.unescape(response.content.decode())


def test_every_portal_lists_its_vietnamese_news_and_a_second_run_creates_nothing(city, client):
    for slug, (kind, name) in UNITS.items():
        make_unit(kind, name, slug, "tayninh")
    units = {unit.slug: unit for unit in Unit.objects.select_related("site")}

    load_demo(units)

    listed = {}
    for unit in units.values():
        listing = page(client, unit, "/tin-tuc-su-kien/")
        titles = re.findall(r'news-card__title"><a href="[^"]+">([^<]+)</a>', listing)
        assert titles and all(VIETNAMESE_LETTER.search(title) for title in titles), unit.slug
        # The month archive beside the list counts every article of the section.
        listed[unit.slug] = sum(int(count) for count in re.findall(r'news-archive__count">\((\d+)\)', listing))
    assert min(listed.values()) >= 3 and sum(listed.values()) >= 40

    assert "pushed-announcements" in page(client, units["ninhson"], "/")
    with_audio = NewsArticlePage.objects.live().exclude(audio_bulletin=None)
    assert with_audio.count() >= 2
    by_site = {unit.site_id: unit for unit in units.values()}
    for article in with_audio:
        site = article.get_site()
        assert "<audio" in page(client, by_site[site.pk], article.relative_url(site))

    counts = (NewsArticlePage.objects.count(), SyndicationProposal.objects.count())
    assert load_demo(units) == []  # nothing added, nothing reported
    assert (NewsArticlePage.objects.count(), SyndicationProposal.objects.count()) == counts
