"""The disclosure page: its list is generated from what the unit publishes (its own sections only, counts and dates
right, a flat query count), its own Law 10/2022 items, the information focal point (an official of the unit only,
refused server-side otherwise; the gap shown) and the printable request form template."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from disclosure.information import DisclosurePage
from disclosure.items import DisclosureItemPage
from organization.models import Official
from sites.models import UnitSection

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
PAGE = "/cong-khai-thong-tin/"


def section(unit, key):
    return UnitSection.objects.get(unit=unit, key=key).page.specific


def add_item(parent, title: str, kind: str, issued_on: dt.date) -> DisclosureItemPage:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{title}-{issued_on:%Y%m%d}".lower()).strip("-")
    budget = {"period_year": issued_on.year, "period": "year"} if kind.startswith("budget_") else {}
    return parent.add_child(
        instance=DisclosureItemPage(title=title, slug=slug, kind=kind, issued_on=issued_on, **budget)
    )


def row(html: str, key: str) -> str:
    match = re.search(rf'<tr data-row="{key}".*?</tr>', html, re.S)
    assert match, key
    return match.group(0)


def official(unit, name: str, **fields) -> Official:
    defaults = {
        "position": "Công chức Văn phòng – Thống kê",
        "phone": "0276 3821 555",
        "email": f"vp@{unit.slug}.gov.vn",
    }
    defaults.update(fields)
    return Official.objects.create(unit=unit, name=name, **defaults)


@pytest.mark.django_db
def test_the_list_links_to_the_units_own_sections_with_counts_and_latest_dates(two_units, client):
    plans_a = section(two_units.ward_a, "plans")
    add_item(plans_a, "Kế hoạch sử dụng đất 2026", "land_use_plan", dt.date(2026, 1, 15))
    add_item(plans_a, "Kế hoạch phát triển kinh tế – xã hội 2026", "socio_economic_plan", dt.date(2026, 3, 2))
    add_item(section(two_units.ward_b, "plans"), "Kế hoạch của Hiệp Ninh", "plan", dt.date(2026, 6, 30))
    add_item(section(two_units.ward_a, "finance"), "Dự toán ngân sách 2026", "budget_estimate", dt.date(2026, 1, 5))

    html = client.get(PAGE, HTTP_HOST=WARD_A).content.decode()
    plans = row(html, "plans")
    assert 'href="/cong-khai-thong-tin/chien-luoc-quy-hoach-ke-hoach/"' in plans
    assert re.search(r"<td data-count[^>]*>2</td>", plans) and "2/3/2026" in plans
    finance = row(html, "finance")
    assert re.search(r"<td data-count[^>]*>1</td>", finance) and "5/1/2026" in finance
    assert "Chưa có mục nào" in row(html, "projects")
    assert "Luật TCTT" in plans and "Đăng trên cổng thông tin điện tử, kèm tệp văn bản" in plans
    assert "Hiệp Ninh" not in html and "30/6/2026" not in html
    # Every link of the list is a section page of ward A itself.
    own_urls = {s.page.relative_url(s.page.get_site()) for s in UnitSection.objects.filter(unit=two_units.ward_a)}
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', table)
    assert links and set(links) <= own_urls
    # A ward lists no science programmes (provincial and department sections only).
    assert 'data-row="science"' not in html


@pytest.mark.django_db
def test_the_list_keeps_its_query_count_as_items_grow(two_units, client):
    plans, finance, page = (section(two_units.ward_a, key) for key in ("plans", "finance", "disclosure"))

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=i)
            add_item(plans, f"Kế hoạch số {i}", "plan", day)
            add_item(finance, f"Báo cáo ngân sách số {i}", "budget_execution", day)
            add_item(page, f"Phí, lệ phí số {i}", "fees", day)

    def queries() -> int:
        client.get(PAGE, HTTP_HOST=WARD_A)  # warm the site-root and content-type caches
        with CaptureQueriesContext(connection) as context:
            assert client.get(PAGE, HTTP_HOST=WARD_A).status_code == 200
        return len(context)

    add(3, 0)
    few = queries()
    add(6, 3)
    many = queries()
    assert many == few, (few, many)
    html = client.get(PAGE, HTTP_HOST=WARD_A).content.decode()
    assert re.search(r"<td data-count[^>]*>9</td>", row(html, "plans"))


@pytest.mark.django_db
def test_a_communes_own_items_are_listed_by_kind_with_the_gaps(two_units, client):
    page = section(two_units.ward_a, "disclosure")
    add_item(page, "Mức thu phí chợ năm 2026", "fees", dt.date(2026, 2, 1))
    html = client.get(PAGE, HTTP_HOST=WARD_A).content.decode()
    assert "Phí, lệ phí và các khoản thu" in html and "Mức thu phí chợ năm 2026" in html
    assert re.search(r'<p class="info-empty" data-own-kind="inspection">Chưa công khai nội dung nào.</p>', html)
    # The city (not a commune) shows no empty Law 10/2022 groups.
    city_html = client.get(PAGE, HTTP_HOST="tayninh.localhost").content.decode()
    assert 'data-own-kind="inspection"' not in city_html


@pytest.mark.django_db
def test_the_focal_point_is_shown_and_its_absence_is_the_gap(two_units, client):
    html = client.get(PAGE, HTTP_HOST=WARD_A).content.decode()
    assert "Chưa chỉ định đầu mối cung cấp thông tin." in html
    assert "Phường Ninh Sơn" in html and "0276 3821 111" in html  # the unit's own address for requests

    page = section(two_units.ward_a, "disclosure")
    page.focal_point = official(two_units.ward_a, "Phạm Minh Tuấn")
    page.save_revision().publish()
    html = client.get(PAGE, HTTP_HOST=WARD_A).content.decode()
    assert "Phạm Minh Tuấn" in html and "Công chức Văn phòng – Thống kê" in html
    assert 'href="mailto:vp@ninhson.gov.vn"' in html and "0276 3821 555" in html
    assert "Chưa chỉ định đầu mối" not in html
    assert 'href="/cong-khai-thong-tin/yeu-cau-cung-cap-thong-tin/"' in html
    assert 'href="/cong-khai-thong-tin/mau-phieu-yeu-cau/"' in html


def edit_data(page, focal_point) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "Danh mục thông tin công khai của phường.",
            "focal_point": focal_point.pk if focal_point else "",
            "request_address": "",
            "body": streamfield([]),
        }
    )


@pytest.mark.django_db
def test_another_units_official_posted_as_focal_point_is_refused(two_units, client):
    page = section(two_units.ward_a, "disclosure")
    ours = official(two_units.ward_a, "Phạm Minh Tuấn")
    theirs = official(two_units.ward_b, "Võ Thị Lan")
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.force_login(two_units.board_a)

    form = client.get(edit).content.decode()
    assert "Võ Thị Lan" not in form
    response = client.post(edit, edit_data(page, theirs))
    assert response.status_code == 200
    assert page.get_latest_revision() is None or page.get_latest_revision().as_object().focal_point_id != theirs.pk
    assert "Võ Thị Lan" not in response.content.decode()
    assert client.post(edit, edit_data(page, ours)).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().focal_point_id == ours.pk

    # The model refuses it too, whatever form saves it.
    page.focal_point = theirs
    with pytest.raises(Exception, match="Cán bộ đầu mối phải là cán bộ của chính đơn vị"):
        page.full_clean()


@pytest.mark.django_db
def test_the_printable_form_template_is_addressed_to_the_unit(two_units, client):
    response = client.get(PAGE + "mau-phieu-yeu-cau/", HTTP_HOST=WARD_A)
    html = response.content.decode()
    assert response.status_code == 200
    assert "PHIẾU YÊU CẦU CUNG CẤP THÔNG TIN" in html and "Nghị định 13/2018/NĐ-CP" in html
    assert "Kính gửi" in html and "<strong>Phường Ninh Sơn</strong>" in html
    assert "Lý do, mục đích yêu cầu cung cấp thông tin" in html and "(Ký, ghi rõ họ tên)" in html


@pytest.mark.django_db
def test_bad_paths_and_parameters_never_fail(two_units, client):
    for path in ("?page=abc&x=%00", "khong-co/", "yeu-cau-cung-cap-thong-tin/da-nhan/?t=%FF%FE"):
        assert client.get(PAGE + path, HTTP_HOST=WARD_A).status_code in (200, 404)
    assert DisclosurePage.objects.count() >= 3
