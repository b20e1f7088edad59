"""Every hostname answers with its own unit's tree, and nothing else; machine-readable files are per host."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ContentPage
from sites.models import UnitSection
from tests.conftest import make_unit

CITY_HOST = "tayninh.localhost"
A_HOST = "ninhson.tayninh.localhost"
B_HOST = "hiepninh.tayninh.localhost"


def html_of(response) -> str:
    return response.content.decode()


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", html_of(response), re.S).group(1)


def header_of(response) -> str:
    return re.search(r"<header\b.*?</header>", html_of(response), re.S).group(0)


def section_page(unit, key: str):
    return UnitSection.objects.get(unit=unit, key=key).page.specific


@pytest.mark.parametrize(
    ("host", "own", "others"),
    [
        (CITY_HOST, "Thành phố Tây Ninh", ["Phường Ninh Sơn", "Phường Hiệp Ninh"]),
        (A_HOST, "Phường Ninh Sơn", ["Phường Hiệp Ninh"]),
        (B_HOST, "Phường Hiệp Ninh", ["Phường Ninh Sơn"]),
    ],
)
def test_each_host_serves_its_own_home_page(two_units, client, host, own, others):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 200
    assert own in title_of(response)
    header = header_of(response)
    assert own in header
    for other in others:
        assert other not in title_of(response)
        assert other not in header


def test_a_ward_header_names_its_parent_city_but_the_city_header_names_no_parent(two_units, client):
    assert "Thành phố Tây Ninh" in header_of(client.get("/", HTTP_HOST=A_HOST))
    city_header = header_of(client.get("/", HTTP_HOST=CITY_HOST))
    assert city_header.count("Thành phố Tây Ninh") >= 1
    assert "Phường" not in city_header


def test_a_section_url_resolves_inside_the_requested_host_tree(two_units, client):
    b_intro = section_page(two_units.ward_b, "intro")
    b_intro.intro = "Phường Hiệp Ninh có bề dày lịch sử văn hóa."
    b_intro.save_revision().publish()
    b_intro.add_child(instance=ContentPage(title="Địa giới hành chính Hiệp Ninh", slug="dia-gioi-hanh-chinh"))

    a_response = client.get("/gioi-thieu/", HTTP_HOST=A_HOST)
    b_response = client.get("/gioi-thieu/", HTTP_HOST=B_HOST)

    assert a_response.status_code == b_response.status_code == 200
    assert title_of(a_response) == "Giới thiệu – Phường Ninh Sơn"
    assert title_of(b_response) == "Giới thiệu – Phường Hiệp Ninh"
    assert "Phường Hiệp Ninh có bề dày lịch sử văn hóa." in html_of(b_response)
    assert "Hiệp Ninh" not in html_of(a_response)
    # A page that exists only in ward B's tree is not found on ward A's host, nor via the tree path on the city.
    assert client.get("/gioi-thieu/dia-gioi-hanh-chinh/", HTTP_HOST=B_HOST).status_code == 200
    assert client.get("/gioi-thieu/dia-gioi-hanh-chinh/", HTTP_HOST=A_HOST).status_code == 404
    assert client.get("/hiepninh/gioi-thieu/", HTTP_HOST=CITY_HOST).status_code == 404
    assert client.get("/hiepninh/gioi-thieu/", HTTP_HOST=A_HOST).status_code == 404


@pytest.mark.parametrize("host", ["nope.localhost", "localhost", "nope.tayninh.localhost"])
@pytest.mark.parametrize("path", ["/", "/gioi-thieu/", "/so-do-cong/", "/sitemap.xml", "/robots.txt"])
def test_an_unknown_host_gets_404_and_never_another_unit_content(two_units, client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 404
    html = html_of(response)
    for name in ("Tây Ninh", "Ninh Sơn", "Hiệp Ninh", f"//{CITY_HOST}", A_HOST, B_HOST):
        assert name not in html


def test_the_404_page_of_a_known_host_leads_back_to_its_own_home(two_units, client):
    response = client.get("/khong-co-trang-nay/", HTTP_HOST=A_HOST)
    assert response.status_code == 404
    html = html_of(response)
    assert "Không tìm thấy trang" in html
    assert "Phường Ninh Sơn" in html
    assert "Hiệp Ninh" not in html


def test_sitemap_xml_of_a_ward_lists_only_that_ward_live_pages(two_units, client):
    a = two_units.ward_a
    intro = section_page(a, "intro")
    intro.add_child(instance=ContentPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien"))
    intro.add_child(instance=ContentPage(title="Bản nháp quy hoạch", slug="ban-nhap-quy-hoach", live=False))

    response = client.get("/sitemap.xml", HTTP_HOST=A_HOST)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = re.findall(r"<loc>(.*?)</loc>", html_of(response))
    expected_pages = a.home_page.get_descendants(inclusive=True).live().count()
    assert len(locations) == expected_pages == 1 + a.sections.count() + 1
    assert all(url.startswith(f"http://{A_HOST}/") for url in locations)
    assert f"http://{A_HOST}/" in locations
    assert f"http://{A_HOST}/gioi-thieu/dieu-kien-tu-nhien/" in locations
    assert f"http://{A_HOST}/cong-khai-thong-tin/du-an-dau-tu-dau-thau-mua-sam-cong/" in locations
    assert not any("ban-nhap" in url for url in locations)


def test_robots_txt_points_to_the_sitemap_of_the_same_host(two_units, client):
    for host in (CITY_HOST, A_HOST, B_HOST):
        response = client.get("/robots.txt", HTTP_HOST=host)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert f"Sitemap: http://{host}/sitemap.xml" in lines
        assert "Disallow: /admin/" in lines
        assert sum(line.startswith("Sitemap:") for line in lines) == 1


def count_queries(client, path: str, host: str) -> int:
    client.get(path, HTTP_HOST=host)  # warm the per-process caches (site root paths) the way any visit does
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def test_city_home_queries_do_not_grow_with_child_units_or_pages(city, client):
    make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh")
    home = city.home_page
    for number in range(2):
        home.add_child(
            instance=ContentPage(title=f"Trang nổi bật {number}", slug=f"noi-bat-{number}", show_in_menus=True)
        )
    with_two = count_queries(client, "/", CITY_HOST)

    for number in range(10):
        make_unit("commune" if number % 2 else "ward", f"Phường Số {number + 3}", f"phuong{number + 3}", "tayninh")
        home.refresh_from_db()
        home.add_child(
            instance=ContentPage(title=f"Trang nổi bật {number + 2}", slug=f"noi-bat-{number + 2}", show_in_menus=True)
        )
    response = client.get("/", HTTP_HOST=CITY_HOST)
    assert "Phường Số 12" in html_of(response)
    assert "Trang nổi bật 11" in html_of(response)
    with_twelve = count_queries(client, "/", CITY_HOST)

    assert with_twelve == with_two


def test_section_page_queries_do_not_grow_with_child_pages(two_units, client):
    intro = section_page(two_units.ward_a, "intro")
    for number in range(2):
        intro.add_child(instance=ContentPage(title=f"Bài giới thiệu {number}", slug=f"bai-{number}", intro="Tóm tắt"))
    with_two = count_queries(client, "/gioi-thieu/", A_HOST)

    for number in range(2, 12):
        intro.refresh_from_db()
        intro.add_child(instance=ContentPage(title=f"Bài giới thiệu {number}", slug=f"bai-{number}", intro="Tóm tắt"))
    assert "Bài giới thiệu 11" in html_of(client.get("/gioi-thieu/", HTTP_HOST=A_HOST))
    with_twelve = count_queries(client, "/gioi-thieu/", A_HOST)

    assert with_twelve == with_two


def test_site_map_page_queries_do_not_grow_with_pages(two_units, client):
    intro = section_page(two_units.ward_a, "intro")
    with_sections = count_queries(client, "/so-do-cong/", A_HOST)
    for number in range(10):
        intro.refresh_from_db()
        intro.add_child(instance=ContentPage(title=f"Bài giới thiệu {number}", slug=f"bai-{number}"))
    assert count_queries(client, "/so-do-cong/", A_HOST) == with_sections
