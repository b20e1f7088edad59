"""Fixtures of the disclosure tests: the city's shared catalogue of procedures and the wards' adoptions."""

from __future__ import annotations

import pytest

from disclosure.models import AdoptedProcedure, Procedure, ProcedureField

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
CITY = "tayninh.localhost"
SERVICES_PATH = "/dich-vu-cong-truc-tuyen/"


def field(slug: str) -> ProcedureField:
    return ProcedureField.objects.get(slug=slug)


def make_procedure(unit, code: str, name: str, field_slug: str = "ho-tich", level: str = "full", **extra):
    return Procedure.objects.create(unit=unit, code=code, name=name, field=field(field_slug), level=level, **extra)


@pytest.fixture
def catalogue(two_units):
    """The city's shared catalogue (4 procedures), ward A adopting three of them, ward B one procedure of its own."""
    city = two_units.city
    birth = make_procedure(
        city,
        "1.001193",
        "Đăng ký khai sinh",
        processing_time="Ngay trong ngày làm việc",
        fees="Miễn lệ phí",
        receiving_place="Bộ phận Một cửa cấp xã",
        legal_basis="Luật Hộ tịch năm 2014",
        portal_url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    )
    marriage = make_procedure(city, "1.000894", "Đăng ký kết hôn", level="partial")
    copy = make_procedure(city, "2.000815", "Chứng thực bản sao từ bản chính", "chung-thuc", level="offline")
    land = make_procedure(city, "1.003554", "Hòa giải tranh chấp đất đai", "dat-dai", level="offline")
    AdoptedProcedure.objects.create(
        unit=two_units.ward_a, procedure=birth, local_receiving_place="Một cửa UBND phường Ninh Sơn"
    )
    AdoptedProcedure.objects.create(unit=two_units.ward_a, procedure=marriage)
    AdoptedProcedure.objects.create(unit=two_units.ward_a, procedure=copy)
    own_b = make_procedure(two_units.ward_b, "1.009001", "Xác nhận hỗ trợ sửa nhà Hiệp Ninh", "bao-tro-xa-hoi")
    return {"birth": birth, "marriage": marriage, "copy": copy, "land": land, "own_b": own_b}
