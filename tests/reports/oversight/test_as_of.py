"""A past period is judged on what existed by its last day, not on today's state (images, uses of images, links,
English pages), and a section's publication is found wherever the portal records it: the page's own dates, its
creation when provisioning made it live without a publication, and the rows' own dates when no log entry exists."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from disclosure.models import AdoptedProcedure, Procedure, ProcedureField
from languages.helpers import is_alias
from organization.models import IntroductionTopicPage
from reports.oversight import checks
from reports.oversight.periods import Period
from reports.oversight.rules import day_text
from tests.news.conftest import make_image
from workdays.calendar import today as local_today

from .conftest import add_article, at, section_page, set_published

NOVEMBER = Period.month(2026, 11)
END_OF_NOVEMBER = dt.date(2026, 11, 30)
AFTER_NOVEMBER = at(dt.date(2026, 12, 2))


def result(unit, key, period=NOVEMBER, today=END_OF_NOVEMBER):
    return checks.evaluate([unit], period, today)[unit.pk][key]


def this_month() -> tuple[Period, dt.date]:
    today = local_today()
    return Period.month(today.year, today.month), today


# --- 1. past periods judged on what existed then -------------------------------------------------------------------


def test_an_image_uploaded_after_the_period_is_not_judged_for_it(two_units, settings):
    ward = two_units.ward_a
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 5_000_000
    small = make_image(ward, 1600, 900)
    get_image_model().objects.filter(pk=small.pk).update(created_at=at(dt.date(2026, 11, 10)))
    make_image(ward, 3000, 2000)  # uploaded now, after November: too large
    november = result(ward, "quality.image_size")
    assert (november.ratio, november.summary, november.findings) == (1.0, "1/1 ảnh đúng quy định dung lượng", [])
    period, today = this_month()
    current = result(ward, "quality.image_size", period, today)
    assert current.ratio == 0.5
    assert current.findings[0].detail == "Kích thước 3000×2000 điểm ảnh, vượt 5 triệu điểm ảnh"
    # The upload's own day counts (up to the end of the period's last local day).
    get_image_model().objects.update(created_at=at(dt.date(2026, 11, 30), 23, 59))
    assert result(ward, "quality.image_size").ratio == 0.5


def test_image_uses_on_a_page_published_after_the_period_are_not_judged_for_it(two_units):
    ward = two_units.ward_a
    article = add_article(ward, AFTER_NOVEMBER)
    type(article).objects.filter(pk=article.pk).update(featured_image_alt="ảnh")
    assert result(ward, "quality.image_alt").ratio is None
    period, today = this_month()
    if today >= dt.date(2026, 12, 2):
        assert result(ward, "quality.image_alt", period, today).ratio == 0.0
    set_published(article, at(dt.date(2026, 11, 3)))
    assert result(ward, "quality.image_alt").ratio == 0.0


def test_links_from_a_page_published_after_the_period_are_not_judged_for_it(two_units):
    ward = two_units.ward_a
    target = add_article(ward, at(dt.date(2026, 11, 3)))
    source = add_article(ward, AFTER_NOVEMBER, title="Tin dẫn tới tin khác")
    source.body = [{"type": "paragraph", "value": f'<p><a linktype="page" id="{target.pk}">Tin</a></p>'}]
    source.save_revision().publish()
    set_published(source, AFTER_NOVEMBER)
    target.unpublish()
    assert result(ward, "quality.internal_links").ratio is None
    # A link from a page of the period to a target unpublished since is judged as found (no history of it).
    set_published(source, at(dt.date(2026, 11, 20)))
    broken = result(ward, "quality.internal_links")
    assert broken.ratio == 0.0
    assert broken.findings[0].detail.startswith("Trang đích chưa xuất bản")


def _english_home(unit) -> Page:
    english = [
        page
        for page in Page.objects.filter(translation_key=unit.home_page.translation_key, locale__language_code="en")
        if not is_alias(page)
    ]
    assert len(english) == 1
    return english[0]


def test_an_english_page_published_after_the_period_was_missing_then(two_units):
    ward = two_units.ward_a
    english_home = _english_home(ward)
    Page.objects.filter(pk=english_home.pk).update(first_published_at=at(dt.date(2026, 10, 1)))
    assert result(ward, "quality.english").ratio == 0.25
    Page.objects.filter(pk=english_home.pk).update(first_published_at=AFTER_NOVEMBER)
    november = result(ward, "quality.english")
    assert november.ratio == 0.0
    assert november.findings[0].label == "Trang tiếng Anh: Trang chủ"
    assert november.findings[0].detail == "Chưa dịch"
    period, today = this_month()
    if today >= dt.date(2026, 12, 2):
        assert result(ward, "quality.english", period, today).ratio == 0.25


# --- 2. publication evidence for `reviewed` ------------------------------------------------------------------------


def test_a_section_provisioned_live_is_reviewed_from_its_creation(two_units):
    ward = two_units.ward_a
    leaders = section_page(ward, "leaders")
    assert (leaders.live, leaders.first_published_at) == (True, None)
    created = PageLogEntry.objects.filter(page_id=leaders.pk, action="wagtail.create")
    assert created.exists()  # provisioning's page: created live, never published through Wagtail
    period, today = this_month()
    assert result(ward, "leaders.reviewed", period, today).summary == f"Cập nhật lần cuối {day_text(today)}"
    assert result(ward, "leaders.reviewed").summary == "Chưa ghi nhận lần cập nhật nào"  # created after November
    created.update(timestamp=at(dt.date(2026, 10, 1)))
    november = result(ward, "leaders.reviewed")
    assert (november.ratio, november.summary) == (1.0, "Cập nhật lần cuối 1/10/2026")
    # A page that went through a publication is dated by it, never by its creation.
    Page.objects.filter(pk=leaders.pk).update(first_published_at=AFTER_NOVEMBER, last_published_at=AFTER_NOVEMBER)
    assert result(ward, "leaders.reviewed").summary == "Chưa ghi nhận lần cập nhật nào"


def test_an_item_with_its_own_dates_and_no_log_entry_is_an_update(two_units):
    ward = two_units.ward_a
    topic = IntroductionTopicPage(title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien", intro="Vị trí địa lý.")
    section_page(ward, "intro").add_child(instance=topic)
    PageLogEntry.objects.filter(page_id=topic.pk).delete()  # seeded: no entry in Wagtail's log
    # First published in October, republished after November: November still sees the October publication.
    Page.objects.filter(pk=topic.pk).update(
        live=True, first_published_at=at(dt.date(2026, 10, 6)), last_published_at=AFTER_NOVEMBER
    )
    november = result(ward, "intro.reviewed")
    assert (november.ratio, november.summary) == (1.0, "Cập nhật lần cuối 6/10/2026")
    Page.objects.filter(pk=topic.pk).update(live=False)  # a page taken down is no update of the section
    assert result(ward, "intro.reviewed").summary == "Chưa ghi nhận lần cập nhật nào"


def test_rows_dated_by_themselves_or_by_the_log_update_their_section(two_units):
    ward = two_units.ward_a
    field = ProcedureField.objects.get(slug="ho-tich")
    shared = Procedure.objects.create(unit=two_units.city, code="1.001193", name="Đăng ký khai sinh", field=field)
    adopted = AdoptedProcedure.objects.create(unit=ward, procedure=shared)  # created by a script: no log entry
    AdoptedProcedure.objects.filter(pk=adopted.pk).update(adopted_at=at(dt.date(2026, 10, 5)))
    assert result(ward, "services.reviewed").summary == "Cập nhật lần cuối 5/10/2026"
    # A procedure of its own edited today: its `updated_at` is after November, its log still shows the October edit.
    own = Procedure.objects.create(unit=ward, code="1.009999", name="Thủ tục riêng của phường", field=field)
    log(instance=own, action="wagtail.edit")
    ModelLogEntry.objects.filter(object_id=str(own.pk)).update(timestamp=at(dt.date(2026, 10, 20)))
    Procedure.objects.filter(pk=own.pk).update(updated_at=timezone.now())
    assert result(ward, "services.reviewed").summary == "Cập nhật lần cuối 20/10/2026"
