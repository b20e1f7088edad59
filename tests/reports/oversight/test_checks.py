"""The oversight checks: one passing and one failing case per rule with exact ratios, deadlines counted in working
days across holidays, isolation between units, and the probe declarations' completeness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from reports.oversight import checks
from reports.oversight.periods import Period
from reports.oversight.probes import PROBES
from reports.oversight.rules import EVALUATORS
from sites.blueprint import BLUEPRINT
from sites.models import UnitSection
from workdays.calendar import add_working_days

from .conftest import (
    add_article,
    add_dated_document,
    add_disclosure_item,
    add_official,
    add_schedule_week,
    at,
    fill_body,
    make_question,
    section_page,
    set_published,
)

NOVEMBER = Period.month(2026, 11)
END_OF_NOVEMBER = dt.date(2026, 11, 30)


def result(unit, key, period=NOVEMBER, today=END_OF_NOVEMBER):
    return checks.evaluate([unit], period, today)[unit.pk][key]


# --- declarations -------------------------------------------------------------------------------------------------


def test_every_blueprint_section_has_a_probe():
    missing = [section.key for section in BLUEPRINT.sections if section.key not in PROBES]
    assert missing == [], f"Sections without a probe in reports/oversight/probes.py: {missing}"
    for probe in PROBES.values():
        if probe.items is not None:
            model = apps.get_model(probe.items.model)
            for name in (probe.items.event, probe.items.owner.split("__")[0]):
                if name:
                    model._meta.get_field(name)
        for rows in probe.rows:
            apps.get_model(rows.model)


def test_every_measured_rule_has_an_evaluator_and_keys_are_kept():
    for check in checks.all_checks():
        if check.rule_key:
            assert check.rule_key.split(".")[0] in EVALUATORS
    keys = {check.key for check in checks.all_checks()}
    assert {"documents.working_days_after_event.own", "documents.working_days_after_event.other"} <= keys
    assert {"news.items_per_days", "schedule.weekly_before_monday", "finance.periodic"} <= keys


def test_every_applicable_check_gets_a_result(two_units):
    results = checks.evaluate([two_units.city, two_units.ward_a], NOVEMBER, END_OF_NOVEMBER)
    for unit in (two_units.city, two_units.ward_a):
        assert set(results[unit.pk]) == {check.key for check in checks.checks_for_kind(unit.kind)}


# --- presence -----------------------------------------------------------------------------------------------------


def test_empty_section_is_not_present_then_an_article_makes_it_present(two_units):
    ward = two_units.ward_a
    empty = result(ward, "news.present")
    assert empty.ratio == 0.0
    assert empty.findings[0].detail == "Chuyên mục chưa có nội dung"
    assert empty.findings[0].edit_url == reverse("wagtailadmin_pages:edit", args=[section_page(ward, "news").pk])
    add_article(ward, None, live=False)  # a draft is no content
    assert result(ward, "news.present").ratio == 0.0
    add_article(ward, at(dt.date(2026, 11, 3)))
    assert result(ward, "news.present").ratio == 1.0


def test_unpublished_private_and_missing_sections(two_units):
    ward = two_units.ward_a
    fill_body(section_page(ward, "history"))
    assert result(ward, "history.present").ratio == 1.0
    section_page(ward, "history").unpublish()
    assert result(ward, "history.present").findings[0].detail == "Chuyên mục chưa xuất bản"
    contacts = section_page(ward, "contacts")
    PageViewRestriction.objects.create(page=contacts, restriction_type=PageViewRestriction.LOGIN)
    assert result(ward, "contacts.present").findings[0].detail == "Chuyên mục bị giới hạn quyền xem"
    UnitSection.objects.filter(unit=ward, key="sitemap").delete()
    missing = result(ward, "sitemap.present")
    assert (missing.ratio, missing.findings[0].detail) == (0.0, "Thiếu chuyên mục")


def test_leaders_present_with_a_current_leader_only(two_units):
    ward = two_units.ward_a
    add_official(ward, "Nguyễn Văn Cũ", term_end=dt.date(2026, 1, 31))
    assert result(ward, "leaders.present").ratio == 0.0
    add_official(ward, "Trần Văn Mới", term_start=dt.date(2026, 2, 1))
    assert result(ward, "leaders.present").ratio == 1.0


# --- reviewed -----------------------------------------------------------------------------------------------------


def test_reviewed_within_its_window_and_stale_after(two_units):
    ward = two_units.ward_a
    fill_body(section_page(ward, "history"), at(dt.date(2025, 12, 5)))  # reviewed(12) = 360 days
    fresh = result(ward, "history.reviewed")
    assert fresh.ratio == 1.0
    assert fresh.summary == "Cập nhật lần cuối 5/12/2025"
    stale = result(ward, "history.reviewed", Period.month(2026, 12), dt.date(2026, 12, 1))
    assert stale.ratio == 0.0
    assert stale.findings[0].detail == "Cập nhật lần cuối 5/12/2025, quá 12 tháng"


def test_a_leader_change_is_an_update_of_the_leaders_section(two_units):
    from wagtail.log_actions import log

    ward = two_units.ward_a
    leader = add_official(ward, "Trần Văn Mới")
    assert result(ward, "leaders.reviewed").ratio == 0.0  # no update recorded: provisioning's page, no edit logged
    log(instance=leader, action="wagtail.edit")
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.update(timestamp=at(dt.date(2026, 10, 1)))
    assert result(ward, "leaders.reviewed").ratio == 1.0


# --- items per days -----------------------------------------------------------------------------------------------


def test_news_every_seven_days_for_a_ward(two_units):
    ward = two_units.ward_a
    add_article(ward, at(dt.date(2026, 11, 3)))
    add_article(ward, at(dt.date(2026, 11, 16)))
    add_article(ward, None, live=False)
    rhythm = result(ward, "news.items_per_days")
    assert rhythm.ratio == 0.5  # windows 1–7, 8–14, 15–21, 22–28 complete; 29–30 has no article yet
    assert [f.detail for f in rhythm.findings] == [
        "Không có tin từ 8/11 đến 14/11/2026",
        "Không có tin từ 22/11 đến 28/11/2026",
    ]
    add_article(ward, at(dt.date(2026, 11, 29)))
    assert result(ward, "news.items_per_days").ratio == 3 / 5  # the running window counts once it has an article


def test_news_every_day_for_the_city(two_units):
    city = two_units.city
    for day in range(1, 11):
        add_article(city, at(dt.date(2026, 11, day)))
    rhythm = result(city, "news.items_per_days", today=dt.date(2026, 11, 20))
    assert rhythm.ratio == 10 / 19  # 19 complete days (1–19), the 20th has no article yet
    assert rhythm.findings[0].detail == "Không có tin ngày 11/11/2026"


def test_items_per_days_is_none_before_the_first_window_ends(two_units):
    assert result(two_units.ward_a, "direction.items_per_days", today=dt.date(2026, 11, 20)).ratio is None


# --- working days after the event ---------------------------------------------------------------------------------


def test_documents_split_own_and_other(two_units, taxonomy):
    ward = two_units.ward_a
    add_dated_document(ward, taxonomy.ward_a_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 4)))  # 2 working days
    add_dated_document(ward, taxonomy.ward_a_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 5)))  # 3: late
    add_dated_document(ward, taxonomy.ward_a_body, dt.date(2026, 11, 9), None)  # draft, deadline passed
    add_dated_document(ward, taxonomy.province, dt.date(2026, 11, 2), at(dt.date(2026, 11, 16)))  # 10 working days
    own = result(ward, "documents.working_days_after_event.own")
    assert own.ratio == 1 / 3
    assert own.summary == "1/3 văn bản đăng đúng hạn"
    assert sorted(f.detail for f in own.findings) == [
        "Chưa đăng (hạn 11/11/2026)",
        "Đăng ngày 5/11/2026, quá hạn 4/11/2026",
    ]
    assert result(ward, "documents.working_days_after_event.other").ratio == 1.0


def test_a_document_turns_late_the_day_after_its_deadline_across_tet(two_units, taxonomy):
    """Issued on Friday 13/2/2026, the last working day before Tết (16–20/2): two working days run to Tuesday 24/2."""
    ward = two_units.ward_a
    february = Period.month(2026, 2)
    assert add_working_days(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 24)
    page = add_dated_document(ward, taxonomy.ward_a_body, dt.date(2026, 2, 13), None)
    key = "documents.working_days_after_event.own"
    assert result(ward, key, february, dt.date(2026, 2, 24)).ratio is None  # still within its deadline
    late = result(ward, key, february, dt.date(2026, 2, 25))
    assert (late.ratio, late.findings[0].detail) == (0.0, "Chưa đăng (hạn 24/2/2026)")
    page.save_revision().publish()
    set_published(page, at(dt.date(2026, 2, 24), 16))
    assert result(ward, key, february, dt.date(2026, 3, 31)).ratio == 1.0  # on the last allowed working day
    set_published(page, at(dt.date(2026, 2, 25), 8))
    assert result(ward, key, february, dt.date(2026, 3, 31)).ratio == 0.0


def test_a_document_across_30_april_and_1_may(two_units, taxonomy):
    ward = two_units.ward_a
    page = add_dated_document(ward, taxonomy.ward_a_body, dt.date(2026, 4, 29), at(dt.date(2026, 5, 5), 17))
    key = "documents.working_days_after_event.own"
    assert result(ward, key, Period.month(2026, 4), dt.date(2026, 5, 31)).ratio == 1.0
    set_published(page, at(dt.date(2026, 5, 6), 7))
    assert result(ward, key, Period.month(2026, 4), dt.date(2026, 5, 31)).ratio == 0.0


def test_disclosure_items_count_from_their_approval(two_units):
    ward = two_units.ward_a
    add_disclosure_item(ward, "plans", "plan", dt.date(2026, 11, 2), at(dt.date(2026, 11, 16)))  # 10 working days
    add_disclosure_item(ward, "plans", "plan", dt.date(2026, 11, 2), at(dt.date(2026, 11, 17)))  # 11
    assert result(ward, "plans.working_days_after_event").ratio == 0.5


def test_propaganda_deadline_is_not_declared_without_a_policy_date(two_units):
    add_article(two_units.ward_a, at(dt.date(2026, 11, 3)), "propaganda")
    results = checks.evaluate([two_units.ward_a], NOVEMBER, dt.date(2026, 12, 4))[two_units.ward_a.pk]
    assert "propaganda.working_days_after_event" not in results
    assert results["propaganda.items_per_days"].ratio == 1.0


# --- periodic -----------------------------------------------------------------------------------------------------


def test_commune_budget_reports_due_in_the_quarter(two_units):
    ward = two_units.ward_a
    q4 = Period.quarter(2026, 4)  # due in it: the third quarter's report (by 15/10)
    # The year's execution report is due on 31/12 itself: not late on that day.
    missing = result(ward, "finance.periodic", q4, dt.date(2026, 12, 31))
    assert missing.ratio == 0.0
    assert missing.findings[0].label == "Báo cáo quý III/2026"
    add_disclosure_item(
        ward,
        "finance",
        "budget_execution",
        dt.date(2026, 10, 10),
        at(dt.date(2026, 10, 12)),
        period_year=2026,
        period="q3",
    )
    assert result(ward, "finance.periodic", q4, dt.date(2026, 12, 31)).ratio == 1.0
    after = result(ward, "finance.periodic", q4, dt.date(2027, 1, 5))  # the quarter is over: the year's report is late
    assert (after.ratio, after.findings[0].label) == (0.5, "Báo cáo tình hình thực hiện ngân sách năm 2026")


# --- spokesperson -------------------------------------------------------------------------------------------------


def test_spokesperson_published_within_24_hours(two_units):
    ward = two_units.ward_a
    none = result(ward, "spokesperson.changed_within_hours")
    assert (none.ratio, none.findings[0].detail) == (0.0, "Chưa có người phát ngôn")
    page = section_page(ward, "spokesperson")
    page.save_revision().publish()
    set_published(page, at(dt.date(2026, 1, 5)))
    add_official(
        ward,
        "Lê Thị Phát Ngôn",
        is_spokesperson=True,
        spokesperson_appointed_on=dt.date(2026, 11, 9),
        spokesperson_since=at(dt.date(2026, 11, 9), 23, 59),
    )
    assert result(ward, "spokesperson.changed_within_hours").ratio == 1.0
    from organization.models import Official

    Official.objects.update(spokesperson_since=at(dt.date(2026, 11, 10), 8))
    late = result(ward, "spokesperson.changed_within_hours")
    assert late.ratio == 0.0
    assert late.findings[0].detail == "Công bố lúc 08:00 10/11/2026, quá 24 giờ sau ngày chỉ định 9/11/2026"


# --- weekly schedule ----------------------------------------------------------------------------------------------


def test_week_schedule_before_monday_eight(two_units):
    ward = two_units.ward_a
    # Mondays of November 2026: 2, 9, 16, 23, 30.
    add_schedule_week(ward, dt.date(2026, 11, 2), at(dt.date(2026, 10, 30), 16))
    add_schedule_week(ward, dt.date(2026, 11, 9), at(dt.date(2026, 11, 9), 7, 59))
    add_schedule_week(ward, dt.date(2026, 11, 16), at(dt.date(2026, 11, 16), 8, 30))
    add_schedule_week(ward, dt.date(2026, 11, 23), None)  # a draft is no schedule
    weekly = result(ward, "schedule.weekly_before_monday", today=dt.date(2026, 11, 29))
    assert weekly.ratio == 0.5
    assert [(f.label, f.detail) for f in weekly.findings] == [
        ("Lịch tuần 47/2026", "Đăng lúc 08:30 ngày 16/11/2026, sau 08:00 thứ Hai"),
        ("Lịch tuần 48/2026", "Chưa đăng"),
    ]
    assert result(ward, "schedule.weekly_before_monday", today=dt.date(2026, 11, 30)).ratio == 2 / 5


# --- questions ----------------------------------------------------------------------------------------------------


def test_questions_and_information_requests_on_time(two_units):
    from participation.models import Question

    ward = two_units.ward_a
    make_question(ward, deadline=dt.date(2026, 11, 10), answered_at=at(dt.date(2026, 11, 10), 16))
    make_question(ward, deadline=dt.date(2026, 11, 10), answered_at=at(dt.date(2026, 11, 12)))
    make_question(ward, deadline=dt.date(2026, 11, 18))  # overdue, unanswered
    make_question(ward, deadline=dt.date(2026, 11, 20))  # due on the day judged: not late yet
    make_question(ward, deadline=dt.date(2026, 11, 18), status=Question.Status.REJECTED)
    make_question(ward, deadline=dt.date(2026, 11, 5), kind=Question.Kind.INFORMATION_REQUEST)
    today = dt.date(2026, 11, 20)
    qa = result(ward, "qa.working_days_after_event", today=today)
    assert qa.ratio == 1 / 3
    assert qa.summary == "1/3 câu hỏi trả lời đúng hạn"
    overdue = [f for f in qa.findings if f.detail.startswith("Chưa trả lời")]
    assert overdue[0].edit_url.startswith(reverse("participation_questions:index"))
    requests = result(ward, "disclosure.requests_on_time", today=today)
    assert (requests.ratio, requests.summary) == (0.0, "0/1 yêu cầu trả lời đúng hạn")


def test_satisfaction_needs_five_ratings(two_units):
    from participation.models import PageRating

    ward = two_units.ward_a
    for score in (5, 4, 3, 5):
        PageRating.objects.create(unit=ward, score=score, month=dt.date(2026, 11, 1))
    PageRating.objects.update(created_on=dt.date(2026, 11, 10))
    assert result(ward, "rating.satisfaction").ratio is None
    PageRating.objects.create(unit=ward, score=3, month=dt.date(2026, 11, 1))
    PageRating.objects.update(created_on=dt.date(2026, 11, 10))
    assert result(ward, "rating.satisfaction").ratio == pytest.approx((4.0 - 1) / 4)


# --- quality ------------------------------------------------------------------------------------------------------


def test_image_alt_on_the_units_pages(two_units):
    ward = two_units.ward_a
    article = add_article(ward, at(dt.date(2026, 11, 3)))
    assert result(ward, "quality.image_alt").ratio == 1.0
    Page.objects.filter(pk=article.pk).update()  # the index follows the saved page
    type(article).objects.filter(pk=article.pk).update(featured_image_alt="ảnh")
    failing = result(ward, "quality.image_alt")
    assert failing.ratio == 0.0
    assert failing.findings[0].edit_url == reverse("wagtailadmin_pages:edit", args=[article.pk])


def test_image_size_rule(two_units, settings):
    from tests.news.conftest import make_image

    ward = two_units.ward_a
    make_image(ward, 1600, 900)
    make_image(ward, 3000, 2000)
    get_image_model().objects.update(created_at=at(dt.date(2026, 11, 2)))  # uploaded in the period judged
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 5_000_000
    sizes = result(ward, "quality.image_size")
    assert sizes.ratio == 0.5
    assert sizes.findings[0].detail == "Kích thước 3000×2000 điểm ảnh, vượt 5 triệu điểm ảnh"


def test_broken_internal_links(two_units):
    ward = two_units.ward_a
    target = add_article(ward, at(dt.date(2026, 11, 3)))
    history = section_page(ward, "history")
    history.body = [{"type": "paragraph", "value": f'<p><a linktype="page" id="{target.pk}">Tin</a></p>'}]
    history.save_revision().publish()
    set_published(history, at(dt.date(2026, 11, 4)))
    assert result(ward, "quality.internal_links").ratio == 1.0
    target.unpublish()
    broken = result(ward, "quality.internal_links")
    assert broken.ratio == 0.0
    assert broken.findings[0].detail.startswith("Trang đích chưa xuất bản")
    target.save_revision().publish()
    set_published(target, at(dt.date(2026, 11, 3)))
    PageViewRestriction.objects.create(page=target, restriction_type=PageViewRestriction.LOGIN)
    assert result(ward, "quality.internal_links").findings[0].detail.startswith("Trang đích bị giới hạn quyền xem")


def test_english_pages_required(two_units):
    # Provisioning published the English homes today: date them before the period judged.
    Page.objects.filter(locale__language_code="en", depth=2).update(first_published_at=at(dt.date(2026, 10, 1)))
    english = result(two_units.ward_a, "quality.english")
    assert english.ratio == 0.25  # provisioning publishes the English home; organisation, leaders, contacts lack one
    assert [f.label for f in english.findings] == [
        "Trang tiếng Anh: Cơ cấu tổ chức",
        "Trang tiếng Anh: Lãnh đạo",
        "Trang tiếng Anh: Liên hệ",
    ]
    assert result(two_units.city, "quality.english").summary == "1/4 trang bắt buộc có bản tiếng Anh"


# --- isolation ----------------------------------------------------------------------------------------------------


def test_one_units_content_never_counts_for_another(two_units, taxonomy):
    city, ward_a, ward_b = two_units.city, two_units.ward_a, two_units.ward_b
    for day in (3, 10, 17, 24):
        add_article(ward_a, at(dt.date(2026, 11, day)))
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 3)))
    make_question(ward_a, deadline=dt.date(2026, 11, 10))
    results = checks.evaluate([city, ward_a, ward_b], NOVEMBER, END_OF_NOVEMBER)
    assert results[ward_a.pk]["news.items_per_days"].ratio == 1.0
    assert results[ward_b.pk]["news.items_per_days"].ratio == 0.0
    assert results[city.pk]["news.items_per_days"].ratio == 0.0  # the city never gets its wards' articles
    assert results[city.pk]["news.present"].ratio == 0.0
    assert results[ward_a.pk]["documents.working_days_after_event.own"].ratio == 1.0
    assert results[ward_b.pk]["documents.working_days_after_event.own"].ratio is None
    assert results[city.pk]["documents.working_days_after_event.own"].ratio is None
    assert results[ward_a.pk]["qa.working_days_after_event"].ratio == 0.0
    assert results[ward_b.pk]["qa.working_days_after_event"].ratio is None


# --- consultations ------------------------------------------------------------------------------------------------


def test_consultations_of_the_period_have_their_dates(two_units):
    from participation.models import ConsultationPage

    ward = two_units.ward_a
    assert result(ward, "consultation.has_dates").ratio is None
    pages = []
    for n, day in enumerate((3, 12)):
        page = ConsultationPage(
            title=f"Dự thảo quy chế số {n}",
            slug=f"du-thao-{n}",
            intro="Dự thảo quy chế phối hợp",
            drafting_body="Văn phòng HĐND và UBND phường",
            opens_at=at(dt.date(2026, 11, day)),
            closes_at=at(dt.date(2026, 11, day + 10)),
        )
        section_page(ward, "consultation").add_child(instance=page)
        page.save_revision().publish()
        set_published(page, at(dt.date(2026, 11, day)))
        pages.append(page)
    assert result(ward, "consultation.has_dates").ratio == 1.0
    ConsultationPage.objects.filter(pk=pages[1].pk).update(closes_at=at(dt.date(2026, 11, 12)))  # closes as it opens
    dates = result(ward, "consultation.has_dates")
    assert (dates.ratio, dates.findings[0].label) == (0.5, "Dự thảo quy chế số 1")
