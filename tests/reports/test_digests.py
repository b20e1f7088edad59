"""The oversight reminder mails: who gets what, what they say, never twice, dry runs, failures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from wagtail.models import Locale

from organization.models import Official
from participation.models import Question
from reports import digests
from reports.digests import DigestSent
from reports.oversight import report as oversight_report
from reports.oversight.checks import Check
from reports.oversight.report import ItemScore, OversightReport, UnitReport
from reports.oversight.results import CheckResult, Finding
from reports.oversight.tables import ScoreItem, ScoreTable
from sites.models import Unit, UnitRole
from tests.conftest import make_member

MONDAY = dt.date(2026, 11, 30)  # ISO week 49 of 2026
FIRST_OF_DECEMBER = dt.date(2026, 12, 1)


def item_score(unit: Unit, key: str, label: str, ratio: float, findings=(), points="0", maximum="10") -> ItemScore:
    check = Check(key=key, group="timeliness", label=label)
    return ItemScore(
        item=ScoreItem(check_key=key, label=label, clause="ND224 Đ9(1)", max_points=Decimal(maximum)),
        check=check,
        result=CheckResult(
            check=key, unit_id=unit.pk, ratio=ratio, summary=f"{label}: {int(ratio * 100)}%", findings=list(findings)
        ),
        points=Decimal(points),
        maximum=Decimal(maximum),
    )


class FakeReports:
    """Deterministic stand-in for `report.build` and `report.trend`: the units named in `failing` fail one item
    with a finding, every other unit passes everything."""

    def __init__(self, failing: dict[str, float], previous: dict[str, float] | None = None):
        self.failing = failing
        self.previous = previous or {}
        self.calls = []

    def build(self, period, units=None, today=None):
        self.calls.append((period, today))
        units = list(units if units is not None else Unit.objects.all())
        reports = []
        for unit in units:
            if unit.slug in self.failing:
                percent = self.failing[unit.slug]
                finding = Finding(
                    label="Quyết định 125/QĐ-UBND",
                    detail="Đăng sau 5 ngày làm việc (hạn 2)",
                    edit_url=f"/admin/pages/{unit.home_page_id}/edit/",
                )
                items = [
                    item_score(unit, "documents.posted", "Văn bản đăng đúng hạn", 0.5, [finding], "5", "10"),
                    item_score(unit, "news.fresh", "Tin tức cập nhật", 1.0, points="10", maximum="10"),
                ]
                points = Decimal(percent) / 5
            else:
                items = [item_score(unit, "news.fresh", "Tin tức cập nhật", 1.0, points="20", maximum="20")]
                points = Decimal(20)
            reports.append(UnitReport(unit=unit, items=items, points=points, maximum=Decimal(20), views=321))
        reports.sort(key=lambda r: -r.percent)
        for rank, unit_report in enumerate(reports, start=1):
            unit_report.rank = rank
        return OversightReport(period=period, table=ScoreTable(name="Mặc định"), units=reports, today=today)

    def trend(self, units, periods, today=None, running=None):
        return {unit.pk: [self.previous.get(unit.slug), None] for unit in units}


@pytest.fixture
def fake(monkeypatch):
    def install(failing, previous=None):
        reports = FakeReports(failing, previous)
        monkeypatch.setattr(oversight_report, "build", reports.build)
        monkeypatch.setattr(oversight_report, "trend", reports.trend)
        return reports

    return install


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.mark.django_db
def test_weekly_goes_to_the_board_of_a_unit_with_work_and_to_nobody_else(two_units, fake):
    fake({"ninhson": 50.0})
    board_b = make_member(two_units.ward_b, UnitRole.BOARD)
    run = digests.send_weekly(MONDAY)
    assert [m.to for m in mail.outbox] == [[two_units.board_a.email]]
    assert not mails_to(two_units.writer_a.email) and not mails_to(two_units.admin_a.email)
    assert not mails_to(board_b.email)  # Hiệp Ninh passes everything: no mail
    message = mail.outbox[0]
    assert message.subject == "[Cổng TTĐT Phường Ninh Sơn] Việc cần làm tuần 49/2026"
    assert "Văn bản đăng đúng hạn" in message.body
    assert "Quyết định 125/QĐ-UBND: Đăng sau 5 ngày làm việc (hạn 2)" in message.body
    root = two_units.ward_a.site.root_url
    assert f"{root}/admin/pages/{two_units.ward_a.home_page_id}/edit/" in message.body
    assert "Tin tức cập nhật" not in message.body  # passing items are not listed
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{root}/admin/pages/' in html
    assert DigestSent.objects.filter(unit=two_units.ward_a, kind="weekly", period="2026-W49").exists()
    assert run.sent == 1


@pytest.mark.django_db
def test_a_board_member_never_receives_another_units_digest(two_units, fake):
    fake({"ninhson": 50.0, "hiepninh": 40.0})
    board_b = make_member(two_units.ward_b, UnitRole.BOARD)
    digests.send_weekly(MONDAY)
    (to_a,) = mails_to(two_units.board_a.email)
    (to_b,) = mails_to(board_b.email)
    assert "Phường Ninh Sơn" in to_a.subject and "Phường Hiệp Ninh" not in to_a.body
    assert "Phường Hiệp Ninh" in to_b.subject and "Phường Ninh Sơn" not in to_b.body
    assert two_units.ward_b.site.root_url in to_b.body and two_units.ward_a.site.root_url not in to_b.body


@pytest.mark.django_db
def test_inactive_and_addressless_board_members_get_nothing(two_units, fake):
    fake({"ninhson": 50.0})
    two_units.board_a.is_active = False
    two_units.board_a.save()
    silent = make_member(two_units.ward_a, UnitRole.BOARD, username="khong-thu")
    silent.email = ""
    silent.save()
    run = digests.send_weekly(MONDAY)
    assert mail.outbox == []
    (outcome,) = [o for o in run.outcomes if o.label == "Phường Ninh Sơn"]
    assert "địa chỉ thư điện tử" in outcome.skipped
    assert not DigestSent.objects.exists()


@pytest.mark.django_db
def test_overdue_questions_alone_make_a_weekly_mail(two_units, fake):
    fake({})
    question = Question.objects.create(
        unit=two_units.ward_a,
        tracking_code="HD-2026-0001",
        title="Đèn đường khu phố 3 hỏng",
        content="Đèn đường hỏng đã hai tuần.",
        sender_name="Trần Văn Bình",
        consent_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
        deadline=dt.date(2026, 11, 20),
    )
    Question.objects.create(
        unit=two_units.ward_b,
        tracking_code="HD-2026-0002",
        title="Câu hỏi của phường khác",
        content="…",
        sender_name="Lê Thị Hoa",
        consent_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
        deadline=dt.date(2026, 11, 20),
        status=Question.Status.RECEIVED,  # overdue too, but in the other ward
    )
    digests.send_weekly(MONDAY)
    (message,) = mails_to(two_units.board_a.email)
    assert "Đèn đường khu phố 3 hỏng" in message.body and "HD-2026-0001" in message.body
    assert "20/11/2026" in message.body
    assert f"/admin/hoi-dap/{question.pk}/" in message.body
    assert "Câu hỏi của phường khác" not in message.body


@pytest.mark.django_db
def test_a_second_run_sends_nothing_and_a_dry_run_sends_and_records_nothing(two_units, fake):
    fake({"ninhson": 50.0})
    out = StringIO()
    call_command("send_oversight_digests", "--weekly", "--dry-run", "--today", "2026-11-30", stdout=out)
    assert mail.outbox == [] and not DigestSent.objects.exists()
    assert f"sẽ gửi tới {two_units.board_a.email}" in out.getvalue()
    call_command("send_oversight_digests", "--weekly", "--today", "2026-11-30", stdout=StringIO())
    assert len(mail.outbox) == 1
    out = StringIO()
    call_command("send_oversight_digests", "--weekly", "--today", "2026-12-02", stdout=out)  # same ISO week
    assert len(mail.outbox) == 1
    assert "đã gửi trước đó" in out.getvalue()
    call_command("send_oversight_digests", "--weekly", "--today", "2026-12-07", stdout=StringIO())  # next week
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.endswith("tuần 50/2026")


@pytest.mark.django_db
def test_one_recipients_failure_does_not_stop_the_others(two_units, fake, monkeypatch):
    fake({"ninhson": 50.0})
    second = make_member(two_units.ward_a, UnitRole.BOARD, username="uyvien2")
    second.email = "uyvien2@ninhson.gov.vn"
    second.save()
    original = digests.EmailMultiAlternatives.send

    def refuse_one(message, *args, **kwargs):
        if message.to == [two_units.board_a.email]:
            raise OSError("550 hộp thư không tồn tại")
        return original(message, *args, **kwargs)

    monkeypatch.setattr(digests.EmailMultiAlternatives, "send", refuse_one)
    run = digests.send_weekly(MONDAY)
    assert [m.to for m in mail.outbox] == [[second.email]]
    (outcome,) = [o for o in run.outcomes if o.sent or o.failed]
    assert outcome.failed[0][0] == two_units.board_a.email and "550" in outcome.failed[0][1]
    assert DigestSent.objects.get(unit=two_units.ward_a).recipients == 1


@pytest.mark.django_db
def test_when_every_recipient_fails_the_next_run_tries_again(two_units, fake, monkeypatch):
    fake({"ninhson": 50.0})
    monkeypatch.setattr(digests.EmailMultiAlternatives, "send", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    digests.send_weekly(MONDAY)
    assert not DigestSent.objects.exists()
    monkeypatch.undo()
    fake({"ninhson": 50.0})
    digests.send_weekly(MONDAY)
    assert len(mail.outbox) == 1


def make_leader(unit, name, email, sort_order=0, term_end=None, is_leader=True):
    return Official.objects.create(
        unit=unit,
        locale=Locale.get_default(),
        name=name,
        position="Chủ tịch UBND phường",
        email=email,
        is_leader=is_leader,
        sort_order=sort_order,
        term_end=term_end,
    )


@pytest.mark.django_db
def test_monthly_summary_goes_to_the_units_head(two_units, fake):
    fake({"ninhson": 60.0}, previous={"ninhson": 70.0})
    a = two_units.ward_a
    make_leader(a, "Nguyễn Văn Cũ", "cu@ninhson.gov.vn", sort_order=0, term_end=dt.date(2026, 6, 30))
    make_leader(a, "Phạm Thị Lan", "", sort_order=1)  # no official address
    make_leader(a, "Võ Minh Tâm", "chutich@ninhson.gov.vn", sort_order=2)
    make_leader(a, "Lê Văn Phó", "pho@ninhson.gov.vn", sort_order=3)
    make_leader(a, "Không Lãnh Đạo", "khac@ninhson.gov.vn", sort_order=0, is_leader=False)
    digests.send_monthly(FIRST_OF_DECEMBER)
    (message,) = mails_to("chutich@ninhson.gov.vn")
    assert message.subject == "[Cổng TTĐT Phường Ninh Sơn] Kết quả tháng 11/2026"
    assert "Xếp hạng: 2/2 trong các đơn vị cùng loại (phường)" in message.body
    assert "giảm 10" in message.body
    assert "Văn bản đăng đúng hạn" in message.body
    assert "Lượt xem trang trong tháng: 321" in message.body
    for other in ("cu@ninhson.gov.vn", "pho@ninhson.gov.vn", "khac@ninhson.gov.vn"):
        assert not mails_to(other)
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_without_a_leader_the_units_own_address_gets_the_monthly_summary(two_units, fake):
    fake({"ninhson": 60.0})
    Unit.objects.filter(pk=two_units.ward_b.pk).update(email="ubnd@hiepninh.gov.vn")
    digests.send_monthly(FIRST_OF_DECEMBER)
    (message,) = mails_to("ubnd@hiepninh.gov.vn")
    assert "Phường Hiệp Ninh" in message.subject and "Xếp hạng: 1/2" in message.body
    assert "chưa có số liệu tháng trước" in message.body
    assert "ubnd@tayninh.gov.vn" in [m.to[0] for m in mail.outbox]  # the city's own address too


@pytest.mark.django_db
def test_monthly_office_summary_goes_to_the_office_only_and_once(two_units, fake, superuser):
    fake({"ninhson": 60.0, "hiepninh": 30.0}, previous={"hiepninh": 50.0})
    office = get_user_model().objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", "x")
    group = Group.objects.create(name="Giám sát thử")
    group.permissions.add(Permission.objects.get(codename="view_every_unit"))
    office.groups.add(group)
    retired = get_user_model().objects.create_user("noivu.cu", "cu@tayninh.gov.vn", "x", is_active=False)
    retired.groups.add(group)
    digests.send_monthly(FIRST_OF_DECEMBER)
    (summary,) = mails_to("giamsat@tayninh.gov.vn")
    assert summary.subject == "[Cổng TTĐT Thành phố Tây Ninh] Tổng hợp kết quả các cổng thành phần tháng 11/2026"
    body = summary.body
    ranking = body.split("Bảng xếp hạng:")[1]
    assert ranking.index("1. Thành phố Tây Ninh") < ranking.index("2. Phường Ninh Sơn") < ranking.index("3. Phường")
    assert "Các đơn vị điểm thấp nhất:\n- Phường Hiệp Ninh: 30" in body
    assert "-20" in body  # Hiệp Ninh's change against October
    assert not mails_to(superuser.email) and not mails_to("cu@tayninh.gov.vn")
    assert not mails_to(two_units.board_a.email)
    count = len(mail.outbox)
    digests.send_monthly(dt.date(2026, 12, 2))
    assert len(mail.outbox) == count
    assert DigestSent.objects.filter(unit=None, kind="monthly_office", period="2026-11").count() == 1


@pytest.mark.django_db
def test_the_weekly_run_builds_one_report_for_every_unit(two_units, fake, django_assert_max_num_queries):
    reports = fake({"ninhson": 50.0, "hiepninh": 50.0, "tayninh": 50.0})
    for unit in (two_units.ward_b, two_units.city):
        make_member(unit, UnitRole.BOARD)
    with django_assert_max_num_queries(20):
        digests.send_weekly(MONDAY)
    assert len(reports.calls) == 1 and len(mail.outbox) == 3


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("send_oversight_digests", "--weekly", "--today", "30/11/2026")


@pytest.mark.django_db
def test_equal_percents_share_a_rank_in_the_mails_as_on_the_dashboard(two_units, fake, superuser):
    fake({"ninhson": 50.0, "hiepninh": 50.0})
    Unit.objects.filter(pk__in=[two_units.ward_a.pk, two_units.ward_b.pk]).update(email="ubnd@phuong.gov.vn")
    office = get_user_model().objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", "x")
    group = Group.objects.create(name="Giám sát thử")
    group.permissions.add(Permission.objects.get(codename="view_every_unit"))
    office.groups.add(group)
    digests.send_monthly(FIRST_OF_DECEMBER)
    heads = mails_to("ubnd@phuong.gov.vn")
    assert len(heads) == 2 and all("Xếp hạng: 1/2" in message.body for message in heads)
    (summary,) = mails_to("giamsat@tayninh.gov.vn")
    ranking = summary.body.split("Bảng xếp hạng:")[1]
    assert "2. Phường Hiệp Ninh" in ranking and "2. Phường Ninh Sơn" in ranking


@pytest.mark.django_db
def test_a_month_without_a_score_table_is_a_clear_line_not_a_traceback(two_units, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    ScoreTable.objects.all().delete()
    out = StringIO()
    call_command("send_oversight_digests", "--monthly", "--today", "2026-12-01", stdout=out)
    assert "Chưa có thang điểm áp dụng cho Tháng 11/2026" in out.getvalue()
    assert "Thang điểm giám sát" in out.getvalue()
    out = StringIO()
    call_command("send_oversight_digests", "--weekly", "--today", "2026-11-30", stdout=out)
    assert "Chưa có thang điểm áp dụng cho Tháng 11/2026" in out.getvalue()
    assert not mail.outbox and not DigestSent.objects.exists()
