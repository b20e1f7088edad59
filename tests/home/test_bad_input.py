"""Whatever a citizen types into an address — Unicode digits, years out of range, huge numbers, NUL bytes, impossible
weeks — the portal answers with a page (ignored parameter, 404 or 400), never with a server error."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.models import DocumentType, IssuingBody
from organization.models import Official
from tests.documents.conftest import add_document, reference
from tests.organization.conftest import add_week

WARD_A = "ninhson.tayninh.localhost"
CITY = "tayninh.localhost"

UNICODE_DIGITS = ["²", "١٢", "௫", "𝟙", "½", "Ⅻ", "①"]
OUT_OF_RANGE = ["0", "-1", "10000", "99999", "99999999999999999999", "1" * 40, "+5", " 7", "3.0", "1e5"]


def section_url(unit, key: str) -> str:
    return unit.sections.get(key=key).page.url


@pytest.fixture
def world(two_units):
    """A leader, a published week and one document in ward A: the filters have rows to narrow."""
    ward = two_units.ward_a
    leader = Official.objects.create(unit=ward, name="Nguyễn Văn Hùng", position="Chủ tịch UBND phường", is_leader=True)
    schedule = ward.sections.get(key="schedule").page.specific
    add_week(
        schedule,
        dt.date(2026, 5, 18),
        [{"weekday": 0, "start_time": dt.time(8), "content": "Họp giao ban", "leaders": [leader]}],
    )
    decision = reference(DocumentType, "Quyết định")
    body = IssuingBody.objects.get(unit=ward)
    add_document(ward, number="12/QĐ-UBND", document_type=decision, issuing_body=body, issue_date=dt.date(2026, 1, 8))
    return two_units


def test_number_parameters_of_the_site_search_never_fail(client, world):
    for value in UNICODE_DIGITS + OUT_OF_RANGE:
        for name in ("loai", "page"):
            response = client.get("/tim-kiem/", {"q": "phường", name: value}, HTTP_HOST=WARD_A)
            assert response.status_code == 200, (name, value)


@pytest.mark.parametrize("facet", ["type", "sector", "issuer", "year", "unit", "page", "status", "sort"])
def test_registry_facets_and_its_csv_ignore_values_they_cannot_match(client, world, facet):
    registry = section_url(world.ward_a, "documents")
    city_registry = section_url(world.city, "documents")
    for value in UNICODE_DIGITS + OUT_OF_RANGE:
        response = client.get(registry, {facet: value}, HTTP_HOST=WARD_A)
        assert response.status_code == 200, value
        if facet in ("page", "status", "sort"):  # an unreadable value is ignored: the document is still listed
            assert "12/QĐ-UBND" in response.content.decode()
        export = client.get(registry + "xuat-csv/", {facet: value}, HTTP_HOST=WARD_A)
        assert export.status_code == 200, value
        export = client.get(city_registry + "xuat-csv/", {facet: value, "pham-vi": "tat-ca"}, HTTP_HOST=CITY)
        assert export.status_code == 200, value


def test_the_schedule_leader_filter_ignores_what_is_not_a_leader(client, world):
    schedule = section_url(world.ward_a, "schedule")
    for value in UNICODE_DIGITS + OUT_OF_RANGE:
        for path in ("2026-w21/", "2026-w21/ban-in/", ""):
            response = client.get(schedule + path, {"lanh-dao": value}, HTTP_HOST=WARD_A)
            assert response.status_code == 200, (path, value)
            assert "Họp giao ban" in response.content.decode() or path == ""


def test_news_filters_and_pages_ignore_what_they_cannot_read(client, world):
    news = section_url(world.ward_a, "news")
    for value in UNICODE_DIGITS + OUT_OF_RANGE:
        for name in ("page", "thang", "chu-de", "the"):
            assert client.get(news, {name: value}, HTTP_HOST=WARD_A).status_code == 200, (name, value)


def test_weeks_outside_the_calendar_are_not_found(client, world):
    schedule = section_url(world.ward_a, "schedule")
    for week in ("0001-w01", "9999-w52", "0000-w01", "1899-w52", "3000-w01", "2026-w99"):
        for suffix in ("", "ban-in/"):
            response = client.get(f"{schedule}{week}/{suffix}", HTTP_HOST=WARD_A)
            assert response.status_code == 404, (week, suffix)


NUL_REQUESTS = [
    ("documents", "", {"q": "\x00"}),
    ("documents", "xuat-csv/", {"q": "abc\x00"}),
    ("documents", "xac-minh/", {"so": "12\x00"}),
    ("news", "", {"chu-de": "\x00"}),
    ("news", "", {"the": "a\x00b"}),
    ("news", "", {"thang": "2026-05\x00"}),
    ("schedule", "2026-w21/", {"lanh-dao": "\x00"}),
    (None, "/tim-kiem/", {"q": "\x00"}),
    (None, "/don-vi-cua-toi/", {"don_vi": "\x00"}),
    (None, "/tim-kiem/", {"\x00": "x"}),
]


def test_a_nul_byte_in_a_parameter_is_read_without_it_not_a_server_error(client, world):
    for key, path, params in NUL_REQUESTS:
        url = (section_url(world.ward_a, key) if key else "") + path
        response = client.get(url, params, HTTP_HOST=WARD_A)
        assert response.status_code in (200, 302), (url, params)
    # The week still lists its entry: the filter is read as empty, not as a leader.
    week = client.get(section_url(world.ward_a, "schedule") + "2026-w21/", {"lanh-dao": "\x00"}, HTTP_HOST=WARD_A)
    assert "Họp giao ban" in week.content.decode()


def test_a_nul_byte_in_the_path_is_a_bad_request(client, world):
    for path in ("/tin-tuc%00/", "/%00", "/gioi-thieu/%00abc/", "/en/%00/"):
        response = client.get(path, HTTP_HOST=WARD_A)
        assert response.status_code == 400, path
        title = "Invalid request" if path.startswith("/en/") else "Yêu cầu không hợp lệ"  # in the address's language
        assert title in response.content.decode()


def test_a_nul_byte_in_a_cookie_is_ignored(client, world):
    client.cookies["don_vi_cua_toi"] = "ninh\x00son"
    assert client.get("/", HTTP_HOST=CITY).status_code == 200


def test_a_nul_byte_posted_to_my_unit_is_a_bad_request(client, world):
    response = client.post("/don-vi-cua-toi/", {"don_vi": "ninh\x00son"}, HTTP_HOST=CITY)
    assert response.status_code == 400
    assert "don_vi_cua_toi" not in response.cookies or not response.cookies["don_vi_cua_toi"].value


def test_parameters_are_never_reflected_unescaped(client, world):
    script = "<script>alert(1)</script>"
    for url in ("/tim-kiem/", section_url(world.ward_a, "documents"), section_url(world.ward_a, "news")):
        response = client.get(url, {"q": script, "chu-de": script, "the": script, "type": script}, HTTP_HOST=WARD_A)
        assert response.status_code == 200
        assert script not in response.content.decode()
