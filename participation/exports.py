"""CSV and XLSX files for the board: Vietnamese headers, Excel-friendly, no formula injection.

A citizen types the text these files carry; a cell starting with `=`, `+`, `-`, `@` (or a tab or carriage return)
would run as a formula when the file is opened in a spreadsheet, so such cells get a leading apostrophe. CSV files
start with a UTF-8 byte-order mark so Excel reads Vietnamese correctly.

Excel reads a CSV's digit strings as numbers (an ID number such as 072190001234 loses its leading zero); no CSV
trick is both safe and invisible (`="…"` is a formula, which the exports refuse), so the XLSX file is the one for ID
numbers and other codes: its text cells are written as strings formatted as Text (`@`), kept as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value a spreadsheet shows as typed: text that could start a formula is prefixed with an apostrophe;
    dates become local `d/m/yyyy`, times `d/m/yyyy hh:mm`; None an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # older rows may hold control characters XLSX cannot carry
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _download(response, filename)


def xlsx_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """One worksheet per (title, headers, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "s":
                    cell.number_format = "@"  # Text: Excel keeps “072190001234” as typed, leading zero included
        for column in sheet.columns:
            width = max((len(str(cell.value or "")) for cell in column[:200]), default=10)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
