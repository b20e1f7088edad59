"""Search as a citizen uses it: diacritics folded both ways, scoped to the unit (or every unit from the city portal),
grouped by page type, highlighted, paginated, and calm in the face of any query."""

from __future__ import annotations

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home import views
from home.models import ContentPage, SectionPage
from search.models import SearchEntry
from search.pages import clean_query, highlight, snippet
from search.text import query_tokens

CITY = "tayninh.localhost"
WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
SLUGS = itertools.count(1)


def section(unit, key: str = "intro") -> Page:
    return unit.sections.get(key=key).page.specific


def publish(parent: Page, title: str, intro: str = "", body: list | None = None, when=None) -> ContentPage:
    slug = f"trang-{next(SLUGS)}"
    page = parent.add_child(instance=ContentPage(title=title, slug=slug, intro=intro, body=json.dumps(body or [])))
    revision = page.save_revision()
    revision.publish()
    if when is not None:
        Page.objects.filter(pk=page.pk).update(last_published_at=when, first_published_at=when)
        SearchEntry.objects.filter(page=page).update(last_published_at=when)
    return page


def search(client, host: str, query: str | None = None, **params):
    if query is not None:
        params["q"] = query
    return client.get("/tim-kiem/", params, HTTP_HOST=host)


def result_titles(response) -> list[str]:
    html = response.content.decode()
    titles = re.findall(r'<h3 class="search-result__title"><a href="[^"]*">(.*?)</a></h3>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def result_links(response) -> list[str]:
    return re.findall(r'<h3 class="search-result__title"><a href="([^"]*)">', response.content.decode())


@pytest.fixture
def ward_pages(two_units):
    """Pages a citizen might look for in both wards, titles and bodies with full Vietnamese diacritics."""
    intro_a = section(two_units.ward_a)
    paragraph = {"type": "paragraph", "value": "<p>Khí hậu nhiệt đới gió mùa, hai mùa mưa nắng rõ rệt.</p>"}
    return {
        "ubnd": publish(intro_a, "Ủy ban nhân dân phường Ninh Sơn", "Cơ quan hành chính nhà nước ở phường."),
        "climate": publish(intro_a, "Điều kiện tự nhiên", "Vị trí địa lý.", [paragraph]),
        "unaccented": publish(intro_a, "Lich tiep cong dan", "Thu hai hang tuan"),
        "other_ward": publish(section(two_units.ward_b), "Ủy ban nhân dân phường Hiệp Ninh"),
        "city": publish(section(two_units.city), "Ủy ban nhân dân thành phố Tây Ninh"),
    }


def test_an_unaccented_query_finds_vietnamese_text_and_an_accented_one_finds_unaccented_text(client, ward_pages):
    assert result_titles(search(client, WARD_A, "uy ban nhan dan")) == ["Ủy ban nhân dân phường Ninh Sơn"]
    assert result_titles(search(client, WARD_A, "UY BAN NHÂN DAN")) == ["Ủy ban nhân dân phường Ninh Sơn"]
    assert result_titles(search(client, WARD_A, "Lịch tiếp công dân")) == ["Lich tiep cong dan"]
    # Text inside the StreamField body is searchable; “đ” folds to “d”.
    assert result_titles(search(client, WARD_A, "khi hau nhiet doi")) == ["Điều kiện tự nhiên"]
    assert result_titles(search(client, WARD_A, "dieu kien")) == ["Điều kiện tự nhiên"]
    # Decomposed input (as typed on some keyboards) is the same query.
    assert result_titles(search(client, WARD_A, "Ủy ban nhân dân phường".replace("Ủ", "U\u0309"))) == [
        "Ủy ban nhân dân phường Ninh Sơn"
    ]
    # Every word must occur.
    assert result_titles(search(client, WARD_A, "uy ban tay ninh")) == []


def test_a_heading_is_found_by_its_words_not_by_the_name_of_its_level(client, two_units):
    heading = {"type": "heading", "value": {"text": "Vị trí địa lý", "level": "h2"}}
    publish(section(two_units.ward_a), "Đặc điểm địa bàn", body=[heading])
    assert result_titles(search(client, WARD_A, "vi tri dia ly")) == ["Đặc điểm địa bàn"]
    # “Tiêu đề mục (H2)” is how the editor names the level; a citizen searching it finds no page for it.
    assert result_titles(search(client, WARD_A, "tieu de muc")) == []
    assert result_titles(search(client, WARD_A, "H2")) == []


def test_each_unit_searches_its_own_site_and_the_city_can_search_every_unit(client, ward_pages):
    assert result_titles(search(client, WARD_B, "uy ban nhan dan")) == ["Ủy ban nhân dân phường Hiệp Ninh"]
    assert result_titles(search(client, CITY, "uy ban nhan dan")) == ["Ủy ban nhân dân thành phố Tây Ninh"]

    everywhere = search(client, CITY, "uy ban nhan dan", **{"pham-vi": "tat-ca"})
    html = everywhere.content.decode()
    assert sorted(result_titles(everywhere)) == [
        "Ủy ban nhân dân phường Hiệp Ninh",
        "Ủy ban nhân dân phường Ninh Sơn",
        "Ủy ban nhân dân thành phố Tây Ninh",
    ]
    assert "trên tất cả cổng thành phần" in html
    # Each result says which unit it belongs to, and links to that unit's own host.
    units = re.findall(r'<p class="search-result__unit">([^<]+)</p>', html)
    assert sorted(units) == ["Phường Hiệp Ninh", "Phường Ninh Sơn", "Thành phố Tây Ninh"]
    assert {link.split("/")[2] for link in result_links(everywhere) if link.startswith("http")} == {WARD_A, WARD_B}

    # A ward has no units below it: the all-units switch is neither offered nor honoured there.
    ward = search(client, WARD_A, "uy ban nhan dan", **{"pham-vi": "tat-ca"})
    assert result_titles(ward) == ["Ủy ban nhân dân phường Ninh Sơn"]
    assert 'name="pham-vi"' not in ward.content.decode()
    assert 'name="pham-vi"' in search(client, CITY, "uy ban").content.decode()


def test_an_old_search_address_with_pham_vi_redirects_to_pham_vi_with_a_hyphen(client, ward_pages):
    old = client.get("/tim-kiem/?q=uy+ban+nhan+dan&pham_vi=tat-ca&loai=", HTTP_HOST=CITY)
    assert old.status_code == 301
    assert old["Location"] == "/tim-kiem/?q=uy+ban+nhan+dan&loai=&pham-vi=tat-ca"
    followed = client.get(old["Location"], HTTP_HOST=CITY)
    assert sorted(result_titles(followed)) == sorted(
        result_titles(search(client, CITY, "uy ban nhan dan", **{"pham-vi": "tat-ca"}))
    )
    assert len(result_titles(followed)) == 3


def test_only_live_public_pages_are_found_and_the_index_follows_changes(client, two_units, ward_pages):
    ubnd = ward_pages["ubnd"]
    # A draft change is not public yet: the published title is what search shows.
    ubnd.title = "Hội đồng nhân dân phường"
    ubnd.save_revision()
    assert result_titles(search(client, WARD_A, "hoi dong")) == []
    assert result_titles(search(client, WARD_A, "uy ban")) == ["Ủy ban nhân dân phường Ninh Sơn"]
    ubnd.get_latest_revision().publish()
    assert result_titles(search(client, WARD_A, "hoi dong nhan dan")) == ["Hội đồng nhân dân phường"]
    assert result_titles(search(client, WARD_A, "uy ban")) == []

    ward_pages["climate"].unpublish()
    assert result_titles(search(client, WARD_A, "dieu kien tu nhien")) == []

    # A restriction on an ancestor hides the whole subtree at once.
    intro = section(two_units.ward_a)
    restriction = PageViewRestriction.objects.create(page=intro, restriction_type=PageViewRestriction.LOGIN)
    assert result_titles(search(client, WARD_A, "lich tiep")) == []
    restriction.delete()
    assert result_titles(search(client, WARD_A, "lich tiep")) == ["Lich tiep cong dan"]

    # Moved to the other ward's tree: found there, no longer here.
    ward_pages["unaccented"].move(section(two_units.ward_b), pos="last-child")
    assert result_titles(search(client, WARD_A, "lich tiep")) == []
    assert result_titles(search(client, WARD_B, "lich tiep")) == ["Lich tiep cong dan"]
    assert result_links(search(client, WARD_B, "lich tiep"))[0].startswith("/gioi-thieu/")

    Page.objects.get(pk=ward_pages["unaccented"].pk).delete()
    assert result_titles(search(client, WARD_B, "lich tiep")) == []
    assert not SearchEntry.objects.filter(page_id=ward_pages["unaccented"].pk).exists()


def test_results_are_grouped_by_page_type_and_can_be_narrowed_to_one(client, two_units):
    intro = section(two_units.ward_a)
    sub = intro.add_child(instance=SectionPage(title="Hộ tịch và chứng thực", slug="ho-tich"))
    sub.save_revision().publish()
    publish(intro, "Đăng ký khai sinh – hộ tịch")
    publish(intro, "Trích lục hộ tịch")

    response = search(client, WARD_A, "ho tich")
    html = response.content.decode()
    groups = re.findall(r'<h2 class="search-group__title"[^>]*>([^<]+)</h2>', html)
    assert groups == ["Trang nội dung", "Chuyên mục"]  # the larger group first
    assert "Tìm thấy 3 kết quả" in html
    assert 'Trang nội dung <span class="search-facets__count">(2)</span>' in html
    section_type = re.search(r'href="\?q=ho\+tich&amp;loai=(\d+)">Chuyên mục', html).group(1)

    narrowed = search(client, WARD_A, "ho tich", loai=section_type)
    assert result_titles(narrowed) == ["Hộ tịch và chứng thực"]
    assert 'aria-current="true">Chuyên mục' in narrowed.content.decode()
    # A type id that is not among the results is ignored rather than answered with nothing.
    assert len(result_titles(search(client, WARD_A, "ho tich", loai="999999"))) == 3


def test_title_matches_rank_first_then_the_most_recent(client, two_units):
    intro = section(two_units.ward_a)
    now = timezone.now()
    publish(intro, "Thông báo lịch cắt điện", "Điện lực thông báo tạm ngừng cung cấp.", when=now - timedelta(days=1))
    publish(intro, "Kế hoạch tuyên truyền", "Tuyên truyền về lịch cắt điện mùa khô.", when=now)
    publish(intro, "Lịch cắt điện tháng 7", "Các khu phố bị ảnh hưởng.", when=now - timedelta(days=30))
    assert result_titles(search(client, WARD_A, "lich cat dien")) == [
        "Thông báo lịch cắt điện",
        "Lịch cắt điện tháng 7",
        "Kế hoạch tuyên truyền",
    ]


def test_matches_are_highlighted_after_escaping(client, two_units):
    title, intro = "Quy định <script>alert(1)</script> về hộ tịch", "Hướng dẫn <b>đăng ký</b> hộ tịch."
    publish(section(two_units.ward_a), title, intro)
    response = search(client, WARD_A, "ho tich <script>")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "<b>đăng" not in html
    marked = "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; về <mark>hộ</mark> <mark>tịch</mark>"
    assert marked in html
    assert "Hướng dẫn &lt;b&gt;đăng ký&lt;/b&gt; <mark>hộ</mark> <mark>tịch</mark>." in html
    # The query echoed back in the summary and in both search boxes is escaped too.
    assert "“ho tich &lt;script&gt;”" in html
    assert html.count('value="ho tich &lt;script&gt;"') == 2


def test_highlight_and_snippet_map_folded_matches_back_to_the_original_text():
    assert highlight("Quyết định số 123/QĐ-UBND", query_tokens("quyet dinh qd")) == (
        "<mark>Quyết</mark> <mark>định</mark> số 123/<mark>QĐ</mark>-UBND"
    )
    assert highlight("a < b & c", ["b"]) == "a &lt; <mark>b</mark> &amp; c"
    long_text = "Mở đầu. " * 60 + "Thủ tục đăng ký kết hôn tại phường." + " Kết thúc." * 60
    excerpt = snippet(long_text, query_tokens("ket hon"))
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert "<mark>kết</mark> <mark>hôn</mark>" in excerpt
    assert len(re.sub(r"</?mark>", "", excerpt)) < 260


def test_results_are_paginated(client, two_units):
    intro = section(two_units.ward_a)
    for number in range(1, 26):
        intro.add_child(
            instance=ContentPage(title=f"Thông báo xét tuyển viên chức số {number}", slug=f"xet-tuyen-{number}")
        )
    first = search(client, WARD_A, "xet tuyen vien chuc")
    html = first.content.decode()
    assert len(result_titles(first)) == 20
    assert "Tìm thấy 25 kết quả" in html
    assert 'href="?q=xet+tuyen+vien+chuc&amp;page=2" rel="next"' in html
    second = search(client, WARD_A, "xet tuyen vien chuc", page="2")
    assert len(result_titles(second)) == 5
    assert not set(result_titles(first)) & set(result_titles(second))
    # Page numbers out of range or not numbers fall back to a real page.
    assert len(result_titles(search(client, WARD_A, "xet tuyen vien chuc", page="99"))) == 5
    assert len(result_titles(search(client, WARD_A, "xet tuyen vien chuc", page="abc"))) == 20


HOSTILE_QUERIES = [
    "",
    "q=",
    "q=%20%20%20",
    "q=" + "a" * 5000,
    "q=" + "uy%20ban%20" * 500,
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%27%20OR%201%3D1%20--",
    "q=%22%3B%20DROP%20TABLE%20home_searchentry%3B%20--",
    "q=%25%25%25_%5C",
    "q=%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "q=%00",
    "q=uy%00ban",
    "q=%FF%FE",
    "q=a&q=b&page=-1&loai=abc&pham-vi=%00",
    "q=%F0%9F%98%80%20emoji",
]


@pytest.mark.parametrize("query_string", HOSTILE_QUERIES)
def test_any_query_answers_normally(client, two_units, query_string):
    for host in (WARD_A, CITY):
        response = client.get(f"/tim-kiem/?{query_string}&pham-vi=tat-ca", HTTP_HOST=host)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html
        assert html.count("<h1") == 1
    assert SearchEntry.objects.exists()


def test_query_cleaning_drops_what_cannot_be_searched():
    assert clean_query("  uy\x00 ban\ud800  nhân\u200b dân ") == "uy ban nhân dân"
    assert len(clean_query("a" * 5000)) == 200
    assert query_tokens("' OR 1=1 --") == ["or", "1"]
    assert query_tokens("tìm " * 20) == ["tim"]
    assert len(query_tokens(" ".join(f"tu{i}" for i in range(30)))) == 8


def test_query_count_does_not_grow_with_the_number_of_results(client, two_units):
    intro = section(two_units.ward_a)

    def queries_for(total: int) -> int:
        while intro.get_children().filter(title__startswith="Văn bản").count() < total:
            number = intro.get_children().count()
            publish(intro, f"Văn bản hướng dẫn số {number}", "Hướng dẫn thực hiện thủ tục hành chính.")
        search(client, WARD_A, "van ban huong dan")  # warm Wagtail's per-process caches (site root paths)
        with CaptureQueriesContext(connection) as captured:
            response = search(client, WARD_A, "van ban huong dan")
        assert len(result_titles(response)) == min(total, 20)
        return len(captured.captured_queries)

    assert queries_for(5) == queries_for(40)


def test_rebuild_command_restores_the_index(client, ward_pages):
    SearchEntry.objects.all().delete()
    assert result_titles(search(client, WARD_A, "uy ban nhan dan")) == []
    call_command("rebuild_search_entries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert result_titles(search(client, WARD_A, "uy ban nhan dan")) == ["Ủy ban nhân dân phường Ninh Sơn"]
    # Section pages provisioned from the blueprint and each unit's home are searchable too.
    assert "Giới thiệu" in result_titles(search(client, WARD_A, "gioi thieu"))
    assert "Phường Hiệp Ninh" in result_titles(search(client, CITY, "hiep ninh", **{"pham-vi": "tat-ca"}))


def test_blueprint_sections_are_indexed_as_they_are_provisioned(client, two_units):
    assert "Giới thiệu" in result_titles(search(client, WARD_A, "gioi thieu"))
    assert SearchEntry.objects.filter(unit=two_units.ward_b, page=two_units.ward_b.home_page).exists()


def test_xml_sitemap_lists_only_the_sites_own_pages_and_robots_points_to_it(client, ward_pages):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=WARD_A).content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"http://{WARD_A}/" in locations
    assert any(location.endswith(ward_pages["ubnd"].slug + "/") for location in locations)
    assert {location.split("/")[2] for location in locations} == {WARD_A}
    # Every page names its canonical URL on its own host.
    path = f"/gioi-thieu/{ward_pages['ubnd'].slug}/"
    page_html = client.get(path, HTTP_HOST=WARD_A).content.decode()
    assert f'<link rel="canonical" href="http://{WARD_A}{path}">' in page_html
    robots = client.get("/robots.txt", HTTP_HOST=WARD_B).content.decode()
    assert f"Sitemap: http://{WARD_B}/sitemap.xml" in robots
    assert "Disallow: /tim-kiem/" in robots


def test_search_page_is_not_indexed_and_has_the_page_layout(client, two_units):
    html = search(client, WARD_A, "").content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "<title>Tìm kiếm – Phường Ninh Sơn</title>" in html
    assert "Nhập từ khóa cần tìm" in html
    assert html.count("<h1") == 1 and 'aria-current="page">Tìm kiếm</li>' in html
    assert client.get("/tim-kiem/", {"q": "x"}, HTTP_HOST="khongco.localhost").status_code == 404


def test_server_error_page_names_the_unit_and_falls_back_without_the_database(two_units, monkeypatch):
    request = RequestFactory().get("/", HTTP_HOST=WARD_A)
    response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in html and "Về trang chủ Phường Ninh Sơn" in html
    assert 'href="tel:02763821111"' in html

    def database_down(_request):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "unit_for_request", database_down)
    fallback = views.server_error(RequestFactory().get("/", HTTP_HOST=WARD_A))
    assert fallback.status_code == 500
    assert "Hệ thống đang gặp sự cố" in fallback.content.decode()
    assert "Ninh Sơn" not in fallback.content.decode()
