"""The oversight report as files shaped for the yearly scoring: CSV, XLSX and JSON.

Every format carries the same data: a header naming the period, the score table and its basis; one row per unit
(rank, unit, kind, points, maximum, percent, then each item's points, empty where the item does not apply to the
unit); and the failing items (unit, item, clause, finding, the admin page to fix it and the public page).

CSV: UTF-8 with a byte-order mark (Excel reads Vietnamese), `,` between fields and `.` in numbers (RFC 4180, as the
portal's other CSV files); the XLSX file is the one for Excel users. A cell a spreadsheet would read as a formula is
written as text (participation.exports.safe_cell).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urljoin

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from participation.exports import XLSX_TYPE, safe_cell

from .report import ItemScore, OversightReport, UnitReport

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "json": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    maximum: Decimal


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(round(Decimal(str(value)), 2))


def _date(value) -> str:
    return f"{value.day}/{value.month}/{value.year}"


def item_columns(report: OversightReport) -> list[Column]:
    """The table's items in their order, one column each."""
    columns: dict[str, tuple[int, Column]] = {}
    # As scored first (a kept period's items as they were), then the table's other items (none of these units has).
    items = [score.item for line in report.units for score in line.items] + list(report.table.items.all())
    for item in items:
        if item.check_key not in columns:
            maximum = Decimal(item.max_points) * Decimal(item.weight)
            order = item.sort_order if item.sort_order is not None else len(columns)
            columns[item.check_key] = (order, Column(item.check_key, item.label, maximum))
    return [column for _order, column in sorted(columns.values(), key=lambda pair: pair[0])]


def header_lines(report: OversightReport) -> list[list[str]]:
    table = report.table
    state = (
        _("Kỳ đã kết thúc: điểm đã được lưu, không thay đổi.")
        if report.closed
        else _("Kỳ đang diễn ra: số liệu đến ngày %(day)s.") % {"day": _date(report.today)}
    )
    return [
        [_("Báo cáo giám sát cổng thông tin điện tử thành phần – %(period)s") % {"period": report.period.label}],
        [_("Thang điểm: %(name)s (áp dụng từ ngày %(day)s)") % {"name": table.name, "day": _date(table.valid_from)}],
        [_("Căn cứ: %(basis)s") % {"basis": table.basis or "—"}],
        [state],
    ]


def score_header(columns: list[Column]) -> list[str]:
    fixed = [_("Hạng"), _("Đơn vị"), _("Loại đơn vị"), _("Điểm"), _("Điểm tối đa"), _("Tỷ lệ (%)")]
    return [*fixed, *(f"{column.label} ({_number(column.maximum):g})" for column in columns)]


def score_row(line: UnitReport, columns: list[Column]) -> list:
    by_key = {score.item.check_key: score for score in line.items}
    cells = []
    for column in columns:
        score = by_key.get(column.key)
        applies = score is not None and score.applies
        cells.append(_number(score.points) if applies else None)
    return [
        line.rank,
        line.unit.name,
        line.unit.get_kind_display(),
        _number(line.points),
        _number(line.maximum),
        _number(line.percent_exact),
        *cells,
    ]


def failing_header() -> list[str]:
    return [
        _("Đơn vị"),
        _("Tiêu chí"),
        _("Căn cứ pháp lý"),
        _("Điểm đạt"),
        _("Điểm tối đa"),
        _("Nội dung chưa đạt"),
        _("Trang cần sửa"),
        _("Trang công khai"),
    ]


def _absolute(unit, url: str) -> str:
    """An address on the unit's own host (a finding's link is a path in the admin or on the public site)."""
    if not url or "://" in url:
        return url
    site = getattr(unit, "site", None)
    return urljoin(site.root_url + "/", url.lstrip("/")) if site is not None else url


def failing_rows(line: UnitReport) -> list[list]:
    rows = []
    for score in line.failing:
        findings = score.result.findings or []
        base = [line.unit.name, score.item.label, score.item.clause, _number(score.points), _number(score.maximum)]
        if not findings:
            rows.append([*base, str(score.result.summary), "", ""])
        for finding in findings:
            text = f"{finding.label}: {finding.detail}" if finding.detail else str(finding.label)
            rows.append([*base, text, _absolute(line.unit, finding.edit_url), _absolute(line.unit, finding.public_url)])
    return rows


Progress = Callable[[], None]


def _each(report: OversightReport, progress: Progress | None):
    for line in report.units:
        yield line
        if progress is not None:
            progress()


def to_csv(report: OversightReport, progress: Progress | None = None) -> bytes:
    """The header lines, the score table, then the failing items after a blank line and their own heading."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = item_columns(report)
    for line in header_lines(report):
        writer.writerow([safe_cell(value) for value in line])
    writer.writerow([])
    writer.writerow([safe_cell(value) for value in score_header(columns)])
    failing = []
    for line in _each(report, progress):
        writer.writerow([safe_cell(value) for value in score_row(line, columns)])
        failing += failing_rows(line)
    writer.writerow([])
    writer.writerow([_("Tiêu chí chưa đạt")])
    writer.writerow([safe_cell(value) for value in failing_header()])
    for row in failing:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(workbook: Workbook, title: str, report: OversightReport, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    for line in header_lines(report):
        sheet.append([safe_cell(value) for value in line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([safe_cell(value) for value in header])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"C{sheet.max_row + 1}"  # a coordinate, not sheet.cell(): that would add a row
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.column_dimensions["B"].width = 34


def to_xlsx(report: OversightReport, progress: Progress | None = None) -> bytes:
    """Sheet “Điểm” (one row per unit) and sheet “Tiêu chí chưa đạt”, each under the header lines."""
    columns = item_columns(report)
    scores, failing = [], []
    for line in _each(report, progress):
        scores.append(score_row(line, columns))
        failing += failing_rows(line)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, _("Điểm"), report, score_header(columns), scores)
    _sheet(workbook, _("Tiêu chí chưa đạt"), report, failing_header(), failing)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _item_json(score: ItemScore, unit) -> dict:
    result = score.result
    return {
        "key": score.item.check_key,
        "label": str(score.item.label),
        "clause": str(score.item.clause),
        "points": _number(score.points),
        "maximum": _number(score.maximum),
        "applies": score.applies,
        "ratio": None if result is None else result.ratio,
        "summary": "" if result is None else str(result.summary),
        "findings": []
        if result is None
        else [
            {
                "label": str(finding.label),
                "detail": str(finding.detail),
                "edit_url": _absolute(unit, finding.edit_url),
                "public_url": _absolute(unit, finding.public_url),
            }
            for finding in result.findings
        ],
    }


def to_json(report: OversightReport, progress: Progress | None = None) -> bytes:
    table = report.table
    data = {
        "period": {
            "key": report.period.key,
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "closed": report.closed,
        },
        "as_of": report.period.as_of(report.today).isoformat(),
        "table": {
            "name": table.name,
            "valid_from": table.valid_from.isoformat(),
            "basis": table.basis,
            "items": [
                {"key": column.key, "label": str(column.label), "maximum": _number(column.maximum)}
                for column in item_columns(report)
            ],
        },
        "units": [
            {
                "rank": line.rank,
                "unit": {"id": line.unit.pk, "slug": line.unit.slug, "name": line.unit.name, "kind": line.unit.kind},
                "points": _number(line.points),
                "maximum": _number(line.maximum),
                "percent": _number(line.percent_exact),
                "items": [_item_json(score, line.unit) for score in line.items],
                "counts": line.counts,
                "views": line.views,
                "views_by_section": line.views_by_section,
                "rating_average": line.rating_average,
                "rating_count": line.rating_count,
            }
            for line in _each(report, progress)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}


def render(report: OversightReport, file_format: str, progress: Progress | None = None) -> bytes:
    return WRITERS[file_format](report, progress)


def filename(report: OversightReport, file_format: str, unit=None) -> str:
    """`giam-sat-cong-2026-11.xlsx`, `giam-sat-cong-2026-11-ninhson.csv` (ASCII: safe in any header)."""
    suffix = f"-{unit.slug}" if unit is not None else ""
    return f"giam-sat-cong-{report.period.key}{suffix}.{file_format}"
