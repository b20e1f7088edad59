"""Who deletes a page (README “Roles”): a page that has been public is deleted only by the unit's administrator —
the board unpublishes it, and the record stays; a draft never published is deleted by the writers and the board as
well. Every route that deletes asks the same question: the delete view (form and forged POST) and the bulk action."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.sites.test_publish_routes import vietnamese_page

pytestmark = pytest.mark.django_db


def exists(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk).exists()


def delete_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def bulk_delete_url(page: Page) -> str:
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={page.pk}"


def test_the_board_cannot_delete_a_live_page_by_the_form_a_forged_post_or_the_bulk_action(two_units, client):
    page = vietnamese_page(two_units.ward_a, "Lịch tiếp công dân tháng 12", "lich-tiep-cong-dan-thang-12", live=True)
    client.force_login(two_units.board_a)
    assert client.get(delete_url(page)).status_code in (302, 403)
    client.post(delete_url(page))
    client.post(bulk_delete_url(page))
    assert exists(page)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert delete_url(page) not in edit  # the menu offers no deletion either


def test_a_page_that_was_public_stays_for_the_administrator_after_it_is_unpublished(two_units, client):
    page = vietnamese_page(two_units.ward_a, "Thông báo đã hết hạn", "thong-bao-da-het-han", live=True)
    page.unpublish()
    for user in (two_units.writer_a, two_units.board_a):
        client.force_login(user)
        client.post(delete_url(page))
        assert exists(page), user.username
    client.force_login(two_units.admin_a)
    assert client.get(delete_url(page)).status_code == 200
    client.post(delete_url(page))
    assert not exists(page)


def test_the_administrator_deletes_a_live_page(two_units, client):
    page = vietnamese_page(two_units.ward_a, "Tin đăng nhầm", "tin-dang-nham", live=True)
    client.force_login(two_units.admin_a)
    client.post(delete_url(page))
    assert not exists(page)


@pytest.mark.parametrize("role", ["writer_a", "board_a"])
def test_a_draft_never_published_is_deleted_by_the_writers_and_the_board(two_units, client, role):
    page = vietnamese_page(two_units.ward_a, "Bản nháp viết nhầm", "ban-nhap-viet-nham", live=False)
    client.force_login(getattr(two_units, role))
    assert client.get(delete_url(page)).status_code == 200
    client.post(delete_url(page))
    assert not exists(page)


def test_the_board_still_moves_a_live_page(two_units):
    """Wagtail asks `can_delete(ignore_bulk=True)` for a move: the rule above does not reach it."""
    page = vietnamese_page(two_units.ward_a, "Tin chuyển mục", "tin-chuyen-muc", live=True)
    assert page.permissions_for_user(two_units.board_a).can_move()
    assert not page.permissions_for_user(two_units.board_a).can_delete()
