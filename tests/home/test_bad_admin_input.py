"""What an editor (or a tampered request) sends the admin is refused with a message and nothing stored, never a 500:
impossible weeks, a second schedule for a week, a broken or oversized image, a form whose hidden fields were edited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import ContentPage
from organization.models import WorkScheduleWeekPage
from sites.models import UnitRole
from tests.conftest import make_member
from tests.organization.conftest import add_week

WARD_A = "ninhson.tayninh.localhost"


def section(unit, key: str):
    return unit.sections.get(key=key).page.specific


def week_form(day: str) -> dict:
    data = nested_form_data({"week_start": day, "entries": inline_formset([]), "comments": inline_formset([])})
    return data


@pytest.fixture
def board_a(client, two_units):
    client.force_login(two_units.board_a)
    return two_units.board_a


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-06"])
def test_a_week_outside_the_calendar_is_refused_in_the_page_editor(client, two_units, board_a, day):
    schedule = section(two_units.ward_a, "schedule")
    url = reverse("wagtailadmin_pages:add", args=["organization", "workscheduleweekpage", schedule.pk])
    response = client.post(url, week_form(day))
    assert response.status_code == 200
    assert "Năm của tuần phải trong khoảng 1900 đến 2999" in response.content.decode()
    assert not WorkScheduleWeekPage.objects.exists()
    assert client.get("/sitemap.xml", HTTP_HOST=WARD_A).status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_week_outside_the_calendar_is_refused_by_new_week(client, two_units, board_a, day):
    schedule = section(two_units.ward_a, "schedule")
    response = client.post(reverse("organization_new_week", args=[schedule.pk]), {"day": day})
    assert response.status_code == 200
    assert "Năm của tuần phải trong khoảng 1900 đến 2999" in response.content.decode()
    assert not WorkScheduleWeekPage.objects.exists()


def test_a_second_schedule_for_a_week_is_refused_in_the_page_editor(client, two_units, board_a):
    schedule = section(two_units.ward_a, "schedule")
    add_week(schedule, dt.date(2026, 5, 18), [])
    url = reverse("wagtailadmin_pages:add", args=["organization", "workscheduleweekpage", schedule.pk])
    response = client.post(url, week_form("2026-05-20"))
    assert response.status_code == 200
    assert "đã có lịch công tác" in response.content.decode()
    assert WorkScheduleWeekPage.objects.count() == 1


def test_a_stored_week_outside_the_calendar_does_not_break_the_portal(client, two_units):
    """A row written before the check (or by a script) still leaves the sitemap and the schedule answering."""
    schedule = section(two_units.ward_a, "schedule")
    for day in (dt.date(1, 1, 1), dt.date(9999, 12, 27)):
        week = add_week(schedule, dt.date(2026, 5, 18), [])
        WorkScheduleWeekPage.objects.filter(pk=week.pk).update(week_start=day, slug=f"tuan-{day.year}")
    assert client.get("/sitemap.xml", HTTP_HOST=WARD_A).status_code == 200
    assert client.get(schedule.url, HTTP_HOST=WARD_A).status_code == 200
    assert client.get(schedule.url + "tuan-1/", HTTP_HOST=WARD_A).status_code in (301, 302, 404)


# --- Images ---------------------------------------------------------------------------------------------------------


def image_bytes(width: int, height: int, kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB" if kind == "JPEG" else "1", (width, height)).save(buffer, kind)
    return buffer.getvalue()


def upload_image(client, content: bytes, name: str):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh thử", "file": SimpleUploadedFile(name, content), "collection": ""},
    )


@pytest.fixture
def image_editor(client, two_units):
    client.force_login(two_units.writer_a)
    return two_units.writer_a


def test_a_truncated_jpeg_is_refused_with_a_message(client, two_units, image_editor):
    content = image_bytes(800, 600)
    response = upload_image(client, content[: len(content) // 2], "anh-hong.jpg")
    assert response.status_code == 200
    assert "Tệp ảnh bị hỏng hoặc không đầy đủ" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_image_above_40_megapixels_is_refused(client, two_units, image_editor):
    content = image_bytes(10_000, 9_000, "PNG")  # 90 megapixels, a small file: one bit per pixel, compressed
    response = upload_image(client, content, "anh-lon.png")
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_normal_image_is_still_accepted(client, two_units, image_editor):
    response = upload_image(client, image_bytes(1600, 900), "anh.jpg")
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


# --- Tampered forms -------------------------------------------------------------------------------------------------


def content_page_form(**overrides) -> dict:
    data = nested_form_data(
        {
            "title": "Trang bị sửa tay",
            "slug": "trang-bi-sua-tay",
            "intro": "Tóm tắt.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "comments": inline_formset([]),
        }
    )
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "tampering",
    [
        {"body-count": "5"},
        {"body-count": "abc"},
        {"body-count": "99999999999999999999"},
        {"body-0-value": "{not json"},
        {"body-0-value": '{"blocks": "x"}'},
    ],
)
def test_a_tampered_page_form_is_refused_and_stores_nothing(client, two_units, tampering):
    client.force_login(two_units.writer_a)
    parent = section(two_units.ward_a, "intro")
    before = Page.objects.count()
    url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", parent.pk])
    response = client.post(url, content_page_form(**tampering))
    assert response.status_code in (200, 400)
    assert Page.objects.count() == before
    assert not ContentPage.objects.filter(slug="trang-bi-sua-tay").exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "²"])
def test_a_chooser_value_that_is_not_an_id_is_refused(client, two_units, value):
    from news.models import NewsArticlePage

    board = make_member(two_units.ward_a, UnitRole.BOARD, "bbt-a-2")
    client.force_login(board)
    parent = section(two_units.ward_a, "news")
    data = nested_form_data(
        {
            "title": "Tin có ảnh giả",
            "slug": "tin-co-anh-gia",
            "intro": "Sa-pô ngắn.",
            "featured_image": value,
            "featured_image_alt": "Ảnh",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "tags": "",
            "date": "2026-05-20 09:00",
            "source_kind": "own",
            "comments": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/add/news/newsarticlepage/{parent.pk}/", data)
    assert response.status_code in (200, 400)
    assert not NewsArticlePage.objects.filter(slug="tin-co-anh-gia").exists()
