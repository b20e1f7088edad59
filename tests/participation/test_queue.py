"""The board's queue: what it lists and highlights, its filters, who reaches it (the unit's board and administrator,
the oversight office read only; not writers, not another unit), its query budget and the dashboard's counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participation.models import Question, QuestionEvent
from participation.question_hooks import register_queue_menu_item
from sites.models import UnitRole
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import login_verified, make_member
from tests.participation.factories import (  # noqa: F401 (fixtures)
    make_area,
    make_oversight,
    make_question,
    make_topic,
    private_files,
)
from workdays.calendar import add_working_days, working_days_between

Status = Question.Status
QUEUE = reverse("participation_questions:index")


def detail(question, name="detail"):
    return reverse(f"participation_questions:{name}", args=[question.pk])


def is_refused(response) -> bool:
    """403, or Wagtail's permission-denied redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def menu_shown(user) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    return register_queue_menu_item().is_shown(request)


def listed_codes(response) -> set[str]:
    return {row.tracking_code for row in response.context["rows"]}


@pytest.fixture
def ward_questions(two_units):
    """Ward A: one overdue, one on time, one answered late (not overdue); ward B: one overdue."""
    today = timezone.localdate()
    land, building = make_topic("Đất đai"), make_topic("Xây dựng")
    kp1 = make_area(two_units.ward_a, "Khu phố 1")
    last_month = timezone.now() - dt.timedelta(days=40)
    rows = {
        "overdue": make_question(
            two_units.ward_a,
            tracking_code="HD-A-QUAHAN",
            topic=land,
            area=kp1,
            deadline=today - dt.timedelta(days=3),
            received=last_month,
        ),
        "on_time": make_question(
            two_units.ward_a,
            tracking_code="HD-A-CONHAN",
            title="Phản ánh đèn đường hỏng",
            topic=building,
            deadline=add_working_days(today, 5),
        ),
        "answered": make_question(
            two_units.ward_a,
            tracking_code="HD-A-DATRALOI",
            topic=land,
            status=Status.ANSWERED,
            answer="Đã trả lời.",
            deadline=today - dt.timedelta(days=10),
            received=last_month,
        ),
        "ward_b": make_question(
            two_units.ward_b,
            tracking_code="HD-B-QUAHAN",
            sender_name="Phạm Thị Hiệp Ninh",
            deadline=today - dt.timedelta(days=2),
        ),
    }
    return rows


def test_the_queue_lists_the_units_questions_highlights_overdue_ones_and_filters(client, two_units, ward_questions):
    client.force_login(two_units.board_a)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert listed_codes(response) == {"HD-A-QUAHAN", "HD-A-CONHAN", "HD-A-DATRALOI"}
    body = response.content.decode()
    assert "HD-B-QUAHAN" not in body and "Hiệp Ninh" not in body
    overdue_rows = [row for row in response.context["rows"] if row.overdue]
    assert [row.tracking_code for row in overdue_rows] == ["HD-A-QUAHAN"]
    assert body.count("data-overdue ") + body.count("data-overdue>") == 1
    assert response.context["overdue_total"] == 1
    on_time = next(row for row in response.context["rows"] if row.tracking_code == "HD-A-CONHAN")
    assert on_time.working_days_left == working_days_between(timezone.localdate(), on_time.deadline) == 5
    assert "còn 5 ngày làm việc" in body
    assert menu_shown(two_units.board_a) and menu_shown(two_units.admin_a) and not menu_shown(two_units.writer_a)

    land = make_topic("Đất đai")
    this_month = timezone.localdate().strftime("%Y-%m")
    last_month = (timezone.now() - dt.timedelta(days=40)).strftime("%Y-%m")
    area = ward_questions["overdue"].area
    for query, expected in (
        ({"status": "answered"}, {"HD-A-DATRALOI"}),
        ({"status": "open"}, {"HD-A-QUAHAN", "HD-A-CONHAN"}),
        ({"overdue": "on"}, {"HD-A-QUAHAN"}),
        ({"topic": land.pk}, {"HD-A-QUAHAN", "HD-A-DATRALOI"}),
        ({"area": area.pk}, {"HD-A-QUAHAN"}),
        ({"month": this_month}, {"HD-A-CONHAN"}),
        ({"month": last_month, "topic": land.pk}, {"HD-A-QUAHAN", "HD-A-DATRALOI"}),
        ({"q": "đèn đường"}, {"HD-A-CONHAN"}),
        ({"q": "hd-a-quahan"}, {"HD-A-QUAHAN"}),
        ({"q": "HD-B-QUAHAN"}, set()),  # another unit's code finds nothing
        ({"area": make_area(two_units.ward_b, "Ấp Hiệp Ninh").pk}, {"HD-A-QUAHAN", "HD-A-CONHAN", "HD-A-DATRALOI"}),
    ):
        assert listed_codes(client.get(QUEUE, query)) == expected, query
    response = client.get(QUEUE, {"month": "2026-13", "status": "khong-co"})
    assert response.status_code == 200
    assert "Nhập tháng theo dạng năm-tháng, ví dụ 2026-03." in response.content.decode()
    assert len(listed_codes(response)) == 3  # an invalid filter is shown with its error, not applied


@pytest.mark.usefixtures("private_files")
def test_writers_and_another_units_board_are_refused_oversight_only_reads(client, two_units, django_user_model):
    board_b = make_member(two_units.ward_b, UnitRole.BOARD)
    question = make_question(two_units.ward_a, attachment=b"%PDF-1.4 don", sender_name="Võ Thị Riêng Tư")
    actions = {
        "assign": {"giao-note": "x"},
        "note": {"ghichu-text": "Ghi chú trái phép"},
        "answer": {
            "traloi-answer": "Trả lời trái phép",
            "traloi-public_title": "Tiêu đề trái phép",
            "traloi-public_content": "Nội dung trái phép",
        },
        "publish": {"congbo-checked": "on"},
        "reject": {"tuchoi-reason": "Từ chối trái phép"},
        "forward": {"chuyen-target": two_units.ward_b.pk},
    }
    reads = [
        QUEUE,
        detail(question),
        detail(question, "attachment"),
        reverse("participation_questions:export_csv"),
        reverse("participation_questions:export_xlsx"),
        reverse("participation_questions:concerns"),
        reverse("participation_questions:concerns_csv"),
    ]

    def unchanged():
        return (
            Question.objects.count() == 1
            and QuestionEvent.objects.count() == 1
            and not Question.objects.exclude(status=Status.RECEIVED).exists()
        )

    # Provisioning grants the question permissions to the board and administrator groups only.
    for role_group in two_units.ward_a.role_groups.select_related("group"):
        held = set(
            role_group.group.permissions.filter(
                content_type__app_label="participation", content_type__model="question"
            ).values_list("codename", flat=True)
        )
        expected = set() if role_group.role == UnitRole.WRITER else {"change_question", "view_question"}
        assert held == expected, role_group.role
    oversight_group = Group.objects.get(name=OVERSIGHT_GROUP_NAME)
    assert oversight_group.permissions.filter(codename="view_question").exists()
    assert not oversight_group.permissions.filter(codename="change_question").exists()

    # A writer of the unit sees no submission at all.
    client.force_login(two_units.writer_a)
    for url in reads:
        assert is_refused(client.get(url)), url
    for name, data in actions.items():
        assert is_refused(client.post(detail(question, name), data)), name
    assert unchanged()

    # A writer of ward A who sits on ward B's board still reads nothing of ward A (the role is per unit).
    board_b.groups.add(two_units.ward_a.role_groups.get(role=UnitRole.WRITER).group)

    # Ward B's board: ward A's question is not found; its own lists show nothing of ward A.
    client.force_login(board_b)
    for url in reads[1:3]:
        assert client.get(url).status_code == 404, url
    for name, data in actions.items():
        assert client.post(detail(question, name), data).status_code == 404, name
    for url in (reads[0], *reads[3:]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert question.tracking_code.encode() not in response.content and "Riêng Tư".encode() not in response.content
    assert unchanged()

    # The oversight office reads every unit and acts on nothing; the sender's personal data is shown only to the
    # units that process the question (the export hides it from the oversight office too).
    oversight = make_oversight(django_user_model)
    assert menu_shown(oversight)
    login_verified(client, oversight)
    assert question.tracking_code in listed_codes(client.get(QUEUE))
    page = client.get(detail(question))
    assert page.status_code == 200 and question.tracking_code in page.content.decode()
    assert "Võ Thị Riêng Tư" not in page.content.decode() and "data-personal-data-hidden" in page.content.decode()
    assert not page.context["action_forms"] and '<form method="post"' not in page.content.decode()
    assert client.get(detail(question, "attachment")).status_code == 200
    for name, data in actions.items():
        assert is_refused(client.post(detail(question, name), data)), name
    assert unchanged()


def test_the_queue_keeps_its_query_count_as_rows_grow(client, two_units):
    today = timezone.localdate()
    topic, area = make_topic("Môi trường"), make_area(two_units.ward_a)
    client.force_login(two_units.board_a)

    def add(count: int, start: int):
        for n in range(start, start + count):
            make_question(
                two_units.ward_a,
                tracking_code=f"HD-N-{n:04d}",
                topic=topic,
                area=area,
                deadline=today + dt.timedelta(days=n % 30 - 10),
                status=[Status.RECEIVED, Status.ASSIGNED, Status.ANSWERED][n % 3],
            )

    def queries() -> int:
        client.get(QUEUE)  # warm caches (session, locale, site)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE)
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.context["rows"])

    add(5, 0)
    few, shown_few = queries()
    add(20, 5)
    many, shown_many = queries()
    assert (shown_few, shown_many) == (5, 25)
    assert many == few, f"{few} queries for 5 rows, {many} for 25"


def test_the_dashboard_counts_open_and_overdue_questions_of_the_users_units(client, two_units, ward_questions):
    board_b = make_member(two_units.ward_b, UnitRole.BOARD)
    client.force_login(two_units.board_a)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-questions-panel" in body
    assert 'data-overdue-count="1"' in body and 'data-summary-overdue="1"' in body
    assert "2 câu hỏi chờ xử lý" in body
    assert "HD-A-QUAHAN" in body and "HD-B-QUAHAN" not in body

    make_question(two_units.ward_b, deadline=timezone.localdate() - dt.timedelta(days=30))
    client.force_login(board_b)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-overdue-count="2"' in body and 'data-summary-overdue="2"' in body
    assert "HD-A-QUAHAN" not in body and "Ninh Sơn" not in body

    client.force_login(two_units.writer_a)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-questions-panel" not in body and "data-questions-summary" not in body
