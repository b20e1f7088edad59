"""“Tra cứu, xác minh văn bản”: the official record with each file's SHA-256, or a clear “not issued here”."""

from __future__ import annotations

import datetime
import hashlib
import html

import pytest

from documents.pdf import simple_pdf

from .conftest import add_document, make_file, registry_of


@pytest.fixture
def plan(two_units, taxonomy):
    content = simple_pdf(["Ke hoach so 45/KH-UBND", "Ve cai cach hanh chinh nam 2026"])
    page = add_document(
        two_units.ward_a,
        number="45/KH-UBND",
        document_type=taxonomy.plan,
        issuing_body=taxonomy.ward_a_body,
        issue_date=datetime.date(2026, 1, 12),
        abstract="Về cải cách hành chính năm 2026",
        file=make_file(two_units.ward_a, "ke-hoach-45.pdf", content),
    )
    return page, hashlib.sha256(content).hexdigest()


def verify(client, unit, query: str) -> str:
    response = client.get(registry_of(unit).url + "xac-minh/" + query, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?so=45/KH-UBND", "?so=45/kh-ubnd&ngay=2026-01-12", "?so=45 / KH - UBND"])
def test_found_shows_record_and_sha256(client, two_units, plan, query):
    page, digest = plan
    text = verify(client, two_units.ward_a, query)
    assert "Có 1 văn bản chính thức mang số, ký hiệu này." in text
    assert page.title in text
    assert digest in text
    assert "UBND Phường Ninh Sơn" in text


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?so=46/KH-UBND", "?so=45/KH-UBND&ngay=2026-01-13"])
def test_not_found_says_so_clearly(client, two_units, plan, query):
    text = verify(client, two_units.ward_a, query)
    assert "Không có văn bản số" in text
    assert "nào được ban hành trên cổng này" in text


@pytest.mark.django_db
def test_another_units_portal_does_not_vouch_for_it_but_the_city_does(client, two_units, plan):
    assert "Không có văn bản số 45/KH-UBND" in verify(client, two_units.ward_b, "?so=45/KH-UBND")
    city = verify(client, two_units.city, "?so=45/KH-UBND")
    assert "Có 1 văn bản chính thức" in city and "Phường Ninh Sơn" in city


@pytest.mark.django_db
def test_empty_and_bad_input_get_clear_messages(client, two_units, plan):
    text = verify(client, two_units.ward_a, "?so=&ngay=")
    assert "Hãy nhập số, ký hiệu của văn bản cần xác minh." in text
    text = verify(client, two_units.ward_a, "?so=45/KH-UBND&ngay=32/13/2026")
    assert "Ngày ban hành không hợp lệ" in text


@pytest.mark.django_db
def test_draft_is_not_vouched_for(client, two_units, taxonomy):
    add_document(
        two_units.ward_a,
        number="99/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=datetime.date(2026, 5, 1),
        publish=False,
    )
    assert "Không có văn bản số 99/QĐ-UBND" in verify(client, two_units.ward_a, "?so=99/QĐ-UBND")


@pytest.mark.django_db
def test_document_page_shows_qr_of_its_verification_url_and_hashes(client, two_units, plan):
    page, digest = plan
    response = client.get(page.url, HTTP_HOST=two_units.ward_a.site.hostname)
    text = response.content.decode()
    assert '<svg role="img"' in text and "<title>Mã QR xác minh văn bản</title>" in text
    url = "http://ninhson.tayninh.localhost/van-ban/xac-minh/?so=45%2FKH-UBND&amp;ngay=2026-01-12"
    assert url in text
    assert digest in text
    assert '<meta name="DC.identifier" content="45/KH-UBND">' in text
    # The QR code encodes exactly that URL (segno decodes nothing, so compare the matrix of the same input), with
    # its quiet zone; tests/e2e/test_documents.py reads a screenshot of it back with a barcode reader.
    import segno

    from documents.qr import MODULE_PX, QUIET_ZONE

    assert QUIET_ZONE >= 4
    expected = segno.make(html.unescape(url), error="m", micro=False).svg_inline(
        scale=MODULE_PX,
        border=QUIET_ZONE,
        dark="#1b1b1b",
        light="#ffffff",
        title="Mã QR xác minh văn bản",
        svgclass="qr-code",
    )
    assert expected.split("<path", 1)[1] in text
