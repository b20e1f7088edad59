"""Fixes after the review of the service catalogue: codes in full-width digits, a unit's own copy of an adopted
procedure."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import AdoptedProcedure, Procedure
from disclosure.procedures import CODE_VALIDATOR

from .conftest import SERVICES_PATH, WARD_A, field, make_procedure
from .test_services_import import IMPORT, csv_bytes, row, upload

FULL_WIDTH = "１.００１１９３"  # “1.001193” typed with full-width digits


def test_the_code_pattern_takes_ascii_digits_only():
    CODE_VALIDATOR("1.001193")
    for bad in ("1.٠٠١١٩٣", "1.00119３", "1.001193\n"):
        with pytest.raises(ValidationError):
            CODE_VALIDATOR(bad)


@pytest.mark.django_db
def test_a_code_in_full_width_digits_is_the_same_code_in_the_model(two_units):
    make_procedure(two_units.ward_a, "1.001193", "Đăng ký khai sinh")
    copy = Procedure(unit=two_units.ward_a, code=FULL_WIDTH, name="Bản sao", field=field("ho-tich"), level="full")
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "Đơn vị đã có thủ tục mang mã này." in str(error.value)
    other = Procedure(unit=two_units.ward_b, code=FULL_WIDTH, name="Khai sinh", field=field("ho-tich"), level="full")
    other.full_clean()
    other.save()
    assert other.code == "1.001193"


@pytest.mark.django_db
def test_an_imported_code_in_full_width_digits_updates_the_ascii_one(two_units, client):
    make_procedure(two_units.ward_a, "1.001193", "Tên cũ")
    client.force_login(two_units.board_a)
    preview = upload(client, csv_bytes([row(1, FULL_WIDTH, "Thủ tục đăng ký khai sinh")])).content.decode()
    assert "1 thủ tục sẽ được cập nhật" in preview
    token = preview.split('name="token" value="')[1].split('"')[0]
    client.post(IMPORT, {"token": token})
    assert list(Procedure.objects.filter(unit=two_units.ward_a).values_list("code", "name")) == [
        ("1.001193", "Thủ tục đăng ký khai sinh")
    ]


@pytest.mark.django_db
def test_a_units_own_copy_of_an_adopted_code_is_listed_once(catalogue, two_units, client):
    make_procedure(two_units.ward_a, "1.001193", "Đăng ký khai sinh (quy trình riêng của phường)")
    assert Procedure.objects.listed_by(two_units.ward_a).filter(code="1.001193").count() == 1
    listing = client.get(SERVICES_PATH, HTTP_HOST=WARD_A).content.decode()
    assert listing.count(f'href="{SERVICES_PATH}1-001193/"') == 1
    assert "quy trình riêng của phường" in listing
    assert "Có 3 thủ tục." in listing  # birth (its own copy), marriage, copy


@pytest.mark.django_db
def test_the_import_preview_says_a_row_replaces_an_adopted_procedure(catalogue, two_units, client):
    client.force_login(two_units.board_a)
    preview = upload(client, csv_bytes([row(1, "1.001193", "Đăng ký khai sinh tại phường")])).content.decode()
    assert f"thay cho thủ tục áp dụng từ danh mục của {two_units.city.name}" in preview
    other = upload(client, csv_bytes([row(1, "1.009999", "Thủ tục khác")])).content.decode()
    assert "thay cho thủ tục áp dụng" not in other


def _services_row(client) -> str:
    html = client.get("/cong-khai-thong-tin/", HTTP_HOST=WARD_A).content.decode()
    match = re.search(r'<tr data-row="services".*?</tr>', html, re.S)
    assert match
    return match.group(0)


@pytest.mark.django_db
def test_the_disclosure_list_counts_the_procedures_the_unit_lists(catalogue, two_units, client):
    own = make_procedure(two_units.ward_a, "2.009100", "Thủ tục riêng của phường")
    make_procedure(two_units.ward_a, "1.001193", "Khai sinh (bản riêng)")  # replaces the adopted one: counted once
    Procedure.objects.filter(pk=own.pk).update(updated_at=dt.datetime(2030, 5, 17, 9, tzinfo=dt.UTC))
    services = _services_row(client)
    assert re.search(r"<td data-count[^>]*>4</td>", services), services
    assert "Chưa có mục nào" not in services
    assert "17/5/2030" in services


@pytest.mark.django_db
def test_the_disclosure_list_query_count_stays_flat_as_procedures_grow(catalogue, two_units, client):
    def queries() -> int:
        client.get("/cong-khai-thong-tin/", HTTP_HOST=WARD_A)
        with CaptureQueriesContext(connection) as context:
            assert client.get("/cong-khai-thong-tin/", HTTP_HOST=WARD_A).status_code == 200
        return len(context)

    few = queries()
    for number in range(20):
        procedure = make_procedure(two_units.city, f"1.{500 + number:06d}", f"Thủ tục {number}")
        AdoptedProcedure.objects.create(unit=two_units.ward_a, procedure=procedure)
        make_procedure(two_units.ward_a, f"2.{500 + number:06d}", f"Thủ tục riêng {number}")
    assert queries() == few
    assert re.search(r"<td data-count[^>]*>43</td>", _services_row(client))
