"""The checks that judge a unit as a whole (quality of its pages and images, citizens' questions and requests,
satisfaction), each read for every unit of the report in a fixed number of queries.

Choices (for the documentation):
- Alternative text is stored where an image is used (a featured image's `featured_image_alt`, a map's
  `boundary_map_alt`, a body image block's `alt_text`), not on the image, so `quality.image_alt` judges the uses of
  images on the unit's live pages (both languages) found through Wagtail's reference index: a use passes when its
  description is filled and says more than “ảnh” or a file name (`home.blocks.alt_text_error`). A finding names the
  page to fix (its editor) and the image.
- `quality.image_size` judges every image of the unit's collection against the portal's upload rule
  (`WAGTAILIMAGES_MAX_UPLOAD_SIZE` bytes, `WAGTAILIMAGES_MAX_IMAGE_PIXELS` pixels): an image imported by a script
  or uploaded before the rule escapes the upload form.
- `quality.internal_links`: links from the unit's live pages (rich text, page choosers, stream blocks: the reference
  index) to pages that no longer exist, are not live or are not public.
- `quality.english`: the pages a unit must publish in English (`reports.translation_status`): a section passes when
  its English page is live (an alias, a draft or a missing translation fail).
- A past period is judged on what existed by its `as_of`: images uploaded by then (`created_at`), uses of images and
  links on pages first published by then, English pages first published by then. What has no history is judged as
  found when the period is settled: a page's current content and its images' descriptions, whether a link's target
  is still live and public, whether an English page unpublished since was live then.
- `qa.working_days_after_event` and `disclosure.requests_on_time`: questions (requests for information apart)
  whose deadline falls in the period up to `as_of`, rejected and forwarded ones aside: answered (local date of
  `answered_at`) by the deadline; one unanswered after its deadline fails; one whose deadline is today or later is
  not judged yet.
- `rating.satisfaction`: the period's ratings of the unit (pages and the portal survey): (average − 1) / 4, so 5 stars
  is 1.0 and 1 star 0.0; None under `MIN_RATINGS` ratings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, IntegerField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from home.blocks import alt_text_error
from participation.models import PageRating, Question
from reports.translation_status import TranslationStatus, translation_status
from sites.models import Unit
from workdays.calendar import local_date

from .facts import Facts, pages_of_units, pk_text, unit_home_paths
from .results import CheckResult, Finding
from .rules import day_text, page_edit_url

MIN_RATINGS = 5
ENGLISH_LIVE = {TranslationStatus.CURRENT, TranslationStatus.OUTDATED, TranslationStatus.INCOMPLETE}
CLOSED_STATUSES = (Question.Status.REJECTED, Question.Status.FORWARDED)


def question_url(pk: int) -> str:
    return reverse("participation_questions:detail", args=[pk])


# --- questions ----------------------------------------------------------------------------------------------------


def load_questions(report: Facts) -> dict[int, list[dict]]:
    """{unit id: questions whose deadline lies in the period up to `as_of`} (information requests included)."""
    rows = (
        Question.objects.filter(
            unit_id__in=list(report.units),
            deadline__gte=report.period.start,
            deadline__lte=report.as_of,
        )
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("deadline", "pk")
        .values("pk", "unit_id", "kind", "title", "tracking_code", "deadline", "answered_at")
    )
    questions: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        questions[row["unit_id"]].append(row)
    return questions


def questions_on_time(check: str, unit_id: int, questions: list[dict], report: Facts, requests: bool) -> CheckResult:
    noun = _("yêu cầu") if requests else _("câu hỏi")
    judged, met, findings = 0, 0, []
    today = report.today
    for row in questions:
        if (row["kind"] == Question.Kind.INFORMATION_REQUEST) != requests:
            continue
        answered = local_date(row["answered_at"]) if row["answered_at"] else None
        if answered is not None and answered > today:
            answered = None  # not known yet on the day the report is made
        if answered is None and row["deadline"] >= today:
            continue  # still within its deadline
        judged += 1
        if answered is not None and answered <= row["deadline"]:
            met += 1
            continue
        if answered is None:
            detail = _("Chưa trả lời, quá hạn %(due)s") % {"due": day_text(row["deadline"])}
        else:
            detail = _("Trả lời ngày %(day)s, quá hạn %(due)s") % {
                "day": day_text(answered),
                "due": day_text(row["deadline"]),
            }
        label = f"{row['tracking_code']} – {row['title']}"
        findings.append(Finding(label, detail, question_url(row["pk"])))
    if not judged:
        return CheckResult(check, unit_id, None, _("Không có %(noun)s đến hạn trả lời trong kỳ") % {"noun": noun}, [])
    summary = _("%(met)d/%(total)d %(noun)s trả lời đúng hạn") % {"met": met, "total": judged, "noun": noun}
    return CheckResult(check, unit_id, met / judged, summary, findings, met)


# --- ratings ------------------------------------------------------------------------------------------------------


def load_ratings(report: Facts) -> dict[int, dict]:
    rows = (
        PageRating.objects.filter(
            unit_id__in=list(report.units), created_on__gte=report.period.start, created_on__lte=report.as_of
        )
        .order_by()
        .values("unit_id")
        .annotate(count=Count("pk"), average=Avg("score"))
    )
    return {row["unit_id"]: row for row in rows}


def satisfaction(check: str, unit_id: int, ratings: dict | None) -> CheckResult:
    count = ratings["count"] if ratings else 0
    if count < MIN_RATINGS:
        summary = _("Chưa đủ %(min)d lượt đánh giá (có %(count)d)") % {"min": MIN_RATINGS, "count": count}
        return CheckResult(check, unit_id, None, summary, [], count)
    average = float(ratings["average"])
    summary = _("Điểm trung bình %(average)s/5 (%(count)d lượt)") % {
        "average": f"{average:.1f}".replace(".", ","),
        "count": count,
    }
    return CheckResult(check, unit_id, (average - 1) / 4, summary, [], round(average, 2))


# --- images -------------------------------------------------------------------------------------------------------


def published_by(report: Facts) -> Q:
    """Pages first published by the end of `as_of` (a page live since provisioning has no date and counts): what a
    past period's quality checks judge. Their content, and what their links point to, are judged as they are now:
    the portal keeps no history of the reference index or of a page's public state."""
    return Q(first_published_at__isnull=True) | Q(first_published_at__lt=report.until)


def load_images(report: Facts) -> dict[int, list[dict]]:
    """{unit id: the images of the unit's collection uploaded by `as_of`} (one uploaded later is not the period's)."""
    collections = {facts.unit.collection_id: unit_id for unit_id, facts in report.units.items()}
    rows = (
        get_image_model()
        .objects.filter(collection_id__in=list(collections), created_at__lt=report.until)
        .order_by("pk")
        .values("pk", "title", "collection_id", "file_size", "width", "height")
    )
    images: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        images[collections[row["collection_id"]]].append(row)
    return images


def image_size(check: str, unit_id: int, images: list[dict]) -> CheckResult:
    if not images:
        return CheckResult(check, unit_id, None, _("Đơn vị chưa có ảnh"), [])
    max_bytes = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    findings = []
    for row in images:
        too_heavy = row["file_size"] is not None and row["file_size"] > max_bytes
        too_large = (row["width"] or 0) * (row["height"] or 0) > max_pixels
        if not (too_heavy or too_large):
            continue
        if too_heavy:
            detail = _("Dung lượng %(size)s MB, tối đa %(max)s MB") % {
                "size": f"{row['file_size'] / 1024 / 1024:.1f}".replace(".", ","),
                "max": max_bytes // (1024 * 1024),
            }
        else:
            detail = _("Kích thước %(width)d×%(height)d điểm ảnh, vượt %(max)s triệu điểm ảnh") % {
                "width": row["width"],
                "height": row["height"],
                "max": max_pixels // 1_000_000,
            }
        findings.append(Finding(row["title"], detail, reverse("wagtailimages:edit", args=[row["pk"]])))
    met = len(images) - len(findings)
    summary = _("%(met)d/%(total)d ảnh đúng quy định dung lượng") % {"met": met, "total": len(images)}
    return CheckResult(check, unit_id, met / len(images), summary, findings, len(findings))


def _stream_alts(data, image_id: int) -> list[str]:
    """The `alt_text` of every struct block in raw StreamField data that shows image `image_id`."""
    found: list[str] = []
    if isinstance(data, dict):
        if data.get("image") == image_id and "alt_text" in data:
            found.append(data.get("alt_text") or "")
        for value in data.values():
            found.extend(_stream_alts(value, image_id))
    elif isinstance(data, list):
        for value in data:
            found.extend(_stream_alts(value, image_id))
    return found


def load_image_uses(report: Facts, home_paths: dict[str, int]) -> dict[int, list[dict]]:
    """{unit id: [{page, title, image, image_title, alt}]} for every use of an image on the unit's live pages that
    carries a description (a `<field>_alt` beside an image field, an `alt_text` beside a block's image). One query
    of the reference index, one of the images, then one per page type that shows images."""
    image_type = ContentType.objects.get_for_model(get_image_model())
    live_pages = pages_of_units(Page.objects.filter(live=True).filter(published_by(report)), home_paths)
    image_references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=image_type,
        object_id__in=pk_text(live_pages),
    )
    references = list(image_references.values_list("content_type_id", "object_id", "to_object_id", "model_path"))
    by_model: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for content_type_id, object_id, to_object_id, model_path in references:
        by_model[content_type_id].append((int(object_id), int(to_object_id), model_path))
    # Subqueries, not lists of ids: a year of a hundred units' articles is more ids than SQLite takes as parameters.
    titles = (
        dict(
            get_image_model()
            .objects.filter(
                pk__in=image_references.annotate(referenced_pk=Cast("to_object_id", IntegerField())).values(
                    "referenced_pk"
                )
            )
            .values_list("pk", "title")
        )
        if references
        else {}
    )
    uses: dict[int, list[dict]] = defaultdict(list)
    for content_type_id, entries in by_model.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        fields: set[str] = set()
        for _page, _image, model_path in entries:
            name = model_path.split(".")[0]
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue
            if field.is_relation and any(f.name == f"{name}_alt" for f in model._meta.get_fields()):
                fields.update({f"{name}_id", f"{name}_alt"})
            elif field.get_internal_type() == "JSONField" or field.__class__.__name__ == "StreamField":
                fields.add(name)
        if not fields:
            continue
        pages = {
            row["pk"]: row
            for row in pages_of_units(
                model.objects.filter(
                    pk__in=image_references.filter(content_type_id=content_type_id)
                    .annotate(referenced_pk=Cast("object_id", IntegerField()))
                    .values("referenced_pk")
                ),
                home_paths,
            ).values("pk", "title", "home_path", *fields)
        }
        for page_id, image_id, model_path in entries:
            row = pages.get(page_id)
            if row is None:
                continue
            name = model_path.split(".")[0]
            if f"{name}_alt" in fields and row.get(f"{name}_id") == image_id:
                alts = [row.get(f"{name}_alt") or ""]
            elif name in fields:
                value = row.get(name)
                alts = _stream_alts(getattr(value, "raw_data", value), image_id)
            else:
                alts = []
            for alt in alts:
                uses[home_paths[row["home_path"]]].append(
                    {
                        "page": page_id,
                        "title": row["title"],
                        "image": image_id,
                        "image_title": titles.get(image_id, str(image_id)),
                        "alt": alt,
                    }
                )
    return uses


def image_alt(check: str, unit_id: int, uses: list[dict]) -> CheckResult:
    if not uses:
        return CheckResult(check, unit_id, None, _("Không có ảnh nào được dùng trên trang"), [])
    findings = []
    for use in uses:
        text = (use["alt"] or "").strip()
        problem = _("Thiếu mô tả ảnh") if not text else alt_text_error(text)
        if problem:
            label = _("Ảnh “%(image)s” trên trang “%(page)s”") % {"image": use["image_title"], "page": use["title"]}
            findings.append(Finding(label, str(problem), page_edit_url(use["page"])))
    met = len(uses) - len(findings)
    summary = _("%(met)d/%(total)d ảnh có mô tả thay thế") % {"met": met, "total": len(uses)}
    return CheckResult(check, unit_id, met / len(uses), summary, findings, met)


# --- internal links -----------------------------------------------------------------------------------------------


def load_links(report: Facts, home_paths: dict[str, int]) -> dict[int, list[dict]]:
    """{unit id: [{source, title, target, broken}]}: every reference from the unit's live pages first published by
    `as_of` to a page.

    A link's target is judged as it is now: whether it was live and public on `as_of` is not knowable (the portal
    keeps no history of unpublications, deletions or view restrictions), so a past period's links are judged as
    found when the period is settled, and a target unpublished since counts as broken for it too."""
    page_type = ContentType.objects.get_for_model(Page)
    live_pages = pages_of_units(Page.objects.filter(live=True).filter(published_by(report)), home_paths)
    page_references = ReferenceIndex.objects.filter(
        base_content_type=page_type, to_content_type=page_type, object_id__in=pk_text(live_pages)
    ).exclude(model_path__startswith="alias_of")
    references = list(page_references.values_list("object_id", "to_object_id").distinct())
    if not references:
        return {}
    # Subqueries, not lists of ids (SQLite's limit on parameters).
    sources = {
        row["pk"]: row
        for row in pages_of_units(
            Page.objects.filter(
                pk__in=page_references.annotate(referenced_pk=Cast("object_id", IntegerField())).values("referenced_pk")
            ),
            home_paths,
        ).values("pk", "title", "home_path")
    }
    targets = {
        row["pk"]: row
        for row in Page.objects.filter(
            pk__in=page_references.annotate(referenced_pk=Cast("to_object_id", IntegerField())).values("referenced_pk")
        ).values("pk", "title", "live", "path")
    }
    links: dict[int, list[dict]] = defaultdict(list)
    for source, target in references:
        row = sources.get(int(source))
        if row is None:
            continue
        page = targets.get(int(target))
        if page is None:
            problem = _("Trang đích đã bị xóa")
        elif not page["live"]:
            problem = _("Trang đích chưa xuất bản hoặc đã gỡ")
        elif not report.is_public(page["path"]):
            problem = _("Trang đích bị giới hạn quyền xem")
        else:
            problem = ""
        links[home_paths[row["home_path"]]].append(
            {"source": row["pk"], "title": row["title"], "target": page["title"] if page else "", "problem": problem}
        )
    return links


def internal_links(check: str, unit_id: int, links: list[dict]) -> CheckResult:
    if not links:
        return CheckResult(check, unit_id, None, _("Không có liên kết nội bộ"), [])
    findings = [
        Finding(
            _("Liên kết trên trang “%(page)s”") % {"page": link["title"]},
            f"{link['problem']}" + (f": “{link['target']}”" if link["target"] else ""),
            page_edit_url(link["source"]),
        )
        for link in links
        if link["problem"]
    ]
    met = len(links) - len(findings)
    summary = _("%(broken)d/%(total)d liên kết nội bộ hỏng") % {"broken": len(findings), "total": len(links)}
    return CheckResult(check, unit_id, met / len(links), summary, findings, len(findings))


# --- English ------------------------------------------------------------------------------------------------------


def load_english(report: Facts) -> dict[int, list]:
    """{unit id: the pages it must have in English, each with its status as of `as_of`}: an English page first
    published after that day was missing then. A page unpublished since, or a Vietnamese page changed since, is
    judged as found (the portal keeps no history of a page's live state): a draft now fails a past period too."""
    rows = translation_status(Unit.objects.filter(pk__in=list(report.units)).order_by("pk"))
    by_unit: dict[int, list] = defaultdict(list)
    for row in rows:
        published = row.english_page.first_published_at if row.english_page is not None else None
        if published is not None and published >= report.until:
            row = replace(row, english_page=None, status=TranslationStatus.MISSING)
        by_unit[row.unit.pk].append(row)
    return by_unit


def english(check: str, unit_id: int, rows: list) -> CheckResult:
    if not rows:
        return CheckResult(check, unit_id, None, _("Đơn vị không phải công bố tiếng Anh"), [])
    findings = []
    for row in rows:
        if row.status in ENGLISH_LIVE:
            continue
        page = row.vietnamese_page
        findings.append(
            Finding(
                _("Trang tiếng Anh: %(title)s") % {"title": row.section.title_vi},
                str(row.status.label),
                page_edit_url(page.pk) if page is not None else "",
            )
        )
    met = len(rows) - len(findings)
    summary = _("%(met)d/%(total)d trang bắt buộc có bản tiếng Anh") % {"met": met, "total": len(rows)}
    return CheckResult(check, unit_id, met / len(rows), summary, findings, met)


def evaluate_unit_checks(report: Facts, wanted: set[str]) -> dict[int, dict[str, CheckResult]]:
    """{unit id: {check key: result}} of the unit-wide checks in `wanted`."""
    results: dict[int, dict[str, CheckResult]] = defaultdict(dict)
    units = [facts.unit for facts in report.units.values()]
    home_paths = unit_home_paths(units) if wanted & {"quality.image_alt", "quality.internal_links"} else {}
    questions = (
        load_questions(report) if wanted & {"qa.working_days_after_event", "disclosure.requests_on_time"} else {}
    )
    loaded = {
        "quality.image_alt": lambda: load_image_uses(report, home_paths),
        "quality.image_size": lambda: load_images(report),
        "quality.internal_links": lambda: load_links(report, home_paths),
        "quality.english": lambda: load_english(report),
        "rating.satisfaction": lambda: load_ratings(report),
    }
    data = {key: load() for key, load in loaded.items() if key in wanted}
    for unit_id in report.units:
        if "quality.image_alt" in wanted:
            results[unit_id]["quality.image_alt"] = image_alt(
                "quality.image_alt", unit_id, data["quality.image_alt"].get(unit_id, [])
            )
        if "quality.image_size" in wanted:
            results[unit_id]["quality.image_size"] = image_size(
                "quality.image_size", unit_id, data["quality.image_size"].get(unit_id, [])
            )
        if "quality.internal_links" in wanted:
            results[unit_id]["quality.internal_links"] = internal_links(
                "quality.internal_links", unit_id, data["quality.internal_links"].get(unit_id, [])
            )
        if "quality.english" in wanted:
            results[unit_id]["quality.english"] = english(
                "quality.english", unit_id, data["quality.english"].get(unit_id, [])
            )
        if "rating.satisfaction" in wanted:
            results[unit_id]["rating.satisfaction"] = satisfaction(
                "rating.satisfaction", unit_id, data["rating.satisfaction"].get(unit_id)
            )
        for key, requests in (("qa.working_days_after_event", False), ("disclosure.requests_on_time", True)):
            if key in wanted:
                results[unit_id][key] = questions_on_time(key, unit_id, questions.get(unit_id, []), report, requests)
    return results
