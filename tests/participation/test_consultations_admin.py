"""Moderation of draft comments in the admin, and isolation across units: ward A's board sees, approves and answers
only ward A's comments; writers see none (the rows carry personal data); the oversight office reads and writes
nothing; a comment's draft belongs to the comment's unit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.models import ConsultationComment
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import login_verified, make_member

from .conftest import make_comment, make_consultation

pytestmark = pytest.mark.django_db
LIST = "wagtailsnippets_participation_consultationcomment:list"
EDIT = "wagtailsnippets_participation_consultationcomment:edit"
ADD = "wagtailsnippets_participation_consultationcomment:add"
DELETE = "wagtailsnippets_participation_consultationcomment:delete"


def refused(response) -> bool:
    return response.status_code in {403, 404} or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.fixture
def comments(two_units):
    page_a = make_consultation(two_units.ward_a, "Dự thảo Quy chế quản lý chợ Ninh Sơn", -1, 10)
    page_b = make_consultation(
        two_units.ward_b, "Dự thảo Kế hoạch chỉnh trang Hiệp Ninh", -1, 10, slug="chinh-trang-hn"
    )
    a = make_comment(page_a, "Góp ý chợ Ninh Sơn về giờ họp chợ.", email="dan.a@example.vn", name="Nguyễn An")
    b = make_comment(page_b, "Góp ý Hiệp Ninh KX7319 về vỉa hè.", email="dan.b@example.vn", name="Phạm Bảo")
    return a, b


def test_board_moderates_its_own_comments_only(two_units, comments, client):
    a, b = comments
    client.force_login(two_units.board_a)
    html = client.get(reverse(LIST)).content.decode()
    assert "Góp ý chợ Ninh Sơn" in html and "KX7319" not in html and "Hiệp Ninh" not in html
    assert client.get(reverse(EDIT, args=[a.pk])).status_code == 200
    assert "dan.a@example.vn" in client.get(reverse(EDIT, args=[a.pk])).content.decode()  # the board may contact

    assert refused(client.get(reverse(EDIT, args=[b.pk])))
    response = client.post(reverse(EDIT, args=[b.pk]), {"status": "approved", "response": "Chen."})
    assert refused(response)
    b.refresh_from_db()
    assert (b.status, b.response) == ("pending", "")
    assert refused(client.get(reverse(ADD)))  # comments come only from the public form
    assert refused(client.post(reverse(DELETE, args=[a.pk])))  # rejected, never deleted
    assert ConsultationComment.objects.filter(pk=a.pk).exists()

    response = client.post(
        reverse(EDIT, args=[a.pk]),
        {"status": "approved", "response": "Tiếp thu: chợ họp từ 5 giờ.", "content": "Sửa nội dung của dân"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    a.refresh_from_db()
    assert (a.status, a.response) == ("approved", "Tiếp thu: chợ họp từ 5 giờ.")
    assert a.content == "Góp ý chợ Ninh Sơn về giờ họp chợ."  # what the citizen wrote is read-only
    assert a.moderated_by == two_units.board_a and a.moderated_at is not None


def test_writers_see_no_comments_and_oversight_only_reads(two_units, comments, client):
    a, _b = comments
    client.force_login(two_units.writer_a)
    assert refused(client.get(reverse(LIST)))
    assert refused(client.get(reverse(EDIT, args=[a.pk])))
    assert "dan.a@example.vn" not in client.get(reverse("wagtailadmin_home")).content.decode()

    overseer = make_member(two_units.city, "writer", username="noivu")
    overseer.groups.set([Group.objects.get(name=OVERSIGHT_GROUP_NAME)])
    login_verified(client, overseer)
    html = client.get(reverse(LIST)).content.decode()
    assert "Góp ý chợ Ninh Sơn" in html and "KX7319" in html
    response = client.post(reverse(EDIT, args=[a.pk]), {"status": "approved", "response": "Giám sát sửa."})
    assert refused(response) or response.status_code == 200
    a.refresh_from_db()
    assert (a.status, a.response) == ("pending", "")

    # Writer in ward A and board in ward B: ward B's comments only (the global permission comes from ward B).
    mixed = two_units.writer_a
    mixed.groups.add(two_units.ward_b.role_groups.get(role="board").group)
    client.force_login(mixed)
    html = client.get(reverse(LIST)).content.decode()
    assert "KX7319" in html and "Góp ý chợ Ninh Sơn" not in html and "dan.a@example.vn" not in html
    assert refused(client.get(reverse(EDIT, args=[a.pk])))
    response = client.post(reverse(EDIT, args=[a.pk]), {"status": "approved", "response": "Người viết duyệt."})
    assert refused(response)
    a.refresh_from_db()
    assert (a.status, a.response) == ("pending", "")


def test_comment_page_must_belong_to_its_unit_and_public_posts_stay_on_their_host(two_units, comments, client):
    a, b = comments
    a.page = b.page
    with pytest.raises(ValidationError):
        a.full_clean()
    # Ward B's draft is not reachable on ward A's host: nothing is stored.
    before = ConsultationComment.objects.count()
    response = client.post(
        b.page.url,
        {"content": "Gửi chéo.", "consent": "on"},
        HTTP_HOST=two_units.ward_a.site.hostname,
    )
    assert response.status_code == 404
    assert ConsultationComment.objects.count() == before
