"""Attachments are checked by content and size: a bad file is refused with a clear message and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document

from documents.models import LegalDocumentPage
from documents.pdf import simple_pdf
from documents.validators import ATTACHMENT_EXTENSIONS, OLE2_MAGIC, inspect_file

from .conftest import make_file, page_form, registry_of

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("van-ban.pdf", simple_pdf(["Quyet dinh so 1"])),
        ("van-ban.doc", OLE2_MAGIC + b"\x00" * 100),
        ("bang.xls", OLE2_MAGIC + b"\x00" * 100),
        ("van-ban.docx", DOCX),
        ("bang.xlsx", XLSX),
        ("van-ban.odt", ODT),
        ("ho-so.zip", zipped({"a.txt": b"a"})),
    ],
)
def test_each_accepted_format_passes_with_size_and_sha256(name, content):
    facts = inspect_file(io.BytesIO(content), name, ATTACHMENT_EXTENSIONS)
    assert facts.size == len(content)
    assert len(facts.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quyet-dinh.pdf", HTML, "Nội dung tệp “quyet-dinh.pdf” không phải là tệp PDF như phần mở rộng .pdf"),
        ("van-ban.docx", XLSX, "không phải là tệp Word (DOCX)"),
        ("van-ban.docx", zipped({"a.txt": b"a"}), "không phải là tệp Word (DOCX)"),
        ("van-ban.doc", HTML, "không phải là tệp Word 97-2003 (DOC)"),
        ("van-ban.odt", DOCX, "không phải là tệp OpenDocument (ODT)"),
        ("ho-so.zip", b"PK\x03\x04 not really a zip", "không phải là tệp ZIP"),
        ("trang.html", HTML, "có định dạng không được chấp nhận"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        inspect_file(io.BytesIO(content), name, ATTACHMENT_EXTENSIONS)
    assert message in error.value.messages[0]


def test_oversized_file_is_refused_with_both_sizes():
    with pytest.raises(ValidationError) as error:
        inspect_file(io.BytesIO(b"%PDF-1.4" + b"0" * 2048), "lon.pdf", ATTACHMENT_EXTENSIONS, max_size=1024)
    assert error.value.messages == ["Tệp “lon.pdf” nặng 2,0\xa0KB, vượt quá giới hạn 1,0\xa0KB."]


@pytest.mark.django_db
def test_document_library_refuses_html_named_pdf(client, two_units):
    client.force_login(two_units.writer_a)
    upload = SimpleUploadedFile("quyet-dinh.pdf", HTML, content_type="application/pdf")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Quyết định giả", "file": upload, "collection": two_units.ward_a.collection.pk},
    )
    assert response.status_code == 200
    assert "không phải là tệp PDF" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_page_with_a_disguised_attachment_is_not_saved(client, two_units, taxonomy):
    bad = make_file(two_units.ward_a, "quyet-dinh.pdf", HTML)  # e.g. uploaded before the check existed
    registry = registry_of(two_units.ward_a)
    client.force_login(two_units.board_a)
    url = reverse("wagtailadmin_pages:add", args=("documents", "legaldocumentpage", registry.pk))
    form = page_form(bad.pk, document_type=taxonomy.decision.pk, issuing_body=taxonomy.ward_a_body.pk)
    response = client.post(url, form)
    assert response.status_code == 200
    assert "không phải là tệp PDF" in response.content.decode()
    assert not LegalDocumentPage.objects.exists()

    good = make_file(two_units.ward_a, "quyet-dinh-15.pdf")
    form = page_form(good.pk, document_type=taxonomy.decision.pk, issuing_body=taxonomy.ward_a_body.pk)
    response = client.post(url, {**form, "action-publish": "publish"})
    assert response.status_code == 302
    page = LegalDocumentPage.objects.get()
    attachment = page.attachments.get()
    assert attachment.extension == "pdf"
    assert attachment.size == good.file.size
    assert len(attachment.sha256) == 64


@pytest.mark.django_db
def test_admin_form_shows_date_error_in_vietnamese(client, two_units, taxonomy):
    good = make_file(two_units.ward_a)
    registry = registry_of(two_units.ward_a)
    client.force_login(two_units.board_a)
    url = reverse("wagtailadmin_pages:add", args=("documents", "legaldocumentpage", registry.pk))
    form = page_form(
        good.pk, document_type=taxonomy.decision.pk, issuing_body=taxonomy.ward_a_body.pk, effective_date="2026-03-01"
    )
    response = client.post(url, form)
    assert "Ngày có hiệu lực không được trước ngày ban hành (10/03/2026)." in response.content.decode()
    assert not LegalDocumentPage.objects.exists()
