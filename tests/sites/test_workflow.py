"""The board's approval workflow, its e-mail notifications, scheduled publishing and the overdue warning,
on the shared two-unit fixture (wards ninhson A and hiepninh B)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from home.models import ContentPage
from reports.overdue_schedule import overdue_schedule
from tests.conftest import make_member
from tests.sites.test_isolation import content_page_form


def submit(client, two_units, title: str, slug: str, **extra) -> ContentPage:
    """ward A's writer writes a page and submits it to the board, through the admin."""
    section = two_units.ward_a.sections.get(key="intro").page
    client.force_login(two_units.writer_a)
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk])
    response = client.post(add_url, content_page_form(title, slug, **{"action-submit": "1"}, **extra))
    assert response.status_code == 302
    return ContentPage.objects.get(slug=slug)


def act(client, board, page: ContentPage, action: str, comment: str = ""):
    client.force_login(board)
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def test_submit_then_board_approves_and_the_page_is_published(client, two_units):
    page = submit(client, two_units, "Quy hoạch khu dân cư", "quy-hoach-khu-dan-cu")
    assert not page.live and page.current_workflow_state.status == "in_progress"

    response = act(client, two_units.board_a, page, "approve", "Đồng ý đăng.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state = page.workflow_states.get()
    assert state.status == "approved"
    assert state.current_task_state is None or state.current_task_state.status == "approved"


def test_rejection_returns_the_page_to_the_writer_with_the_comment(client, two_units):
    page = submit(client, two_units, "Thông báo lịch tiếp dân", "lich-tiep-dan")
    mail.outbox.clear()

    response = act(client, two_units.board_a, page, "reject", "Thiếu giờ tiếp dân buổi chiều, bổ sung rồi gửi lại.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    state = page.workflow_states.get()
    assert state.status == "needs_changes"
    task_state = state.task_states.get()
    assert task_state.status == "rejected"
    assert task_state.get_comment() == "Thiếu giờ tiếp dân buổi chiều, bổ sung rồi gửi lại."
    # The writer is told by e-mail, with the comment.
    to_writer = [message for message in mail.outbox if two_units.writer_a.email in message.to]
    assert to_writer, [m.to for m in mail.outbox]
    assert "Thiếu giờ tiếp dân buổi chiều" in to_writer[0].body
    # …and sees the comment in the editor, where the page is theirs to change and resubmit.
    client.force_login(two_units.writer_a)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Thiếu giờ tiếp dân buổi chiều" in html
    assert page.permissions_for_user(two_units.writer_a).can_edit()


def test_submission_is_mailed_to_the_units_board_and_nobody_else(client, two_units):
    board_b = make_member(two_units.ward_b, "board")
    mail.outbox.clear()
    submit(client, two_units, "Kế hoạch năm", "ke-hoach-nam")
    recipients = {address for message in mail.outbox for address in message.to}
    assert two_units.board_a.email in recipients
    assert board_b.email not in recipients and two_units.writer_b.email not in recipients
    assert two_units.writer_a.email not in recipients  # the submitter is not told about their own action


def test_approved_page_with_a_go_live_time_is_published_by_publish_scheduled(client, two_units):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    page = submit(
        client,
        two_units,
        "Lịch cắt điện",
        "lich-cat-dien",
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
    )
    act(client, two_units.board_a, page, "approve")
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)

    call_command("publish_scheduled")  # before its time: nothing happens
    page.refresh_from_db()
    assert not page.live

    # Two hours later, the job publishes it.
    later = timezone.now() + datetime.timedelta(hours=2, minutes=1)
    with mock.patch.object(timezone, "now", return_value=later):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert not Revision.page_revisions.filter(pk=revision.pk, approved_go_live_at__isnull=False).exists()


def scheduled_page(unit, title: str, slug: str, go_live: datetime.datetime) -> ContentPage:
    section = unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title=title, slug=slug, intro="Tóm tắt.", live=False))
    page.go_live_at = go_live
    page.save_revision().publish()  # a future go-live time: scheduled, not published
    page.refresh_from_db()
    assert not page.live
    return page


def make_overdue(page: ContentPage) -> None:
    Revision.page_revisions.filter(object_id=str(page.pk)).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(hours=3)
    )


def test_overdue_scheduled_pages_are_listed_for_their_own_unit_only(client, two_units):
    soon = timezone.now() + datetime.timedelta(days=1)
    late_a = scheduled_page(two_units.ward_a, "Thông báo Ninh Sơn trễ hẹn", "tre-hen-a", soon)
    late_b = scheduled_page(two_units.ward_b, "Thông báo Hiệp Ninh trễ hẹn", "tre-hen-b", soon)
    on_time = scheduled_page(two_units.ward_a, "Thông báo Ninh Sơn đúng hẹn", "dung-hen-a", soon)
    make_overdue(late_a)
    make_overdue(late_b)

    overdue_a = overdue_schedule(two_units.writer_a)
    assert [revision.scheduled_page.pk for revision in overdue_a.publish] == [late_a.pk]
    assert on_time.pk not in [revision.scheduled_page.pk for revision in overdue_a.publish]

    client.force_login(two_units.writer_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Lịch xuất bản bị trễ" in html
    assert "Thông báo Ninh Sơn trễ hẹn" in html
    assert "Hiệp Ninh trễ hẹn" not in html and "đúng hẹn" not in html

    client.force_login(two_units.writer_b)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Thông báo Hiệp Ninh trễ hẹn" in html and "Ninh Sơn trễ hẹn" not in html

    # Once publish_scheduled runs, the warning is gone.
    call_command("publish_scheduled")
    client.force_login(two_units.writer_a)
    assert "Lịch xuất bản bị trễ" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_expired_page_still_live_is_listed(two_units):
    section = two_units.ward_a.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title="Tuyển dụng đã hết hạn", slug="tuyen-dung-cu", intro="."))
    page.save_revision().publish()
    ContentPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(hours=1))
    assert [p.pk for p in overdue_schedule(two_units.board_a).expire] == [page.pk]
    assert overdue_schedule(two_units.writer_b).expire == []


@pytest.mark.parametrize("role", ["writer_a", "board_a"])
def test_no_panel_when_nothing_is_overdue(client, two_units, role):
    client.force_login(getattr(two_units, role))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Lịch xuất bản bị trễ" not in response.content.decode()
