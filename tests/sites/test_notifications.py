"""The approval workflow's mails go to the people of the page's unit with links on the unit's own address, and the
writer sees a rejection (its state and the board's comment) where they edit the page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from tests.conftest import make_member
from tests.sites.test_workflow import act, submit

COMMENT = "Thiếu giờ tiếp dân buổi chiều, bổ sung rồi gửi lại."


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


@pytest.fixture
def development_port(settings):
    """As in development: the server's port (PORTAL_PORT) is part of every address, and never stored on a Site."""
    settings.PORTAL_PORT = 8000
    Site.clear_site_root_paths_cache()
    yield
    settings.PORTAL_PORT = 80
    Site.clear_site_root_paths_cache()


@pytest.mark.usefixtures("development_port")
def test_submission_goes_to_the_units_board_with_links_on_the_units_host(client, two_units, superuser):
    site = two_units.ward_a.site
    assert site.port == 80
    board_b = make_member(two_units.ward_b, "board")
    mail.outbox.clear()

    page = submit(client, two_units, "Kế hoạch tiếp dân quý III", "ke-hoach-tiep-dan")

    assert [message.to for message in mail.outbox] == [[two_units.board_a.email]]
    message = mail.outbox[0]
    # The superuser of the installation, the other ward's board and the writer get nothing.
    recipients = {address for message in mail.outbox for address in message.to}
    assert superuser.email not in recipients and board_b.email not in recipients
    assert message.subject == "[Phường Ninh Sơn] Trang “Kế hoạch tiếp dân quý III” đang chờ duyệt"
    assert "ninhson-writer đã gửi trang “Kế hoạch tiếp dân quý III” để duyệt" in message.body
    assert f"http://{site.hostname}:8000/admin/pages/{page.pk}/edit/" in message.body
    assert links(message) and all(link.startswith(f"http://{site.hostname}:8000/admin/") for link in links(message))
    assert "localhost/admin" not in message.body.replace(f"{site.hostname}:8000", "")


def test_a_superuser_on_the_units_board_is_told_as_a_member(client, two_units, superuser):
    superuser.groups.add(two_units.ward_a.role_groups.get(role="board").group)
    mail.outbox.clear()
    submit(client, two_units, "Lịch trực lễ", "lich-truc-le")
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [two_units.board_a.email, superuser.email]
    )


def test_rejection_mail_goes_to_the_writer_with_the_comment_and_the_units_link(client, two_units, superuser):
    page = submit(client, two_units, "Thông báo lịch tiếp dân", "lich-tiep-dan")
    mail.outbox.clear()

    act(client, two_units.board_a, page, "reject", COMMENT)

    assert [message.to for message in mail.outbox] == [[two_units.writer_a.email]]
    message = mail.outbox[0]
    assert message.subject == "[Phường Ninh Sơn] Trang “Thông báo lịch tiếp dân” cần chỉnh sửa"
    assert COMMENT in message.body
    host = two_units.ward_a.site.hostname
    assert f"http://{host}/admin/pages/{page.pk}/edit/" in message.body
    assert all(link.startswith(f"http://{host}/") for link in links(message))


def test_approval_mail_goes_to_the_writer_only(client, two_units, superuser):
    page = submit(client, two_units, "Quy hoạch khu dân cư", "quy-hoach-khu-dan-cu")
    mail.outbox.clear()

    act(client, two_units.board_a, page, "approve", "Đồng ý đăng.")

    assert [message.to for message in mail.outbox] == [[two_units.writer_a.email]]
    message = mail.outbox[0]
    assert message.subject == "[Phường Ninh Sơn] Trang “Quy hoạch khu dân cư” đã được duyệt"
    page.refresh_from_db()
    assert f"Xem trang trên cổng: {page.full_url}" in message.body
    assert all(link.startswith(f"http://{two_units.ward_a.site.hostname}/") for link in links(message))


def status_panel(html: str) -> str:
    """The text of the editor's status side panel."""
    start = html.index('data-side-panel="status"')
    end = html.index('data-side-panel="', start + 1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end]))


def test_the_writer_sees_needs_changes_and_the_boards_comment_in_the_editor(client, two_units):
    page = submit(client, two_units, "Thông báo lịch tiếp dân", "lich-tiep-dan")
    client.force_login(two_units.writer_a)
    waiting = status_panel(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode())
    assert "Đang chờ duyệt" in waiting and "Cần chỉnh sửa" not in waiting

    act(client, two_units.board_a, page, "reject", COMMENT)

    client.force_login(two_units.writer_a)
    panel = status_panel(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode())
    assert "Cần chỉnh sửa" in panel
    assert "Đang chờ duyệt" not in panel
    assert f"Nhận xét của người duyệt {COMMENT}" in panel
