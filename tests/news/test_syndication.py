"""Syndication between units: a ward proposes, the city's board decides, the city shows it; isolation around it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from news.models import AnnouncementPush, ProposalStatus, SyndicationProposal
from news.syndication import decide, propose

from .conftest import CITY, WARD_A, WARD_B, get, make_image, section

ADD_PROPOSAL = "/admin/snippets/news/syndicationproposal/add/"


def test_a_ward_writer_proposes_from_the_admin_and_who_and_when_are_recorded(news, client):
    article = news.article(news.units.ward_a, "Phường Ninh Sơn ra quân tổng vệ sinh")
    client.force_login(news.units.writer_a)
    form = client.get(f"{ADD_PROPOSAL}?article={article.pk}", HTTP_HOST=WARD_A)
    assert form.status_code == 200
    response = client.post(
        ADD_PROPOSAL,
        {"unit": news.units.ward_a.pk, "article": article.pk, "note": "Đề nghị đăng tin."},
        HTTP_HOST=WARD_A,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = SyndicationProposal.objects.get()
    assert proposal.target == news.units.city
    assert proposal.proposed_by == news.units.writer_a
    assert proposal.proposed_at is not None and proposal.status == ProposalStatus.PENDING


def test_a_ward_cannot_propose_another_units_article_nor_a_draft(news):
    article_b = news.article(news.units.ward_b, "Tin của phường Hiệp Ninh")
    with pytest.raises(ValidationError, match="Chỉ đề xuất được bài viết của chính Phường Ninh Sơn"):
        proposal = SyndicationProposal(unit=news.units.ward_a, article=article_b, proposed_by=news.units.writer_a)
        proposal.full_clean()
    with pytest.raises(PermissionDenied):
        propose(article_b, news.units.writer_a)
    draft = news.article(news.units.ward_a, "Bản nháp", publish=False)
    with pytest.raises(ValidationError, match="chưa được xuất bản"):
        propose(draft, news.units.writer_a)


def test_the_city_board_approves_and_the_city_lists_it_labelled_with_the_ward_linking_to_the_ward(news, client):
    article = news.article(news.units.ward_a, "Bộ phận một cửa giải quyết đúng hạn 100% hồ sơ")
    proposal = propose(article, news.units.writer_a, "Đề nghị đăng.")

    client.force_login(news.city_board)
    queue = client.get("/admin/news/de-xuat/", HTTP_HOST=CITY).content.decode()
    assert "Bộ phận một cửa giải quyết đúng hạn 100% hồ sơ" in queue and "Chờ duyệt (1)" in queue
    response = client.post(f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "approve"}, HTTP_HOST=CITY)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.decided_by == news.city_board and proposal.decided_at is not None

    client.logout()
    listing = get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()
    ward_url = "http://ninhson.tayninh.localhost/tin-tuc-su-kien/bo-phan-mot-cua-giai-quyet-dung-han-100-ho-so/"
    assert f'href="{ward_url}"' in listing
    assert '<p class="news-card__kicker news-card__kicker--unit">Phường Ninh Sơn</p>' in listing
    home = get(client, CITY).content.decode()
    assert "Tin từ các đơn vị" in home and f'href="{ward_url}"' in home
    # The canonical address stays the ward's.
    page = get(client, WARD_A, "/tin-tuc-su-kien/bo-phan-mot-cua-giai-quyet-dung-han-100-ho-so/").content.decode()
    assert f'<link rel="canonical" href="{ward_url}">' in page


def test_a_rejection_needs_a_reason_and_the_ward_reads_it(news, client):
    article = news.article(news.units.ward_a, "Tin chưa đủ số liệu")
    proposal = propose(article, news.units.writer_a)
    client.force_login(news.city_board)
    response = client.post(f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "reject", "reason": ""}, HTTP_HOST=CITY)
    assert response.status_code == 200
    assert "Hãy ghi lý do từ chối để đơn vị đề xuất biết cần sửa gì." in response.content.decode()
    client.post(
        f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "reject", "reason": "Cần bổ sung số liệu."}, HTTP_HOST=CITY
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.reason == "Cần bổ sung số liệu."
    client.force_login(news.units.writer_a)
    listing = client.get("/admin/snippets/news/syndicationproposal/", HTTP_HOST=WARD_A).content.decode()
    assert "Tin chưa đủ số liệu" in listing and "Cần bổ sung số liệu." in listing
    assert "Từ chối" in listing
    assert "Tin chưa đủ số liệu" not in get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()


def test_ward_editors_cannot_decide_nor_see_the_queue_nor_other_wards_proposals(news, client):
    proposal_a = propose(news.article(news.units.ward_a, "Tin A"), news.units.writer_a)
    propose(news.article(news.units.ward_b, "Tin B"), news.units.writer_b)
    with pytest.raises(PermissionDenied):
        decide(proposal_a, news.units.board_a, approve=True)
    client.force_login(news.units.board_a)
    response = client.get(f"/admin/news/de-xuat/{proposal_a.pk}/", HTTP_HOST=WARD_A)
    assert response.status_code in (302, 403)
    assert client.get("/admin/news/de-xuat/", HTTP_HOST=WARD_A).status_code in (302, 403)
    client.force_login(news.units.writer_b)
    listing = client.get("/admin/snippets/news/syndicationproposal/", HTTP_HOST=WARD_B).content.decode()
    assert "Tin B" in listing and "Tin A" not in listing


def test_a_ward_editor_cannot_publish_on_the_city_portal(news, client):
    city_news = section(news.units.city, "news")
    permissions = city_news.permissions_for_user(news.units.writer_a)
    assert not permissions.can_add_subpage()
    client.force_login(news.units.admin_a)
    url = f"/admin/pages/add/news/newsarticlepage/{city_news.pk}/"
    assert client.get(url, HTTP_HOST=WARD_A).status_code in (302, 403, 404)
    client.post(url, {"title": "Tin đăng trộm", "slug": "tin-dang-trom", "action-publish": "1"}, HTTP_HOST=WARD_A)
    assert not city_news.get_descendants().filter(slug="tin-dang-trom").exists()


def test_a_ward_writer_only_sees_and_chooses_the_categories_of_their_unit(news, client):
    client.force_login(news.units.writer_b)
    listing = client.get("/admin/snippets/news/newscategory/", HTTP_HOST=WARD_B).content.decode()
    assert "Phường Hiệp Ninh" in listing and "Phường Ninh Sơn" not in listing
    chooser = client.get("/admin/snippets/choose/news/newscategory/", HTTP_HOST=WARD_B)
    assert chooser.status_code == 200
    assert f"/{news.category_b.pk}/" in chooser.content.decode()
    assert f"/{news.category_a.pk}/" not in chooser.content.decode()


def test_the_city_pushes_an_announcement_that_every_unit_home_shows(news, client):
    notice = news.article(news.units.city, "Thông báo tạm ngừng cấp nước", key="announcements")
    client.force_login(news.city_board)
    response = client.post(
        "/admin/snippets/news/announcementpush/add/",
        {"unit": news.units.city.pk, "article": notice.pk, "ends_on": ""},
        HTTP_HOST=CITY,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    push = AnnouncementPush.objects.get()
    assert push.pushed_by == news.city_board and push.pushed_at is not None
    client.logout()
    for host in (WARD_A, WARD_B):
        html = get(client, host).content.decode()
        assert "Thông báo của Thành phố Tây Ninh" in html
        assert 'href="http://tayninh.localhost/tin-tuc-su-kien/thong-bao/thong-bao-tam-ngung-cap-nuoc/"' in html


def test_a_ward_cannot_push_announcements(news, client):
    notice = news.article(news.units.ward_a, "Thông báo của phường", key="announcements")
    push = AnnouncementPush(unit=news.units.ward_a, article=notice)
    with pytest.raises(ValidationError, match="không có đơn vị trực thuộc"):
        push.full_clean()


def _republish(article, **fields):
    """The ward's board changes a live article and publishes the change."""
    latest = article.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(latest, name, value)
    latest.save_revision().publish()
    return type(article).objects.get(pk=article.pk)


def test_the_city_shows_the_revision_it_approved_and_a_change_goes_back_to_the_queue(news, client):
    article = news.article(news.units.ward_a, "Phường Ninh Sơn khánh thành nhà văn hóa khu phố 3")
    article.refresh_from_db()
    proposal = propose(article, news.units.writer_a)
    client.force_login(news.city_board)
    client.post(
        f"/admin/news/de-xuat/{proposal.pk}/",
        {"decision": "approve", "revision": article.live_revision_id},
        HTTP_HOST=CITY,
    )
    client.logout()
    retitled = _republish(article, title="Tiêu đề đổi sau khi thành phố duyệt", intro="Sa-pô chưa được duyệt")

    for path in ("/tin-tuc-su-kien/tin-tu-cac-don-vi/", "/"):
        html = get(client, CITY, path).content.decode()
        assert "Phường Ninh Sơn khánh thành nhà văn hóa khu phố 3" in html, path
        assert "Tiêu đề đổi sau khi thành phố duyệt" not in html and "Sa-pô chưa được duyệt" not in html, path
        # Still linking to the ward's own (current) address.
        assert f'href="{retitled.full_url}"' in html, path

    # The change is back in the city board's queue, awaiting a decision.
    client.force_login(news.city_board)
    queue = client.get("/admin/news/de-xuat/", HTTP_HOST=CITY).content.decode()
    assert "Chờ duyệt (1)" in queue and "Tiêu đề đổi sau khi thành phố duyệt" in queue
    decision_page = client.get(f"/admin/news/de-xuat/{proposal.pk}/", HTTP_HOST=CITY).content.decode()
    assert 'name="decision"' in decision_page
    assert "Phường Ninh Sơn khánh thành nhà văn hóa khu phố 3" in decision_page  # what was approved, to compare

    # An approval of what the board saw before a newer change does not approve the newer change.
    stale = retitled.live_revision_id
    _republish(retitled, title="Lần sửa thứ hai")
    response = client.post(
        f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "approve", "revision": stale}, HTTP_HOST=CITY
    )
    assert response.status_code == 200 and "vừa được sửa" in response.content.decode()
    client.logout()
    assert "Lần sửa thứ hai" not in get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()

    # Approved again, the city shows the new version.
    client.force_login(news.city_board)
    current = type(article).objects.get(pk=article.pk).live_revision_id
    client.post(f"/admin/news/de-xuat/{proposal.pk}/", {"decision": "approve", "revision": current}, HTTP_HOST=CITY)
    client.logout()
    html = get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()
    assert "Lần sửa thứ hai" in html and "khánh thành nhà văn hóa khu phố 3" not in html


def test_a_rejected_change_takes_the_article_off_the_city_portal(news, client):
    article = news.article(news.units.ward_a, "Tin đã duyệt rồi bị sửa")
    proposal = decide(propose(article, news.units.writer_a), news.city_board, approve=True)
    _republish(article, title="Tin bị sửa không phù hợp")
    decide(proposal, news.city_board, approve=False, reason="Nội dung sửa chưa phù hợp.")
    html = get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()
    assert "Tin đã duyệt rồi bị sửa" not in html and "Tin bị sửa không phù hợp" not in html


def test_the_citys_listing_of_approved_articles_costs_the_same_queries_for_more_articles(news, client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def approve(title):
        article = news.article(news.units.ward_a, title, featured_image=make_image(news.units.ward_a))
        decide(propose(article, news.units.writer_a), news.city_board, approve=True)

    def queries(path):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get(client, CITY, path).status_code == 200
        return len(captured)

    for number in range(2):
        approve(f"Tin phường số {number}")
    paths = ("/tin-tuc-su-kien/tin-tu-cac-don-vi/", "/")
    for path in paths:  # first requests create the portal's settings row and the image's rendition
        queries(path)
    before = {path: queries(path) for path in paths}
    for number in range(2, 6):
        approve(f"Tin phường số {number}")
    for path in paths:  # renditions of the new images
        queries(path)
    after = {path: queries(path) for path in paths}
    assert after == before
    assert "Tin phường số 5" in get(client, CITY, "/tin-tuc-su-kien/tin-tu-cac-don-vi/").content.decode()


def test_the_citys_all_units_feed_carries_the_approved_version(news, client):
    article = news.article(news.units.ward_a, "Phường Ninh Sơn trao quà cho hộ nghèo")
    decide(propose(article, news.units.writer_a), news.city_board, approve=True)
    _republish(article, title="Tiêu đề sửa sau khi duyệt trong RSS")
    feed = get(client, CITY, "/rss/cac-don-vi/").content.decode()
    assert "Phường Ninh Sơn trao quà cho hộ nghèo" in feed
    assert "Tiêu đề sửa sau khi duyệt trong RSS" not in feed
