"""The export files parse (csv, openpyxl, json) and carry the figures worked out by hand; the command writes each
format, narrows to one unit and answers a bad period in Vietnamese."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.oversight import exports, report
from reports.oversight.periods import Period
from tests.conftest import make_unit

APRIL = Period.month(2026, 4)
TODAY = dt.date(2026, 5, 12)


@pytest.fixture
def scored(engine, small_table, city):
    ninhson = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh")
    engine.ratios = {
        ("ninhson", "news.items_per_days"): 0.5,
        ("tayninh", "science.present"): 0.0,
        ("tayninh", "quality.image_alt"): None,
    }
    engine.views_by_slug = {"ninhson": {"news": 12}}
    return ninhson


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


EXPECTED = [
    # rank, unit, kind, points, maximum, percent, documents, news, science, alt text
    ["1", "Phường Hiệp Ninh", "Phường", "60.0", "60.0", "100.0", "10.0", "40.0", "", "10.0"],
    ["2", "Thành phố Tây Ninh", "Thành phố", "50.0", "55.0", "90.91", "10.0", "40.0", "0.0", ""],
    ["3", "Phường Ninh Sơn", "Phường", "40.0", "60.0", "66.67", "10.0", "20.0", "", "10.0"],
]


def test_csv_has_the_header_the_scores_and_the_failing_items(scored):
    rows = csv_rows(exports.to_csv(report.build(APRIL, None, TODAY)))
    assert rows[0] == ["Báo cáo giám sát cổng thông tin điện tử thành phần – Tháng 4/2026"]
    assert rows[1] == ["Thang điểm: Thang điểm thử nghiệm (áp dụng từ ngày 1/3/2026)"]
    assert rows[2] == ["Căn cứ: Quyết định 15/QĐ-UBND"]
    assert rows[5][:6] == ["Hạng", "Đơn vị", "Loại đơn vị", "Điểm", "Điểm tối đa", "Tỷ lệ (%)"]
    assert rows[5][6:] == [
        "Văn bản – Có chuyên mục và có nội dung (10)",
        "Tin tức – Sự kiện – Ít nhất 1 tin mỗi 7 ngày (cấp xã, cơ quan chuyên môn), mỗi ngày (cấp tỉnh) (40)",
        "Chương trình, đề tài khoa học – Có chuyên mục và có nội dung (5)",
        "Ảnh có mô tả thay thế (alt) (10)",
    ]
    assert rows[6:9] == EXPECTED
    heading = rows.index(["Tiêu chí chưa đạt"])
    assert rows[heading + 1][:3] == ["Đơn vị", "Tiêu chí", "Căn cứ pháp lý"]
    failing = rows[heading + 2 :]
    assert [(row[0], row[1].split(" – ")[0], row[3], row[4]) for row in failing] == [
        ("Thành phố Tây Ninh", "Chương trình, đề tài khoa học", "0.0", "5.0"),
        ("Phường Ninh Sơn", "Tin tức", "20.0", "40.0"),
    ]
    assert failing[1][2] == "NĐ43 Đ10(b)"
    # The admin page to fix, on the unit's own host; the public page as the check gave it.
    assert failing[1][6] == f"{scored.site.root_url}/admin/pages/{scored.pk}/edit/"
    assert failing[1][7] == "http://ninhson.test/"


def test_xlsx_has_a_score_sheet_and_a_failing_sheet(scored):
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(report.build(APRIL, None, TODAY))))
    assert workbook.sheetnames == ["Điểm", "Tiêu chí chưa đạt"]
    sheet = workbook["Điểm"]
    assert sheet["A1"].value == "Báo cáo giám sát cổng thông tin điện tử thành phần – Tháng 4/2026"
    values = [list(row) for row in sheet.iter_rows(min_row=7, values_only=True)]
    assert values[0][:6] == [1, "Phường Hiệp Ninh", "Phường", 60, 60, 100]
    assert values[1][:6] == [2, "Thành phố Tây Ninh", "Thành phố", 50, 55, 90.91]
    assert values[2][6:] == [10, 20, None, 10]
    failing = list(workbook["Tiêu chí chưa đạt"].iter_rows(min_row=7, values_only=True))
    assert [row[0] for row in failing] == ["Thành phố Tây Ninh", "Phường Ninh Sơn"]


def test_json_carries_the_same_figures_and_the_drill_down(scored):
    data = json.loads(exports.to_json(report.build(APRIL, None, TODAY)))
    assert data["period"] == {
        "key": "2026-04",
        "label": "Tháng 4/2026",
        "start": "2026-04-01",
        "end": "2026-04-30",
        "closed": True,
    }
    assert data["table"]["name"] == "Thang điểm thử nghiệm" and len(data["table"]["items"]) == 4
    by_slug = {line["unit"]["slug"]: line for line in data["units"]}
    assert [(line["rank"], line["percent"]) for line in data["units"]] == [(1, 100.0), (2, 90.91), (3, 66.67)]
    ninhson = by_slug["ninhson"]
    assert (ninhson["points"], ninhson["maximum"], ninhson["views"]) == (40.0, 60.0, 12)
    news = next(item for item in ninhson["items"] if item["key"] == "news.items_per_days")
    assert (news["ratio"], news["points"], news["clause"]) == (0.5, 20.0, "NĐ43 Đ10(b)")
    assert news["findings"][0]["public_url"] == "http://ninhson.test/"


def test_a_cell_that_would_run_as_a_formula_is_written_as_text(scored):
    scored.name = '=HYPERLINK("http://x")'
    scored.save()
    rows = csv_rows(exports.to_csv(report.build(APRIL, None, TODAY)))
    assert [row[1] for row in rows[6:9] if "HYPERLINK" in row[1]] == ['\'=HYPERLINK("http://x")']


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_the_command_writes_each_format(scored, tmp_path, file_format, capsys):
    target = tmp_path / f"bao-cao.{file_format}"
    call_command("oversight_report", "--period", "2026-04", "--format", file_format, "--output", str(target))
    content = target.read_bytes()
    if file_format == "csv":
        assert csv_rows(content)[6:9] == EXPECTED
    elif file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["Điểm"]
        assert [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)] == [
            "Phường Hiệp Ninh",
            "Thành phố Tây Ninh",
            "Phường Ninh Sơn",
        ]
    else:
        assert [line["percent"] for line in json.loads(content)["units"]] == [100.0, 90.91, 66.67]
    captured = capsys.readouterr()
    assert "Đã ghi" in captured.err and "3 đơn vị" in captured.err
    assert "%|" not in captured.err  # no progress bar when stderr is not a terminal


def test_the_command_narrows_to_one_unit_keeping_its_rank_and_prints_to_stdout(scored):
    out = io.StringIO()
    call_command("oversight_report", "--period", "2026-04", "--format", "csv", "--unit", "ninhson", stdout=out)
    rows = csv_rows(out.getvalue().encode("utf-8"))
    assert rows[6] == EXPECTED[2]
    assert rows[7] == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2026-13", "--format", "csv"], "Kỳ không hợp lệ: “2026-13”"),
        (["--period", "tháng 11", "--format", "json"], "Kỳ không hợp lệ"),
        (["--period", "2026-04", "--format", "csv", "--unit", "khong-co"], "Không có đơn vị có mã “khong-co”"),
        (["--period", "2026-04", "--format", "xlsx"], "hãy chỉ định --output"),
        (["--period", "2025-06", "--format", "csv"], "Chưa có thang điểm áp dụng cho Tháng 6/2025"),
    ],
)
def test_the_command_explains_bad_input_in_vietnamese(scored, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("oversight_report", *arguments)
