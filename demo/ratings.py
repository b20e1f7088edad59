"""Demo satisfaction ratings: a few hundred anonymous votes over the last six months on the city and several wards,
on their articles, documents and introduction pages and in their portal surveys, some with a comment."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from participation.models import PageRating, first_of_month
from participation.rating import RATED_PAGE_TYPES, section_of
from sites.models import Unit

RATED_UNITS = ("tayninh", "ninhson", "hiepninh", "ninhthanh", "phuong1")
MONTHS = 6
PAGE_WEIGHTS = (5, 8, 20, 37, 30)  # scores 1..5
SURVEY_WEIGHTS = (4, 10, 24, 38, 24)
PAGE_COMMENTS = (
    "Thông tin rõ ràng, dễ hiểu.",
    "Nên đăng kèm văn bản gốc để tiện tra cứu.",
    "Bài viết hữu ích, cảm ơn Ban Biên tập.",
    "Cần cập nhật số điện thoại đường dây nóng.",
    "Chữ hơi nhỏ khi đọc trên điện thoại.",
    "Mong có thêm hình ảnh thực tế tại khu phố.",
    "Thông tin đăng chậm so với thực tế vài ngày.",
    "Nên ghi rõ thời gian và nơi tiếp nhận hồ sơ.",
)
SURVEY_COMMENTS = (
    "Cổng dễ tra cứu hơn trước nhiều.",
    "Mong có thêm mục hướng dẫn thủ tục hành chính cho người dân.",
    "Tìm văn bản còn mất thời gian, nên có bộ lọc theo năm.",
    "Nên thông báo lịch cúp điện, cúp nước của từng khu phố.",
    "Giao diện trên điện thoại dễ dùng.",
    "Cần trả lời phản ánh nhanh hơn.",
)


def _rated_pages(unit: Unit) -> list[Page]:
    types = [ContentType.objects.get_by_natural_key(*label.lower().split(".")) for label in RATED_PAGE_TYPES]
    return list(
        Page.objects.descendant_of(unit.home_page)
        .live()
        .public()
        .filter(locale_id=unit.home_page.locale_id, content_type__in=types)
        .order_by("path")[:40]
    )


def _day_in(month: dt.date, today: dt.date, rng: random.Random) -> dt.date:
    last = (first_of_month(month + dt.timedelta(days=32)) - dt.timedelta(days=1)).day
    return min(month.replace(day=rng.randint(1, last)), today)


SURVEY_INTRO = (
    "Mời bạn cho biết mức độ hài lòng với thông tin trên cổng: đầy đủ, chính xác, kịp thời và dễ tìm. "
    "Kết quả được tổng hợp hằng tháng để Ban Biên tập cải thiện nội dung."
)


def _introduce_survey(section) -> None:
    """The survey page says what it asks, once (an editor's own text is kept)."""
    page = section.page.specific
    if not page.intro:
        page.intro = SURVEY_INTRO
        page.save_revision().publish()


def load_unit_ratings(unit: Unit, seed: int) -> int:
    pages = _rated_pages(unit)
    survey_section = unit.sections.filter(key="rating").select_related("page").first()
    if survey_section is not None:
        _introduce_survey(survey_section)
    if not pages or PageRating.objects.filter(unit=unit).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    sections = {page.pk: section_of(unit, page) for page in pages}
    rows: list[tuple[PageRating, dt.date]] = []
    for back in range(MONTHS):
        month = first_of_month(today, months_back=back)
        for _ in range(rng.randint(8, 16)):
            page = rng.choice(pages)
            score = rng.choices(range(1, 6), weights=PAGE_WEIGHTS)[0]
            comment = rng.choice(PAGE_COMMENTS) if rng.random() < 0.2 else ""
            rating = PageRating(
                unit=unit, kind="page", page=page, section=sections[page.pk], month=month, score=score, comment=comment
            )
            rows.append((rating, _day_in(month, today, rng)))
        if survey_section is not None:
            for _ in range(rng.randint(3, 7)):
                score = rng.choices(range(1, 6), weights=SURVEY_WEIGHTS)[0]
                comment = rng.choice(SURVEY_COMMENTS) if rng.random() < 0.3 else ""
                rating = PageRating(
                    unit=unit, kind="survey", section="rating", month=month, score=score, comment=comment
                )
                rows.append((rating, _day_in(month, today, rng)))
    created = PageRating.objects.bulk_create([rating for rating, _ in rows])
    # The day is set by the database on insert (auto_now_add); the demo spreads the votes over their months.
    by_day: dict[dt.date, list[int]] = {}
    for rating, (_, day) in zip(created, rows, strict=True):
        by_day.setdefault(day, []).append(rating.pk)
    for day, ids in by_day.items():
        PageRating.objects.filter(pk__in=ids).update(created_on=day)
    return len(created)


def load_ratings_demo(units: dict[str, Unit]) -> list[str]:
    """Ratings for the city and four wards (nothing on a second run for a unit that already has some)."""
    lines = []
    for position, slug in enumerate(RATED_UNITS):
        unit = units.get(slug)
        if unit is None:
            continue
        count = load_unit_ratings(unit, seed=700 + position)
        if count:
            lines.append(f"Đánh giá mức độ hài lòng {unit.name}: {count} lượt")
    return lines
