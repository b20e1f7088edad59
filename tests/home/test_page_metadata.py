"""What a page tells search engines, archives and link previews (Dublin Core, Open Graph), the date listings show for
it, and HTML the checker accepts on every page type."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from home.page_dates import html_datetime
from home.templatetags.portal_tags import MY_UNIT_COOKIE, shorten
from tests.documents.conftest import add_document, taxonomy  # noqa: F401 (fixture)
from tests.html_rules import html_problems
from tests.news.conftest import news  # noqa: F401 (fixture)

CITY = "tayninh.localhost"
WARD = "ninhson.tayninh.localhost"
ISSUED = datetime.date(2026, 1, 12)
LONG_INTRO = (
    "Sáng ngày 15/5, Ủy ban nhân dân phường tổ chức hội nghị tổng kết công tác cải cách hành chính, chuyển đổi số "
    "và phát động phong trào thi đua hoàn thành thắng lợi nhiệm vụ phát triển kinh tế, văn hóa, xã hội năm 2026 "
    "cùng đông đảo cán bộ, công chức và người dân các khu phố trên địa bàn tham dự."
)


def head_meta(html: str) -> list[tuple[str, str]]:
    head = html.split("</head>")[0]
    return re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head)


def one(html: str, name: str) -> str:
    values = [value for key, value in head_meta(html) if key == name]
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


@pytest.fixture
def plan(two_units, taxonomy):  # noqa: F811
    """A plan issued on 12/1/2026, published, then published again today."""
    page = add_document(
        two_units.ward_a,
        number="45/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=ISSUED,
        abstract="Triển khai chuyển đổi số năm 2026",
    )
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.last_published_at.date() != ISSUED
    return page


@pytest.fixture
def article(news):  # noqa: F811
    """A ward article dated 4/3/2026 with a long intro, published, then published again today."""
    page = news.article(
        news.units.ward_a,
        "Tổng kết cải cách hành chính",
        intro=LONG_INTRO,
        date=timezone.make_aware(datetime.datetime(2026, 3, 4, 8, 30, 15, 123456)),
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_document_page_has_one_of_each_dublin_core_element_with_the_documents_own_values(client, plan, taxonomy):  # noqa: F811
    html = client.get(plan.url, HTTP_HOST=WARD).content.decode()
    names = [name for name, _value in head_meta(html) if name.startswith("DC.")]
    assert len(names) == len(set(names)), names
    assert one(html, "DC.date") == "2026-01-12"  # the issue date, not the re-publication of today
    assert one(html, "DC.identifier") == "45/KH-UBND"
    assert one(html, "DC.type") == "Kế hoạch"
    assert one(html, "DC.creator") == taxonomy.ward_a_body.name
    assert one(html, "DC.publisher") == "Ủy ban nhân dân Phường Ninh Sơn"


def test_article_metadata_carries_its_own_date_and_a_preview_cut_at_a_word(client, article):
    html = client.get(article.url, HTTP_HOST=WARD).content.decode()
    assert one(html, "DC.date") == "2026-03-04"
    assert one(html, "article:published_time") == "2026-03-04T08:30:15+07:00"
    description = one(html, "og:description")
    assert description.endswith("…") and len(description) <= 201
    kept = description.removesuffix("…")
    assert LONG_INTRO.startswith(kept)
    assert LONG_INTRO[len(kept)] in " ,", "cut inside a word"
    assert one(html, "twitter:description") == description
    assert one(html, "description") == description
    assert one(html, "DC.description") == LONG_INTRO  # the archive keeps the whole summary
    assert '<time datetime="2026-03-04T08:30:15+07:00">' in html


def test_a_page_without_a_date_of_its_own_is_dated_by_its_first_publication(client, two_units):
    intro = two_units.ward_a.sections.get(key="intro").page.specific
    first = intro.first_published_at
    intro.save_revision().publish()
    html = client.get("/gioi-thieu/", HTTP_HOST=WARD).content.decode()
    assert one(html, "DC.date") == timezone.localtime(first).date().isoformat()


def test_shorten_cuts_at_the_last_whole_word():
    assert shorten("ngắn gọn") == "ngắn gọn"
    assert shorten("Ủy ban nhân dân phường", limit=12) == "Ủy ban nhân…"
    assert shorten("Ủy ban nhân dân phường", limit=11) == "Ủy ban nhân…"  # the cut falls on a space
    assert shorten("Thông báo, lịch tiếp dân", limit=11) == "Thông báo…"  # no dangling comma


def test_html_datetime_is_a_valid_html_value():
    moment = timezone.make_aware(datetime.datetime(2026, 6, 24, 8, 30, 5, 987654), datetime.UTC)
    assert html_datetime(moment) == "2026-06-24T15:30:05+07:00"
    assert html_datetime(datetime.date(2022, 6, 24)) == "2022-06-24"
    assert html_datetime(None) == ""


def test_search_results_show_a_documents_issue_date(client, plan):
    html = client.get("/tim-kiem/", {"q": "45/KH-UBND"}, HTTP_HOST=WARD).content.decode()
    result = re.search(r'<li class="search-result">.*?</li>', html, re.S).group(0)
    assert "ke-hoach-so-45kh-ubnd" in result  # the plan (its number is highlighted in the title)
    assert 'Ngày ban hành: <time datetime="2026-01-12">12/1/2026</time>' in result
    today = timezone.localdate().strftime("%-d/%-m/%Y")
    assert today not in result


def test_unit_block_on_the_city_home_shows_a_documents_issue_date_and_an_articles_date(client, plan, article):
    client.cookies[MY_UNIT_COOKIE] = "ninhson"
    html = client.get("/", HTTP_HOST=CITY).content.decode()
    block = re.search(r'<section class="home-block" id="don-vi-cua-toi".*?</section>', html, re.S).group(0)
    items = re.findall(r'<li class="item-list__item">(.*?)</li>', block, re.S)
    document = next(item for item in items if "45/KH-UBND" in item)
    assert 'Ngày ban hành: <time datetime="2026-01-12">12/1/2026</time>' in document
    news_item = next(item for item in items if "Tổng kết cải cách hành chính" in item)
    assert 'Ngày đăng: <time datetime="2026-03-04T08:30:15+07:00">4/3/2026</time>' in news_item


def test_unit_block_reads_the_dates_in_one_query_whatever_the_number_of_items(client, two_units, taxonomy):  # noqa: F811
    client.cookies[MY_UNIT_COOKIE] = "ninhson"
    client.get("/", HTTP_HOST=CITY)
    for number in range(3):
        add_document(
            two_units.ward_a,
            number=f"{number + 1}/QĐ-UBND",
            document_type=taxonomy.decision,
            issuing_body=taxonomy.ward_a_body,
            issue_date=ISSUED,
        )
    with CaptureQueriesContext(connection) as with_three:
        client.get("/", HTTP_HOST=CITY)
    add_document(
        two_units.ward_a,
        number="9/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=ISSUED,
    )
    with CaptureQueriesContext(connection) as with_four:
        client.get("/", HTTP_HOST=CITY)
    assert len(with_four) == len(with_three)


def page_type_urls(units) -> dict[str, tuple[str, str]]:
    """One live page of every page type in the units' trees, plus the views outside the tree."""
    urls: dict[str, tuple[str, str]] = {}
    for unit in units:
        home = unit.home_page
        for page in Page.objects.descendant_of(home, inclusive=True).live().specific().order_by("path"):
            key = type(page).__name__
            if key not in urls:
                urls[key] = (unit.site.hostname, page.url_path.removeprefix(home.url_path.rstrip("/")))
    urls["search"] = (WARD, "/tim-kiem/?q=phuong")
    urls["not found"] = (WARD, "/khong-co-trang-nay/")
    return urls


def test_every_page_type_passes_the_html_rules(client, two_units, plan, article):
    urls = page_type_urls([two_units.city, two_units.ward_a])
    assert {"HomePage", "NewsArticlePage", "LegalDocumentPage", "LegalDocumentIndexPage", "NewsIndexPage"} <= set(urls)
    host, registry = urls["LegalDocumentIndexPage"]
    urls["verify"] = (host, f"{registry}xac-minh/?so=45/KH-UBND")
    failures = {}
    for name, (host, path) in urls.items():
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code in {200, 404}, f"{name} {path}: {response.status_code}"
        problems = html_problems(response.content.decode())
        if problems:
            failures[f"{name} {path}"] = problems
    assert failures == {}


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<time datetime="2026-12-04T00:11:21.275142+07:00">x</time>', "is not a valid date or time"),
        ('<time datetime="4/12/2026">x</time>', "is not a valid date or time"),
        ('<form action="" method="get"></form>', "empty action"),
        ('<p id="a"></p><p id="a"></p>', "id 'a' used 2 times"),
        ('<meta name="DC.type" content="Text"><meta name="DC.type" content="Kế hoạch">', "'DC.type' repeated"),
    ],
)
def test_the_html_rules_catch_what_the_checker_reported(html, problem):
    assert any(problem in line for line in html_problems(html))


@pytest.mark.parametrize(
    "value", ["2026", "2026-06", "2026-06-24", "06-24", "2026-W26", "08:30", "2026-06-24T08:30:05.123+07:00", "PT2H"]
)
def test_the_html_rules_accept_valid_datetimes(value):
    assert html_problems(f'<time datetime="{value}">x</time>') == []
