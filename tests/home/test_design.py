"""The citizen-facing design system: metadata, page weight, components and query budgets per page type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from home.models import ContentPage
from tests.conftest import make_unit

ROOT = Path(__file__).resolve().parents[2]
CITY = "tayninh.localhost"
WARD = "ninhson.tayninh.localhost"
DC_NAMES = ("DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier")


def get(client, host: str, path: str = "/"):
    return client.get(path, HTTP_HOST=host)


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)
    return found.group(1) if found else None


@pytest.fixture
def content_page(two_units):
    intro = two_units.ward_a.sections.get(key="intro").page
    page = intro.add_child(instance=ContentPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien", intro="Vị trí."))
    page.save_revision().publish()
    return page


PAGES = [
    ("city home", CITY, "/", 200),
    ("ward home", WARD, "/", 200),
    ("section", WARD, "/gioi-thieu/", 200),
    ("content", WARD, "/gioi-thieu/dieu-kien-tu-nhien/", 200),
    ("site map", WARD, "/so-do-cong/", 200),
    ("not found", WARD, "/khong-co-trang-nay/", 404),
]


@pytest.mark.parametrize(("kind", "host", "path", "status"), PAGES)
def test_every_page_type_has_the_layout_landmarks_and_metadata(client, content_page, kind, host, path, status):
    response = get(client, host, path)
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="vi"' in html
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert html.count("<h1") == 1
    for landmark in ("<header", "<main", "<footer", 'aria-label="Menu chính"'):
        assert landmark in html
    assert 'action="/tim-kiem/"' in html and 'accesskey="4"' in html
    assert sorted(re.findall(r'accesskey="(\d)"', html)) == ["1", "3", "4"]
    for name in DC_NAMES:
        assert meta(html, name), f"{kind}: {name} missing"
    for name in ("og:title", "og:url", "og:site_name", "og:type"):
        assert meta(html, name), f"{kind}: {name} missing"
    assert meta(html, "DC.creator") in {"Thành phố Tây Ninh", "Phường Ninh Sơn"}
    assert meta(html, "DC.identifier").startswith(f"http://{host}")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta(html, "DC.date"))
    assert "Chịu trách nhiệm nội dung" in html or host == WARD  # wards of the fixture have no responsible person
    assert "https://" not in re.sub(r'href="https?://[^"]*"', "", html.split("<body")[0]).replace("http://purl.org", "")


def test_content_page_offers_print_and_article_metadata(client, content_page):
    html = get(client, WARD, "/gioi-thieu/dieu-kien-tu-nhien/").content.decode()
    assert "In / Lưu trang" in html and "data-print" in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "DC.title") == "Điều kiện tự nhiên"
    assert meta(html, "DC.description") == "Vị trí."
    assert "<title>Điều kiện tự nhiên – Phường Ninh Sơn</title>" in html


def test_not_found_page_is_branded_and_not_indexed(client, two_units):
    html = get(client, WARD, "/khong-co/").content.decode()
    assert "Không tìm thấy trang" in html and "Phường Ninh Sơn" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/so-do-cong/"' in html


def test_css_and_js_per_page_stay_under_100_kb(client, two_units):
    html = get(client, WARD).content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert {"css/portal.css", "js/portal.js"} <= set(assets)
    assert sum((ROOT / "static" / asset).stat().st_size for asset in assets) <= 100 * 1024


# Queries a public page costs: site + unit, menu sections, page-type context. They must not grow with content.
# Home pages: + 8 for the news slots (templates/news/includes/home_slots.html, budgeted in tests/news).
# + 6 for the document registry: its “Văn bản mới” block (3, budgeted in tests/documents) and the typed section (3).
# + 3 for the open draft consultations (the unit and the units below it, their drafts, view restrictions; budgeted
# flat in tests/participation). + 1 for the typed disclosure sections: the home's section links load each page type's
# own rows (`.specific()`, one query per type), and the catalogue and disclosure pages are two types, not one generic.
QUERY_BUDGET = {"city home": 32, "ward home": 32, "section": 18, "content": 13, "site map": 13, "not found": 10}


@pytest.mark.parametrize(("kind", "host", "path", "status"), PAGES)
def test_query_budget_per_page_type(client, content_page, django_assert_max_num_queries, kind, host, path, status):
    get(client, host, path)  # warm Wagtail's per-process caches (site root paths)
    with django_assert_max_num_queries(QUERY_BUDGET[kind]):
        assert get(client, host, path).status_code == status


def test_city_home_queries_do_not_grow_with_the_number_of_units(client, two_units):
    def queries_of_city_home() -> tuple[int, str]:
        get(client, CITY)  # warm Wagtail's cached site root paths, cleared whenever a site is added
        with CaptureQueriesContext(connection) as captured:
            html = get(client, CITY).content.decode()
        return len(captured.captured_queries), html

    before, _ = queries_of_city_home()
    make_unit("commune", "Xã Tân Bình", "tanbinh", "tayninh")
    make_unit("ward", "Phường Long Hoa", "longhoa", "tayninh")
    after, html = queries_of_city_home()
    assert "Xã Tân Bình" in html and "http://longhoa.tayninh.localhost/" in html
    assert after == before


def render(template: str, **context) -> str:
    return render_to_string(template, context, request=RequestFactory().get("/?q=nhà&page=2"))


def test_components_render_accessible_markup():
    banner = render(
        "components/announcement.html", announcement={"text": "Tạm dừng cổng 20/7/2026.", "level": "warning"}
    )
    assert 'aria-label="Thông báo"' in banner and "Thông báo quan trọng" in banner

    card = render("components/card.html", title="Văn bản", url="/van-ban/", text="Văn bản mới", heading_level=2)
    assert '<h2 class="card__title"><a href="/van-ban/">Văn bản</a></h2>' in card

    table = render(
        "components/table.html", caption="Lịch tiếp dân", headers=["Ngày", "Người tiếp"], rows=[["2/7", "A"]]
    )
    assert "<caption>Lịch tiếp dân</caption>" in table and '<th scope="col">' in table and '<th scope="row">' in table

    page_obj = Paginator(list(range(100)), 10).page(2)
    pagination = render("components/pagination.html", page_obj=page_obj)
    assert 'aria-current="page"' in pagination and "q=nh%C3%A0&amp;page=3" in pagination
    assert 'rel="prev"' in pagination and "Trang 2 / 10" in pagination

    class Feedback(forms.Form):
        name = forms.CharField(label="Họ và tên", help_text="Như trên căn cước")
        email = forms.EmailField(label="Thư điện tử")

    form = Feedback(data={"name": "", "email": "sai"})
    assert not form.is_valid()
    rendered = render("components/form.html", form=form, submit_label="Gửi phản ánh")
    assert 'role="alert"' in rendered and 'href="#id_name"' in rendered and 'href="#id_email"' in rendered
    assert 'id="id_name_helptext"' in rendered and 'id="id_name_error"' in rendered
    assert 'aria-describedby="id_name_helptext id_name_error"' in rendered
    assert "Gửi phản ánh" in rendered

    items = render("components/item_list.html", items=[])
    assert "Chưa có nội dung." in items
