"""Import of a unit's catalogue from a CSV in the layout the National Public Service Portal exports
(dichvucong.gov.vn → Thủ tục hành chính → Xuất Excel, saved as “CSV UTF-8”).

The file is read by content (size cap, UTF-8 with or without BOM, no NUL bytes, no mojibake of a file that went
through Windows-1258/1252, delimiter sniffed among “,”, “;” and tab), every row is checked, and the preview lists
every refused row with its line number and reasons. Nothing is written unless no row is refused; then every row is
created or updated (same code in the same unit) in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from search.text import fold

from .procedures import (
    CODE_VALIDATOR,
    AdoptedProcedure,
    Procedure,
    ProcedureField,
    ProcedureLevel,
    is_service_url,
    normalize_code,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000

# Our field name → the column headers (folded) the national export or a hand-made file may use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma thu tuc", "ma tthc", "ma so", "ma thu tuc hanh chinh"),
    "name": ("ten thu tuc", "ten tthc", "ten thu tuc hanh chinh"),
    "field": ("linh vuc", "ten linh vuc"),
    "implementing_level": ("cap thuc hien",),
    "level": (
        "muc do",
        "muc do dvc",
        "muc do dich vu cong",
        "dich vu cong truc tuyen",
        "muc do dich vu cong truc tuyen",
        "dvctt",
    ),
    "processing_time": ("thoi han giai quyet", "thoi gian giai quyet"),
    "fees": ("phi, le phi", "phi le phi", "le phi", "phi"),
    "agency": ("co quan thuc hien",),
    "receiving_place": ("dia diem tiep nhan", "dia diem thuc hien", "noi tiep nhan"),
    "legal_basis": ("can cu phap ly",),
    "portal_url": ("duong dan", "lien ket", "link", "url", "duong dan dvc"),
}
REQUIRED = ("code", "name", "field", "level")
SAMPLE_HEADER = (
    "STT",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Mức độ",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Cơ quan thực hiện",
    "Địa điểm tiếp nhận",
    "Căn cứ pháp lý",
    "Đường dẫn",
)
SAMPLE_ROWS = (
    (
        "1",
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        "Cấp xã",
        "Toàn trình",
        "Ngay trong ngày làm việc",
        "Miễn lệ phí",
        "Ủy ban nhân dân cấp xã",
        "Bộ phận Một cửa UBND phường",
        "Luật Hộ tịch năm 2014",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
    ),
    (
        "2",
        "2.000815",
        "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        "Cấp xã",
        "Một phần",
        "Trong ngày làm việc",
        "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản",
        "Ủy ban nhân dân cấp xã",
        "Bộ phận Một cửa UBND phường",
        "Nghị định số 23/2015/NĐ-CP",
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000815",
    ),
)

# Text of a UTF-8 file that went through Windows-1258/1252 (“Đăng” saved as “Ä\x90Äƒng”): refused, never imported.
MOJIBAKE_MARKS = ("Ã", "Ä‘", "Äƒ", "Æ°", "á»", "áº", "Ä\x90", "Æ¡")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, size, no header): a message for the whole upload."""


def sample_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SAMPLE_HEADER)
    writer.writerows(SAMPLE_ROWS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def decode(data: bytes) -> str:
    """The text of an uploaded file, or ImportFileError saying in Vietnamese why it cannot be read."""
    if not data.strip():
        raise ImportFileError(_("Tệp trống."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Tệp lớn hơn 2 MB. Hãy chia danh mục thành nhiều tệp."))
    if b"\x00" in data or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0") or data[:5] == b"%PDF-":
        raise ImportFileError(
            _("Tệp không phải văn bản CSV. Hãy mở tệp Excel và chọn Lưu thành “CSV UTF-8 (phân tách bằng dấu phẩy)”.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "Tệp không dùng bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3). "
                "Hãy lưu lại bằng “CSV UTF-8 (phân tách bằng dấu phẩy)”."
            )
        ) from None
    if any(mark in text for mark in MOJIBAKE_MARKS):
        raise ImportFileError(
            _(
                "Chữ tiếng Việt trong tệp đã bị lỗi bảng mã (ví dụ “Ä‘” thay cho “đ”). "
                "Hãy xuất lại từ Cổng Dịch vụ công và lưu bằng “CSV UTF-8”."
            )
        )
    return text


def _delimiter(text: str) -> str:
    """“,”, “;” or tab: the one the header line uses most outside quotes (Excel in a Vietnamese locale saves “;”)."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    unquoted = "".join(part for index, part in enumerate(first_line.split('"')) if index % 2 == 0)
    return max((",", ";", "\t"), key=unquoted.count)


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    updates: bool = False  # the unit already has this code: the row updates it
    replaces_adopted_from: str = ""  # the unit adopted this code from an ancestor's catalogue: its own copy wins
    field_obj: ProcedureField | None = None
    level: str = ""

    @property
    def refused(self) -> bool:
        return bool(self.errors)


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    missing_columns: list[str]

    @property
    def refused(self) -> list[ImportRow]:
        return [row for row in self.rows if row.refused]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not self.refused and not self.missing_columns

    @property
    def created_count(self) -> int:
        return sum(1 for row in self.rows if not row.refused and not row.updates)

    @property
    def updated_count(self) -> int:
        return sum(1 for row in self.rows if not row.refused and row.updates)


COLUMN_LABELS = {
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "level": "Mức độ",
}


def parse_level(value: str) -> str | None:
    """The level a cell names, in the portal's words old or new (“Toàn trình”, “DVCTT một phần”, “Mức độ 4” …)."""
    folded = " ".join(fold(value).replace("-", " ").split())
    if not folded:
        return None
    if "toan trinh" in folded or folded in ("muc do 4", "muc 4", "4"):
        return ProcedureLevel.FULL
    if "mot phan" in folded or folded in ("muc do 3", "muc 3", "3"):
        return ProcedureLevel.PARTIAL
    if folded in ("chua truc tuyen", "truc tiep", "khong", "thu tuc hanh chinh", "muc do 2", "muc do 1", "2", "1"):
        return ProcedureLevel.OFFLINE
    if folded.startswith("chua"):
        return ProcedureLevel.OFFLINE
    return None


def read_rows(text: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """(our field → column index, [(line number, cells)]) of the file; the header is the first non-empty row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: dict[str, int] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                folded = [" ".join(fold(cell).split()) for cell in cells]
                header = {}
                for name, aliases in COLUMNS.items():
                    for index, title in enumerate(folded):
                        if title in aliases and name not in header:
                            header[name] = index
                continue
            rows.append((line, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(_("Tệp có hơn %(max)d dòng. Hãy chia thành nhiều tệp.") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise ImportFileError(_("Không đọc được tệp CSV (dòng %(line)d).") % {"line": reader.line_num}) from error
    if header is None:
        raise ImportFileError(_("Tệp không có dòng tiêu đề."))
    return header, rows


def preview(data: bytes, unit) -> ImportPreview:
    """Checks every row of the uploaded file for `unit`'s catalogue (raises ImportFileError for an unreadable file)."""
    header, raw_rows = read_rows(decode(data))
    missing = [COLUMN_LABELS[name] for name in REQUIRED if name not in header]
    fields = {fold(f.name): f for f in ProcedureField.objects.all()}
    fields.update({f.slug: f for f in fields.values()})
    existing = set(Procedure.objects.filter(unit=unit).values_list("code", flat=True))
    adopted = dict(AdoptedProcedure.objects.filter(unit=unit).values_list("procedure__code", "procedure__unit__name"))
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    for line, cells in raw_rows:
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in header.items()}
        row = ImportRow(line=line, values=values)
        code = values["code"] = normalize_code(values.get("code", ""))
        if not code:
            row.errors.append(_("Thiếu mã thủ tục."))
        else:
            try:
                CODE_VALIDATOR(code)
            except ValidationError:
                row.errors.append(_("Mã thủ tục “%(code)s” không đúng dạng (ví dụ: 1.001193).") % {"code": code})
            if code in seen:
                row.errors.append(
                    _("Mã thủ tục “%(code)s” trùng với dòng %(line)d.") % {"code": code, "line": seen[code]}
                )
            else:
                seen[code] = line
            row.updates = code in existing
            row.replaces_adopted_from = adopted.get(code, "")
        name = values.get("name", "")
        if not name:
            row.errors.append(_("Thiếu tên thủ tục."))
        elif len(name) > 500:
            row.errors.append(_("Tên thủ tục dài quá 500 ký tự."))
        field_name = values.get("field", "")
        if not field_name:
            row.errors.append(_("Thiếu lĩnh vực."))
        else:
            row.field_obj = fields.get(fold(" ".join(field_name.split())))
            if row.field_obj is None:
                row.errors.append(_("Lĩnh vực “%(field)s” không có trong danh mục lĩnh vực.") % {"field": field_name})
        level = parse_level(values.get("level", ""))
        if level is None:
            row.errors.append(
                _("Mức độ “%(level)s” không hợp lệ (Toàn trình, Một phần hoặc Chưa trực tuyến).")
                % {"level": values.get("level", "")}
            )
        else:
            row.level = level
        url = values.get("portal_url", "")
        if url and (len(url) > 500 or not is_service_url(url)):
            row.errors.append(
                _("Đường dẫn “%(url)s” không phải địa chỉ https trên Cổng Dịch vụ công.") % {"url": url[:100]}
            )
        for name_, column, limit in (
            ("implementing_level", "Cấp thực hiện", 100),
            ("processing_time", "Thời hạn giải quyết", 500),
            ("agency", "Cơ quan thực hiện", 500),
        ):
            if len(values.get(name_, "")) > limit:
                row.errors.append(_("Cột “%(column)s” dài quá %(limit)d ký tự.") % {"column": column, "limit": limit})
        rows.append(row)
    return ImportPreview(rows=rows, missing_columns=missing)


@transaction.atomic
def import_rows(data: bytes, unit) -> ImportPreview:
    """Creates or updates every row in `unit`'s catalogue when none is refused; writes nothing otherwise."""
    result = preview(data, unit)
    if not result.valid:
        return result
    existing = {p.code: p for p in Procedure.objects.select_for_update().filter(unit=unit)}
    for row in result.rows:
        procedure = existing.get(row.values["code"]) or Procedure(unit=unit, code=row.values["code"])
        procedure.name = row.values["name"]
        procedure.field = row.field_obj
        procedure.level = row.level
        for name in ("implementing_level", "processing_time", "fees", "agency", "receiving_place", "legal_basis"):
            if name in row.values:
                setattr(procedure, name, row.values[name])
        if "portal_url" in row.values:
            procedure.portal_url = row.values["portal_url"]
        procedure.save()
    return result
