"""Syndication is told: the city's board is mailed when a ward proposes, the ward when the city decides, and each
side's dashboard lists what waits for it and what was decided — for its own units only."""

from __future__ import annotations

import re

from django.core import mail

from news.syndication import decide, propose
from tests.conftest import make_member

from .conftest import CITY, WARD_A, WARD_B

ADD_PROPOSAL = "/admin/snippets/news/syndicationproposal/add/"


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def test_a_proposal_from_the_admin_is_mailed_to_the_citys_deciders_with_links_on_the_citys_host(
    news, client, superuser, django_capture_on_commit_callbacks
):
    article = news.article(news.units.ward_a, "Phường Ninh Sơn ra quân tổng vệ sinh")
    city_admin = make_member(news.units.city, "admin")
    city_writer = make_member(news.units.city, "writer")
    mail.outbox.clear()
    client.force_login(news.units.writer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_PROPOSAL,
            {"unit": news.units.ward_a.pk, "article": article.pk, "note": "Đề nghị đăng tin."},
            HTTP_HOST=WARD_A,
        )
    assert response.status_code == 302

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([news.city_board.email, city_admin.email])
    assert superuser.email not in recipients and city_writer.email not in recipients
    message = next(message for message in mail.outbox if message.to == [news.city_board.email])
    assert message.subject == "[Phường Ninh Sơn] Đề xuất đăng tin “Phường Ninh Sơn ra quân tổng vệ sinh” chờ duyệt"
    assert "Đề nghị đăng tin." in message.body
    proposal = article.syndication_proposals.get()
    assert f"Duyệt hoặc từ chối tại đây: http://{CITY}/admin/news/de-xuat/{proposal.pk}/" in message.body
    assert f"http://{WARD_A}/tin-tuc-su-kien/" in message.body  # the article on the ward's portal


def test_the_citys_rejection_is_mailed_to_the_proposer_and_the_wards_board_with_the_reason(
    news, superuser, django_capture_on_commit_callbacks
):
    article = news.article(news.units.ward_a, "Tin chưa đủ số liệu")
    proposal = propose(article, news.units.writer_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(proposal, news.city_board, approve=False, reason="Cần bổ sung số liệu quý II.")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([news.units.writer_a.email, news.units.board_a.email])
    message = next(message for message in mail.outbox if message.to == [news.units.writer_a.email])
    assert message.subject == "[Thành phố Tây Ninh] Đề xuất đăng tin “Tin chưa đủ số liệu” bị từ chối"
    assert "Cần bổ sung số liệu quý II." in message.body
    assert f"http://{WARD_A}/admin/pages/{article.pk}/edit/" in message.body
    assert links(message) and all(link.startswith(f"http://{WARD_A}/") for link in links(message))


def test_the_citys_approval_is_mailed_to_the_ward(news, django_capture_on_commit_callbacks):
    proposal = propose(news.article(news.units.ward_a, "Tin được duyệt"), news.units.writer_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(proposal, news.city_board, approve=True)
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [news.units.writer_a.email, news.units.board_a.email]
    )
    assert mail.outbox[0].subject == "[Thành phố Tây Ninh] Đã duyệt đăng tin “Tin được duyệt”"


def test_the_dashboards_show_waiting_proposals_to_the_city_and_decisions_to_the_ward_only(news, client):
    waiting = propose(news.article(news.units.ward_a, "Tin A chờ duyệt"), news.units.writer_a)
    rejected = propose(news.article(news.units.ward_a, "Tin A bị từ chối"), news.units.writer_a)
    decide(rejected, news.city_board, approve=False, reason="Ảnh chưa rõ nguồn.")
    propose(news.article(news.units.ward_b, "Tin B chờ duyệt"), news.units.writer_b)

    client.force_login(news.city_board)
    city = client.get("/admin/", HTTP_HOST=CITY).content.decode()
    assert "Đề xuất chờ bạn duyệt" in city
    assert f'href="/admin/news/de-xuat/{waiting.pk}/"' in city
    assert "Tin B chờ duyệt" in city and "Tin A bị từ chối" not in city.split("Đề xuất của đơn vị gần đây")[0]

    client.force_login(news.units.writer_a)
    ward_a = client.get("/admin/", HTTP_HOST=WARD_A).content.decode()
    assert "Đề xuất của đơn vị gần đây" in ward_a and "Đề xuất chờ bạn duyệt" not in ward_a
    assert "Tin A chờ duyệt" in ward_a and "Tin A bị từ chối" in ward_a and "Ảnh chưa rõ nguồn." in ward_a
    assert "Tin B chờ duyệt" not in ward_a

    client.force_login(news.units.writer_b)
    ward_b = client.get("/admin/", HTTP_HOST=WARD_B).content.decode()
    assert "Tin B chờ duyệt" in ward_b and "Tin A" not in ward_b
