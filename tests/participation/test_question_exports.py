"""The queue's CSV and XLSX exports: the user's units only, the filter applied, Vietnamese headers, a BOM for Excel,
personal data for the board (not for the oversight office), and no formula a citizen could slip into a cell."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from participation.models import Question
from sites.models import UnitRole
from tests.conftest import login_verified
from tests.participation.factories import make_oversight, make_question

CSV = reverse("participation_questions:export_csv")
XLSX = reverse("participation_questions:export_xlsx")


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_exports_hold_the_users_units_rows_with_personal_data_and_no_formulas(client, two_units, django_user_model):
    make_question(
        two_units.ward_a,
        tracking_code="HD-A-0001",
        title='=HYPERLINK("http://x","bấm")',
        content="+84 912 345 678 là số của tôi",
        sender_name="@Trần Văn Bình",
        sender_phone="-1",
        sender_email="binh@example.vn",
    )
    make_question(
        two_units.ward_a,
        tracking_code="HD-A-0002",
        title="Hỏi về hộ tịch",
        content="Stored before the forms stripped them:\x01\x1b[31m\x0b\x0c\x1f end",
        status=Question.Status.ANSWERED,
    )
    make_question(two_units.ward_b, tracking_code="HD-B-0001", sender_name="Người Hiệp Ninh")
    client.force_login(two_units.board_a)

    rows = csv_rows(client.get(CSV))
    headers, body = rows[0], rows[1:]
    assert headers[:3] == ["Mã tra cứu", "Đơn vị", "Loại"]
    assert {"Họ và tên người gửi", "Điện thoại", "Thư điện tử", "Hạn trả lời", "Trạng thái"} <= set(headers)
    assert sorted(row[0] for row in body) == ["HD-A-0001", "HD-A-0002"]
    first = dict(zip(headers, next(row for row in body if row[0] == "HD-A-0001"), strict=True))
    assert first["Tiêu đề"] == '\'=HYPERLINK("http://x","bấm")'
    assert first["Nội dung"].startswith("'+84")
    assert first["Họ và tên người gửi"] == "'@Trần Văn Bình" and first["Điện thoại"] == "'-1"
    assert first["Thư điện tử"] == "binh@example.vn" and first["Đơn vị"] == "Phường Ninh Sơn"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)

    filtered = csv_rows(client.get(CSV, {"status": "answered"}))
    assert [row[0] for row in filtered[1:]] == ["HD-A-0002"]

    response = client.get(XLSX)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = xlsx_rows(response)
    assert sheet[0] == headers
    assert sorted(row[0] for row in sheet[1:]) == ["HD-A-0001", "HD-A-0002"]
    cells = [cell for row in sheet[1:] for cell in row if isinstance(cell, str)]
    assert '\'=HYPERLINK("http://x","bấm")' in cells
    assert "Stored before the forms stripped them:[31m end" in cells  # control characters: no IllegalCharacterError
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    workbook = load_workbook(io.BytesIO(response.content))
    assert all(cell.data_type != "f" for row in workbook.worksheets[0].iter_rows() for cell in row)

    # The oversight office exports every unit, without the senders' personal data.
    oversight = make_oversight(django_user_model)
    login_verified(client, oversight)
    rows = csv_rows(client.get(CSV))
    assert sorted(row[0] for row in rows[1:]) == ["HD-A-0001", "HD-A-0002", "HD-B-0001"]
    assert "Họ và tên người gửi" not in rows[0] and "Thư điện tử" not in rows[0]
    assert "Người Hiệp Ninh" not in client.get(CSV).content.decode("utf-8-sig")

    # An oversight officer who also sits on ward A's board: ward A's senders, never ward B's.
    oversight.groups.add(two_units.ward_a.role_groups.get(role=UnitRole.BOARD).group)
    rows = csv_rows(client.get(CSV))
    by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert sorted(by_code) == ["HD-A-0001", "HD-A-0002", "HD-B-0001"]
    assert by_code["HD-A-0001"]["Thư điện tử"] == "binh@example.vn"
    assert by_code["HD-B-0001"]["Họ và tên người gửi"] == "" and by_code["HD-B-0001"]["Điện thoại"] == ""
    assert "Người Hiệp Ninh" not in client.get(CSV).content.decode("utf-8-sig")
