"""The evaluators of the blueprint's freshness rules, generic over the section probes (`probes.PROBES`).

Each evaluator takes one unit's facts (`facts.UnitFacts`), the section key, the rule and the report's `Facts`, and
returns a ratio, a summary and the failing items. They run no query: `facts.Facts` has read everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import due
from organization.schedule import IsoWeek
from sites.blueprint import Freshness, Section
from workdays.calendar import add_working_days, local_date, local_zone

from .facts import Facts, PageFacts, UnitFacts
from .probes import PROBES
from .results import CheckResult, Finding

SPOKESPERSON = "organization.Official"
SCHEDULE_DEADLINE = dt.time(8, 0)  # the week's schedule is public before 08:00 on its Monday


def day_text(day: dt.date) -> str:
    """“12/3/2026” (the portal's date format, without leading zeros)."""
    return f"{day.day}/{day.month}/{day.year}"


def span_text(first: dt.date, last: dt.date) -> str:
    """“3/11 đến 9/11/2026”, or with both years when the span crosses one."""
    start = f"{first.day}/{first.month}" if first.year == last.year else day_text(first)
    return _("%(start)s đến %(end)s") % {"start": start, "end": day_text(last)}


def page_edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def explorer_url(page_id: int) -> str:
    return reverse("wagtailadmin_explore", args=[page_id])


def public_url(facts: UnitFacts, page: PageFacts) -> str:
    """The page's address on its unit's site (only for a live, public page)."""
    if not (page.live and page.public):
        return ""
    home = facts.unit.home_page.url_path
    suffix = page.url_path[len(home) :] if page.url_path.startswith(home) else ""
    return facts.unit.root_url.rstrip("/") + "/" + suffix


def section_label(section: Section) -> str:
    return _("Chuyên mục %(title)s") % {"title": section.title_vi}


def missing_section(check: str, facts: UnitFacts, section: Section) -> CheckResult:
    home = facts.unit.home_page
    finding = Finding(section_label(section), _("Thiếu chuyên mục"), edit_url=explorer_url(home.pk))
    return CheckResult(check, facts.unit.pk, 0.0, _("Thiếu chuyên mục"), [finding], 0)


def section_finding(facts: UnitFacts, section: Section, detail: str) -> Finding:
    page = facts.sections[section.key]
    return Finding(section_label(section), detail, page_edit_url(page.pk), public_url(facts, page))


# --- presence -----------------------------------------------------------------------------------------------------


def present(check: str, facts: UnitFacts, section: Section, report: Facts) -> CheckResult:
    """The section page exists, is live and public, and holds content as its probe defines it."""
    page = facts.sections.get(section.key)
    if page is None:
        return missing_section(check, facts, section)
    if not page.visible_by(report.as_of):
        detail = (
            _("Chuyên mục chưa xuất bản") if not page.live or page.public else _("Chuyên mục bị giới hạn quyền xem")
        )
        return CheckResult(check, facts.unit.pk, 0.0, detail, [section_finding(facts, section, detail)], 0)
    if has_content(facts, section, report):
        return CheckResult(check, facts.unit.pk, 1.0, _("Có chuyên mục và có nội dung"), [], 1)
    detail = _("Chuyên mục chưa có nội dung")
    return CheckResult(check, facts.unit.pk, 0.0, detail, [section_finding(facts, section, detail)], 0)


def has_content(facts: UnitFacts, section: Section, report: Facts) -> bool:
    probe = PROBES[section.key]
    if not probe.needs_content:
        return True
    if facts.section_content.get(section.key):
        return True
    if any(item.visible_by(report.as_of) for item in facts.items.get(section.key, [])):
        return True
    if any(facts.rows.get(rows) for rows in probe.rows):
        return True
    return bool(probe.unit_fields) and all((getattr(facts.unit, name) or "").strip() for name in probe.unit_fields)


# --- reviewed -----------------------------------------------------------------------------------------------------


def published_by(facts: UnitFacts, page: PageFacts, report: Facts) -> list[dt.datetime | None]:
    """What shows `page` was published by the end of `as_of`: its last publication in Wagtail's log; its own dates
    (the last publication if by then, else the first: a page seeded or imported with its dates leaves no log
    entry); for a page live without any publication date (provisioning creates section pages live), its
    creation."""
    moments = [facts.publish_log.get(page.pk)]
    for stamp in (page.last_published_at, page.first_published_at):
        if stamp is not None and stamp < report.until:
            moments.append(stamp)
            break
    if page.first_published_at is None and page.live:
        moments.append(facts.created_log.get(page.pk))
    return moments


def last_update(facts: UnitFacts, section: Section, report: Facts) -> dt.datetime | None:
    """The last meaningful update by `as_of`: a publication of the section page or of one of its live items, or a
    change of a row the page shows."""
    page = facts.sections[section.key]
    moments = published_by(facts, page, report)
    for item in facts.items.get(section.key, []):
        if item.live:
            moments.extend(published_by(facts, item, report))
    for rows in PROBES[section.key].rows:
        moments.extend(row.updated_at for row in facts.rows.get(rows, []) if row.updated_at is not None)
    moments = [moment for moment in moments if moment is not None and moment < report.until]
    return max(moments) if moments else None


def age_text(days: int) -> str:
    if days % 30 == 0:
        return _("quá %(months)d tháng") % {"months": days // 30}
    return _("quá %(days)d ngày") % {"days": days}


def reviewed(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    if section.key not in facts.sections:
        return missing_section(check, facts, section)
    last = last_update(facts, section, report)
    if last is None:
        detail = _("Chưa ghi nhận lần cập nhật nào")
        return CheckResult(check, facts.unit.pk, 0.0, detail, [section_finding(facts, section, detail)], None)
    day = local_date(last)
    age = (report.as_of - day).days
    summary = _("Cập nhật lần cuối %(day)s") % {"day": day_text(day)}
    if age <= rule.days:
        return CheckResult(check, facts.unit.pk, 1.0, summary, [], age)
    detail = f"{summary}, {age_text(rule.days)}"
    return CheckResult(check, facts.unit.pk, 0.0, detail, [section_finding(facts, section, detail)], age)


# --- items per days -----------------------------------------------------------------------------------------------


def windows(period_start: dt.date, as_of: dt.date, days: int, today: dt.date) -> list[tuple[dt.date, dt.date, bool]]:
    """(first, last, complete) windows of `days` days from the period's start up to `as_of`; a window is complete
    once its last day is over (before `today`) and inside the period."""
    result = []
    first = period_start
    while first <= as_of:
        last = first + dt.timedelta(days=days - 1)
        result.append((first, min(last, as_of), last <= as_of and last < today))
        first = last + dt.timedelta(days=1)
    return result


def items_per_days(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    """Windows of `days` days from the period's start: the share with at least one item first published in it. The
    window running on `as_of` counts only once it has an item."""
    noun = PROBES[section.key].items.noun
    published = [
        item.published_on()
        for item in facts.items.get(section.key, [])
        if item.visible_by(report.as_of) and item.published_on() is not None
    ]
    judged, met, findings = 0, 0, []
    page = facts.sections.get(section.key)
    for first, last, complete in windows(report.period.start, report.as_of, rule.days, report.today):
        has_item = any(first <= day <= last for day in published)
        if not complete and not has_item:
            continue
        judged += 1
        if has_item:
            met += 1
            continue
        if rule.days == 1:
            detail = _("Không có %(noun)s ngày %(day)s") % {"noun": noun, "day": day_text(first)}
        else:
            detail = _("Không có %(noun)s từ %(span)s") % {"noun": noun, "span": span_text(first, last)}
        findings.append(
            Finding(
                section_label(section),
                detail,
                page_edit_url(page.pk) if page else explorer_url(facts.unit.home_page.pk),
                public_url(facts, page) if page else "",
            )
        )
    if not judged:
        return CheckResult(check, facts.unit.pk, None, _("Chưa hết khoảng thời gian đầu tiên"), [], None)
    summary = _("%(met)d/%(total)d khoảng %(days)d ngày có %(noun)s") % {
        "met": met,
        "total": judged,
        "days": rule.days,
        "noun": noun,
    }
    return CheckResult(check, facts.unit.pk, met / judged, summary, findings, met)


# --- deadlines in working days ------------------------------------------------------------------------------------


def deadline(event: dt.date, rule: Freshness) -> dt.date:
    return add_working_days(event, rule.days) if rule.working_days else event + dt.timedelta(days=rule.days)


def _item_label(item: PageFacts) -> str:
    return item.title


def working_days_after_event(
    check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts
) -> CheckResult:
    """Items whose event date lies in the period (up to `as_of`): published by the deadline counted from the event.
    An item still unpublished (a draft) once its deadline has passed fails; one whose deadline is still ahead is not
    judged yet."""
    items = PROBES[section.key].items
    if items is None or not items.event:
        return CheckResult(check, facts.unit.pk, None, _("Không đo được: mục không ghi ngày sự kiện"), [], None)
    unit_id = facts.unit.pk
    judged, on_time, findings = 0, 0, []
    for item in facts.items.get(section.key, []):
        if item.event is None or not (report.period.start <= item.event <= report.as_of):
            continue
        if rule.items == "own" and item.owner_unit_id != unit_id:
            continue
        if rule.items == "other" and item.owner_unit_id == unit_id:
            continue
        due_on = deadline(item.event, rule)
        published = item.published_on() if item.live and item.public else None
        if published is not None and published > report.today:
            published = None  # not known yet on the day the report is made
        if published is None and due_on >= report.today:
            continue  # still within its deadline
        judged += 1
        if published is not None and published <= due_on:
            on_time += 1
            continue
        if published is None:
            detail = _("Chưa đăng (hạn %(due)s)") % {"due": day_text(due_on)}
        else:
            detail = _("Đăng ngày %(day)s, quá hạn %(due)s") % {"day": day_text(published), "due": day_text(due_on)}
        public = public_url(facts, item) if published is not None else ""
        findings.append(Finding(_item_label(item), detail, page_edit_url(item.pk), public))
    if not judged:
        return CheckResult(check, unit_id, None, _("Không có %(noun)s phải đăng trong kỳ") % {"noun": items.noun}, [])
    summary = _("%(met)d/%(total)d %(noun)s đăng đúng hạn") % {"met": on_time, "total": judged, "noun": items.noun}
    return CheckResult(check, unit_id, on_time / judged, summary, findings, on_time)


# --- periodic reports ---------------------------------------------------------------------------------------------


def periodic(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    """The budget reports due (disclosure.due) within the period up to `as_of`: published or not by `as_of`."""
    published = [
        (item.extra.get("kind"), item.extra.get("period_year"), item.extra.get("period") or "")
        for item in facts.items.get(section.key, [])
        if item.visible_by(report.as_of)
    ]
    kind = facts.unit.kind

    def in_period(reports):
        # A report due today is not late yet: its deadline runs to the end of the day.
        return [r for r in reports if report.period.start <= r.due_on <= report.as_of and r.due_on < report.today]

    expected = in_period(due.reports_due(kind, report.as_of, []))
    if not expected:
        return CheckResult(check, facts.unit.pk, None, _("Không có báo cáo đến hạn trong kỳ"), [])
    missing = in_period(due.reports_due(kind, report.as_of, published))
    page = facts.sections.get(section.key)
    findings = [
        Finding(
            r.label,
            _("Chưa công khai (hạn %(due)s)") % {"due": day_text(r.due_on)},
            page_edit_url(page.pk) if page else explorer_url(facts.unit.home_page.pk),
        )
        for r in missing
    ]
    met = len(expected) - len(missing)
    summary = _("%(met)d/%(total)d báo cáo đến hạn đã công khai") % {"met": met, "total": len(expected)}
    return CheckResult(check, facts.unit.pk, met / len(expected), summary, findings, met)


# --- spokesperson -------------------------------------------------------------------------------------------------


def changed_within_hours(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    """Each current spokesperson published on the portal within `hours` of the appointment (the decision's date,
    from the start of that local day): when the page went live, or when the mark was saved on a page already live."""
    page = facts.sections.get(section.key)
    if page is None:
        return missing_section(check, facts, section)
    spokespersons = [row for rows in PROBES[section.key].rows for row in facts.rows.get(rows, [])]
    edit_url = page_edit_url(page.pk)
    if not spokespersons:
        detail = _("Chưa có người phát ngôn")
        return CheckResult(check, facts.unit.pk, 0.0, detail, [Finding(section_label(section), detail, edit_url)], 0)
    page_live_since = page.first_published_at if page.live else None
    met, findings = 0, []
    for row in spokespersons:
        since = row.values.get("spokesperson_since")
        appointed = row.values.get("spokesperson_appointed_on")
        label = row.label
        row_url = snippet_edit_url(SPOKESPERSON, row.pk)
        if not page.live or since is None:
            findings.append(Finding(label, _("Chưa công bố trên cổng"), row_url))
            continue
        published_at = max(since, page_live_since or since)
        if appointed is None:
            findings.append(Finding(label, _("Chưa nhập ngày quyết định chỉ định"), row_url))
            continue
        start = dt.datetime.combine(appointed, dt.time.min, tzinfo=local_zone())
        if published_at > report.now:
            findings.append(Finding(label, _("Chưa công bố trên cổng"), row_url))
        elif published_at - start <= dt.timedelta(hours=rule.hours or 24):
            met += 1
        else:
            local = timezone.localtime(published_at, local_zone())
            detail = _("Công bố lúc %(time)s %(day)s, quá %(hours)d giờ sau ngày chỉ định %(appointed)s") % {
                "time": local.strftime("%H:%M"),
                "day": day_text(local.date()),
                "hours": rule.hours or 24,
                "appointed": day_text(appointed),
            }
            findings.append(Finding(label, detail, row_url))
    summary = _("%(met)d/%(total)d người phát ngôn công bố đúng hạn") % {"met": met, "total": len(spokespersons)}
    return CheckResult(check, facts.unit.pk, met / len(spokespersons), summary, findings, met)


def snippet_edit_url(model_label: str, pk: int) -> str:
    viewset = getattr(apps.get_model(model_label), "snippet_viewset", None)
    return reverse(viewset.get_url_name("edit"), args=[pk]) if viewset is not None else ""


# --- weekly schedule ----------------------------------------------------------------------------------------------


def weekly_before_monday(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    """Each ISO week whose Monday lies in the period, once its Monday 08:00 has passed by `as_of`: its week page was
    first published before Monday 08:00 local time."""
    page = facts.sections.get(section.key)
    if page is None:
        return missing_section(check, facts, section)
    weeks: dict[dt.date, PageFacts] = {}
    for item in facts.items.get(section.key, []):
        if item.event is not None and item.live and item.public:
            weeks.setdefault(IsoWeek.of(item.event).monday, item)
    now = report.now
    judged, met, findings = 0, 0, []
    monday = report.period.start + dt.timedelta(days=(7 - report.period.start.weekday()) % 7)
    while monday <= report.as_of:
        cutoff = dt.datetime.combine(monday, SCHEDULE_DEADLINE, tzinfo=local_zone())
        if cutoff > now:
            break
        judged += 1
        week = IsoWeek.of(monday)
        label = _("Lịch tuần %(week)d/%(year)d") % {"week": week.week, "year": week.year}
        item = weeks.get(monday)
        published = item.first_published_at if item is not None else None
        if published is not None and published >= report.now:
            published = None  # not known yet on the day the report is made
        if published is not None and published < cutoff:
            met += 1
        elif published is None:
            findings.append(Finding(label, _("Chưa đăng"), page_edit_url(item.pk if item else page.pk)))
        else:
            local = timezone.localtime(published, local_zone())
            detail = _("Đăng lúc %(time)s ngày %(day)s, sau 08:00 thứ Hai") % {
                "time": local.strftime("%H:%M"),
                "day": day_text(local.date()),
            }
            findings.append(Finding(label, detail, page_edit_url(item.pk), public_url(facts, item)))
        monday += dt.timedelta(days=7)
    if not judged:
        return CheckResult(check, facts.unit.pk, None, _("Chưa có tuần nào đến hạn trong kỳ"), [])
    summary = _("%(met)d/%(total)d lịch tuần đăng trước 08:00 thứ Hai") % {"met": met, "total": judged}
    return CheckResult(check, facts.unit.pk, met / judged, summary, findings, met)


# --- consultations ------------------------------------------------------------------------------------------------


def has_dates(check: str, facts: UnitFacts, section: Section, rule: Freshness, report: Facts) -> CheckResult:
    """Drafts put to consultation in the period (opening up to `as_of`): each has an opening and a closing date,
    the closing after the opening."""
    judged, met, findings = 0, 0, []
    for item in facts.items.get(section.key, []):
        if not item.visible_by(report.as_of) or item.event is None:
            continue
        if not (report.period.start <= item.event <= report.as_of):
            continue
        judged += 1
        opens, closes = item.extra.get("opens_at"), item.extra.get("closes_at")
        if opens and closes and closes > opens:
            met += 1
        else:
            findings.append(
                Finding(item.title, _("Thiếu hoặc sai ngày mở, ngày kết thúc lấy ý kiến"), page_edit_url(item.pk))
            )
    if not judged:
        return CheckResult(check, facts.unit.pk, None, _("Không có dự thảo lấy ý kiến trong kỳ"), [])
    summary = _("%(met)d/%(total)d dự thảo có ngày mở và ngày kết thúc") % {"met": met, "total": judged}
    return CheckResult(check, facts.unit.pk, met / judged, summary, findings, met)


Evaluator = Callable[[str, UnitFacts, Section, Freshness, Facts], CheckResult]

EVALUATORS: dict[str, Evaluator] = {
    "reviewed": reviewed,
    "items_per_days": items_per_days,
    "working_days_after_event": working_days_after_event,
    "periodic": periodic,
    "changed_within_hours": changed_within_hours,
    "weekly_before_monday": weekly_before_monday,
    "has_dates": has_dates,
}
