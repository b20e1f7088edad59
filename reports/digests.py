"""Reminder mails of the oversight (issue 17, item 5): what each unit must do this week, and how the closed month went.

- Weekly (`send_weekly`): each unit's board — the active accounts with an e-mail address in the unit's "board"
  group — gets one mail listing the score items it fails in the running month (what is missing, stale or overdue,
  each finding with a link to the admin page that fixes it) and the citizens' questions past their deadline. A unit
  with nothing to fix gets no mail.
- Monthly (`send_monthly`), for the month just closed: the unit's head gets its score, its rank among the units of
  its kind, the main failures and the change against the month before; the oversight office (the active holders of
  `sites.view_every_unit` with an e-mail address, superusers only by their flag left out) gets one city-wide summary:
  the ranking and the lowest units.

The unit's head is its first current leader: the Vietnamese `organization.Official` row of the unit marked
`is_leader`, whose term has not ended, with an official e-mail address, lowest `sort_order` first; without one,
the unit's own address (`Unit.email`); without both, the unit is reported as having no recipient.

A mail is never sent twice for one unit, kind and period: `DigestSent` is written in the same transaction as the
decision to send, and a second run (or a run racing it) finds the row and skips the unit. One recipient's failure
does not stop the others; it is reported, and when every recipient of a unit failed the row is rolled back so the
next run tries again. Mails are Vietnamese, plain text with an HTML alternative, every link absolute on the unit's
own address (`sites.notifications.unit_base_url`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Locale

from sites.access import OVERSIGHT_PERMISSION
from sites.models import Unit, UnitRole
from sites.notifications import unit_base_url
from workdays.calendar import today as calendar_today

from .digest_log import DigestSent
from .oversight import report as oversight_report
from .oversight.periods import MONTH, Period
from .oversight.scoring import NoScoreTable

logger = logging.getLogger(__name__)

MAX_FINDINGS_PER_ITEM = 5
MAX_FAILURES_IN_SUMMARY = 5
LOWEST_UNITS = 5


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str


@dataclass
class Outcome:
    """What happened to one unit's (or the office's) digest in a run."""

    label: str
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, error)
    skipped: str = ""  # why nothing was sent: already sent, nothing to report, no recipient
    would_send: list[str] = field(default_factory=list)  # dry run


@dataclass
class RunReport:
    kind: str
    period: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(len(outcome.sent) for outcome in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(len(outcome.failed) for outcome in self.outcomes)


# ---------------------------------------------------------------------------------------------------------------
# Recipients


def board_addresses(units: Iterable[Unit]) -> dict[int, list[str]]:
    """{unit id: the e-mail addresses of the active members of its board group}; one query."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, groups__unit_role__role=UnitRole.BOARD, groups__unit_role__unit__in=list(units))
        .exclude(email="")
        .values_list("groups__unit_role__unit_id", "email")
        .order_by("email")
    )
    result: dict[int, list[str]] = {}
    for unit_id, email in rows:
        if email not in result.setdefault(unit_id, []):
            result[unit_id].append(email)
    return result


def head_addresses(units: Iterable[Unit], today: dt.date) -> dict[int, str]:
    """{unit id: the address of its head}: its first current leader with an official e-mail, else `Unit.email`;
    units with neither are absent. Two queries."""
    from organization.models import Official

    units = list(units)
    leaders = (
        Official.objects.filter(unit__in=units, is_leader=True, locale=Locale.get_default())
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .exclude(email="")
        .order_by("unit_id", "sort_order", "pk")
        .values_list("unit_id", "email")
    )
    result: dict[int, str] = {}
    for unit_id, email in leaders:
        result.setdefault(unit_id, email)
    for unit in units:
        if unit.pk not in result and unit.email:
            result[unit.pk] = unit.email
    return result


def office_addresses() -> list[str]:
    """The oversight office: active holders of the permission itself or through a group, with an address."""
    holders = get_user_model().objects.with_perm(
        OVERSIGHT_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return sorted(set(holders.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def overdue_questions(units: Iterable[Unit], today: dt.date) -> dict[int, list]:
    """{unit id: its questions not answered after their deadline, oldest deadline first}; one query."""
    from participation.models import Question

    open_states = (Question.Status.RECEIVED, Question.Status.ASSIGNED)
    rows = Question.objects.filter(unit__in=list(units), status__in=open_states, deadline__lt=today).order_by(
        "deadline", "pk"
    )
    result: dict[int, list] = {}
    for question in rows.only("pk", "unit_id", "title", "tracking_code", "deadline"):
        result.setdefault(question.unit_id, []).append(question)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Contents


def absolute(unit: Unit, url: str) -> str:
    """An admin or public link on the unit's own address."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return unit_base_url(unit) + (url if url.startswith("/") else "/" + url)


def portal_name(unit: Unit) -> str:
    return f"Cổng TTĐT {unit.name}"


def week_key(day: dt.date) -> tuple[str, int, int]:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}", week, year


def _failures(unit: Unit, unit_report, limit: int | None = None) -> list[dict]:
    lines = []
    for line in unit_report.failing[:limit] if limit else unit_report.failing:
        findings = list(line.result.findings)
        lines.append(
            {
                "label": line.item.label or line.check.title,
                "clause": line.clause,
                "summary": line.result.summary,
                "lost": line.maximum - line.points,
                "findings": [
                    {"label": f.label, "detail": f.detail, "url": absolute(unit, f.edit_url)}
                    for f in findings[:MAX_FINDINGS_PER_ITEM]
                ],
                "more": max(0, len(findings) - MAX_FINDINGS_PER_ITEM),
            }
        )
    return lines


def _render(name: str, context: dict) -> tuple[str, str]:
    with override(settings.LANGUAGE_CODE):
        return (
            render_to_string(f"reports/digests/{name}.txt", context).strip() + "\n",
            render_to_string(f"reports/digests/{name}.html", context),
        )


def weekly_contents(unit: Unit, unit_report, questions: list, today: dt.date) -> tuple[str, str, str] | None:
    """(subject, text, html) of a unit's weekly mail; None when nothing is to be done."""
    failures = _failures(unit, unit_report) if unit_report is not None else []
    if not failures and not questions:
        return None
    _key, week, year = week_key(today)
    context = {
        "unit": unit,
        "week": week,
        "year": year,
        "today": today,
        "failures": failures,
        "questions": [
            {
                "title": q.title,
                "code": q.tracking_code,
                "deadline": q.deadline,
                "url": absolute(unit, reverse("participation_questions:detail", args=[q.pk])),
            }
            for q in questions
        ],
        "admin_url": absolute(unit, reverse("wagtailadmin_home")),
    }
    subject = f"[{portal_name(unit)}] Việc cần làm tuần {week}/{year}"
    return (subject, *_render("weekly", context))


def _rank_by_kind(report) -> dict[int, tuple[int, int]]:
    """{unit id: (rank among the units of its kind, how many of that kind)}."""
    by_kind: dict[str, list] = {}
    for unit_report in report.units:
        by_kind.setdefault(unit_report.unit.kind, []).append(unit_report)
    result = {}
    for same_kind in by_kind.values():
        # The dashboard's rule (oversight.report.ranked): equal percents share a rank.
        for unit_report, place in oversight_report.ranked(same_kind):
            result[unit_report.unit.pk] = (place, len(same_kind))
    return result


def monthly_head_contents(unit: Unit, unit_report, rank: tuple[int, int], previous: float | None, period: Period):
    context = {
        "unit": unit,
        "period": period,
        "points": unit_report.points,
        "maximum": unit_report.maximum,
        "percent": unit_report.percent,
        "rank": rank[0],
        "of": rank[1],
        "kind": unit.get_kind_display(),
        "previous": previous,
        "change": None if previous is None else unit_report.percent - previous,
        "change_abs": None if previous is None else abs(unit_report.percent - previous),
        "failures": _failures(unit, unit_report, MAX_FAILURES_IN_SUMMARY),
        "views": unit_report.views,
        "admin_url": absolute(unit, reverse("wagtailadmin_home")),
    }
    subject = f"[{portal_name(unit)}] Kết quả {period.label.lower()}"
    return (subject, *_render("monthly_head", context))


def city_unit() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True).select_related("site").order_by("pk").first()


def monthly_office_contents(report, trends: dict[int, list[float | None]], period: Period):
    city = city_unit()
    ranking = [
        {
            "rank": unit_report.rank,
            "unit": unit_report.unit,
            "kind": unit_report.unit.get_kind_display(),
            "percent": unit_report.percent,
            "change": (
                unit_report.percent - trends[unit_report.unit.pk][0]
                if trends.get(unit_report.unit.pk) and trends[unit_report.unit.pk][0] is not None
                else None
            ),
            "failing": len(unit_report.failing),
            "views": unit_report.views,
        }
        for unit_report in oversight_report.rank(report.units)
    ]
    context = {
        "period": period,
        "ranking": ranking,
        "lowest": list(reversed(ranking[-LOWEST_UNITS:])) if ranking else [],
        "admin_url": absolute(city, reverse("wagtailadmin_home")) if city else reverse("wagtailadmin_home"),
    }
    name = portal_name(city) if city else "Cổng TTĐT"
    subject = f"[{name}] Tổng hợp kết quả các cổng thành phần {period.label.lower()}"
    return (subject, *_render("monthly_office", context))


# ---------------------------------------------------------------------------------------------------------------
# Sending


ALL_UNITS = "Mọi đơn vị"


def no_table_reason(error: NoScoreTable) -> str:
    return f"{error} Tạo thang điểm tại Báo cáo → Thang điểm giám sát rồi chạy lại lệnh"


def _send_all(outcome: Outcome, addresses: list[str], contents, connection) -> None:
    subject, text, html = contents
    for address in addresses:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as error:  # a refused address or a broken server: the others still get theirs
            logger.exception("digest to %s failed", address)
            outcome.failed.append((address, str(error) or type(error).__name__))
        else:
            outcome.sent.append(address)


class _NothingSent(Exception):
    pass


def _deliver(outcome: Outcome, unit: Unit | None, kind: str, period: str, addresses, contents, dry_run, connection):
    """Decide and send in one transaction: the log row first (a duplicate stops here), then the mails."""
    if dry_run:
        outcome.would_send = list(addresses)
        return
    try:
        with transaction.atomic():
            log = DigestSent.objects.create(unit=unit, kind=kind, period=period, recipients=0)
            _send_all(outcome, addresses, contents, connection)
            if not outcome.sent:
                raise _NothingSent
            log.recipients = len(outcome.sent)
            log.save(update_fields=["recipients"])
    except IntegrityError:
        outcome.skipped = "đã gửi trước đó"
    except _NothingSent:
        outcome.skipped = "không gửi được cho ai, sẽ thử lại lần chạy sau"


def _already_sent(kind: str, period: str) -> set[int | None]:
    return set(DigestSent.objects.filter(kind=kind, period=period).values_list("unit_id", flat=True))


def send_weekly(today: dt.date | None = None, dry_run: bool = False, units: Iterable[Unit] | None = None) -> RunReport:
    """The weekly mail to each unit's board, for the ISO week of `today` (from the report of the running month)."""
    today = today or calendar_today()
    key, _week, _year = week_key(today)
    run = RunReport(DigestSent.Kind.WEEKLY, key)
    units = list(units if units is not None else Unit.objects.select_related("site"))
    done = _already_sent(DigestSent.Kind.WEEKLY, key)
    pending = [unit for unit in units if unit.pk not in done]
    for unit in units:
        if unit.pk in done:
            run.outcomes.append(Outcome(unit.name, skipped="đã gửi trước đó"))
    if not pending:
        return run
    try:
        report = oversight_report.build(Period.containing(today, MONTH), pending, today)
    except NoScoreTable as error:
        run.outcomes.append(Outcome(ALL_UNITS, skipped=no_table_reason(error)))
        return run
    by_unit = {unit_report.unit.pk: unit_report for unit_report in report.units}
    boards = board_addresses(pending)
    questions = overdue_questions(pending, today)
    connection = None if dry_run else get_connection()
    for unit in pending:
        outcome = Outcome(unit.name)
        run.outcomes.append(outcome)
        contents = weekly_contents(unit, by_unit.get(unit.pk), questions.get(unit.pk, []), today)
        if contents is None:
            outcome.skipped = "không có việc tồn đọng"
            continue
        if not boards.get(unit.pk):
            outcome.skipped = "Ban Biên tập chưa có ai có địa chỉ thư điện tử"
            continue
        _deliver(outcome, unit, DigestSent.Kind.WEEKLY, key, boards[unit.pk], contents, dry_run, connection)
    return run


def send_monthly(today: dt.date | None = None, dry_run: bool = False) -> list[RunReport]:
    """The summary of the month before `today`: one mail to each unit's head, one city-wide to the office."""
    today = today or calendar_today()
    period = Period.containing(today, MONTH).previous()
    heads_run = RunReport(DigestSent.Kind.MONTHLY_HEAD, period.key)
    office_run = RunReport(DigestSent.Kind.MONTHLY_OFFICE, period.key)
    units = list(Unit.objects.select_related("site"))
    try:
        report = oversight_report.build(period, units, today)
    except NoScoreTable as error:
        heads_run.outcomes.append(Outcome(ALL_UNITS, skipped=no_table_reason(error)))
        office_run.outcomes.append(Outcome("Phòng Nội vụ", skipped=no_table_reason(error)))
        return [heads_run, office_run]
    trends = oversight_report.trend(units, [period.previous(), period], today, running=report)
    ranks = _rank_by_kind(report)
    heads = head_addresses(units, today)
    done = _already_sent(DigestSent.Kind.MONTHLY_HEAD, period.key)
    connection = None if dry_run else get_connection()
    for unit_report in report.units:
        unit = unit_report.unit
        outcome = Outcome(unit.name)
        heads_run.outcomes.append(outcome)
        if unit.pk in done:
            outcome.skipped = "đã gửi trước đó"
            continue
        if unit.pk not in heads:
            outcome.skipped = "chưa có địa chỉ thư của thủ trưởng đơn vị hoặc của đơn vị"
            continue
        previous = (trends.get(unit.pk) or [None])[0]
        contents = monthly_head_contents(unit, unit_report, ranks[unit.pk], previous, period)
        _deliver(
            outcome, unit, DigestSent.Kind.MONTHLY_HEAD, period.key, [heads[unit.pk]], contents, dry_run, connection
        )
    outcome = Outcome("Phòng Nội vụ")
    office_run.outcomes.append(outcome)
    addresses = office_addresses()
    if None in _already_sent(DigestSent.Kind.MONTHLY_OFFICE, period.key):
        outcome.skipped = "đã gửi trước đó"
    elif not addresses:
        outcome.skipped = "chưa có tài khoản giám sát nào có địa chỉ thư điện tử"
    else:
        contents = monthly_office_contents(report, trends, period)
        _deliver(outcome, None, DigestSent.Kind.MONTHLY_OFFICE, period.key, addresses, contents, dry_run, connection)
    return [heads_run, office_run]
