"""Sending a question: acknowledged with a tracking code only once stored (and mailed), looked up by that code;
spam defences (honeypot, flood, proof of work) refuse without writing; bad files are refused by content and size;
the deadline counts working days across Tết."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from languages.helpers import translate_with_localize
from participation import antispam
from participation import screening as screening_module
from participation.models import Question, QuestionEvent
from participation.submissions import CODE_ALPHABET, answer_deadline
from sites.models import PortalSettings
from tests.conftest import make_unit
from workdays.models import CalendarDay

from .conftest import PERSONAL_MARKERS, QA_PATH, WARD_A, form_data, png_bytes, solved_payload, stored_files, topic

FORM = QA_PATH + "gui-cau-hoi/"
LOOKUP = QA_PATH + "tra-cuu/"


@pytest.fixture
def ward(city):
    return make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")


def post(client, data, files=None, host=WARD_A, path=FORM):
    return client.post(path, {**data, **(files or {})}, HTTP_HOST=host)


def assert_nothing_stored(private_media) -> None:
    assert Question.objects.count() == 0
    assert QuestionEvent.objects.count() == 0
    assert stored_files(private_media) == []


@pytest.mark.django_db
def test_submit_shows_the_code_mails_it_and_the_lookup_shows_the_status(
    ward, client, private_media, django_capture_on_commit_callbacks
):
    page = client.get(FORM, HTTP_HOST=WARD_A)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="/static/altcha/altcha.min.js"' in html and "<altcha-widget" in html
    assert 'name="website"' in html and "Nghị định số 13/2023/NĐ-CP" in html

    photo = SimpleUploadedFile("anh-hem-ngap.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(altcha=solved_payload()), {"attachment": photo})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.tracking_code not in response["Location"]  # the address carries a signed id, not the code
    assert re.fullmatch(rf"HD-{timezone.localdate().year}-[{CODE_ALPHABET}]{{6}}", question.tracking_code)
    assert question.verification == Question.Verification.PROOF_OF_WORK
    assert question.status == Question.Status.RECEIVED and question.unit == ward
    assert question.deadline == answer_deadline(question.received_at, topic())
    assert list(question.events.values_list("action", flat=True)) == [QuestionEvent.Action.RECEIVED]
    files = stored_files(private_media)
    assert len(files) == 1 and "anh-hem-ngap" not in files[0].name  # the citizen's file name is not kept
    assert files[0].read_bytes() == png_bytes()

    receipt = client.get(response["Location"], HTTP_HOST=WARD_A)
    text = receipt.content.decode()
    assert question.tracking_code in text and question.deadline.strftime("%-d/%-m/%Y") in text
    assert "no-store" in receipt["Cache-Control"]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bichngoc.tran@example.vn"] and question.tracking_code in message.subject
    link = f"http://{WARD_A}{LOOKUP}?ma={question.tracking_code}"
    assert link in message.body
    # Not a relay for whatever was typed to whatever address was typed: no name, no title, no content.
    assert question.sender_name not in message.body and question.title not in message.body
    assert question.content[:20] not in message.body

    # The mailed link looks the question up; the form posts the code.
    for response in (
        client.get(urlsplit(link).path + "?" + urlsplit(link).query, HTTP_HOST=WARD_A),
        client.post(LOOKUP, {"ma": question.tracking_code.lower().replace("-", " - ", 1)}, HTTP_HOST=WARD_A),
    ):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Đã tiếp nhận" in text and question.deadline.strftime("%-d/%-m/%Y") in text
        assert not [marker for marker in PERSONAL_MARKERS if marker in text]

    wrong = client.post(LOOKUP, {"ma": "HD-2026-ZZZZZZ"}, HTTP_HOST=WARD_A).content.decode()
    assert "Không tìm thấy câu hỏi nào có mã HD-2026-ZZZZZZ" in wrong


@pytest.mark.django_db
def test_lookups_are_rate_limited(ward, client, settings):
    settings.PARTICIPATION_RATE_LIMITS = {"lookup": (3, 600)}
    answers = [client.post(LOOKUP, {"ma": f"HD-2026-AAAA{n}{n}"}, HTTP_HOST=WARD_A).status_code for n in range(2, 7)]
    assert answers == [200, 200, 200, 429, 429]
    assert "tra cứu quá nhiều lần" in client.post(LOOKUP, {"ma": "HD-2026-AAAA22"}, HTTP_HOST=WARD_A).content.decode()


@pytest.mark.django_db
def test_honeypot_and_flood_are_refused_with_a_message_and_nothing_written(ward, client, private_media, settings):
    photo = SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")
    response = post(client, form_data(website="http://spam.example", altcha=solved_payload()), {"attachment": photo})
    assert response.status_code == 400
    assert "phải để trống" in response.content.decode()
    assert_nothing_stored(private_media)

    settings.PARTICIPATION_RATE_LIMITS = {"submit": (2, 3600), "submit_noscript": (1, 3600)}
    for _ in range(2):
        assert post(client, form_data(altcha=solved_payload())).status_code == 302
    flood = post(client, form_data(altcha=solved_payload(), title="Lần thứ ba"))
    assert flood.status_code == 429
    text = flood.content.decode()
    assert "gửi nhiều câu hỏi trong thời gian ngắn" in text
    assert "Lần thứ ba" in text  # what was typed is kept
    assert Question.objects.count() == QuestionEvent.objects.count() == 2
    # Without JavaScript the limit is stricter and counted apart.
    assert post(client, form_data()).status_code == 302
    assert post(client, form_data()).status_code == 429
    assert Question.objects.count() == 3


@pytest.mark.django_db
def test_an_invalid_proof_of_work_is_refused_and_a_form_without_javascript_is_accepted_and_flagged(
    ward, client, private_media
):
    forged = solved_payload(hmac_key="not-the-portal-key")
    for payload in (forged, "bm90IGpzb24=", "%%%"):
        response = post(client, form_data(altcha=payload))
        assert response.status_code == 400
        assert "Không xác minh được" in response.content.decode()
        assert PERSONAL_MARKERS[0] in response.content.decode()  # the typed name is kept
    assert_nothing_stored(private_media)

    payload = solved_payload()
    assert post(client, form_data(altcha=payload)).status_code == 302
    assert post(client, form_data(altcha=payload)).status_code == 400  # a solution is used once
    assert post(client, form_data()).status_code == 302  # no payload: no JavaScript
    verifications = list(Question.objects.order_by("pk").values_list("verification", flat=True))
    assert verifications == [Question.Verification.PROOF_OF_WORK, Question.Verification.NO_SCRIPT]


@pytest.mark.django_db
def test_bad_input_is_refused_with_clear_messages_keeping_what_was_typed(ward, client, private_media):
    fake = SimpleUploadedFile("anh.jpg", b"Day khong phai la anh, chi la van ban.", content_type="image/jpeg")
    response = post(client, form_data(altcha=solved_payload()), {"attachment": fake})
    text = response.content.decode()
    assert response.status_code == 200
    assert "không phải là JPEG" in text and "hãy chọn lại tệp" in text
    assert "Đường hẻm 14 Bời Lời ngập nước sau mưa" in text

    big = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    assert "lớn hơn giới hạn 10 MB" in post(client, form_data(), {"attachment": big}).content.decode()
    exe = SimpleUploadedFile("anh.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert "Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF" in post(client, form_data(), {"attachment": exe}).content.decode()

    response = post(client, form_data(sender_phone="12345", sender_email="", consent=None))
    text = response.content.decode()
    assert "Số điện thoại không hợp lệ" in text and "Cần đồng ý xử lý dữ liệu cá nhân" in text
    text = post(client, form_data(sender_phone="", sender_email="")).content.decode()
    assert "Hãy nhập số điện thoại hoặc thư điện tử" in text
    assert_nothing_stored(private_media)


@pytest.mark.django_db
def test_the_deadline_counts_working_days_across_tet(ward, client, monkeypatch):
    # Received Monday 1/2/2027: Tết (4–10/2/2027) and the weekends are skipped: 15 working days end on 1/3/2027
    # (counting weekends only, it would be 22/2).
    received = timezone.make_aware(dt.datetime(2027, 2, 1, 9, 30))
    assert answer_deadline(received, topic()) == dt.date(2027, 3, 1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: received)
    assert post(client, form_data(altcha=solved_payload())).status_code == 302
    question = Question.objects.get()
    assert question.tracking_code.startswith("HD-2027-")
    assert question.deadline == dt.date(2027, 3, 1)
    # A superuser records the year's official swap: Saturday 20/2/2027 is worked, so the answer is due a day sooner.
    CalendarDay.objects.create(date=dt.date(2027, 2, 20), kind=CalendarDay.Kind.WORKING_DAY, note="Làm bù")
    assert post(client, form_data(altcha=solved_payload())).status_code == 302
    assert Question.objects.order_by("-pk").first().deadline == dt.date(2027, 2, 26)


@pytest.mark.django_db
def test_the_form_works_in_english_under_en(ward, client, django_capture_on_commit_callbacks):
    settings = PortalSettings.for_site(ward.site)
    settings.publish_english = True
    settings.save()
    section = ward.sections.get(key="qa").page.specific
    english = translate_with_localize(section, {})
    path = english.get_url_parts()[2]
    assert path.startswith("/en/")

    page = client.get(path + "gui-cau-hoi/", HTTP_HOST=WARD_A)
    text = page.content.decode()
    assert page.status_code == 200 and '<html lang="en"' in text
    assert "Send a question, feedback or a petition" in text and "Personal data protection" in text
    assert f'<option value="{topic().pk}">Land</option>' in text  # the topic's English row, the Vietnamese id

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(altcha=solved_payload()), path=path + "gui-cau-hoi/")
    assert response.status_code == 302 and response["Location"].startswith(path)
    question = Question.objects.get()
    assert question.language == "en" and question.topic == topic()
    receipt = client.get(response["Location"], HTTP_HOST=WARD_A).content.decode()
    assert "Your question has been received" in receipt and question.tracking_code in receipt
    assert "Your question has been received" in mail.outbox[0].subject
    assert f"http://{WARD_A}{path}tra-cuu/?ma={question.tracking_code}" in mail.outbox[0].body
    lookup = client.get(path + "tra-cuu/", {"ma": question.tracking_code}, HTTP_HOST=WARD_A).content.decode()
    assert "Received" in lookup and "Đã tiếp nhận" not in lookup


@pytest.mark.django_db
def test_control_characters_are_stripped_keeping_line_breaks(ward, client):
    """Control characters (they break the XLSX export) are removed from every text field; line breaks and tabs stay."""
    typed = form_data(
        title="Hẻm\x01 14\x1b ngập",
        content="Dòng một\x07\r\nDòng\x0b hai\tcó tab\x7f",
        sender_name="Trần\x08 Thị\x1f Bích Ngọc",
        sender_address="Số 27\x0c hẻm 14",
    )
    assert post(client, typed).status_code == 302
    question = Question.objects.get()
    assert (question.title, question.sender_name, question.sender_address) == (
        "Hẻm 14 ngập",
        "Trần Thị Bích Ngọc",
        "Số 27 hẻm 14",
    )
    assert question.content == "Dòng một\r\nDòng hai\tcó tab"


@pytest.mark.django_db
def test_a_request_arriving_while_another_is_processed_counts_against_the_same_limit(
    ward, client, settings, monkeypatch
):
    """One atomic count per request, before the work: no check-then-hit race for parallel requests."""
    settings.PARTICIPATION_RATE_LIMITS = {"submit": (1, 3600)}
    real_check = screening_module.check_proof_of_work
    parallel = []

    def check_while_another_arrives(payload):
        if not parallel:  # a second request from the same client lands while the first is being checked
            parallel.append(post(Client(), form_data(altcha=solved_payload(), title="Song song")))
        return real_check(payload)

    monkeypatch.setattr(screening_module, "check_proof_of_work", check_while_another_arrives)
    assert post(client, form_data(altcha=solved_payload())).status_code == 302
    assert parallel[0].status_code == 429
    assert Question.objects.count() == 1


def test_a_solution_replayed_while_the_first_is_checked_is_refused(monkeypatch):
    payload = solved_payload()
    results, replayed = [], []
    real_expiry = antispam.get_challenge_expire_seconds

    def expiry_while_replayed():
        if not replayed:  # the same solution arrives again while the first use is being recorded
            replayed.append(True)
            results.append(antispam.check_proof_of_work(payload))
        return real_expiry()

    monkeypatch.setattr(antispam, "get_challenge_expire_seconds", expiry_while_replayed)
    results.append(antispam.check_proof_of_work(payload))
    assert sorted(result.value for result in results) == ["invalid", "solved"]
