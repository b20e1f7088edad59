"""Guidance: the office writes it (nobody else, on any route), unit members read it, marks are per user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from reports.guidance import Guidance, GuidanceRead, unread_guidance
from sites.models import UnitRole
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified, make_member

NOW = timezone.now()


@pytest.fixture
def office(db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


def guidance(title, published_at=NOW - dt.timedelta(days=1), **fields):
    return Guidance.objects.create(title=title, published_at=published_at, summary=f"Tóm tắt: {title}", **fields)


def document_in(collection, title="Tài liệu"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 huong dan", name="huong-dan.pdf"), collection=collection
    )


def form_data(**overrides):
    data = {
        "title": "Hướng dẫn đăng lịch công tác tuần",
        "summary": "Lịch tuần đăng trước 08:00 thứ Hai.",
        "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Nội dung", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "document": "",
        "published_at": "",
    }
    data.update(overrides)
    return data


# --- Writing: the office and superusers only ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_office_creates_a_draft_and_publishes_it(client, two_units, office):
    login_verified(client, office)
    assert client.get(reverse("reports_guidance_admin:index")).status_code == 200
    response = client.post(reverse("reports_guidance_admin:add"), form_data())
    assert response.status_code == 302, response.content[:2000]
    item = Guidance.objects.get()
    assert item.published_at is None and not unread_guidance(two_units.writer_a)
    published = form_data(published_at=(NOW - dt.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M"))
    response = client.post(reverse("reports_guidance_admin:edit", args=[item.pk]), published)
    assert response.status_code == 302
    assert unread_guidance(two_units.writer_a) == [Guidance.objects.get()]


@pytest.mark.parametrize("who", ["writer_a", "board_a", "admin_a", "writer_b"])
@pytest.mark.django_db
def test_unit_members_are_refused_on_every_writing_route_including_a_forged_post(client, two_units, who):
    item = guidance("Quy định về ảnh")
    login_verified(client, getattr(two_units, who))
    for name, args in (("index", []), ("add", []), ("edit", [item.pk]), ("delete", [item.pk])):
        assert client.get(reverse(f"reports_guidance_admin:{name}", args=args)).status_code in (302, 403), name
    assert client.post(reverse("reports_guidance_admin:add"), form_data(title="Giả mạo")).status_code in (302, 403)
    edit = client.post(reverse("reports_guidance_admin:edit", args=[item.pk]), form_data(title="Sửa trộm"))
    assert edit.status_code in (302, 403)
    assert client.post(reverse("reports_guidance_admin:delete", args=[item.pk])).status_code in (302, 403)
    assert list(Guidance.objects.values_list("title", flat=True)) == ["Quy định về ảnh"]
    if (response := client.get(reverse("reports_guidance_admin:add"))).status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_a_document_outside_the_citys_collection_is_refused(client, two_units, office, superuser):
    ward_document = document_in(two_units.ward_a.collection, "Tài liệu của phường")
    city_document = document_in(two_units.city.collection, "Bộ tiêu chí đánh giá")
    login_verified(client, superuser)
    response = client.post(reverse("reports_guidance_admin:add"), form_data(document=ward_document.pk))
    assert response.status_code == 200 and not Guidance.objects.exists()
    assert "thư mục của thành phố" in response.content.decode()
    page = client.get(reverse("reports_guidance_admin:add")).content.decode()
    assert "Bộ tiêu chí đánh giá" in page and "Tài liệu của phường" not in page
    response = client.post(reverse("reports_guidance_admin:add"), form_data(document=city_document.pk))
    assert response.status_code == 302
    assert Guidance.objects.get().document == city_document


# --- Reading -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_shows_unread_published_guidance_newest_first(client, two_units):
    guidance("Cũ hơn", NOW - dt.timedelta(days=3))
    guidance("Mới nhất", NOW - dt.timedelta(hours=1))
    guidance("Bản nháp", None)
    guidance("Hẹn phát hành", NOW + dt.timedelta(days=2))
    login_verified(client, two_units.writer_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-unread-guidance" in html
    assert html.index("Mới nhất") < html.index("Cũ hơn")
    assert "Bản nháp" not in html and "Hẹn phát hành" not in html
    assert "Đánh dấu đã đọc" in html and "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_marking_read_is_per_user_and_hides_the_item(client, two_units):
    item = guidance("Thời hạn đăng văn bản")
    login_verified(client, two_units.writer_a)
    response = client.post(reverse("reports_guidance:mark_read", args=[item.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert "data-unread-guidance" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert unread_guidance(two_units.writer_a) == []
    assert unread_guidance(two_units.board_a) == [item]  # same unit, other user
    assert unread_guidance(two_units.writer_b) == [item]  # other unit
    client.logout()
    login_verified(client, two_units.writer_b)
    assert "Thời hạn đăng văn bản" in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_reading_the_guidance_marks_it_read(client, two_units):
    city_document = document_in(two_units.city.collection, "Mẫu lịch công tác")
    item = guidance("Lịch công tác tuần", body="<p>Đăng trước <b>08:00</b> thứ Hai.</p>", document=city_document)
    login_verified(client, two_units.board_a)
    response = client.get(reverse("reports_guidance:detail", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng trước" in html and "Mẫu lịch công tác" in html
    assert GuidanceRead.objects.filter(guidance=item, user=two_units.board_a).count() == 1
    client.get(reverse("reports_guidance:detail", args=[item.pk]))
    assert GuidanceRead.objects.filter(guidance=item).count() == 1


@pytest.mark.django_db
def test_drafts_cannot_be_read_or_marked_by_units(client, two_units, office):
    draft = guidance("Bản nháp", None)
    scheduled = guidance("Hẹn giờ", NOW + dt.timedelta(days=1))
    login_verified(client, two_units.writer_a)
    for item in (draft, scheduled):
        assert client.get(reverse("reports_guidance:detail", args=[item.pk])).status_code == 404
        assert client.post(reverse("reports_guidance:mark_read", args=[item.pk])).status_code == 404
    assert client.get(reverse("reports_guidance:mark_read", args=[draft.pk])).status_code == 405
    assert "Bản nháp" not in client.get(reverse("reports_guidance:index")).content.decode()
    assert not GuidanceRead.objects.exists()
    client.logout()
    login_verified(client, office)  # the office previews its draft; nothing is marked
    assert client.get(reverse("reports_guidance:detail", args=[draft.pk])).status_code == 200
    assert not GuidanceRead.objects.exists()


@pytest.mark.django_db
def test_the_list_shows_read_state_for_the_user(client, two_units):
    first = guidance("Hướng dẫn một")
    guidance("Hướng dẫn hai")
    GuidanceRead.objects.create(guidance=first, user=two_units.writer_a)
    GuidanceRead.objects.create(guidance=first, user=two_units.writer_b)
    login_verified(client, two_units.writer_a)
    html = client.get(reverse("reports_guidance:index")).content.decode()
    assert html.count("Đã đọc") == 1 and html.count("Chưa đọc") == 1


@pytest.mark.django_db
def test_mark_read_requires_csrf(two_units):
    from django.test import Client

    item = guidance("Hướng dẫn")
    client = Client(enforce_csrf_checks=True)
    login_verified(client, two_units.writer_a)
    assert client.post(reverse("reports_guidance:mark_read", args=[item.pk])).status_code == 403
    assert not GuidanceRead.objects.exists()


@pytest.mark.django_db
def test_someone_in_no_unit_reads_no_guidance(client, two_units, django_user_model):
    item = guidance("Hướng dẫn")
    outsider = django_user_model.objects.create_user("nguoingoai", "x@example.com", PASSWORD)
    login_verified(client, outsider)
    for name, args in (("index", []), ("detail", [item.pk])):
        assert client.get(reverse(f"reports_guidance:{name}", args=args)).status_code in (302, 403)
    assert client.post(reverse("reports_guidance:mark_read", args=[item.pk])).status_code in (302, 403)
    assert not GuidanceRead.objects.exists()


@pytest.mark.django_db
def test_the_dashboard_panel_costs_a_flat_number_of_queries(client, two_units, django_assert_max_num_queries):
    login_verified(client, two_units.writer_a)
    guidance("Một")
    client.get(reverse("wagtailadmin_home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtailadmin_home"))
    for number in range(8):
        guidance(f"Hướng dẫn {number}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hướng dẫn 7" in html
    assert len(many) == len(few)


@pytest.mark.django_db
def test_menu_items_follow_the_roles(client, two_units, office):
    make_member(two_units.ward_b, UnitRole.BOARD)
    login_verified(client, two_units.writer_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reports_guidance:index") in html
    assert reverse("reports_guidance_admin:index") not in html
    client.logout()
    login_verified(client, office)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reports_guidance_admin:index") in html
