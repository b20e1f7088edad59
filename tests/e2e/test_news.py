"""News pages in a real browser: axe, screenshots at 375 and 1280 px, filters, audio player, share and copy link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, sweep

pytestmark = pytest.mark.e2e

ARTICLE = (
    "/tin-tuc-su-kien/chi-dao-dieu-hanh/chu-tich-ubnd-phuong-ninh-son-chi-dao-phong-chong-dich-sot-xuat-huyet-mua-mua/"
)


def news_pages(portal) -> dict[str, str]:
    return {
        "news-index": portal.url(portal.ward, "/tin-tuc-su-kien/"),
        "news-index-filtered": portal.url(portal.ward, "/tin-tuc-su-kien/?chu-de=cai-cach-hanh-chinh"),
        "news-article": portal.url(portal.ward, ARTICLE),
        "news-syndicated": portal.url(portal.city, "/tin-tuc-su-kien/tin-tu-cac-don-vi/"),
        "news-city-home": portal.url(portal.city),
        "news-ward-home": portal.url(portal.ward),
    }


def test_news_pages_pass_axe_and_are_photographed(portal, open_tab):
    sweep(open_tab, news_pages(portal))


def test_a_citizen_filters_reads_listens_and_copies_the_link(portal, open_tab):
    tab, log = open_tab(DESKTOP)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.goto(portal.url(portal.ward, "/tin-tuc-su-kien/"))
    tab.get_by_label("Chủ đề").select_option(label="Cải cách hành chính")
    tab.get_by_role("button", name="Lọc").click()
    tab.wait_for_url(re.compile(r"chu-de=cai-cach-hanh-chinh"))  # the filtered page, loaded, not the one it leaves
    cards = tab.locator(".news-list .news-card__title")
    expect(cards).to_have_count(1)
    assert "Bộ phận một cửa" in cards.first.inner_text()

    tab.goto(portal.url(portal.ward, ARTICLE))
    player = tab.locator("audio.audio-bulletin__player")
    assert player.is_visible()
    assert tab.evaluate("document.querySelector('audio source').src").endswith(".wav")
    duration = tab.evaluate(
        "new Promise(r => { const a = document.querySelector('audio'); a.preload = 'metadata';"
        " a.addEventListener('loadedmetadata', () => r(a.duration)); a.load(); })"
    )
    assert duration > 3
    tab.get_by_text("Đọc nội dung bản tin").click()
    expect(tab.get_by_text("Kính thưa bà con!")).to_be_visible()
    assert (
        tab.get_by_role("link", name="Chia sẻ lên Facebook")
        .get_attribute("href")
        .startswith("https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Fninhson.tayninh.localhost")
    )
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.get_by_role("button", name="Sao chép đường dẫn").click()
    expect(tab.get_by_role("status")).to_have_text("Đã sao chép đường dẫn")  # the copy resolves asynchronously
    assert tab.evaluate("navigator.clipboard.readText()") == portal.url(portal.ward, ARTICLE)
    assert log.non_local_requests() == []


def test_the_city_lists_unit_news_linking_to_the_unit_portal(portal, open_tab):
    tab, _log = open_tab(PHONE)
    tab.goto(portal.url(portal.city, "/tin-tuc-su-kien/tin-tu-cac-don-vi/"))
    card = tab.locator(".news-card", has_text="Phường Ninh Sơn").first
    assert card.locator(".news-card__kicker--unit").inner_text().strip().lower() == "phường ninh sơn"
    card.locator("a").click()
    tab.wait_for_url(re.compile("^" + re.escape(portal.url(portal.ward, "/tin-tuc-su-kien/"))))
    assert tab.locator("link[rel=canonical]").get_attribute("href") == tab.url
