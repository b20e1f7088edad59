"""What a citizen sees on a unit's pages: menu, footer, the city's unit directory, the site map, section listings."""

from __future__ import annotations

import re

import pytest
from wagtail.models import Page

from home.menus import main_menu
from home.models import ContentPage, HomePage, SectionPage, SitemapPage
from sites.models import UnitSection
from tests.conftest import make_unit

A_HOST = "ninhson.tayninh.localhost"
CITY_HOST = "tayninh.localhost"


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def part(html: str, tag: str) -> str:
    return re.search(rf"<{tag}\b.*?</{tag}>", html, re.S).group(0)


def menu_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return {text.strip(): href for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', nav)}


def section_page(unit, key: str):
    return UnitSection.objects.get(unit=unit, key=key).page.specific


def test_menu_has_the_entries_circular_32_requires_with_links_on_the_same_host(two_units, client):
    links = menu_links(html_of(client.get("/gioi-thieu/", HTTP_HOST=A_HOST)))
    assert links["Trang chủ"] == "/"
    assert links["Giới thiệu"] == "/gioi-thieu/"
    assert links["Dịch vụ công trực tuyến"] == "/dich-vu-cong-truc-tuyen/"
    assert links["Sơ đồ cổng"] == "/so-do-cong/"
    # Child sections appear under their parent entry.
    assert links["Cơ cấu tổ chức"] == "/gioi-thieu/co-cau-to-chuc/"
    assert all(href.startswith("/") and not href.startswith("//") for href in links.values())


def test_menu_follows_blueprint_order_and_drops_an_unpublished_section(two_units):
    a = two_units.ward_a
    titles = [item.title for item in main_menu(a)]
    assert titles[:3] == ["Trang chủ", "Giới thiệu", "Tin tức – Sự kiện"]
    assert titles[-1] == "Sơ đồ cổng"
    section_page(a, "qa").unpublish()
    assert "Hỏi đáp – Phản ánh, kiến nghị" not in [item.title for item in main_menu(a)]
    assert main_menu(None) == []


def test_menu_of_a_ward_and_of_a_department_has_projects_and_statistics_and_science_only_for_the_department(two_units):
    department = make_unit("department", "Phòng Tài chính – Kế hoạch", "phongtckh", "tayninh")
    ward_children = {child.key for item in main_menu(two_units.ward_a) for child in item.children}
    department_children = {child.key for item in main_menu(department) for child in item.children}
    # Since the legal review, projects and statistics apply to every level; science to P and D only.
    assert {"projects", "statistics"} <= ward_children and "science" not in ward_children
    assert {"projects", "statistics", "science"} <= department_children


def test_footer_shows_owner_responsible_person_and_contact_data_of_the_unit(city, client):
    footer = part(html_of(client.get("/", HTTP_HOST=CITY_HOST)), "footer")
    assert "Ủy ban nhân dân Thành phố Tây Ninh" in footer
    assert "Nguyễn Thanh Ngọc – Phó Chủ tịch UBND thành phố" in footer
    assert "Số 1 đường Trần Hưng Đạo, Phường 2, Thành phố Tây Ninh" in footer
    assert "0276 3822 170" in footer
    assert 'href="mailto:ubnd@tayninh.gov.vn"' in footer


def test_footer_of_a_ward_shows_its_own_data_not_the_city_data(two_units, client):
    footer = part(html_of(client.get("/lien-he/", HTTP_HOST=A_HOST)), "footer")
    assert "Ủy ban nhân dân Phường Ninh Sơn" in footer
    assert "0276 3821 111" in footer
    assert "0276 3822 170" not in footer
    assert "Nguyễn Thanh Ngọc" not in footer


def test_footer_of_a_department_names_the_department_itself_as_owner(city, client):
    make_unit("department", "Phòng Nội vụ", "phongnoivu", "tayninh", email="noivu@tayninh.gov.vn")
    footer = part(html_of(client.get("/", HTTP_HOST="phongnoivu.tayninh.localhost")), "footer")
    assert "Cơ quan chủ quản: Phòng Nội vụ" in footer
    assert "Ủy ban nhân dân Phòng Nội vụ" not in footer
    assert "noivu@tayninh.gov.vn" in footer


def test_city_home_lists_every_child_unit_with_a_link_to_its_own_site(two_units, client):
    make_unit("department", "Phòng Nội vụ", "phongnoivu", "tayninh")
    html = html_of(client.get("/", HTTP_HOST=CITY_HOST))
    for name, host in [
        ("Phường Ninh Sơn", "ninhson.tayninh.localhost"),
        ("Phường Hiệp Ninh", "hiepninh.tayninh.localhost"),
        ("Phòng Nội vụ", "phongnoivu.tayninh.localhost"),
    ]:
        assert re.search(rf'<a [^>]*href="http://{re.escape(host)}/"[^>]*>.*?{name}', html, re.S), name
    # A ward's home has no directory of other units.
    ward_html = html_of(client.get("/", HTTP_HOST=A_HOST))
    assert "hiepninh.tayninh.localhost" not in ward_html


def test_home_page_shows_the_menu_sections_as_entry_points(two_units, client):
    html = html_of(client.get("/", HTTP_HOST=A_HOST))
    main = part(html, "main")
    assert 'href="/van-ban/"' in main
    assert 'href="/dich-vu-cong-truc-tuyen/"' in main
    assert 'href="/gioi-thieu/co-cau-to-chuc/"' not in main  # sub-sections live under their section


def test_human_site_map_lists_the_section_tree_and_hides_drafts(two_units, client):
    a = two_units.ward_a
    intro = section_page(a, "intro")
    intro.add_child(instance=ContentPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien"))
    draft = intro.add_child(instance=ContentPage(title="Bản nháp địa chí", slug="ban-nhap-dia-chi", live=False))
    draft.add_child(instance=ContentPage(title="Chương một địa chí", slug="chuong-mot"))

    html = html_of(client.get("/so-do-cong/", HTTP_HOST=A_HOST))
    sitemap = part(html, "main")

    assert "Sơ đồ cổng – Phường Ninh Sơn" in html
    for section in ("Giới thiệu", "Cơ cấu tổ chức", "Văn bản", "Dịch vụ công trực tuyến", "Công khai thông tin"):
        assert section in sitemap
    assert 'href="/gioi-thieu/dieu-kien-tu-nhien/"' in sitemap
    # "Cơ cấu tổ chức" is nested inside the "Giới thiệu" entry, not beside it.
    intro_item = re.search(r'<li><a href="/gioi-thieu/">Giới thiệu</a>(.*?)</ul>\s*</li>', sitemap, re.S).group(1)
    assert 'href="/gioi-thieu/co-cau-to-chuc/"' in intro_item
    assert "Bản nháp địa chí" not in sitemap
    assert "Chương một địa chí" not in sitemap
    assert "Hiệp Ninh" not in sitemap


def test_section_page_lists_its_live_children_only(two_units, client):
    intro = section_page(two_units.ward_a, "intro")
    intro.add_child(instance=ContentPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien", intro="Vị trí địa lý"))
    intro.add_child(instance=ContentPage(title="Bài chưa duyệt", slug="bai-chua-duyet", live=False))
    main = part(html_of(client.get("/gioi-thieu/", HTTP_HOST=A_HOST)), "main")
    assert "Điều kiện tự nhiên" in main
    assert "Vị trí địa lý" in main
    assert "Cơ cấu tổ chức" in main  # a child section
    assert "Bài chưa duyệt" not in main
    assert client.get("/gioi-thieu/bai-chua-duyet/", HTTP_HOST=A_HOST).status_code == 404


def test_an_empty_section_says_it_is_being_updated(two_units, client):
    home = Page.objects.get(pk=two_units.ward_a.home_page_id)
    home.add_child(instance=SectionPage(title="Chuyển đổi số", slug="chuyen-doi-so")).save_revision().publish()
    main = part(html_of(client.get("/chuyen-doi-so/", HTTP_HOST=A_HOST)), "main")
    assert "Chuyên mục đang được cập nhật." in main


def test_breadcrumbs_lead_back_through_the_unit_tree(two_units, client):
    html = html_of(client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST=A_HOST))
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.search(r'href="/"[^>]*>\s*Trang chủ', crumbs)
    assert 'href="/gioi-thieu/"' in crumbs
    assert "Cơ cấu tổ chức" in crumbs
    assert "Root" not in crumbs


@pytest.mark.parametrize(
    ("model", "parent", "allowed"),
    [
        (HomePage, "root", True),
        (HomePage, "home", False),
        (SectionPage, "home", True),
        (SectionPage, "section", True),
        (SectionPage, "root", False),
        (ContentPage, "section", True),
        (SitemapPage, "home", False),  # the blueprint already made the one site map of this home
        (SitemapPage, "section", False),
    ],
)
def test_editors_can_only_create_pages_where_the_structure_allows(city, model, parent, allowed):
    parents = {
        "root": Page.get_first_root_node(),
        "home": city.home_page.specific,
        # a generic section an editor added (every blueprint section has a typed page)
        "section": city.home_page.add_child(instance=SectionPage(title="Chuyển đổi số", slug="chuyen-doi-so")),
    }
    assert model.can_create_at(parents[parent]) is allowed
