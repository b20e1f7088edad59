"""*Tâm tư, nguyện vọng*: questions by topic (most frequent first), area and month over a period, for the board's
units only; the oversight office chooses a unit; CSV and XLSX exports parse and agree with the page."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.models import Question
from sites.models import UnitRole
from tests.conftest import login_verified, make_member
from tests.participation.factories import make_area, make_oversight, make_question, make_topic

REPORT = reverse("participation_questions:concerns")


def month_start(months_ago: int) -> dt.datetime:
    today = timezone.localdate().replace(day=1)
    for _ in range(months_ago):
        today = (today - dt.timedelta(days=1)).replace(day=1)
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=4), dt.time(9)))


def test_the_report_counts_by_topic_area_and_month_for_the_users_units(client, two_units, django_user_model):
    ward_a, ward_b = two_units.ward_a, two_units.ward_b
    land, building, environment = make_topic("Đất đai"), make_topic("Xây dựng"), make_topic("Môi trường")
    kp1, kp2 = make_area(ward_a, "Khu phố 1"), make_area(ward_a, "Khu phố 2")
    now, earlier = month_start(0), month_start(2)
    for topic, area, received in (
        (land, kp1, now),
        (land, kp1, now),
        (land, kp2, earlier),
        (building, kp2, now),
        (environment, None, earlier),
    ):
        make_question(ward_a, topic=topic, area=area, received=received)
    make_question(ward_a, topic=building, status=Question.Status.FORWARDED, received=now)  # counted where it went
    for _ in range(4):
        make_question(ward_b, topic=environment, received=now)

    client.force_login(two_units.board_a)
    response = client.get(REPORT)
    assert response.status_code == 200
    context = response.context
    assert context["total"] == 5
    assert [(row["topic__name"], row["count"]) for row in context["by_topic"]] == [
        ("Đất đai", 3),
        ("Môi trường", 1),
        ("Xây dựng", 1),
    ]
    assert [(row["area__name"], row["count"]) for row in context["by_area"]] == [
        ("Khu phố 1", 2),
        ("Khu phố 2", 2),
        (None, 1),
    ]
    assert [row["count"] for row in context["by_month"]] == [2, 3]
    body = response.content.decode()
    assert "Hiệp Ninh" not in body and "Đất đai" in body

    this_month = timezone.localdate().strftime("%Y-%m")
    period = client.get(REPORT, {"start": this_month, "end": this_month}).context
    assert period["total"] == 3 and [(r["topic__name"], r["count"]) for r in period["by_topic"]] == [
        ("Đất đai", 2),
        ("Xây dựng", 1),
    ]
    refused = client.get(REPORT, {"start": this_month, "end": "2000-01"})
    assert "Tháng kết thúc phải sau tháng bắt đầu." in refused.content.decode()

    exported = client.get(reverse("participation_questions:concerns_csv"), {"start": this_month})
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nhóm", "Tên", "Đơn vị", "Số câu hỏi", "Tỷ lệ (%)"]
    assert rows[1] == ["Lĩnh vực", "Đất đai", "", "2", "67"]
    assert ["Khu phố, ấp", "Khu phố 1", "Phường Ninh Sơn", "2", "67"] in rows
    workbook = load_workbook(io.BytesIO(client.get(reverse("participation_questions:concerns_xlsx")).content))
    assert workbook.sheetnames == ["Theo lĩnh vực", "Theo khu phố, ấp", "Theo tháng"]
    topics = [[cell.value for cell in row] for row in workbook["Theo lĩnh vực"].iter_rows()]
    assert topics[:2] == [["Lĩnh vực", "Số câu hỏi", "Tỷ lệ (%)"], ["Đất đai", 3, 60]]

    # Ward B's board counts its own four questions only; a ward A unit filter is not one of its choices.
    client.force_login(make_member(ward_b, UnitRole.BOARD))
    report_b = client.get(REPORT, {"unit": ward_a.pk})
    assert report_b.context["total"] == 4 and "Đất đai" not in report_b.content.decode()
    export_b = client.get(reverse("participation_questions:concerns_csv")).content.decode("utf-8-sig")
    assert "Đất đai" not in export_b and "Ninh Sơn" not in export_b

    # The oversight office sees every unit and narrows to one.
    login_verified(client, make_oversight(django_user_model))
    assert client.get(REPORT).context["total"] == 9
    only_b = client.get(REPORT, {"unit": ward_b.pk}).context
    assert only_b["total"] == 4 and only_b["by_topic"][0]["topic__name"] == "Môi trường"
