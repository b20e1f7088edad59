"""Importing a catalogue from the National Public Service Portal's CSV export: the preview lists every row and every
refused row with its line and reason in Vietnamese; nothing is written until the whole file is valid; a code the
unit already has is updated (and the preview says so); files that are not UTF-8 text are refused as a whole."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.models import Procedure
from disclosure.procedure_import import SAMPLE_HEADER, parse_level

IMPORT = reverse("disclosure_procedures:import")
URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="


def csv_bytes(rows, *, header=SAMPLE_HEADER, delimiter=",", bom=True, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def row(number, code, name, field="Hộ tịch", level="Toàn trình", url="") -> tuple:
    return (number, code, name, field, "Cấp xã", level, "03 ngày làm việc", "Miễn lệ phí", "UBND cấp xã", "", "", url)


def upload(client, data: bytes, unit=None, name="danh-muc.csv"):
    params = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    url = IMPORT + (f"?don-vi={unit.pk}" if unit else "")
    return client.post(url, params)


GOOD = [
    row(1, "1.001193", "Thủ tục đăng ký khai sinh", url=URL + "1.001193"),
    row(2, "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "DVC trực tuyến một phần"),
    row(3, "1.003554", "Hòa giải tranh chấp đất đai", "Đất đai", "Chưa trực tuyến"),
]


@pytest.mark.django_db
def test_a_file_with_bad_rows_is_refused_whole_with_every_reason(two_units, client):
    client.force_login(two_units.board_a)
    rows = [
        *GOOD,
        row(4, "", "Không có mã"),
        row(5, "1.000894", "Đăng ký kết hôn", level="Mức 9"),
        row(6, "1.001193", "Trùng mã với dòng 2"),
        row(7, "1.000656", "Đăng ký khai tử", field="Thiên văn học"),
        row(8, "1.004873", "Xác nhận tình trạng hôn nhân", url="http://dichvucong.gov.vn/x"),
        row(9, "1.004884", "Đăng ký giám hộ", url="https://lua-dao.example.com/dichvucong.gov.vn"),
        row(10, "ABC", ""),
    ]
    html = upload(client, csv_bytes(rows)).content.decode()
    assert "Có 7 dòng bị từ chối. Chưa nhập thủ tục nào" in html
    for reason in (
        "Thiếu mã thủ tục.",
        "Mức độ “Mức 9” không hợp lệ",
        "Mã thủ tục “1.001193” trùng với dòng 2.",
        "Lĩnh vực “Thiên văn học” không có trong danh mục lĩnh vực.",
        "Đường dẫn “http://dichvucong.gov.vn/x” không phải địa chỉ https trên Cổng Dịch vụ công.",
        "không phải địa chỉ https trên Cổng Dịch vụ công",
        "Mã thủ tục “ABC” không đúng dạng",
        "Thiếu tên thủ tục.",
    ):
        assert reason in html, reason
    for line in range(5, 12):  # the header is line 1: row 4 of the data is line 5
        assert f"<td>{line}</td>" in html
    assert "Xác nhận nhập" not in html and 'name="token"' not in html
    assert not Procedure.objects.exists()
    # A forged confirmation (no valid preview stored) writes nothing either.
    client.post(IMPORT, {"token": "doan-bua"})
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_a_valid_file_is_previewed_then_imported_and_updates_existing_codes(two_units, client):
    from .conftest import make_procedure

    make_procedure(two_units.ward_a, "1.001193", "Tên cũ", level="offline")
    client.force_login(two_units.board_a)
    data = csv_bytes([(*r[:5], r[5], *r[6:]) for r in GOOD], delimiter=";", bom=False)
    preview = upload(client, data).content.decode()
    assert "Tệp hợp lệ: 2 thủ tục mới, 1 thủ tục sẽ được cập nhật." in preview
    assert "Cập nhật thủ tục đã có" in preview and "Thêm mới" in preview
    assert Procedure.objects.count() == 1  # nothing written yet
    token = preview.split('name="token" value="')[1].split('"')[0]

    response = client.post(IMPORT, {"token": token})
    assert response.status_code == 302
    procedures = {p.code: p for p in Procedure.objects.filter(unit=two_units.ward_a)}
    assert set(procedures) == {"1.001193", "2.000815", "1.003554"}
    assert procedures["1.001193"].name == "Thủ tục đăng ký khai sinh" and procedures["1.001193"].level == "full"
    assert procedures["2.000815"].level == "partial" and procedures["1.003554"].level == "offline"
    assert procedures["1.001193"].portal_url == URL + "1.001193"
    assert "dang ky khai sinh" in procedures["1.001193"].search_text
    assert "Đã nhập 2 thủ tục mới và cập nhật 1 thủ tục" in client.get(response.url).content.decode()
    # The token is used once.
    client.post(IMPORT, {"token": token})
    assert Procedure.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (csv_bytes(GOOD, bom=False).decode().encode("utf-16"), "Tệp không phải văn bản CSV"),
        (
            "Tên,Cơ quan thực hiện\n1.001193,Ủy ban\n".encode("cp1258", "ignore"),
            "không dùng bảng mã UTF-8",
        ),
        (csv_bytes(GOOD).decode("utf-8").encode("utf-8").decode("cp1252", "replace").encode("utf-8"), "lỗi bảng mã"),
        (b"PK\x03\x04" + b"x" * 100, "Tệp không phải văn bản CSV"),
        (b"", "Tệp trống"),
        (b"\n\n", "Tệp trống"),
        (b"a" * (2 * 1024 * 1024 + 10), "lớn hơn 2 MB"),
    ],
    ids=["utf16", "cp1258", "mojibake", "xlsx", "empty", "blank", "too-big"],
)
def test_a_file_that_is_not_utf8_text_is_refused_with_a_clear_message(two_units, client, data, message):
    client.force_login(two_units.board_a)
    html = upload(client, data).content.decode()
    assert message in html
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_missing_columns_are_named(two_units, client):
    client.force_login(two_units.board_a)
    data = csv_bytes([("1", "1.001193")], header=("STT", "Mã TTHC"))
    html = upload(client, data).content.decode()
    assert "Tệp thiếu cột" in html and "Tên thủ tục" in html and "Lĩnh vực" in html and "Mức độ" in html
    assert "Xác nhận nhập" not in html


@pytest.mark.django_db
def test_the_sample_file_downloads_and_imports_as_is(two_units, client):
    client.force_login(two_units.board_a)
    sample = client.get(reverse("disclosure_procedures:sample"))
    assert sample["Content-Type"].startswith("text/csv") and sample.content.startswith(b"\xef\xbb\xbf")
    preview = upload(client, sample.content).content.decode()
    assert "Tệp hợp lệ: 2 thủ tục mới, 0 thủ tục sẽ được cập nhật." in preview


@pytest.mark.django_db
def test_another_units_import_is_not_found_and_a_preview_is_bound_to_its_unit(two_units, client):
    client.force_login(two_units.board_a)
    assert client.get(IMPORT, {"don-vi": two_units.ward_b.pk}).status_code == 404
    assert upload(client, csv_bytes(GOOD), unit=two_units.ward_b).status_code == 404
    preview = upload(client, csv_bytes(GOOD)).content.decode()
    token = preview.split('name="token" value="')[1].split('"')[0]
    response = client.post(IMPORT + f"?don-vi={two_units.ward_b.pk}", {"token": token, "don-vi": two_units.ward_b.pk})
    assert response.status_code == 404
    assert not Procedure.objects.filter(unit=two_units.ward_b).exists()


@pytest.mark.parametrize(
    "text, level",
    [
        ("Toàn trình", "full"),
        ("Dịch vụ công trực tuyến toàn trình", "full"),
        ("DVCTT toàn trình", "full"),
        ("Mức độ 4", "full"),
        ("Một phần", "partial"),
        ("dich vu cong truc tuyen mot phan", "partial"),
        ("Mức độ 3", "partial"),
        ("Chưa trực tuyến", "offline"),
        ("Trực tiếp", "offline"),
        ("", None),
        ("Mức 9", None),
    ],
)
def test_levels_in_the_portals_words(text, level):
    assert parse_level(text) == level
