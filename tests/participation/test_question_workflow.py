"""The board processes a question from the admin: assign, note, answer, publish; reject; forward city → ward with the
history kept; refused steps and another unit's sub-units, officials and units write nothing."""

from __future__ import annotations

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participation.models import Question, QuestionEvent
from participation.questions import TransitionRefused, forward_question, publish_answer
from participation.submissions import answer_deadline
from sites.models import UnitRole
from tests.conftest import make_member
from tests.participation.conftest import stored_files
from tests.participation.factories import (  # noqa: F401 (fixtures)
    make_official,
    make_question,
    make_subunit,
    make_topic,
    private_files,
)
from workdays.calendar import add_working_days
from workdays.models import CalendarDay

Status = Question.Status
PUBLIC = {"traloi-public_title": "Hỏi về đất đai", "traloi-public_content": "Nội dung đã bỏ dữ liệu cá nhân."}
Action = QuestionEvent.Action


def url(name: str, question: Question) -> str:
    return reverse(f"participation_questions:{name}", args=[question.pk])


def snapshot(question: Question) -> tuple:
    """What a refused step must leave unchanged: the row and its history."""
    row = Question.objects.filter(pk=question.pk).values().get()
    return row, list(question.events.values_list("pk", flat=True)), Question.objects.count()


def test_received_assigned_answered_published_by_the_board(client, two_units, django_capture_on_commit_callbacks):
    ward = two_units.ward_a
    board = two_units.board_a
    topic = make_topic("Đất đai", days=15)
    question = make_question(
        ward,
        topic=topic,
        sender_email="an.nguyen@example.vn",
        title="Ông Nguyễn Văn An hỏi về giấy chứng nhận",
        content="Hồ sơ của tôi, số nhà 27 hẻm 14, nộp đã lâu. Gọi tôi: 0987 654 321, CCCD 072095001234.",
    )
    subunit = make_subunit(ward)
    official = make_official(ward, sub_unit=subunit)
    client.force_login(board)

    page = client.get(url("detail", question))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn An" in body and "0912 345 678" in body  # the board reads the personal data
    assert {"assign", "note", "answer", "reject"} <= set(page.context["action_forms"])

    response = client.post(url("assign", question), {"giao-subunit": subunit.pk, "giao-official": official.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.assigned_subunit, question.assigned_official) == (
        Status.ASSIGNED,
        subunit,
        official,
    )

    client.post(url("note", question), {"ghichu-text": "Đã liên hệ Văn phòng đăng ký đất đai."})
    answer_form = client.get(url("detail", question)).context["action_forms"]["answer"]
    assert answer_form["public_content"].value() == question.content  # pre-filled, for the board to redact
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("answer", question),
            {
                "traloi-answer": "Hồ sơ của ông đã được chuyển ký, dự kiến trả ngày 20.",
                "traloi-public_title": "Hỏi về thời gian cấp giấy chứng nhận",
                "traloi-public_content": "Hồ sơ cấp giấy chứng nhận của tôi nộp đã lâu, khi nào có kết quả?",
            },
        )
    question.refresh_from_db()
    assert question.status == Status.ANSWERED and question.answered_at is not None
    assert question.public_title == "Hỏi về thời gian cấp giấy chứng nhận"
    assert not mail.outbox  # a draft answer is not mailed: the citizen hears of it once it is published

    # Publishing needs the board's confirmation that the public text holds no personal data.
    before = snapshot(question)
    response = client.post(url("publish", question), {})
    assert response.status_code == 400
    assert "Hãy xác nhận đã kiểm tra nội dung công bố không chứa dữ liệu cá nhân." in response.content.decode()
    assert snapshot(question) == before and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("publish", question), {"congbo-checked": "on"}, follow=True)
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED and question.published_at is not None
    assert "Đã công bố câu trả lời." in response.content.decode()

    events = list(question.events.values_list("action", "actor"))
    assert events == [
        (Action.RECEIVED, None),
        (Action.ASSIGNED, board.pk),
        (Action.NOTE, board.pk),
        (Action.ANSWERED, board.pk),
        (Action.PUBLISHED, board.pk),
    ]
    assert len(mail.outbox) == 1
    published_mail = mail.outbox[-1]
    assert published_mail.to == ["an.nguyen@example.vn"]
    lookup = f"/hoi-dap-phan-anh-kien-nghi/tra-cuu/?ma={question.tracking_code}"
    assert f"{ward.site.root_url}{lookup}" in published_mail.body
    assert published_mail.body.count("Hồ sơ của ông đã được chuyển ký") == 1

    # The portal shows the board's public copy only: not the citizen's name, house number, phone or ID number.
    listing = client.get("/hoi-dap-phan-anh-kien-nghi/", HTTP_HOST=ward.site.hostname)
    page = client.get(f"/hoi-dap-phan-anh-kien-nghi/{question.pk}/", HTTP_HOST=ward.site.hostname)
    found = client.get("/hoi-dap-phan-anh-kien-nghi/", {"q": "0987"}, HTTP_HOST=ward.site.hostname)
    assert page.status_code == 200 and "Hỏi về thời gian cấp giấy chứng nhận" in listing.content.decode()
    for response in (listing, page):
        text = response.content.decode()
        for private in ("Nguyễn Văn An", "0987 654 321", "hẻm 14", "072095001234"):
            assert private not in text
    assert "khi nào có kết quả?" in page.content.decode()
    assert question.pk not in [answer.pk for answer in found.context["answers"]]
    assert "0987" not in question.search_text and "nguyen" not in question.search_text
    assert "Đã công bố" in published_mail.subject
    # The address was typed by whoever sent the form: the mail never repeats the sender's name or text.
    assert question.sender_name not in published_mail.body and question.title not in published_mail.body

    history = client.get(url("detail", question)).content.decode()
    for label in ("Tiếp nhận", "Giao xử lý", "Ghi chú nội bộ", "Đã liên hệ Văn phòng đăng ký đất đai.", "Công bố"):
        assert label in history


def test_reject_needs_a_reason_and_refused_transitions_write_nothing(
    client, two_units, django_capture_on_commit_callbacks
):
    ward = two_units.ward_a
    client.force_login(two_units.board_a)
    question = make_question(ward, sender_email="")

    before = snapshot(question)
    response = client.post(url("reject", question), {"tuchoi-reason": "  "})
    assert response.status_code == 400
    assert "Nhập lý do không tiếp nhận." in response.content.decode()
    assert snapshot(question) == before

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("reject", question), {"tuchoi-reason": "Nội dung không thuộc thẩm quyền của phường."})
    question.refresh_from_db()
    assert question.status == Status.REJECTED
    assert question.rejection_reason == "Nội dung không thuộc thẩm quyền của phường."
    assert not mail.outbox  # no e-mail given, no mail

    # A mail server that fails does not undo the step nor answer with an error page.
    mailed = make_question(ward, sender_email="an.nguyen@example.vn")
    with (
        mock.patch("participation.questions.send_mail", side_effect=smtplib.SMTPException("421 an.nguyen@example.vn")),
        mock.patch("participation.questions.logger") as logger,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url("reject", mailed), {"tuchoi-reason": "Trùng với câu hỏi đã gửi trước."})
    assert response.status_code == 302
    mailed.refresh_from_db()
    assert mailed.status == Status.REJECTED
    assert logger.error.call_args.args[1:] == (mailed.pk, "SMTPException")
    assert "an.nguyen" not in str(logger.mock_calls)

    before = snapshot(question)
    response = client.post(url("publish", question), {"congbo-checked": "on"}, follow=True)
    assert "Chỉ công bố được câu hỏi đã trả lời" in response.content.decode()
    response = client.post(
        url("answer", question), {**PUBLIC, "traloi-answer": "Trả lời sau khi đã từ chối"}, follow=True
    )
    assert "Không thể trả lời câu hỏi ở trạng thái “Không tiếp nhận”." in response.content.decode()
    assert snapshot(question) == before

    received = make_question(ward)
    with pytest.raises(TransitionRefused):
        publish_answer(received, actor=two_units.board_a, checked=True)  # no answer yet
    assert received.events.count() == 1


def test_another_units_subunit_official_or_target_is_refused(client, two_units):
    ward_a, ward_b = two_units.ward_a, two_units.ward_b
    client.force_login(two_units.board_a)
    question = make_question(ward_a)
    own_subunit = make_subunit(ward_a)
    foreign_subunit = make_subunit(ward_b, "Bộ phận Một cửa Hiệp Ninh")
    foreign_official = make_official(ward_b, "Lê Văn Cường")
    before = snapshot(question)

    response = client.post(url("assign", question), {"giao-subunit": foreign_subunit.pk})
    assert response.status_code == 400
    assert "Bộ phận được chọn không thuộc đơn vị của câu hỏi." in response.content.decode()
    response = client.post(
        url("assign", question), {"giao-subunit": own_subunit.pk, "giao-official": foreign_official.pk}
    )
    assert response.status_code == 400
    assert "Cán bộ được chọn không thuộc đơn vị của câu hỏi." in response.content.decode()
    # A ward forwards to no one: neither its sibling nor the city above it.
    for target in (ward_b, two_units.city):
        response = client.post(url("forward", question), {"chuyen-target": target.pk})
        assert "Chỉ chuyển được đến đơn vị trực thuộc đơn vị đã nhận câu hỏi." in response.content.decode()
    assert snapshot(question) == before


@pytest.mark.usefixtures("private_files")
def test_the_city_forwards_a_wards_matter_with_its_history(client, two_units, django_capture_on_commit_callbacks):
    city, ward = two_units.city, two_units.ward_a
    city_board = make_member(city, UnitRole.BOARD)
    topic = make_topic("Xây dựng", days=10)
    question = make_question(
        city,
        topic=topic,
        title="Công trình lấn chiếm vỉa hè ở Ninh Sơn",
        sender_email="binh@example.vn",
        attachment=b"%PDF-1.4 anh hien truong",
    )
    client.force_login(city_board)
    client.post(url("note", question), {"ghichu-text": "Thuộc địa bàn phường Ninh Sơn."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("forward", question), {"chuyen-target": ward.pk, "chuyen-note": "Đề nghị xử lý."})
    assert response.status_code == 302

    question.refresh_from_db()
    copy = Question.objects.get(forwarded_from=question)
    assert question.status == Status.FORWARDED
    assert (copy.unit, copy.status, copy.topic) == (ward, Status.RECEIVED, topic)
    assert copy.tracking_code != question.tracking_code
    assert copy.deadline == answer_deadline(timezone.localdate(), topic)
    assert copy.attachment.name.startswith(f"hoi-dap/{ward.pk}/")
    assert list(question.events.values_list("action", flat=True)) == [Action.RECEIVED, Action.NOTE, Action.FORWARDED]
    assert list(copy.events.values_list("action", flat=True)) == [Action.FORWARDED_IN]
    assert copy.tracking_code in mail.outbox[-1].body and ward.site.root_url in mail.outbox[-1].body

    # A forwarded question is answered where it went, not at the city.
    before = snapshot(question)
    response = client.post(url("answer", question), {**PUBLIC, "traloi-answer": "Trả lời tại thành phố"}, follow=True)
    assert "Không thể trả lời câu hỏi ở trạng thái “Đã chuyển đơn vị khác”." in response.content.decode()
    assert snapshot(question) == before

    # The ward's board sees the copy with the city's history, and its own attachment.
    client.force_login(two_units.board_a)
    page = client.get(url("detail", copy))
    body = page.content.decode()
    assert [event.action for event in page.context["events"]] == [
        Action.RECEIVED,
        Action.NOTE,
        Action.FORWARDED,
        Action.FORWARDED_IN,
    ]
    assert "Thuộc địa bàn phường Ninh Sơn." in body and question.tracking_code in body
    download = client.get(url("attachment", copy))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 anh hien truong"
    # …but not the city's original itself.
    assert client.get(url("detail", question)).status_code == 404


def test_forwarding_survives_a_lost_file_and_leaves_no_file_when_undone(two_units, private_media):
    city, ward = two_units.city, two_units.ward_a
    city_board = make_member(city, UnitRole.BOARD)
    lost = make_question(city, attachment=b"%PDF-1.4 mat tep")
    lost.attachment.storage.delete(lost.attachment.name)
    copy = forward_question(lost, actor=city_board, target=ward)
    assert not copy.attachment and copy.unit == ward
    assert "Tệp đính kèm không còn trong kho lưu trữ" in lost.events.get(action=Action.FORWARDED).text

    kept = make_question(city, attachment=b"%PDF-1.4 con tep")
    before = (stored_files(private_media), snapshot(kept))
    with (
        mock.patch("participation.questions._mail_citizen_on_commit", side_effect=RuntimeError("rolled back")),
        pytest.raises(RuntimeError),
    ):
        forward_question(kept, actor=city_board, target=ward)
    assert (stored_files(private_media), snapshot(kept)) == before  # no orphan copy of the file


def test_a_calendar_day_moves_the_deadlines_of_waiting_questions_only(city):
    topic = make_topic("Môi trường", days=10)
    received = timezone.make_aware(dt.datetime(2027, 3, 1, 9, 0))  # a Monday
    deadline = answer_deadline(received, topic)
    waiting = make_question(city, topic=topic, received=received, deadline=deadline)
    answered = make_question(city, topic=topic, received=received, deadline=deadline, status=Status.ANSWERED)
    later = make_question(city, topic=topic, received=received + dt.timedelta(days=4), deadline=dt.date(2027, 3, 19))

    day_off = CalendarDay.objects.create(date=dt.date(2027, 3, 3), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù")
    deadlines = dict(Question.objects.values_list("pk", "deadline"))
    assert deadlines[waiting.pk] == add_working_days(deadline, 1) != deadline
    assert deadlines[answered.pk] == deadline and deadlines[later.pk] == dt.date(2027, 3, 19)

    day_off.delete()
    waiting.refresh_from_db()
    assert waiting.deadline == deadline
