"""Uploads are checked by what they contain, not by their name."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Formats a legal document may be attached in, with the extension a citizen sees.
ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "zip")
MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
FORMAT_NAMES = {
    "pdf": "PDF",
    "doc": "Word 97-2003 (DOC)",
    "docx": "Word (DOCX)",
    "xls": "Excel 97-2003 (XLS)",
    "xlsx": "Excel (XLSX)",
    "odt": "OpenDocument (ODT)",
    "ods": "OpenDocument (ODS)",
    "zip": "ZIP",
    "txt": gettext_lazy("văn bản thuần (TXT)"),
    "csv": "CSV",
}


@dataclass(frozen=True)
class FileFacts:
    extension: str
    size: int
    sha256: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_members(handle: BinaryIO) -> set[str] | None:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odf_mimetype(handle: BinaryIO) -> str:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return ""


def _content_matches(extension: str, head: bytes, handle: BinaryIO) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("doc", "xls"):
        return head.startswith(OLE2_MAGIC)
    if extension in ("docx", "xlsx", "odt", "ods", "zip"):
        if not head.startswith(ZIP_MAGIC):
            return False
        members = _zip_members(handle)
        if members is None:
            return False
        if extension == "docx":
            return "[Content_Types].xml" in members and "word/document.xml" in members
        if extension == "xlsx":
            return "[Content_Types].xml" in members and "xl/workbook.xml" in members
        if extension == "odt":
            return _odf_mimetype(handle) == "application/vnd.oasis.opendocument.text"
        if extension == "ods":
            return _odf_mimetype(handle) == "application/vnd.oasis.opendocument.spreadsheet"
        return True
    if extension in ("txt", "csv"):
        handle.seek(0)
        try:
            text = handle.read(MAX_ATTACHMENT_SIZE).decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return "\x00" not in text and not text.lstrip().lower().startswith(("<!doctype html", "<html"))
    return False


def inspect_file(
    handle: BinaryIO, name: str, allowed: tuple[str, ...], max_size: int = MAX_ATTACHMENT_SIZE
) -> FileFacts:
    """Size and SHA-256 of an upload whose content is what its extension says; ValidationError otherwise."""
    extension = extension_of(name)
    if extension not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” có định dạng không được chấp nhận. Chỉ nhận: %(allowed)s."),
            code="extension",
            params={"name": name, "allowed": ", ".join(e.upper() for e in allowed)},
        )
    digest = hashlib.sha256()
    size = 0
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="empty", params={"name": name})
    if size > max_size:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s, vượt quá giới hạn %(limit)s."),
            code="size",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_size)},
        )
    if not _content_matches(extension, head, handle):
        raise ValidationError(
            _(
                "Nội dung tệp “%(name)s” không phải là tệp %(format)s như phần mở rộng .%(extension)s; "
                "hãy kiểm tra lại tệp gốc."
            ),
            code="content",
            params={"name": name, "format": FORMAT_NAMES.get(extension, extension.upper()), "extension": extension},
        )
    handle.seek(0)
    return FileFacts(extension=extension, size=size, sha256=digest.hexdigest())


def sha256_of(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()
