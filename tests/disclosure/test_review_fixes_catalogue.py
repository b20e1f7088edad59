"""Fixes after the review of the service catalogue: codes in full-width digits, a unit's own copy of an adopted
procedure."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from disclosure.models import Procedure
from disclosure.procedures import CODE_VALIDATOR

from .conftest import field, make_procedure
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
