"""Information requests (Law on Access to Information 2016 Art. 24): the form on a unit's disclosure page receives a
request as a citizen's question of its own kind — tracking code, receipt with the LATI deadline in working days,
mail, lookup on the unit's Q&A page — under the same spam defences; the request reaches only its unit's board,
is never published, and the other kinds of question keep their behaviour."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.models import Question, QuestionEvent
from participation.questions import TransitionRefused, answer_question, publish_answer
from sites.models import UnitSection
from tests.conftest import login_verified, make_member
from tests.participation.conftest import solved_payload
from tests.participation.factories import make_oversight
from tests.participation.test_queue import is_refused
from workdays.calendar import add_working_days

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
PAGE = "/cong-khai-thong-tin/"
FORM = PAGE + "yeu-cau-cung-cap-thong-tin/"
LOOKUP = "/hoi-dap-phan-anh-kien-nghi/tra-cuu/"
NAME = "Lê Thị Thu Hà"
ID_NUMBER = "072190001234"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def request_data(**overrides) -> dict:
    data = {
        "sender_name": NAME,
        "requester_id_number": ID_NUMBER,
        "sender_address": "Số 12 đường Trần Phú, khu phố 2, phường Ninh Sơn",
        "sender_phone": "0913 222 333",
        "sender_email": "thuha.le@example.vn",
        "title": "Kế hoạch sử dụng đất năm 2026 của phường",
        "content": "Bản đồ và danh mục công trình của kế hoạch sử dụng đất năm 2026 của phường Ninh Sơn.",
        "request_purpose": "Tìm hiểu quy hoạch trước khi xin phép xây dựng nhà ở.",
        "delivery": "email",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, data, host=WARD_A):
    return client.post(FORM, data, HTTP_HOST=host)


@pytest.mark.django_db
def test_a_valid_request_gets_a_code_the_lati_deadline_a_mail_and_is_looked_up(
    two_units, client, monkeypatch, django_capture_on_commit_callbacks
):
    form = client.get(FORM, HTTP_HOST=WARD_A)
    assert form.status_code == 200
    html = form.content.decode()
    assert "<altcha-widget" in html and 'name="website"' in html
    assert "Số định danh cá nhân, căn cước hoặc hộ chiếu" in html and "Gửi qua thư điện tử" in html

    # Received on Monday 1/2/2027: Tết (4–10/2/2027) and the weekends are skipped: 15 working days end on 1/3/2027.
    received = timezone.make_aware(dt.datetime(2027, 2, 1, 9, 30))
    monkeypatch.setattr("django.utils.timezone.now", lambda: received)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, request_data(altcha=solved_payload()))
    assert response.status_code == 302
    request = Question.objects.get()
    assert request.kind == Question.Kind.INFORMATION_REQUEST
    assert request.unit == two_units.ward_a
    assert request.deadline == dt.date(2027, 3, 1) == add_working_days(received, 15)
    assert (request.requester_id_number, request.delivery) == (ID_NUMBER, "email")
    assert request.topic is None and request.verification == Question.Verification.PROOF_OF_WORK
    assert QuestionEvent.objects.filter(question=request, action="received").count() == 1

    receipt = client.get(response["Location"], HTTP_HOST=WARD_A)
    text = receipt.content.decode()
    assert request.tracking_code in text and "1/3/2027" in text
    # A request sent through the portal is sent over the network: LATI Art. 30 (3 working days for information at
    # hand, 15 for complex information, extendable by 15), never Art. 31 (post/fax, 5 days).
    assert "Điều 30 Luật Tiếp cận thông tin" in text and "15 ngày làm việc" in text
    assert "chậm nhất 3 ngày làm việc" in text and "Điều 31" not in text and "chậm nhất 5 ngày" not in text
    assert NAME not in text and ID_NUMBER not in text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert request.tracking_code in message.subject and "yêu cầu cung cấp thông tin" in message.subject
    assert f"{LOOKUP}?ma={request.tracking_code}" in message.body and "1/3/2027" in message.body
    assert NAME not in message.body
    assert "Điều 30" in message.body and "3 ngày làm việc" in message.body and "Điều 31" not in message.body

    lookup = client.get(LOOKUP, {"ma": request.tracking_code}, HTTP_HOST=WARD_A).content.decode()
    assert "Yêu cầu cung cấp thông tin" in lookup and "Đã tiếp nhận" in lookup
    assert NAME not in lookup and ID_NUMBER not in lookup
    # Another unit's lookup does not find it.
    assert "Không tìm thấy" in client.get(LOOKUP, {"ma": request.tracking_code}, HTTP_HOST=WARD_B).content.decode()


@pytest.mark.django_db
def test_invalid_requests_get_vietnamese_messages_keep_what_was_typed_and_store_nothing(two_units, client):
    response = post(
        client,
        request_data(
            requester_id_number="12-34",
            sender_phone="",
            sender_email="",
            request_purpose="",
            delivery="fax",
            consent=None,
        ),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Số giấy tờ không đúng" in text
    assert "Hãy nhập số điện thoại hoặc thư điện tử" not in text  # LATI Art. 24(2)(a): “nếu có”
    assert "Lý do, mục đích yêu cầu" in text and "Hãy nhập “Lý do, mục đích yêu cầu”." in text
    assert "Hãy chọn một hình thức nhận thông tin trong danh sách." in text
    assert "Cần đồng ý xử lý dữ liệu cá nhân" in text
    assert "Kế hoạch sử dụng đất năm 2026 của phường" in text  # kept
    text = post(client, request_data(sender_email="", delivery="email")).content.decode()
    assert "Hãy nhập thư điện tử để nhận thông tin qua thư điện tử." in text
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_spam_defences_refuse_without_writing_and_no_script_requests_are_flagged(two_units, client, settings):
    # The forged attempt below counts against the limit (counted once the form is complete).
    settings.PARTICIPATION_RATE_LIMITS = {"submit": (2, 3600), "submit_noscript": (1, 3600)}
    response = post(client, request_data(website="http://spam.example", altcha=solved_payload()))
    assert response.status_code == 400 and "phải để trống" in response.content.decode()
    forged = post(client, request_data(altcha=solved_payload(hmac_key="not-the-portal-key")))
    assert forged.status_code == 400 and "Không xác minh được" in forged.content.decode()
    assert not Question.objects.exists()

    assert post(client, request_data(altcha=solved_payload())).status_code == 302
    flood = post(client, request_data(altcha=solved_payload(), title="Yêu cầu thứ hai"))
    assert flood.status_code == 429
    assert "gửi nhiều yêu cầu" in flood.content.decode() and "Yêu cầu thứ hai" in flood.content.decode()
    assert post(client, request_data()).status_code == 302  # without JavaScript: its own, stricter count
    assert post(client, request_data()).status_code == 429
    verifications = list(Question.objects.order_by("pk").values_list("verification", flat=True))
    assert verifications == [Question.Verification.PROOF_OF_WORK, Question.Verification.NO_SCRIPT]


@pytest.mark.django_db
def test_the_question_form_does_not_offer_the_request_kind(two_units, client):
    html = client.get("/hoi-dap-phan-anh-kien-nghi/gui-cau-hoi/", HTTP_HOST=WARD_A).content.decode()
    assert 'value="info_request"' not in html and 'value="question"' in html


def make_request(unit, **fields) -> Question:
    now = timezone.now()
    defaults = {
        "unit": unit,
        "kind": Question.Kind.INFORMATION_REQUEST,
        "tracking_code": f"HD-2026-{unit.slug[:6].upper()}",
        "title": f"Dự toán ngân sách {unit.name}",
        "content": "Xin bản dự toán ngân sách năm 2026 của đơn vị.",
        "sender_name": NAME,
        "sender_email": "thuha.le@example.vn",
        "sender_address": "Số 12 đường Trần Phú",
        "requester_id_number": ID_NUMBER,
        "request_purpose": "Nghiên cứu",
        "delivery": Question.Delivery.EMAIL,
        "consent_at": now,
        "deadline": add_working_days(now, 15),
    }
    defaults.update(fields)
    return Question.objects.create(**defaults)


@pytest.mark.django_db
def test_the_board_sees_and_filters_its_units_requests_writers_and_other_units_do_not(two_units, client):
    ours = make_request(two_units.ward_a)
    theirs = make_request(two_units.ward_b, tracking_code="HD-2026-THEIRS")
    Question.objects.create(
        unit=two_units.ward_a,
        tracking_code="HD-2026-QUESTN",
        title="Hỏi về đèn đường",
        content="Đèn đường khu phố 3 hỏng.",
        sender_name="Người khác",
        consent_at=timezone.now(),
        deadline=timezone.localdate(),
    )
    queue = reverse("participation_questions:index")
    client.force_login(two_units.board_a)
    text = client.get(queue).content.decode()
    assert ours.tracking_code in text and "HD-2026-QUESTN" in text and theirs.tracking_code not in text
    filtered = client.get(queue, {"kind": "info_request"}).content.decode()
    assert ours.tracking_code in filtered and "HD-2026-QUESTN" not in filtered
    assert "Yêu cầu cung cấp thông tin" in filtered
    detail = client.get(reverse("participation_questions:detail", args=(ours.pk,))).content.decode()
    assert ID_NUMBER in detail and "Nghiên cứu" in detail and "Gửi qua thư điện tử" in detail
    assert client.get(reverse("participation_questions:detail", args=(theirs.pk,))).status_code == 404

    board_b = make_member(two_units.ward_b, "board")
    client.force_login(board_b)
    assert client.get(reverse("participation_questions:detail", args=(ours.pk,))).status_code == 404
    client.force_login(two_units.writer_a)
    assert is_refused(client.get(queue))
    assert is_refused(client.get(reverse("participation_questions:detail", args=(ours.pk,))))


@pytest.mark.django_db
def test_a_request_is_answered_to_the_requester_and_never_published(
    two_units, client, django_capture_on_commit_callbacks
):
    request = make_request(two_units.ward_a)
    with django_capture_on_commit_callbacks(execute=True):
        answer_question(request, actor=two_units.board_a, answer="Gửi kèm bản dự toán ngân sách năm 2026.")
    assert request.status == Question.Status.ANSWERED
    assert len(mail.outbox) == 1 and "Gửi kèm bản dự toán" in mail.outbox[0].body
    assert "Yêu cầu cung cấp thông tin mã HD-2026-NINHSO" in mail.outbox[0].body
    with pytest.raises(TransitionRefused):
        publish_answer(request, actor=two_units.board_a, checked=True)
    assert not Question.objects.published().exists()
    listing = client.get("/hoi-dap-phan-anh-kien-nghi/", HTTP_HOST=WARD_A).content.decode()
    assert request.title not in listing
    # Whoever holds the code learns that the answer was sent and when, never the answer (it is the requester's).
    lookup = client.get(LOOKUP, {"ma": request.tracking_code}, HTTP_HOST=WARD_A).content.decode()
    assert "Gửi kèm bản dự toán" not in lookup
    assert "Câu trả lời đã được gửi tới người yêu cầu theo hình thức đã chọn." in lookup and "Đã trả lời" in lookup
    assert f"{timezone.localdate():%-d/%-m/%Y}" in lookup

    client.force_login(two_units.board_a)
    detail = client.get(reverse("participation_questions:detail", args=(request.pk,))).content.decode()
    assert "không công bố" in detail
    assert "Điều 30" in detail and "03 ngày làm việc" in detail and "05 ngày" not in detail


@pytest.mark.django_db
def test_an_overdue_request_is_marked_in_the_queue(two_units, client):
    make_request(two_units.ward_a, deadline=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(two_units.board_a)
    text = client.get(reverse("participation_questions:index"), {"overdue": "on"}).content.decode()
    assert "HD-2026-NINHSO" in text and "Quá hạn" in text


@pytest.mark.django_db
def test_the_receipt_link_of_another_unit_shows_nothing(two_units, client):
    assert post(client, request_data(altcha=solved_payload())).status_code == 302
    request = Question.objects.get()
    from django.core import signing

    token = signing.dumps(request.pk, salt="disclosure.information-request-received")
    other = client.get(PAGE + "yeu-cau-cung-cap-thong-tin/da-nhan/", {"t": token}, HTTP_HOST=WARD_B)
    assert other.status_code == 200 and request.tracking_code not in other.content.decode()
    bad = client.get(PAGE + "yeu-cau-cung-cap-thong-tin/da-nhan/", {"t": "x" * 500}, HTTP_HOST=WARD_A)
    assert bad.status_code == 200 and "hết hạn hoặc không đúng" in bad.content.decode()
    assert UnitSection.objects.filter(unit=two_units.ward_b, key="disclosure").exists()


@pytest.mark.django_db
def test_the_export_carries_the_request_fields_of_the_users_own_unit_only(two_units, client):
    make_request(two_units.ward_a)
    make_request(two_units.ward_b, tracking_code="HD-2026-THEIRS", requester_id_number="079000111222")
    client.force_login(two_units.board_a)
    response = client.get(reverse("participation_questions:export_csv"), {"kind": "info_request"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    header = text.splitlines()[0]
    assert "Số định danh cá nhân, căn cước hoặc hộ chiếu" in header and "Hình thức nhận thông tin" in header
    assert ID_NUMBER in text and "Gửi qua thư điện tử" in text and "Nghiên cứu" in text
    assert "HD-2026-THEIRS" not in text and "079000111222" not in text


@pytest.mark.django_db
def test_the_disclosure_page_and_the_form_cite_the_network_time_limits(two_units, client):
    for url in (PAGE, FORM):
        text = client.get(url, HTTP_HOST=WARD_A).content.decode()
        assert "Điều 30" in text and "chậm nhất 3 ngày làm việc" in text and "15 ngày làm việc" in text, url
        assert "Điều 31" not in text and "chậm nhất 5 ngày" not in text, url


@pytest.mark.django_db
def test_the_id_number_is_stored_in_ascii_digits_and_other_scripts_digits_are_refused(two_units, client, settings):
    settings.PARTICIPATION_RATE_LIMITS = {"submit": (50, 3600), "submit_noscript": (50, 3600)}
    assert post(client, request_data(requester_id_number="０７２１９０００１２３４")).status_code == 302
    assert Question.objects.get().requester_id_number == ID_NUMBER  # full-width digits: the same number, in ASCII
    for refused in ("٠٧٢١٩٠٠٠١٢٣٤", "०७२१९०००१२३४", "07219000123", "B１２３"):
        text = post(client, request_data(requester_id_number=refused, title="Khác")).content.decode()
        assert "Số giấy tờ không đúng" in text, refused
    assert Question.objects.count() == 1
    for accepted in ("072190001234", "072 190 001", "b1234567", "C12345678"):
        assert post(client, request_data(requester_id_number=accepted)).status_code == 302, accepted


@pytest.mark.django_db
def test_the_oversight_office_reads_a_request_without_the_requesters_personal_data(
    two_units, client, django_user_model
):
    login_verified(client, make_oversight(django_user_model))
    oversight_client = client
    request = make_request(two_units.ward_a, request_purpose="Chuẩn bị hồ sơ xin phép xây dựng")
    detail = oversight_client.get(reverse("participation_questions:detail", args=(request.pk,)))
    text = detail.content.decode()
    assert detail.status_code == 200 and request.title in text
    assert ID_NUMBER not in text and NAME not in text and "thuha.le@example.vn" not in text
    assert "Chuẩn bị hồ sơ xin phép xây dựng" not in text and "data-personal-data-hidden" in text

    for name in ("export_csv", "export_xlsx"):
        response = oversight_client.get(reverse(f"participation_questions:{name}"), {"kind": "info_request"})
        assert response.status_code == 200
        body = b"".join(response) if name == "export_xlsx" else response.content
        if name == "export_csv":
            body_text = body.decode("utf-8-sig")
            assert request.tracking_code in body_text
            assert ID_NUMBER not in body_text and "Chuẩn bị hồ sơ xin phép xây dựng" not in body_text
        else:
            from openpyxl import load_workbook

            cells = [str(c) for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True) for c in row]
            assert request.tracking_code in cells
            assert ID_NUMBER not in cells and "Chuẩn bị hồ sơ xin phép xây dựng" not in cells


@pytest.mark.django_db
def test_the_lookup_of_an_answered_question_still_shows_only_the_published_answer(two_units, client):
    question = make_request(
        two_units.ward_a, kind=Question.Kind.QUESTION, tracking_code="HD-2026-QUESTN", delivery="", title="Đèn đường"
    )
    answer_question(question, actor=two_units.board_a, answer="Đã thay bóng đèn khu phố 3.")
    lookup = client.get(LOOKUP, {"ma": question.tracking_code}, HTTP_HOST=WARD_A).content.decode()
    assert "Đã thay bóng đèn khu phố 3." not in lookup and "sẽ hiện ở đây khi được công bố" in lookup


@pytest.mark.django_db
def test_phone_and_email_are_optional_unless_the_information_is_sent_by_email(two_units, client):
    # LATI Art. 24(2)(a) asks for the phone and e-mail "nếu có": a request by post with neither is received.
    no_contact = request_data(sender_phone="", sender_email="", delivery="post")
    assert post(client, no_contact).status_code == 302
    assert Question.objects.get().delivery == "post"
    text = post(client, request_data(sender_phone="", sender_email="", delivery="email")).content.decode()
    assert "Hãy nhập thư điện tử để nhận thông tin qua thư điện tử." in text
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_the_board_answers_a_request_without_public_title_or_content(two_units, client):
    request = make_request(two_units.ward_a)
    client.force_login(two_units.board_a)
    detail = client.get(reverse("participation_questions:detail", args=(request.pk,))).content.decode()
    assert 'name="traloi-answer"' in detail
    assert 'name="traloi-public_title"' not in detail and 'name="traloi-public_content"' not in detail
    response = client.post(
        reverse("participation_questions:answer", args=(request.pk,)),
        {"traloi-answer": "Gửi kèm bản dự toán ngân sách năm 2026."},
        follow=True,
    )
    assert "không được công bố" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Question.Status.ANSWERED and request.answer.startswith("Gửi kèm")
    assert not Question.objects.published().exists()


@pytest.mark.django_db
def test_the_xlsx_export_keeps_the_id_numbers_leading_zero_as_text(two_units, client):
    from openpyxl import load_workbook

    make_request(two_units.ward_a, requester_id_number="012345678901", sender_phone="0913222333")
    client.force_login(two_units.board_a)
    queue = client.get(reverse("participation_questions:index")).content.decode()
    assert "data-export-hint" in queue
    response = client.get(reverse("participation_questions:export_xlsx"), {"kind": "info_request"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    for value in ("012345678901", "0913222333"):
        assert cells[value].data_type == "s" and cells[value].number_format == "@", value
