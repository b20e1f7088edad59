"""Draft consultations: state by time, the comment form open only while the draft is open, moderation before a
comment shows, the response report, and personal data kept out of the public pages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from participation.antispam import DEFAULT_LIMITS
from participation.models import ConsultationComment, ConsultationIndexPage, ConsultationPage, ConsultationState
from tests.conftest import make_member

from .conftest import make_comment, make_consultation

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def comment_data(**overrides) -> dict:
    data = {
        "content": "Đề nghị bổ sung quy định về giờ mở cửa chợ vào dịp Tết.",
        "name": "Trần Thị Mai",
        "organisation": "",
        "email": "mai.tran@example.vn",
        "phone": "0912 345 678",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_state_follows_the_comment_period_and_the_report():
    page = ConsultationPage(
        opens_at=datetime(2026, 3, 1, 7, 0, tzinfo=HCM), closes_at=datetime(2026, 3, 31, 17, 0, tzinfo=HCM)
    )
    assert page.state(datetime(2026, 2, 28, 23, 59, tzinfo=HCM)) == ConsultationState.UPCOMING
    assert page.state(datetime(2026, 3, 1, 7, 0, tzinfo=HCM)) == ConsultationState.OPEN
    assert page.state(datetime(2026, 3, 31, 16, 59, tzinfo=HCM)) == ConsultationState.OPEN
    assert page.state(datetime(2026, 3, 31, 17, 0, tzinfo=HCM)) == ConsultationState.CLOSED
    page.report = "<p>Đã tiếp thu 3 ý kiến.</p>"
    assert page.state(datetime(2026, 4, 5, tzinfo=HCM)) == ConsultationState.REPORTED
    # A report written early does not close the draft.
    assert page.state(datetime(2026, 3, 10, tzinfo=HCM)) == ConsultationState.OPEN


def test_blueprint_section_is_the_typed_index(city, client):
    index = city.sections.get(key="consultation").page
    assert index.specific_class is ConsultationIndexPage
    assert index.get_parent().specific.__class__.__name__ in {"SectionPage", "QuestionIndexPage"}
    response = client.get(index.url, HTTP_HOST=city.site.hostname)
    assert response.status_code == 200
    assert "Hiện không có dự thảo nào đang lấy ý kiến." in response.content.decode()


def test_comment_is_accepted_only_while_open_and_shows_after_approval(city, client):
    host = city.site.hostname
    open_page = make_consultation(city, "Dự thảo Kế hoạch chỉnh trang đô thị năm 2027", -2, 10)
    upcoming = make_consultation(city, "Dự thảo Quy chế văn hoá công sở", 3, 20)
    closed = make_consultation(city, "Dự thảo Quy định bãi đỗ xe", -30, -1)

    # Upcoming and closed: the message instead of the form, and a POST writes nothing.
    html = client.get(upcoming.url, HTTP_HOST=host).content.decode()
    assert "Dự thảo chưa mở lấy ý kiến; thời gian nhận ý kiến từ" in html
    assert 'name="content"' not in html and "Sắp lấy ý kiến" in html
    html = client.get(closed.url, HTTP_HOST=host).content.decode()
    assert "Đã hết thời gian lấy ý kiến" in html and 'name="content"' not in html and "Đã kết thúc" in html
    for page in (upcoming, closed):
        response = client.post(page.url, comment_data(), HTTP_HOST=host)
        assert response.status_code == 403
        assert "không trong thời gian lấy ý kiến" in response.content.decode()
        assert "Đề nghị bổ sung quy định về giờ mở cửa chợ vào dịp Tết." in response.content.decode()
    assert not ConsultationComment.objects.exists()

    # Open: the form; bad input keeps what was typed and stores nothing.
    html = client.get(open_page.url, HTTP_HOST=host).content.decode()
    assert 'name="content"' in html and "Đang lấy ý kiến" in html
    response = client.post(open_page.url, comment_data(consent=None), HTTP_HOST=host)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần đồng ý xử lý dữ liệu cá nhân để gửi góp ý." in html
    assert "Đề nghị bổ sung quy định về giờ mở cửa chợ vào dịp Tết." in html
    assert not ConsultationComment.objects.exists()

    # Stored, then acknowledged; pending comments do not show.
    typed = comment_data(content="Điều 5:\x01 giờ mở cửa chợ\x1b\r\nsáng\t5 giờ\x7f", name="Trần\x08 Thị Mai")
    response = client.post(open_page.url, typed, HTTP_HOST=host)
    assert response.status_code == 302 and response.url.endswith("?da-gui=1#gop-y")
    comment = ConsultationComment.objects.get()
    assert (comment.unit, comment.page_id, comment.status) == (city, open_page.pk, "pending")
    # Control characters (they break the XLSX export) are removed; line breaks and tabs are kept.
    assert (comment.content, comment.name) == ("Điều 5: giờ mở cửa chợ\r\nsáng\t5 giờ", "Trần Thị Mai")
    assert comment.email == "mai.tran@example.vn" and comment.consent_at is not None
    html = client.get(response.url.split("#")[0], HTTP_HOST=host).content.decode()
    assert "Góp ý của bạn đã được ghi nhận." in html
    assert "giờ mở cửa chợ" not in html

    # Approved: the content shows, anonymous unless the commenter chose to show their name; never e-mail or phone.
    comment.status = ConsultationComment.Status.APPROVED
    comment.save()
    make_comment(
        open_page,
        "Cần lấy thêm ý kiến các hộ kinh doanh.",
        name="Lê Văn Bình",
        organisation="Hợp tác xã Thương mại Tây Ninh",
        email="binh@example.vn",
        phone="0987 654 321",
        show_name=True,
        status="approved",
    )
    make_comment(open_page, "Ý kiến bị từ chối vì xúc phạm.", status="rejected")
    html = client.get(open_page.url, HTTP_HOST=host).content.decode()
    assert "giờ mở cửa chợ" in html and "Ẩn danh" in html and "Trần Thị Mai" not in html
    assert "Lê Văn Bình – Hợp tác xã Thương mại Tây Ninh" in html
    assert "bị từ chối" not in html
    for secret in ("mai.tran@example.vn", "binh@example.vn", "0912 345 678", "0987 654 321", "0912345678"):
        assert secret not in html


def test_honeypot_and_rate_limit_store_nothing(city, client):
    """The limit counts the client's address only: another browser (User-Agent) or another address in the same IPv6
    /64 network is the same client."""
    rate_limit_comments = DEFAULT_LIMITS["comment"][0]
    host = city.site.hostname
    page = make_consultation(city, "Dự thảo Quy chế quản lý chợ", -1, 5)
    response = client.post(page.url, comment_data(website="http://spam.example"), HTTP_HOST=host)
    assert response.status_code == 302  # the robot is told nothing
    assert not ConsultationComment.objects.exists()
    for n in range(rate_limit_comments - 1):  # the honeypot post counted as one
        response = client.post(page.url, comment_data(), HTTP_HOST=host, HTTP_USER_AGENT=f"Trình duyệt {n}")
        assert response.status_code == 302
    response = client.post(page.url, comment_data(content="Một góp ý quá nhiều."), HTTP_HOST=host)
    assert response.status_code == 429
    assert "Một góp ý quá nhiều." in response.content.decode()
    assert ConsultationComment.objects.count() == rate_limit_comments - 1

    v6 = {"HTTP_HOST": host, "HTTP_USER_AGENT": "Firefox"}
    for n in range(rate_limit_comments):
        response = client.post(page.url, comment_data(), REMOTE_ADDR=f"2001:ee0:4f1:5a0::{n + 1:x}", **v6)
        assert response.status_code == 302
    response = client.post(page.url, comment_data(), REMOTE_ADDR="2001:ee0:4f1:5a0:abcd::9", **v6)
    assert response.status_code == 429
    assert client.post(page.url, comment_data(), REMOTE_ADDR="2001:ee0:4f1:5a1::1", **v6).status_code == 302


def test_report_lists_each_comment_and_its_handling(city, client):
    page = make_consultation(
        city,
        "Dự thảo Quy chế quản lý chợ Ninh Sơn",
        -40,
        -10,
        report="<p>Nhận 2 ý kiến; tiếp thu 1, giải trình 1.</p>",
    )
    make_comment(page, "Giảm phí chỗ ngồi.", status="approved", response="Tiếp thu: phí giảm 10% từ năm 2027.")
    make_comment(page, "Chưa duyệt.", status="pending", response="Nội bộ.")
    html = client.get(page.url, HTTP_HOST=city.site.hostname).content.decode()
    assert "Đã có báo cáo tiếp thu" in html and "Nhận 2 ý kiến; tiếp thu 1, giải trình 1." in html
    assert "Giảm phí chỗ ngồi." in html and "Tiếp thu: phí giảm 10% từ năm 2027." in html
    assert "Chưa duyệt." not in html and "Nội bộ." not in html
    index_html = client.get(page.get_parent().url, HTTP_HOST=city.site.hostname).content.decode()
    assert "Dự thảo Quy chế quản lý chợ Ninh Sơn" in index_html and "consultation-state--reported" in index_html


def test_page_form_refuses_a_period_that_ends_before_it_starts(city, client):
    board = make_member(city, "board")
    client.force_login(board)
    index = city.sections.get(key="consultation").page
    data = nested_form_data(
        {
            "title": "Dự thảo ngược thời gian",
            "slug": "du-thao-nguoc",
            "intro": "Tóm tắt.",
            "draft_text": rich_text(""),
            "files": streamfield([]),
            "drafting_body": "Văn phòng HĐND và UBND",
            "receiving_address": "",
            "receiving_email": "",
            "opens_at": "2026-05-10 08:00",
            "closes_at": "2026-05-01 08:00",
            "report": rich_text(""),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["participation", "consultationpage", index.pk])
    response = client.post(url, data, HTTP_HOST=city.site.hostname)
    assert response.status_code == 200
    assert "Thời điểm kết thúc lấy ý kiến phải sau thời điểm bắt đầu." in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="du-thao-nguoc").exists()
    data["closes_at"] = "2026-05-31 17:00"
    response = client.post(url, data, HTTP_HOST=city.site.hostname)
    assert response.status_code == 302
    assert ConsultationPage.objects.filter(slug="du-thao-nguoc").exists()


def test_homes_list_open_consultations_with_a_flat_query_count(two_units, client):
    city, ward_a, ward_b = two_units.city, two_units.ward_a, two_units.ward_b
    make_consultation(city, "Dự thảo Kế hoạch chỉnh trang đô thị thành phố", -1, 7)
    make_consultation(ward_a, "Dự thảo Quy chế quản lý chợ Ninh Sơn", -1, 9)
    make_consultation(ward_a, "Dự thảo sắp mở Ninh Sơn", 2, 9)

    def city_home():
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/", HTTP_HOST=city.site.hostname).content.decode()
        return html, len(queries)

    city_home()  # warms the per-process caches (site root paths, settings)
    html, before = city_home()
    assert "Dự thảo đang lấy ý kiến" in html
    assert "Dự thảo Kế hoạch chỉnh trang đô thị thành phố" in html and "Dự thảo Quy chế quản lý chợ Ninh Sơn" in html
    assert "Dự thảo sắp mở Ninh Sơn" not in html
    assert "Phường Ninh Sơn · Hạn góp ý" in html and "Xem tất cả dự thảo lấy ý kiến" in html
    for n in range(3):
        make_consultation(ward_b, f"Dự thảo Hiệp Ninh số {n}", -1, 5 + n)
    make_consultation(ward_a, "Dự thảo Ninh Sơn thứ hai", -1, 12)
    html, after = city_home()
    assert "Dự thảo Hiệp Ninh số 2" in html and "Dự thảo Ninh Sơn thứ hai" in html
    assert after == before

    ward_html = client.get("/", HTTP_HOST=ward_a.site.hostname).content.decode()
    assert "Dự thảo Quy chế quản lý chợ Ninh Sơn" in ward_html and "Dự thảo Ninh Sơn thứ hai" in ward_html
    assert "Hiệp Ninh số" not in ward_html and "thành phố" not in ward_html.split("Dự thảo đang lấy ý kiến")[1][:2000]
