"""The public catalogue of online public services: a unit lists the procedures it adopted from the city's catalogue
and its own, by field and level, searchable without diacritics; one page per procedure with everything a citizen
needs; another unit's procedure is not found on this unit's host; bad parameters never fail."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from disclosure.models import AdoptedProcedure, ProcedureForm

from .conftest import CITY, SERVICES_PATH, WARD_A, WARD_B, make_procedure


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_a_ward_lists_what_it_adopted_and_owns_only(catalogue, client):
    listing = text_of(client.get(SERVICES_PATH, HTTP_HOST=WARD_A))
    for key in ("birth", "marriage", "copy"):
        assert catalogue[key].name in listing
    assert catalogue["land"].name not in listing  # in the city's catalogue, not adopted by ward A
    assert catalogue["own_b"].name not in listing  # ward B's own
    assert "Có 3 thủ tục." in listing
    assert f'href="{SERVICES_PATH}1-001193/"' in listing

    ward_b = text_of(client.get(SERVICES_PATH, HTTP_HOST=WARD_B))
    assert catalogue["own_b"].name in ward_b and catalogue["birth"].name not in ward_b

    city = text_of(client.get(SERVICES_PATH, HTTP_HOST=CITY))  # the city lists its whole catalogue
    assert all(catalogue[key].name in city for key in ("birth", "marriage", "copy", "land"))
    assert catalogue["own_b"].name not in city


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "1.001193", "ho tich khai"])
def test_search_finds_a_procedure_without_diacritics(catalogue, client, query):
    found = text_of(client.get(SERVICES_PATH, {"q": query}, HTTP_HOST=WARD_A))
    assert catalogue["birth"].name in found
    assert catalogue["copy"].name not in found


@pytest.mark.django_db
def test_filters_by_field_and_level_narrow_the_list_with_counts(catalogue, client):
    everything = text_of(client.get(SERVICES_PATH, HTTP_HOST=WARD_A))
    assert "Hộ tịch (2)" in everything and "Chứng thực (1)" in everything
    assert "Đất đai" not in everything  # no listed procedure in that field: no filter offered

    by_field = text_of(client.get(SERVICES_PATH, {"linh-vuc": "chung-thuc"}, HTTP_HOST=WARD_A))
    assert catalogue["copy"].name in by_field and catalogue["birth"].name not in by_field
    assert "Có 1 thủ tục." in by_field

    full = text_of(client.get(SERVICES_PATH, {"muc-do": "toan-trinh"}, HTTP_HOST=WARD_A))
    assert catalogue["birth"].name in full and catalogue["marriage"].name not in full
    partial = text_of(client.get(SERVICES_PATH, {"muc-do": "mot-phan", "q": "ket hon"}, HTTP_HOST=WARD_A))
    assert catalogue["marriage"].name in partial and catalogue["birth"].name not in partial


@pytest.mark.django_db
def test_empty_states(catalogue, two_units, client):
    none_found = text_of(client.get(SERVICES_PATH, {"q": "giay phep lai xe"}, HTTP_HOST=WARD_A))
    assert "Không tìm thấy thủ tục phù hợp" in none_found and "Có 0 thủ tục." in none_found
    AdoptedProcedure.objects.filter(unit=two_units.ward_a).delete()
    empty = text_of(client.get(SERVICES_PATH, HTTP_HOST=WARD_A))
    assert "Đơn vị chưa công bố danh mục thủ tục hành chính." in empty


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"page": "²"},
        {"linh-vuc": "khong-co"},
        {"linh-vuc": "x" * 500},
        {"muc-do": "muc-5"},
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE --"},
        {"q": "%", "muc-do": "", "linh-vuc": ""},
    ],
)
def test_bad_parameters_never_fail(catalogue, client, params):
    assert client.get(SERVICES_PATH, params, HTTP_HOST=WARD_A).status_code == 200


@pytest.mark.django_db
def test_a_procedure_page_shows_everything_with_the_wards_receiving_place(catalogue, two_units, client):
    document = get_document_model().objects.create(
        title="Tờ khai đăng ký khai sinh",
        file=ContentFile(b"%PDF-1.4 to khai", name="to-khai-khai-sinh.pdf"),
        collection=two_units.city.collection,
    )
    ProcedureForm.objects.create(procedure=catalogue["birth"], document=document)
    html = text_of(client.get(f"{SERVICES_PATH}1-001193/", HTTP_HOST=WARD_A))
    for shown in (
        "Đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Dịch vụ công trực tuyến toàn trình",
        "Ngay trong ngày làm việc",
        "Miễn lệ phí",
        "Một cửa UBND phường Ninh Sơn",  # the ward's own receiving place, not the catalogue's
        "Luật Hộ tịch năm 2014",
        "Tờ khai đăng ký khai sinh",
        "Nộp hồ sơ trực tuyến",
        'href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"',
        '<meta name="DC.identifier" content="1.001193">',
        '<meta name="DC.title" content="Đăng ký khai sinh">',
        f'<link rel="canonical" href="http://{WARD_A}{SERVICES_PATH}1-001193/">',
    ):
        assert shown in html, shown
    assert "Bộ phận Một cửa cấp xã" not in html
    # No form, no online link: said plainly, no empty button.
    plain = text_of(client.get(f"{SERVICES_PATH}2-000815/", HTTP_HOST=WARD_A))
    assert "Thủ tục không có mẫu đơn, tờ khai." in plain and "Nộp hồ sơ trực tuyến" not in plain


@pytest.mark.django_db
def test_another_units_procedure_is_not_found_on_this_host(catalogue, client):
    assert client.get(f"{SERVICES_PATH}1-009001/", HTTP_HOST=WARD_A).status_code == 404  # ward B's own
    assert client.get(f"{SERVICES_PATH}1-003554/", HTTP_HOST=WARD_A).status_code == 404  # the city's, not adopted
    assert client.get(f"{SERVICES_PATH}1-009001/", HTTP_HOST=WARD_B).status_code == 200
    assert client.get(f"{SERVICES_PATH}1-003554/", HTTP_HOST=CITY).status_code == 200
    for bad in ("1-00119/", "9-999999/", "1.001193/", "abc/", "1-001193-x/"):
        assert client.get(f"{SERVICES_PATH}{bad}", HTTP_HOST=WARD_A).status_code == 404


@pytest.mark.django_db
def test_a_wards_own_procedure_comes_before_the_citys_of_the_same_code(catalogue, two_units, client):
    make_procedure(two_units.ward_a, "1.001193", "Đăng ký khai sinh (quy trình riêng của phường)")
    html = text_of(client.get(f"{SERVICES_PATH}1-001193/", HTTP_HOST=WARD_A))
    assert "quy trình riêng của phường" in html


def _add_procedures(two_units, start: int, count: int) -> None:
    for number in range(start, start + count):
        slug = ("ho-tich", "chung-thuc", "dat-dai", "cu-tru")[number % 4]
        procedure = make_procedure(two_units.city, f"1.{number:06d}", f"Thủ tục số {number}", slug)
        AdoptedProcedure.objects.create(unit=two_units.ward_a, procedure=procedure)
        make_procedure(two_units.ward_a, f"2.{number:06d}", f"Thủ tục riêng số {number}", slug)


@pytest.mark.django_db
def test_listing_queries_stay_flat_as_procedures_grow(catalogue, two_units, client):
    def queries(params=None) -> int:
        client.get(SERVICES_PATH, params or {}, HTTP_HOST=WARD_A)  # warm caches (site, settings)
        with CaptureQueriesContext(connection) as context:
            assert client.get(SERVICES_PATH, params or {}, HTTP_HOST=WARD_A).status_code == 200
        return len(context)

    _add_procedures(two_units, 100, 5)
    few = (queries(), queries({"q": "thu tuc", "linh-vuc": "ho-tich"}))
    _add_procedures(two_units, 200, 15)
    many = (queries(), queries({"q": "thu tuc", "linh-vuc": "ho-tich"}))
    assert many == few
