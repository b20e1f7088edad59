"""English alongside Vietnamese: English homes, the switcher and its fallback, hreflang, sitemap, admin language."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from home.models import ContentPage
from languages.helpers import translate_with_localize
from sites.access import english_home
from sites.models import PortalSettings, Unit, UnitSection
from sites.provisioning import UnitSpec, default_english_name, provision_unit, sync_all_units

CITY_HOST = "tayninh.localhost"
A_HOST = "ninhson.tayninh.localhost"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def html(response) -> str:
    return response.content.decode()


def section(unit, key: str):
    return UnitSection.objects.get(unit=unit, key=key).page.specific


def publish_english(unit, on: bool = True) -> None:
    settings = PortalSettings.for_site(unit.site)
    settings.publish_english = on
    settings.save()


def switcher(response) -> str:
    found = re.search(r'<nav class="language-switcher".*?</nav>', html(response), re.S)
    return found.group(0) if found else ""


@pytest.fixture
def english_org(city):
    """The city publishes English and has translated its organisation page (its parent “Giới thiệu” is not)."""
    publish_english(city)
    return translate_with_localize(section(city, "org"), {"Cơ cấu tổ chức": "Organisation"})


# Provisioning -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "english"),
    [
        ("ward", "Phường Ninh Sơn", "Ninh Son Ward"),
        ("commune", "Xã Thạnh Tân", "Thanh Tan Commune"),
        ("city", "Thành phố Tây Ninh", "Tay Ninh City"),
        ("province", "Tỉnh Tây Ninh", "Tay Ninh Province"),
        ("ward", "Phường IV", "Ward IV"),
        ("ward", "Phường 1", "Ward 1"),
        ("department", "Phòng Nội vụ", ""),
    ],
)
def test_customary_english_names(kind, name, english):
    assert default_english_name(kind, name) == english


def test_every_unit_gets_a_live_english_home_in_its_name(two_units):
    for unit in (two_units.city, two_units.ward_a):
        home = english_home(unit)
        assert home is not None and home.live
        assert home.locale.language_code == "en"
        assert home.title == unit.name_en
        assert home.translation_key == unit.home_page.translation_key
        assert not home.specific.intro  # nothing Vietnamese on the English home
        assert Unit.for_page(home) == unit
    assert two_units.ward_a.name_en == "Ninh Son Ward"


def test_provisioning_twice_and_sync_add_no_second_english_home(city):
    homes = Page.objects.filter(depth=2).count()
    again = provision_unit(
        UnitSpec(kind="city", name="Thành phố Tây Ninh", slug="tayninh", hostname=city.site.hostname)
    )
    assert not again.changed
    sync_all_units()
    assert Page.objects.filter(depth=2).count() == homes


def test_sync_blueprint_gives_older_units_their_english_home(city):
    english_home(city).delete()
    assert english_home(city) is None
    changes = sync_all_units()[city]
    assert any("tiếng Anh" in line for line in changes)
    home = english_home(city)
    assert home is not None and home.live
    writer_group = city.role_groups.get(role="writer").group
    assert home.group_permissions.filter(group=writer_group).exists()


def test_english_pages_belong_to_their_unit_and_only_its_editors_edit_them(two_units, english_org):
    assert Unit.for_page(english_org) == two_units.city
    ward_page = translate_with_localize(section(two_units.ward_a, "contacts"), {})
    assert Unit.for_page(ward_page) == two_units.ward_a
    assert ward_page.permissions_for_user(two_units.writer_a).can_edit()
    assert not ward_page.permissions_for_user(two_units.writer_b).can_edit()


# Public pages ---------------------------------------------------------------------------------------------------


def test_english_page_is_english_and_switches_to_its_vietnamese_original(client, english_org):
    response = client.get("/en/about/co-cau-to-chuc/", HTTP_HOST=CITY_HOST)
    assert response.status_code == 200
    text = html(response)
    assert '<html lang="en"' in text
    assert "<h1" in text and "Organisation" in text
    links = switcher(response)
    assert 'href="/gioi-thieu/co-cau-to-chuc/" hreflang="vi" lang="vi">Tiếng Việt</a>' in links
    assert 'aria-current="true" lang="en">English' in links


def test_english_pages_show_the_units_english_details_or_the_vietnamese_ones_marked_as_vietnamese(
    client, city, english_org
):
    contacts = translate_with_localize(section(city, "contacts"), {"Liên hệ": "Contact us"})
    page = html(client.get(contacts.url, HTTP_HOST=CITY_HOST))
    # No English given yet: the Vietnamese address and person, marked so screen readers read them in Vietnamese.
    assert '<span lang="vi">Số 1 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh</span>' in page
    assert '<span lang="vi">Nguyễn Thanh Ngọc – Phó Chủ tịch UBND thành phố</span>' in page
    settings = PortalSettings.for_site(city.site)
    settings.address_en = "1 Tran Hung Dao Street, Ward 2, Tay Ninh City"
    settings.responsible_person_en = "Nguyễn Thanh Ngọc – Vice Chairperson of the City People's Committee"
    settings.tagline = "Thông tin chính thống của UBND Thành phố Tây Ninh"
    settings.tagline_en = "Official information from the Tay Ninh City People's Committee"
    settings.licence = "Giấy phép số 05/GP-TTĐT ngày 12/3/2024"
    settings.licence_en = "Licence No. 05/GP-TTĐT of 12 March 2024"
    settings.save()
    page = html(client.get(contacts.url, HTTP_HOST=CITY_HOST))
    assert page.count("1 Tran Hung Dao Street, Ward 2, Tay Ninh City") == 2  # the contact box and the footer
    assert "Vice Chairperson of the City People&#x27;s Committee" in page
    assert "Official information from the Tay Ninh City People&#x27;s Committee" in page
    assert "Licence No. 05/GP-TTĐT of 12 March 2024" in page
    assert re.findall(r'\slang="vi"[^>]*>([^<]*)', page) == ["Tiếng Việt"]  # only the switcher's link
    assert "Trần Hưng Đạo" not in page and "Thông tin chính thống" not in page and "Giấy phép số" not in page
    # The Vietnamese page is untouched and carries no language marks of its own.
    vietnamese = html(client.get("/lien-he/", HTTP_HOST=CITY_HOST))
    assert "Số 1 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh" in vietnamese and "Tran Hung Dao" not in vietnamese
    assert "Thông tin chính thống của UBND Thành phố Tây Ninh" in vietnamese and "Giấy phép số 05" in vietnamese
    assert '<span lang="vi">' not in vietnamese


def test_vietnamese_page_links_to_its_english_translation(client, english_org):
    response = client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=CITY_HOST)
    assert '<html lang="vi"' in html(response)
    assert 'href="/en/about/co-cau-to-chuc/" hreflang="en" lang="en">English</a>' in switcher(response)


def test_untranslated_page_links_to_the_english_home_and_says_so(client, english_org):
    response = client.get("/lien-he/", HTTP_HOST=CITY_HOST)
    links = switcher(response)
    assert 'href="/en/?untranslated=1"' in links
    assert "chưa có bản dịch" in links
    landing = client.get("/en/?untranslated=1", HTTP_HOST=CITY_HOST)
    assert landing.status_code == 200
    assert 'class="untranslated-notice"' in html(landing)
    assert 'class="untranslated-notice"' not in html(client.get("/en/", HTTP_HOST=CITY_HOST))


def test_untranslated_address_under_en_is_not_found_and_alias_parent_sends_to_vietnamese(client, english_org):
    assert client.get("/en/lien-he/", HTTP_HOST=CITY_HOST).status_code == 404
    # “Giới thiệu” was copied into the English tree only to hold the translated page: it mirrors Vietnamese text.
    alias = client.get("/en/about/", HTTP_HOST=CITY_HOST)
    assert alias.status_code == 302 and alias["Location"] == "/gioi-thieu/"


def test_english_menu_lists_only_translated_sections(client, english_org):
    nav = re.search(r'<nav class="main-nav".*?</nav>', html(client.get("/en/", HTTP_HOST=CITY_HOST)), re.S).group(0)
    assert 'href="/en/about/co-cau-to-chuc/">Organisation</a>' in nav
    assert 'href="/en/" accesskey="1"' in nav
    assert "Giới thiệu" not in nav and "Liên hệ" not in nav and "/lien-he/" not in nav
    vietnamese_nav = re.search(r'<nav class="main-nav".*?</nav>', html(client.get("/", HTTP_HOST=CITY_HOST)), re.S)
    assert "Liên hệ" in vietnamese_nav.group(0)


def test_hreflang_alternates_name_both_versions_and_x_default(client, english_org):
    for path in ("/gioi-thieu/co-cau-to-chuc/", "/en/about/co-cau-to-chuc/"):
        alternates = re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html(client.get(path, HTTP_HOST=CITY_HOST))
        )
        assert alternates == [
            ("vi", "http://tayninh.localhost/gioi-thieu/co-cau-to-chuc/"),
            ("en", "http://tayninh.localhost/en/about/co-cau-to-chuc/"),
            ("x-default", "http://tayninh.localhost/gioi-thieu/co-cau-to-chuc/"),
        ]
    assert '<link rel="alternate" hreflang' not in html(client.get("/lien-he/", HTTP_HOST=CITY_HOST))


def sitemap_urls(client, host: str) -> dict[str, list[tuple[str, str]]]:
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {}
    for url in root.findall("s:url", SITEMAP_NS):
        location = url.find("s:loc", SITEMAP_NS).text
        urls[location] = [(link.get("hreflang"), link.get("href")) for link in url.findall("x:link", SITEMAP_NS)]
    return urls


def test_sitemap_lists_english_pages_with_alternates(client, english_org):
    urls = sitemap_urls(client, CITY_HOST)
    english = "http://tayninh.localhost/en/about/co-cau-to-chuc/"
    vietnamese = "http://tayninh.localhost/gioi-thieu/co-cau-to-chuc/"
    assert urls[english] == urls[vietnamese] == [("vi", vietnamese), ("en", english), ("x-default", vietnamese)]
    assert "http://tayninh.localhost/en/" in urls
    assert "http://tayninh.localhost/en/about/" not in urls  # an alias is not an English page
    assert urls["http://tayninh.localhost/lien-he/"] == []


def test_sitemap_addresses_are_the_addresses_wagtail_gives_each_page(client, english_org, city):
    """The sitemap builds addresses from each root instead of asking every page: the same address, in both trees."""
    urls = sitemap_urls(client, CITY_HOST)
    expected = set()
    for root in (city.home_page, english_home(city)):
        for page in Page.objects.descendant_of(root, inclusive=True).live().public().filter(alias_of__isnull=True):
            expected.add(page.get_full_url())
    assert set(urls) == expected
    assert any("/en/" in url for url in urls) and any("/en/" not in url for url in urls)
    for links in urls.values():
        for _code, href in links:
            assert href in expected


def test_unit_without_english_shows_no_switcher_and_sends_en_addresses_home(client, two_units):
    ward = two_units.ward_a
    translate_with_localize(section(ward, "contacts"), {"Liên hệ": "Contacts"})
    response = client.get("/lien-he/", HTTP_HOST=A_HOST)
    assert switcher(response) == ""
    assert '<link rel="alternate" hreflang' not in html(response)
    english = client.get("/en/lien-he/", HTTP_HOST=A_HOST)
    assert english.status_code == 302 and english["Location"] == "/lien-he/"
    assert client.get("/en/", HTTP_HOST=A_HOST)["Location"] == "/"
    assert not any("/en/" in url for url in sitemap_urls(client, A_HOST))
    publish_english(ward)
    assert client.get("/en/lien-he/", HTTP_HOST=A_HOST).status_code == 200


def test_browser_language_never_switches_the_portal(client, english_org):
    response = client.get("/", HTTP_HOST=CITY_HOST, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi"' in html(response)
    assert "Trang chủ" in html(response)


def test_switcher_costs_the_same_queries_whatever_the_number_of_translated_pages(
    client, city, django_assert_max_num_queries
):
    publish_english(city)
    client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=CITY_HOST)  # warm caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=CITY_HOST)
    for key in ("org", "contacts", "leaders", "history"):
        translate_with_localize(section(city, key), {})
    with CaptureQueriesContext(connection) as many:
        client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=CITY_HOST)
    assert len(many) <= len(few) + 1  # the page now has a translation to link to


# Admin ----------------------------------------------------------------------------------------------------------


def test_admin_is_vietnamese_by_default_whatever_the_browser_says(client, two_units):
    client.force_login(two_units.writer_a)
    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = html(response)
    assert '<html lang="vi"' in text
    # Strings Wagtail's own Vietnamese catalogue lacks come from locale/admin/vi (menu, dashboard, explorer); the
    # sidebar menu is JSON in the page, its labels escaped.
    for vietnamese in ("Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp"):
        assert json.dumps(vietnamese)[1:-1] in text, vietnamese
    for english in ("Images", "Documents", "Reports", "Help"):
        assert f'"label": "{english}"' not in text, english
    explorer = html(client.get(reverse("wagtailadmin_explore", args=[two_units.ward_a.home_page_id])))
    assert "Thêm trang con" in explorer


def test_editor_may_choose_english_for_the_admin(client, two_units):
    user = two_units.writer_a
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    text = html(client.get(reverse("wagtailadmin_home")))
    assert '<html lang="en"' in text
    assert "Images" in text or "Documents" in text


def test_translated_content_page_keeps_its_streamfield(client, two_units):
    ward = two_units.ward_a
    publish_english(ward)
    intro = section(ward, "intro")
    page = intro.add_child(
        instance=ContentPage(
            title="Điều kiện tự nhiên",
            slug="dieu-kien-tu-nhien",
            intro="Vị trí và khí hậu.",
            body=[("paragraph", "<p>Khí hậu nhiệt đới gió mùa.</p>")],
        )
    )
    page.save_revision().publish()
    english = translate_with_localize(
        page,
        {
            "Điều kiện tự nhiên": "Natural conditions",
            "Vị trí và khí hậu.": "Location and climate.",
            "Khí hậu nhiệt đới gió mùa.": "A tropical monsoon climate.",
            "dieu-kien-tu-nhien": "natural-conditions",
        },
    )
    response = client.get(english.url, HTTP_HOST=A_HOST)
    assert response.status_code == 200
    assert "A tropical monsoon climate." in html(response)
    assert "Khí hậu nhiệt đới" not in html(response)


def test_admin_javascript_strings_are_vietnamese_too(client, two_units):
    """The page editor's scripts (Wagtail's and wagtail-localize's translation editor) read these catalogues."""
    client.force_login(two_units.writer_a)
    wagtail_js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert json.dumps("Tìm kiếm tùy chọn…")[1:-1] in wagtail_js or "Tìm kiếm tùy chọn…" in wagtail_js
    localize_js = client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    assert json.dumps("Chưa dịch")[1:-1] in localize_js or "Chưa dịch" in localize_js
