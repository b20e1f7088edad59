"""English demo content (demo/english.py): the city and Phường Ninh Sơn publish English pages that say
everything in English, through wagtail-localize, and a second seed run changes nothing."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from demo.english import Outcome, Phrasebook, place_in_english, position_in_english, translate
from demo.units import DEMO_UNITS, load_app_content, load_unit
from news.models import NewsArticlePage, NewsCategory
from organization.models import Official, SubUnit
from sites.access import english_locale
from sites.models import Unit

# The units the English demo touches, a ward that stays Vietnamese-only and a numbered ward: enough for every
# check, at a fraction of the time of the whole demo (tests/demo/test_seed_demo.py seeds all of it).
DEMO_SUBSET = ("tayninh", "phuong1", "hiepninh", "ninhson", "noivu", "vanhoa")
# Letters that only Vietnamese uses (tone marks, ă â ê ô ơ ư đ): none may remain in English text.
VIETNAMESE_LETTER = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)
CITY_HOST = "tayninh.localhost"
WARD_HOST = "ninhson.tayninh.localhost"
# English address of each translated city page, and its Vietnamese original.
CITY_PAGES = {
    "/en/": "/",
    "/en/about/": "/gioi-thieu/",
    "/en/about/history/": "/gioi-thieu/lich-su-hinh-thanh-va-phat-trien/",
    "/en/about/organisation/": "/gioi-thieu/co-cau-to-chuc/",
    "/en/about/leadership/": "/gioi-thieu/lanh-dao/",
    "/en/contacts/": "/lien-he/",
    "/en/news-and-events/": "/tin-tuc-su-kien/",
}
WARD_PAGES = {
    "/en/about/organisation/": "/gioi-thieu/co-cau-to-chuc/",
    "/en/contacts/": "/lien-he/",
}
ENGLISH_ARTICLES = {
    "Tay Ninh City receives the title of Civilised Urban Area for 2026",
    "Work begins on upgrading Cach Mang Thang Tam Street",
    "Ba Den Mountain welcomes over one million visitors in the first five months of the year",
    "City reviews its digital transformation in 2025 and sets its tasks for 2026",
}


@pytest.fixture(scope="module")
def english_demo(django_db_setup, django_db_blocker):
    """The demo units of DEMO_SUBSET with every app's content and the English loader, inside a transaction rolled
    back after the module; yields (units by slug, the lines the content loaders returned)."""
    with django_db_blocker.unblock(), transaction.atomic():
        units = {data.slug: load_unit(data).unit for data in DEMO_UNITS if data.slug in DEMO_SUBSET}
        lines = load_app_content(units)
        yield units, lines
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rollback removed those sites without signals


def get(client, host: str, path: str) -> str:
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, path
    return response.content.decode()


def main_text(page_html: str) -> str:
    main = re.search(r"<main\b.*?</main>", page_html, re.DOTALL)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def title_of(page_html: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page_html, re.DOTALL)[1]).strip()


def people_names(unit: Unit) -> set[str]:
    """Names of people, written in Vietnamese on English pages too: the unit's officials, the authors of news."""
    names = set(Official.objects.filter(unit=unit).values_list("name", flat=True))
    for author, photographer in NewsArticlePage.objects.values_list("author", "photographer"):
        names |= {author, photographer}
    return {name for name in names if name}


def vietnamese_left(text: str, unit: Unit) -> list[str]:
    """Words with Vietnamese-only letters once people's names are taken out (“TTĐT” stays in licence numbers)."""
    for exempt in sorted(people_names(unit), key=len, reverse=True):
        text = text.replace(exempt, " ")
    return [word for word in text.split() if VIETNAMESE_LETTER.search(word) and "/GP-TTĐT" not in word]


def page_text(page_html: str) -> str:
    """The text of the page's header, main content and footer (the unit's details live in header and footer)."""
    body = re.search(r"<body\b.*?</body>", page_html, re.DOTALL)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    # The language switcher names Vietnamese in Vietnamese (“Tiếng Việt”), as switchers do.
    body = re.sub(r'<nav class="language-switcher".*?</nav>', " ", body, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


# What the loader did


@pytest.mark.django_db
def test_the_city_and_ninh_son_publish_english_and_the_seed_reports_nothing_left_untranslated(english_demo, client):
    _units, lines = english_demo
    for host in (CITY_HOST, WARD_HOST):
        assert '<html lang="en"' in get(client, host, "/en/"), host
    assert not [line for line in lines if "chưa dịch" in line], "an object had a string without English"


@pytest.mark.django_db
def test_departments_and_numbered_wards_get_their_english_names(english_demo):
    names = dict(Unit.objects.filter(slug__in=DEMO_SUBSET).values_list("slug", "name_en"))
    assert names["noivu"] == "Office of Home Affairs"
    assert names["vanhoa"] == "Office of Culture and Information"
    assert names["phuong1"] == "Ward 1"
    assert names["ninhson"] == "Ninh Son Ward" and names["tayninh"] == "Tay Ninh City"


@pytest.mark.django_db
def test_editors_can_keep_the_english_pages_up_to_date_in_wagtail_localize(english_demo):
    units, _lines = english_demo
    english = english_locale()
    for slug, keys in (("tayninh", ("intro", "history", "org", "leaders", "contacts", "news")), ("ninhson", ("org",))):
        for key in keys:
            page = units[slug].sections.get(key=key).page
            assert Translation.objects.filter(source__object_id=page.translation_key, target_locale=english).exists()


# What citizens see


@pytest.mark.django_db
@pytest.mark.parametrize(("host", "pages"), [(CITY_HOST, CITY_PAGES), (WARD_HOST, WARD_PAGES)], ids=["city", "ward"])
def test_english_pages_answer_in_english_with_switcher_and_alternates(english_demo, client, host, pages):
    for english_path, vietnamese_path in pages.items():
        page_html = get(client, host, english_path)
        assert re.search(r'<html lang="en"', page_html), english_path
        assert not VIETNAMESE_LETTER.search(title_of(page_html)), title_of(page_html)
        switcher = re.search(r'<nav class="language-switcher".*?</nav>', page_html, re.DOTALL)[0]
        assert f'href="{vietnamese_path}" hreflang="vi"' in switcher, english_path
        for code, path in (("vi", vietnamese_path), ("en", english_path), ("x-default", vietnamese_path)):
            assert f'<link rel="alternate" hreflang="{code}" href="http://{host}{path}">' in page_html, (code, path)


@pytest.mark.django_db
def test_english_titles_name_the_page_and_the_unit_in_english(english_demo, client):
    assert title_of(get(client, CITY_HOST, "/en/")) == "Tay Ninh City Web Portal"
    assert title_of(get(client, CITY_HOST, "/en/about/organisation/")) == "Organisation – Tay Ninh City"
    assert title_of(get(client, WARD_HOST, "/en/contacts/")) == "Contacts – Ninh Son Ward"


@pytest.mark.django_db
def test_no_vietnamese_text_is_left_on_the_translated_pages(english_demo, client):
    units, _lines = english_demo
    city, ward = units["tayninh"], units["ninhson"]
    paths = [(city, path) for path in CITY_PAGES if path != "/en/"] + [(ward, path) for path in WARD_PAGES]
    english = english_locale()
    leadership = city.sections.get(key="leaders").page.get_translation(english).specific
    profiles = leadership.relative_url(city.site)
    paths += [(city, f"{profiles}{official.pk}/") for official in leadership.leaders()]
    news = city.sections.get(key="news").page.get_translation(english)
    paths += [(city, article.relative_url(city.site)) for article in news.get_children().live()]
    assert len(paths) == 6 + 2 + 4 + 4
    for unit, path in paths:
        assert path.startswith("/en/"), path
        text = page_text(get(client, unit.hostname, path))
        assert vietnamese_left(text, unit) == [], path


@pytest.mark.django_db
def test_english_home_speaks_english_in_its_hero(english_demo, client):
    page_html = get(client, CITY_HOST, "/en/")
    hero = re.search(r'<div class="hero">.*?</div>\s*</div>', page_html, re.DOTALL)[0]
    assert "Tay Ninh City is the political, economic and cultural centre of Tay Ninh Province" in html.unescape(hero)
    assert not VIETNAMESE_LETTER.search(html.unescape(re.sub(r"<[^>]+>", " ", hero)))


@pytest.mark.django_db
def test_english_org_chart_lists_english_sub_unit_names(english_demo, client):
    text = main_text(get(client, CITY_HOST, "/en/about/organisation/"))
    for vietnamese, english in (
        ("Phòng Nội vụ", "Office of Home Affairs"),
        ("Phòng Tài chính – Kế hoạch", "Office of Finance and Planning"),
        ("Thanh tra thành phố", "City Inspectorate"),
    ):
        assert english in text and vietnamese not in text
    assert "Office of the City People's Council and People's Committee" in text
    assert "Chairperson of the City People's Committee" in text
    ward = main_text(get(client, WARD_HOST, "/en/about/organisation/"))
    assert "Ward Public Administration Service Centre" in ward
    assert "Vice Chairperson of the Ninh Son Ward People's Committee" in ward


@pytest.mark.django_db
def test_english_news_index_lists_the_four_english_articles_only(english_demo, client):
    page_html = get(client, CITY_HOST, "/en/news-and-events/")
    titles = {html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'news-card__title">(.*?)</h', page_html)}
    assert titles == ENGLISH_ARTICLES
    vietnamese = get(client, CITY_HOST, "/tin-tuc-su-kien/")
    assert "Thành phố Tây Ninh đón nhận danh hiệu đô thị văn minh năm 2026" in html.unescape(vietnamese)
    assert "Work begins on upgrading" not in vietnamese


@pytest.mark.django_db
def test_english_article_has_english_category_and_tags(english_demo, client):
    path = "/en/news-and-events/work-begins-on-upgrading-cach-mang-thang-tam-street/"
    text = main_text(get(client, CITY_HOST, path))
    assert "Economy" in text and "Kinh tế" not in text
    assert "transport" in text and "public investment" in text and "giao thông" not in text
    assert "Editorial Board" in text and "Ban Biên tập" not in text  # the photo credit


@pytest.mark.django_db
def test_a_ward_without_english_sends_en_to_its_vietnamese_home(english_demo, client):
    response = client.get("/en/", HTTP_HOST="hiepninh.tayninh.localhost")
    assert response.status_code == 302 and response["Location"] == "/"
    page_html = get(client, "hiepninh.tayninh.localhost", "/")
    assert 'class="language-switcher"' not in page_html


@pytest.mark.django_db
def test_untranslated_vietnamese_page_switches_to_the_english_home_with_a_notice(english_demo, client):
    page_html = get(client, CITY_HOST, "/lich-cong-tac/")
    assert 'href="/en/?untranslated=1" hreflang="en"' in page_html
    assert 'class="untranslated-notice"' in get(client, CITY_HOST, "/en/?untranslated=1")


@pytest.mark.django_db
def test_a_second_run_adds_nothing(english_demo):
    units, _lines = english_demo
    models = (Page, Revision, SubUnit, Official, NewsCategory, StringTranslation, Translation, TranslationSource)
    before = {model.__name__: model.objects.count() for model in models}
    names = dict(Unit.objects.values_list("slug", "name_en"))
    assert load_app_content(units) == []
    assert {model.__name__: model.objects.count() for model in models} == before
    assert dict(Unit.objects.values_list("slug", "name_en")) == names


# The rules


def test_place_and_position_names_follow_english_usage():
    assert place_in_english("phường Hiệp Ninh") == "Hiep Ninh Ward"
    assert place_in_english("Phường 3") == "Ward 3"
    assert place_in_english("thị xã Hòa Thành") == "Hoa Thanh Town"
    assert place_in_english("xã Tân Bình") == "Tan Binh Commune"
    assert position_in_english("Chủ tịch UBND thành phố") == "Chairperson of the City People's Committee"
    assert position_in_english("Phó Chủ tịch UBND phường Ninh Sơn") == (
        "Vice Chairperson of the Ninh Son Ward People's Committee"
    )
    assert position_in_english("Chủ tịch UBND Thành phố Tây Ninh") == (
        "Chairperson of the Tay Ninh City People's Committee"
    )
    assert position_in_english("Trưởng phòng Nội vụ") == "Head of the Office of Home Affairs"
    assert position_in_english("Chánh Thanh tra thành phố") == "Chief Inspector of the City Inspectorate"
    assert position_in_english("Cán bộ địa chính") is None


@pytest.mark.django_db
def test_an_object_with_a_string_without_english_is_left_untranslated(two_units):
    official = Official.objects.create(unit=two_units.ward_a, name="Lê Văn Tư", position="Công chức địa chính")
    outcome = Outcome()
    assert translate(official, Phrasebook.for_unit(two_units.ward_a), outcome, "cán bộ") is None
    assert official.get_translation_or_none(english_locale()) is None
    assert outcome.skipped and "Công chức địa chính" in outcome.skipped[0]
