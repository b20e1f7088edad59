# ruff: noqa: E402 — Django is set up before the project imports below.
"""Benchmark of the oversight report and dashboard: 100 units with a year of content (issue 17, item 7; goal: under
2 s for 100 units). A benchmark to run, not a timed test.

1. Seed a fresh database: a bench city and N-1 units (mostly wards, some communes and departments, a few contributing
   organisations), each with a year of content (1/1/2026 – 30/11/2026) shaped so every kind of check passes for
   some units and fails for others, and a superuser with a known authenticator key (the admin asks superusers for a
   second factor):
       PORTAL_VAR_DIR=/tmp/var_bench PORTAL_PORT=8105 .venv/bin/python bench/oversight.py seed 100
2. Serve it:
       PORTAL_VAR_DIR=/tmp/var_bench PORTAL_PORT=8105 .venv/bin/python manage.py runserver 8105 --noreload
3. Measure `report.build` in this process (running month, previous closed month computed then read back from the
   kept scores, the year; SQL queries per build) and the dashboard over HTTP (signed in as the superuser):
       PORTAL_VAR_DIR=/tmp/var_bench PORTAL_PORT=8105 .venv/bin/python bench/oversight.py measure --rounds 5

Add DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench to every step to measure PostgreSQL instead of
SQLite. `seed` refuses a database it has already seeded (start from a fresh var dir or database).

Each unit draws a diligence level (exemplary, average, neglected; `Diligence`) that sets how many articles it posts
(1–3 a week, none in some weeks; every day for the city), the share of its documents posted late (over 2 working days
after issue for its own, over 10 for other bodies'), of its schedule weeks published after Monday 08:00 or missing,
of its questions answered late or left open past their deadline, which budget reports it published, whether its
spokesperson was published within 24 h of the appointment, whether it has the English pages, articles without alt
text, a heavy (4 MB) photo, links to a missing page, section pages last reviewed over a year ago; plus page views per
section and day (`reports.usage.PageViewCount`) and satisfaction ratings. Of 100 units, 28 post every own document on
time and 66 do not, 28 publish every week before Monday 08:00 and 66 do not, 15 have no spokesperson, 39 published
theirs late, 46 lack the English pages, 22 published no budget report, 13 use a heavy photo, 25 link to a missing page.

Pages are inserted in bulk under their section pages, numbered as treebeard numbers them (path, depth, numchild,
url_path), each with one published revision and its page history (created, published) dated at its publication;
`seed` ends with treebeard's own `find_problems()` and stops if the tree is not whole (`manage.py fixtree` agrees).
Bulk-inserted pages skip the page signals: they are not in the site search index (`search`), which the oversight
report does not read. The English pages are made with Wagtail's own `copy_for_translation` and published.

Seeding recorded 4–5 Dec 2026 on the shared 2-core machine (load average 6–8 from other sessions: noisy figures;
“total” excludes `migrate`, includes the tree check):

    database    units  pages   provisioning  content           tree check  total
    SQLite      5      1149    5 s           13 s (2.6 s/unit) ≈3 s *      21 s
    SQLite      20     3879    19 s          35 s (1.8 s/unit) ≈9 s *      63 s
    SQLite      100    19457   222 s         266 s (2.7 s/unit) 103 s      591 s (wall with migrate: 11 min)
    PostgreSQL  5      1149    18 s          15 s (2.9 s/unit) 6 s         39 s
    PostgreSQL  100    19457   538 s         312 s (3.1 s/unit) 111 s      962 s (wall with migrate: 20 min)

* total minus the rest (these two runs predate the printed tree-check time and the page history of bulk pages).

Content by phase, 100 units (SQLite / PostgreSQL): bulk page insert 144 / 165 s, English pages (Wagtail API) 39 / 67 s,
page views and ratings 37 / 25 s, media 15 / 22 s, building pages in memory 12 / 12 s, officials and sections 5 / 11 s,
questions 4 / 3 s. Provisioning (`provision_unit`, not this script) is the slowest part on PostgreSQL: 5.4 s a unit.
Both databases get the same content (every generator is seeded per unit).

Measured 5 Dec 2026, 100 units, `measure --rounds 3`, runserver, while the test suite ran on the same 2 cores (noisy;
the first line of each block is median ms / queries):

                                           SQLite            PostgreSQL
    report.build, running month (5 days)   1645 ms / 57      1407 ms / 57
    report.build, closed unsettled month   1815 ms / 57      1547 ms / 57
    report.build, the year                 2519 ms / 57      3259 ms / 57
    report.build, a kept month (read)       233 ms / 2       (earlier run, machine less loaded)
    overview /admin/giam-sat/ (p50)        3517 ms / 140     3001 ms / 140  (first request 22 s / 31 s: it computes
                                                                             and keeps Jan–Oct for the trend, once)
    overview, November                     1900 ms / 86      2178 ms / 86
    unit page (p50)                        1846 ms / 142     1471 ms / 142

A month's report for 100 units stays under 2 s and its query count does not grow with the units; the overview in
early December builds two months live (the running one and November, not settled until its last deadline has run
out) and is over the goal; once November is kept it reads it in 2 queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from demo.news import draw_photo
from disclosure.items import DisclosureItemPage, DisclosureKind
from disclosure.items import Period as ReportPeriod
from documents.models import DocumentType, IssuingBody, LegalDocumentAttachment, LegalDocumentPage
from documents.pdf import simple_pdf
from documents.validators import sha256_of
from home.slugs import slugify_vietnamese
from news.models import NewsArticlePage
from organization.models import Official, ScheduleEntry, WorkScheduleWeekPage
from participation.models import ConsultationPage, PageRating, Question, Topic
from participation.submissions import INFORMATION_REQUEST_WORKING_DAYS, answer_deadline
from reports.oversight import report
from reports.oversight.periods import MONTH, YEAR, Period
from reports.oversight.tables import UnitScore
from reports.usage import PageViewCount
from sites.models import Unit, UnitSection
from sites.provisioning import UnitSpec, provision_unit
from workdays.calendar import add_working_days, is_working_day, local_zone

CITY_SLUG = "benchcity"
SUPERUSER = "bench.giamsat"
PASSWORD = "bench-oversight-2026"
# The superuser's authenticator key (hex, 20 bytes): `measure` computes the current code from it.
TOTP_KEY = "3132333435363738393031323334353637383930"
FIRST_DAY, LAST_DAY = dt.date(2026, 1, 1), dt.date(2026, 11, 30)
CONTRIBUTING_KINDS = ("fatherland_front", "socio_political", "public_service", "party_advisory")
CONTRIBUTING_NAMES = {
    "fatherland_front": "Ủy ban MTTQ Việt Nam Đo Lường {i}",
    "socio_political": "Hội Liên hiệp Phụ nữ Đo Lường {i}",
    "public_service": "Trung tâm Văn hóa – Thể thao Đo Lường {i}",
    "party_advisory": "Ban Tuyên giáo Đo Lường {i}",
}
SUBJECTS = (
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng, chống dịch sốt xuất huyết",
    "bảo đảm trật tự an toàn giao thông",
    "chỉnh trang đô thị",
    "an sinh xã hội",
    "tuyển sinh đầu cấp",
    "phòng cháy, chữa cháy",
    "vệ sinh môi trường",
    "xây dựng nông thôn mới",
)
# Sections whose page views the usage counter records for every unit ("" is the home page).
VIEWED_SECTIONS = ("", "news", "documents", "schedule", "qa", "disclosure", "services", "contacts")


# --- Which units, and how diligent each is --------------------------------------------------------------------------


def unit_specs(count: int) -> list[UnitSpec]:
    """The bench city, then `count - 1` units: about 1 in 10 a department, 1 in 12 a contributing organisation, 1 in 7
    of the rest a commune, the others wards."""
    specs = [UnitSpec(kind="city", name="Thành phố Đo Lường", slug=CITY_SLUG)]
    for i in range(1, count):
        if i % 10 == 0:
            kind, name = "department", f"Phòng Chuyên môn Đo Lường {i}"
        elif i % 12 == 6:
            kind = CONTRIBUTING_KINDS[(i // 12) % len(CONTRIBUTING_KINDS)]
            name = CONTRIBUTING_NAMES[kind].format(i=i)
        elif i % 7 == 3:
            kind, name = "commune", f"Xã Đo Lường {i}"
        else:
            kind, name = "ward", f"Phường Đo Lường {i}"
        specs.append(UnitSpec(kind=kind, name=name, slug=f"bench{kind[:4]}{i}", parent_slug=CITY_SLUG))
    return specs


class Diligence:
    """How well one unit keeps its portal: drawn once per unit so that every check has passing and failing units.

    `level` 0 (exemplary) … 2 (neglected); each habit below is a share of items done late or left out."""

    def __init__(self, rng: random.Random, index: int):
        self.level = 0 if index == 0 else rng.choices((0, 1, 2), weights=(3, 5, 3))[0]
        lvl = self.level
        self.articles_per_week = ((2, 3), (1, 2), (0, 1))[lvl]
        self.quiet_weeks = (0.0, 0.1, 0.45)[lvl]  # weeks without any article
        self.documents_late = (0.0, 0.15, 0.5)[lvl]
        self.schedule_late = (0.0, 0.1, 0.4)[lvl]
        self.schedule_missing = (0.0, 0.05, 0.3)[lvl]
        self.questions_late = (0.0, 0.2, 0.4)[lvl]
        self.questions_open = (0.0, 0.05, 0.3)[lvl]  # never answered: overdue once past the deadline
        self.finance_quarters = rng.sample(((0, 1, 2, 3), (0, 1, 2), (0, 1), (0,), ()), 1)[0] if lvl else (0, 1, 2, 3)
        self.spokesperson = ("on_time", rng.choice(("on_time", "late")), rng.choice(("late", "missing")))[lvl]
        self.english = lvl == 0 or (lvl == 1 and rng.random() < 0.5)
        self.alt_missing = (0.0, 0.05, 0.3)[lvl]
        self.heavy_images = lvl == 2 and rng.random() < 0.6
        self.broken_links = lvl >= 1 and rng.random() < 0.4
        self.stale_sections = lvl == 2  # section pages last reviewed over a year ago
        self.consultation = lvl < 2 or rng.random() < 0.3
        self.rating_mean = (4.4, 3.6, 2.6)[lvl]


# --- Bulk insertion of pages, numbered as treebeard does ------------------------------------------------------------


class PageBatch:
    """Pages queued under their parents, then inserted in bulk: base rows, specific rows, child rows (ParentalKey),
    ParentalManyToMany rows, one published revision each and the page history (created, published). Paths, depth,
    numchild and url_path are computed exactly as `parent.add_child` computes them; `flush` runs in one transaction.
    Not for a tree others write to at the same time (the last child is read once per parent)."""

    def __init__(self):
        self.queued: dict[int, list[tuple[Page, dt.datetime]]] = defaultdict(list)
        self.parents: dict[int, Page] = {}
        self.created = 0

    def add(self, parent: Page, page: Page, published_at: dt.datetime) -> Page:
        self.parents[parent.pk] = parent
        self.queued[parent.pk].append((page, published_at))
        return page

    @transaction.atomic
    def flush(self) -> int:
        page_type = ContentType.objects.get_for_model(Page)
        by_model: dict[type, list[Page]] = defaultdict(list)
        bases: list[Page] = []
        for parent_id, items in self.queued.items():
            parent = Page.objects.get(pk=parent_id)  # numchild and the last child as they are now
            last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
            step = Page._str2int(last.path[-Page.steplen :]) if last else 0
            slugs = set(
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", flat=True)
            )
            for page, published_at in items:
                step += 1
                page.path = Page._get_path(parent.path, parent.depth + 1, step)
                page.depth = parent.depth + 1
                page.numchild = 0
                page.locale_id = parent.locale_id
                slug = page.slug or slugify_vietnamese(page.title, max_length=200) or "trang"
                unique, n = slug, 1
                while unique in slugs:
                    n += 1
                    unique = f"{slug}-{n}"
                slugs.add(unique)
                page.slug = unique
                page.url_path = f"{parent.url_path}{unique}/"
                page.draft_title = page.title
                page.content_type = ContentType.objects.get_for_model(type(page))
                page.live, page.has_unpublished_changes = True, False
                page.first_published_at = page.first_published_at or published_at
                page.last_published_at = page.last_published_at or published_at
                page.latest_revision_created_at = page.last_published_at
                base = Page(
                    **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields if not f.primary_key}
                )
                bases.append(base)
                by_model[type(page)].append(page)
                page._bench_base, base._bench_page, page._bench_parent_id = base, page, parent_id
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + len(items))
        Page.objects.bulk_create(bases, batch_size=500)
        for model, pages in by_model.items():
            assert model._meta.get_parent_list() == [Page], model
            # Relations not given are empty in memory: with a pk, modelcluster would query each one for each page.
            names = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            names += [f.name for f in model._meta.many_to_many if isinstance(f, ParentalManyToManyField)]
            for page in pages:
                given = getattr(page, "_cluster_related_objects", {})
                for name in names:
                    if name not in given:
                        setattr(page, name, [])
                page.pk = page.id = page.page_ptr_id = page._bench_base.pk
            fields = list(model._meta.local_concrete_fields)
            size = max(1, min(200, connection.ops.bulk_batch_size(fields, pages)))
            for start in range(0, len(pages), size):
                model._base_manager._insert(pages[start : start + size], fields=fields, using="default")
            for relation in get_all_child_relations(model):
                children = []
                for page in pages:
                    for child in getattr(page, relation.get_accessor_name()).all():
                        setattr(child, relation.field.attname, page.pk)
                        if hasattr(child, "locale_id") and child.locale_id is None:
                            child.locale_id = page.locale_id
                        children.append(child)
                relation.related_model.objects.bulk_create(children, batch_size=500)
            for field in model._meta.local_many_to_many:
                if not isinstance(field, ParentalManyToManyField):
                    continue
                through = field.remote_field.through
                source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                rows = [
                    through(**{source: page.pk, target: other.pk})
                    for page in pages
                    for other in getattr(page, field.name).all()
                ]
                through.objects.bulk_create(rows, batch_size=500)
        revisions = []
        for pages in by_model.values():
            for page in pages:
                revisions.append(
                    Revision(
                        content_type_id=page.content_type_id,
                        base_content_type_id=page_type.pk,
                        object_id=str(page.pk),
                        content=page.serializable_data(),
                        created_at=page.last_published_at,
                        object_str=page.title,
                    )
                )
        Revision.objects.bulk_create(revisions, batch_size=500)
        for base, revision in zip([p._bench_base for ps in by_model.values() for p in ps], revisions, strict=True):
            base.live_revision_id = base.latest_revision_id = revision.pk
            base._bench_page.live_revision_id = revision.pk
        if connection.vendor == "postgresql":  # one UPDATE … FROM unnest: bulk_update's CASE per row is slow here
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE wagtailcore_page SET live_revision_id = v.r, latest_revision_id = v.r "
                    "FROM unnest(%s::int[], %s::int[]) AS v(p, r) WHERE wagtailcore_page.id = v.p",
                    [[base.pk for base in bases], [base.live_revision_id for base in bases]],
                )
        else:
            Page.objects.bulk_update(bases, ["live_revision", "latest_revision"], batch_size=500)
        # The page history and the unit's activity log: created, then published (tagged with the unit, as
        # reports.activity tags the entries Wagtail writes).
        unit_ids = {parent_id: Unit.for_page(parent).pk for parent_id, parent in self.parents.items()}
        entries = []
        for pages in by_model.values():
            for page in pages:
                data = {"unit": unit_ids[page._bench_parent_id]}
                at = page.last_published_at
                common = {"page_id": page.pk, "content_type_id": page.content_type_id, "label": page.title}
                entries.append(
                    PageLogEntry(**common, action="wagtail.create", data=data, timestamp=at - dt.timedelta(minutes=20))
                )
                entries.append(
                    PageLogEntry(
                        **common,
                        action="wagtail.publish",
                        data=data,
                        timestamp=at,
                        revision_id=page.live_revision_id,
                        content_changed=True,
                    )
                )
        PageLogEntry.objects.bulk_create(entries, batch_size=500)
        created = len(bases)
        self.created += created
        self.queued.clear()
        self.parents.clear()
        return created


class PhaseClock:
    """Adds the time spent in each named phase to `totals`."""

    def __init__(self, totals: dict[str, float]):
        self.totals = totals

    @contextmanager
    def __call__(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.totals[name] += time.perf_counter() - started


@contextmanager
def past_dates(*fields):
    """Let bulk_create keep the dates given (fields with auto_now_add would stamp today)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _value in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


# --- Content --------------------------------------------------------------------------------------------------------


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    day = first - dt.timedelta(days=first.weekday())
    if day < first:
        day += dt.timedelta(days=7)
    result = []
    while day <= last:
        result.append(day)
        day += dt.timedelta(days=7)
    return result


def unit_media(unit: Unit, heavy: bool, seed: int):
    """The unit's photo (1600×900; a 2400×1350 photo of a few MB for a unit that uploads heavy images) and the PDF its
    documents attach."""
    Image = get_image_model()
    if heavy:
        noise = PILImage.effect_noise((2400, 1350), 90).convert("RGB")
        buffer = io.BytesIO()
        noise.save(buffer, "JPEG", quality=98)
        content, name = buffer.getvalue(), f"anh-nang-{unit.slug}.jpg"
    else:
        content, name = draw_photo(seed), f"anh-{unit.slug}.jpg"
    image = Image(
        title=f"Ảnh hoạt động – {unit.name}", collection=unit.collection, file=ImageFile(io.BytesIO(content), name=name)
    )
    image._set_image_file_metadata()  # size and hash, as an upload through the admin records them
    image.save()
    pdf = simple_pdf([unit.slug, "Van ban do luong giam sat"])
    document = Document(title=f"Văn bản đo lường – {unit.name}", collection=unit.collection)
    document.file.save(f"giam-sat-{unit.slug}.pdf", ContentFile(pdf), save=False)
    document.file_size = len(pdf)
    document.save()
    return image, (document, len(pdf), sha256_of(ContentFile(pdf)))


def paragraph(text: str, broken_link: bool = False) -> list[dict]:
    link = ' Xem <a linktype="page" id="987654321">hướng dẫn chi tiết</a>.' if broken_link else ""
    return [{"type": "paragraph", "value": f"<p>{text}{link}</p>"}]


def seed_news(batch, unit, sections, habits, rng, image) -> int:
    """News 1–3 a week (none in some weeks; every day for the city), direction and legal dissemination monthly."""
    count = 0
    news = sections.get("news")
    if news is None:
        return 0
    for monday in mondays(FIRST_DAY - dt.timedelta(days=6), LAST_DAY):
        if unit.kind == "city":
            days = [monday + dt.timedelta(days=d) for d in range(7) if rng.random() < 0.93]
        elif rng.random() < habits.quiet_weeks:
            days = []
        else:
            days = [monday + dt.timedelta(days=rng.randrange(7)) for _ in range(rng.randint(*habits.articles_per_week))]
        for day in days:
            if not FIRST_DAY <= day <= LAST_DAY:
                continue
            subject = rng.choice(SUBJECTS)
            at = moment(day, rng.randint(7, 20), rng.randrange(60))
            alt = "" if rng.random() < habits.alt_missing else f"Cán bộ {unit.name} triển khai {subject}"
            page = NewsArticlePage(
                title=f"{unit.name} triển khai {subject} ({day:%d/%m})",
                intro=f"Tin hoạt động của {unit.name} về {subject}.",
                featured_image=image,
                featured_image_alt=alt,
                body=paragraph(
                    f"{unit.name} tổ chức triển khai {subject} trên địa bàn.",
                    habits.broken_links and rng.random() < 0.1,
                ),
                date=at,
            )
            batch.add(news, page, at)
            count += 1
    for key, every in (("direction", 30), ("propaganda", 30), ("announcements", 45), ("recruitment", 120)):
        section = sections.get(key)
        if section is None:
            continue
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(10))
        while day <= LAST_DAY:
            at = moment(day, 9)
            subject = rng.choice(SUBJECTS)
            page = NewsArticlePage(
                title=f"{section.title}: {subject} ({day:%d/%m/%Y})",
                intro=f"{section.title} của {unit.name} về {subject}.",
                featured_image=image,
                featured_image_alt=f"Hội nghị về {subject} tại {unit.name}",
                body=paragraph(f"Nội dung {section.title.lower()} về {subject}."),
                date=at,
            )
            batch.add(section, page, at)
            count += 1
            gap = every + (0 if habits.level == 0 else rng.randint(0, 30 * habits.level))
            day += dt.timedelta(days=gap)
    return count


def seed_documents(batch, unit, sections, habits, rng, own_body, other_bodies, types, attachment) -> int:
    """Own documents 2–4 a month (posted within 2 working days, or late), other bodies' 1–2 a month (within 10)."""
    registry = sections.get("documents")
    if registry is None:
        return 0
    count, number = 0, 0
    document, size, digest = attachment
    month = FIRST_DAY
    while month <= LAST_DAY:
        month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        month_days = working_days(month, min(LAST_DAY, month_end))
        plan = [("own", rng.randint(2, 4)), ("other", rng.randint(1, 2))]
        for origin, how_many in plan:
            for _ in range(how_many):
                issued = rng.choice(month_days)
                late = rng.random() < habits.documents_late
                limit = 2 if origin == "own" else 10
                delay = rng.randint(limit + 1, limit + 8) if late else rng.randint(0, limit)
                posted = add_working_days(issued, delay) if delay else issued
                if posted > LAST_DAY:
                    continue
                kind = rng.choice(types)
                number += 1
                body = own_body if origin == "own" else rng.choice(other_bodies)
                code = f"{number}/{kind.abbreviation}-{'UBND' if origin == 'own' else 'BN'}{unit.pk}"
                subject = rng.choice(SUBJECTS)
                page = LegalDocumentPage(
                    title=f"{kind.name} số {code} về {subject}",
                    number=code,
                    document_type=kind,
                    issuing_body=body,
                    issue_date=issued,
                    abstract=f"Về {subject} ({body.name})",
                )
                page.fill_derived_fields()
                page.attachments = [
                    LegalDocumentAttachment(document=document, extension="pdf", size=size, sha256=digest)
                ]
                batch.add(registry, page, moment(posted, rng.randint(8, 17)))
                count += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return count


def seed_schedule(batch, unit, sections, habits, rng, leaders) -> tuple[int, int]:
    """A week page per ISO week, published the Friday before (or late: after Monday 08:00; or missing)."""
    schedule = sections.get("schedule")
    if schedule is None:
        return 0, 0
    weeks = entries = 0
    # Every ISO week with a day in the seeded span (the week of 1 January starts on 29 December 2025).
    for monday in mondays(FIRST_DAY - dt.timedelta(days=FIRST_DAY.weekday()), LAST_DAY):
        if rng.random() < habits.schedule_missing:
            continue
        if rng.random() < habits.schedule_late:
            published = moment(monday, rng.randint(9, 16)) + dt.timedelta(days=rng.randint(0, 2))
        else:
            published = moment(monday - dt.timedelta(days=3), 16)
        page = WorkScheduleWeekPage(week_start=monday)
        page._set_week_identity()
        lines = []
        for weekday in range(5):
            for _ in range(rng.randint(0, 2)):
                lines.append(
                    ScheduleEntry(
                        weekday=weekday,
                        start_time=dt.time(rng.choice((7, 8, 9, 14, 15)), rng.choice((0, 30))),
                        content=f"Họp bàn về {rng.choice(SUBJECTS)}",
                        chair=leaders[0].name if leaders else "",
                        location=f"Hội trường {unit.name}",
                    )
                )
        page.entries = lines
        batch.add(schedule, page, published)
        weeks += 1
        entries += len(lines)
    return weeks, entries


def seed_disclosure(batch, unit, sections, habits, rng, attachment) -> int:
    """Plans, a project, statistics, science (city, departments), finance reports for some quarters."""
    count = 0

    def item(key, kind, title, issued, delay, **fields):
        nonlocal count
        section = sections.get(key)
        if section is None:
            return
        posted = add_working_days(issued, delay) if delay else issued
        if posted > LAST_DAY:
            return
        page = DisclosureItemPage(
            title=title, kind=kind, issued_on=issued, summary=f"{title} của {unit.name}", **fields
        )
        batch.add(section, page, moment(posted, 10))
        count += 1

    late = 18 if habits.level == 2 else 4
    item(
        "plans",
        DisclosureKind.WORK_PROGRAMME,
        f"Chương trình công tác năm 2026 – {unit.name}",
        dt.date(2026, 1, 8),
        late,
    )
    item("plans", DisclosureKind.PLAN, f"Kế hoạch cải cách hành chính năm 2026 – {unit.name}", dt.date(2026, 2, 10), 3)
    item(
        "projects",
        DisclosureKind.PROJECT,
        f"Dự án nâng cấp đường nội bộ – {unit.name}",
        dt.date(2026, 3, 16),
        rng.choice((2, late)),
        project_status="underway",
        total_capital=rng.randint(2, 40) * 500_000_000,
        funding_source="Ngân sách địa phương",
    )
    for quarter_end in (dt.date(2026, 4, 10), dt.date(2026, 10, 12)):
        item(
            "statistics",
            DisclosureKind.STATISTICS,
            f"Số liệu thống kê đến {quarter_end:%m/%Y}",
            quarter_end,
            rng.choice((3, late)),
        )
    item(
        "science",
        DisclosureKind.SCIENCE,
        f"Đề tài khoa học cấp cơ sở 2026 – {unit.name}",
        dt.date(2026, 5, 20),
        5,
        code=f"ĐT-{unit.pk}-2026",
    )
    item("disclosure", DisclosureKind.FEES, f"Công khai phí, lệ phí năm 2026 – {unit.name}", dt.date(2026, 1, 15), 2)
    # Finance: the estimate in January; communes and wards a report per quarter (and the half-year), others the year.
    if 0 in habits.finance_quarters or habits.level == 0:
        item(
            "finance",
            DisclosureKind.BUDGET_ESTIMATE,
            "Dự toán ngân sách năm 2026",
            dt.date(2026, 1, 12),
            5,
            period_year=2026,
        )
    if unit.kind in ("ward", "commune"):
        reports = (
            (0, ReportPeriod.Q1, dt.date(2026, 4, 15)),
            (1, ReportPeriod.Q2, dt.date(2026, 7, 15)),
            (1, ReportPeriod.H1, dt.date(2026, 7, 20)),
            (2, ReportPeriod.Q3, dt.date(2026, 10, 15)),
        )
        for needed, period, issued in reports:
            if needed in habits.finance_quarters:
                label = dict(ReportPeriod.choices)[period]
                item(
                    "finance",
                    DisclosureKind.BUDGET_EXECUTION,
                    f"Báo cáo tình hình thực hiện dự toán ngân sách {label}/2026",
                    issued,
                    5,
                    period_year=2026,
                    period=period,
                )
    elif habits.finance_quarters:
        item(
            "finance",
            DisclosureKind.FINANCIAL_REPORT,
            "Báo cáo tài chính năm 2025",
            dt.date(2026, 3, 20),
            5,
            period_year=2025,
        )
    return count


def seed_consultation(batch, unit, sections, habits, rng) -> int:
    section = sections.get("consultation")
    if section is None or not habits.consultation:
        return 0
    opens = moment(dt.date(2026, rng.randint(2, 9), 1), 8)
    page = ConsultationPage(
        title=f"Lấy ý kiến dự thảo quy chế {rng.choice(SUBJECTS)} – {unit.name}",
        intro="Dự thảo quy chế; mời người dân góp ý.",
        drafting_body=f"Văn phòng {unit.name}",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=30),
    )
    batch.add(section, page, opens - dt.timedelta(days=1))
    return 1


def seed_officials(unit, habits, rng, has_spokesperson_section: bool) -> list[Official]:
    """A chair, two deputies, a contact official; the spokesperson appointed in March, marked on time, late or not."""
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung")
    positions = ("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch", "Công chức Văn phòng")
    officials = []
    for order, (name, position) in enumerate(zip(names, positions, strict=True)):
        official = Official(
            unit=unit,
            locale_id=unit.home_page.locale_id,
            name=f"{name} {unit.pk}",
            position=f"{position} {unit.name}",
            email=f"lanhdao{order}.{unit.slug}@example.gov.vn",
            phone="0276 3822 000",
            sort_order=order,
            is_leader=order < 3,
            is_contact=order == 3,
            term_start=dt.date(2021, 7, 1),
        )
        if order == 1 and habits.spokesperson != "missing" and has_spokesperson_section:
            official.is_spokesperson = True
            official.spokesperson_appointed_on = dt.date(2026, 3, 2)
        official.save()
        officials.append(official)
    spokesperson = next((o for o in officials if o.is_spokesperson), None)
    if spokesperson is not None:
        hours = 20 if habits.spokesperson == "on_time" else rng.randint(50, 200)
        since = moment(dt.date(2026, 3, 2), 0) + dt.timedelta(hours=hours)
        Official.objects.filter(pk=spokesperson.pk).update(spokesperson_since=since)
    return officials


def seed_questions(unit, habits, rng, topics, today) -> int:
    """Questions 2–5 a month: answered on time, late, or never (overdue once the deadline passes); a few information
    requests."""
    rows = []
    for day in working_days(FIRST_DAY, LAST_DAY):
        if rng.random() > 0.16:
            continue
        received = moment(day, rng.randint(7, 20), rng.randrange(60))
        info = rng.random() < 0.12
        topic = None if info else rng.choice(topics)
        kind = (
            Question.Kind.INFORMATION_REQUEST
            if info
            else rng.choice((Question.Kind.QUESTION, Question.Kind.FEEDBACK, Question.Kind.PETITION))
        )
        deadline = answer_deadline(received, topic, kind)
        question = Question(
            unit=unit,
            tracking_code=f"BQ{unit.pk:04d}{len(rows):04d}",
            kind=kind,
            topic=topic,
            title=f"Hỏi về {rng.choice(SUBJECTS)}",
            content="Đề nghị đơn vị cho biết thủ tục và thời hạn giải quyết.",
            sender_name="Người dân đo lường",
            consent_at=received,
            received_at=received,
            deadline=deadline,
            verification=Question.Verification.PROOF_OF_WORK,
        )
        if rng.random() < habits.questions_open:
            question.status = rng.choice((Question.Status.RECEIVED, Question.Status.ASSIGNED))
        else:
            late = rng.random() < habits.questions_late
            limit = INFORMATION_REQUEST_WORKING_DAYS if info else (topic.answer_working_days or 15)
            delay = rng.randint(limit + 1, limit + 12) if late else rng.randint(2, max(2, limit - 1))
            answered = add_working_days(received, delay)
            if answered >= today:
                question.status = Question.Status.ASSIGNED
            else:
                question.status = Question.Status.ANSWERED if info else Question.Status.PUBLISHED
                question.answer = "Đơn vị trả lời như sau: hồ sơ gồm tờ khai và giấy tờ liên quan."
                question.answered_at = moment(answered, 15)
                if not info:
                    question.published_at = moment(answered, 16)
                    question.public_title = question.title
                    question.public_content = question.content
        question.fill_search_text()
        rows.append(question)
    with past_dates(Question._meta.get_field("received_at")):
        Question.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def seed_usage(unit, habits, rng, section_pages) -> tuple[int, int]:
    """Page views per section and day (fewer on weekends; more for the city) and ratings per month."""
    base = 400 if unit.kind == "city" else rng.randint(20, 120)
    counts = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        weekend = 0.5 if day.weekday() >= 5 else 1.0
        for position, section in enumerate(VIEWED_SECTIONS):
            if section and section not in section_pages:
                continue
            views = int(base * weekend / (1 + position) * rng.uniform(0.6, 1.4))
            if views:
                counts.append(PageViewCount(unit=unit, section=section, day=day, views=views))
        day += dt.timedelta(days=1)
    PageViewCount.objects.bulk_create(counts, batch_size=1000)
    ratings = []
    for month in range(1, 12):
        for _ in range(rng.randint(0, 12 if habits.level < 2 else 4)):
            key = rng.choice([k for k in ("news", "documents", "qa", "services") if k in section_pages] or [""])
            score = min(5, max(1, round(rng.gauss(habits.rating_mean, 0.9))))
            created = dt.date(2026, month, rng.randint(1, 28))
            ratings.append(
                PageRating(
                    unit=unit,
                    kind=PageRating.Kind.PAGE,
                    page=section_pages.get(key),
                    section=key,
                    month=created.replace(day=1),
                    score=score,
                    created_on=created,
                )
            )
    with past_dates(PageRating._meta.get_field("created_on")):
        PageRating.objects.bulk_create(ratings, batch_size=500)
    return len(counts), len(ratings)


def review_sections(unit, habits, rng, sections) -> None:
    """Section pages (introduction, organisation, contacts, services …) get a summary and a last review date: within
    the last months for a diligent unit, over a year ago for a neglected one."""
    for page in sections.values():
        if habits.stale_sections:
            reviewed = moment(dt.date(2025, rng.randint(1, 10), rng.randint(1, 28)), 10)
        else:
            reviewed = moment(LAST_DAY - dt.timedelta(days=rng.randint(5, 150)), 10)
        changes = {"last_published_at": reviewed, "first_published_at": moment(dt.date(2024, 12, 2), 9)}
        specific = page.specific_class
        if habits.level < 2 and specific is not None and any(f.name == "intro" for f in specific._meta.fields):
            specific.objects.filter(pk=page.pk).update(intro=f"{page.title} của {unit.name}.")
        Page.objects.filter(pk=page.pk).update(**changes)


def seed_english(unit, sections) -> int:
    """The English versions of the pages NĐ42 Đ7(2) requires (organisation, leaders, contacts) for some units."""
    from wagtail.models import Locale

    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return 0
    made = 0
    for key in ("org", "leaders", "contacts"):
        page = sections.get(key)
        if page is None:
            continue
        page = page.specific
        if page.has_translation(english):
            continue
        try:
            translated = page.copy_for_translation(english, copy_parents=True)
        except Exception as error:  # a bench: say why and go on
            print(f"  (không tạo được bản tiếng Anh “{page.title}”: {error})")
            continue
        translated.save_revision().publish()
        made += 1
    return made


def seed(count: int, today: dt.date) -> None:
    call_command("migrate", verbosity=0)
    if (
        Unit.objects.filter(slug=CITY_SLUG).exists()
        and NewsArticlePage.objects.filter(path__startswith=Unit.objects.get(slug=CITY_SLUG).home_page.path).exists()
    ):
        raise SystemExit(
            "Cơ sở dữ liệu này đã được gieo dữ liệu đo lường (đơn vị benchcity đã có nội dung). "
            "Hãy dùng một cơ sở dữ liệu mới: thư mục PORTAL_VAR_DIR khác, hoặc dropdb/createdb với PostgreSQL."
        )
    started = time.perf_counter()
    units = []
    for number, spec in enumerate(unit_specs(count), start=1):
        units.append(provision_unit(spec).unit)
        if number % 10 == 0 or number == count:
            print(f"Tạo cổng: {number}/{count} đơn vị, {time.perf_counter() - started:.0f} s", flush=True)
    provisioned = time.perf_counter() - started
    # The units existed before the year of content (a unit is not scored for periods before its creation).
    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(
        created_at=dt.datetime.combine(FIRST_DAY - dt.timedelta(days=31), dt.time(8), tzinfo=dt.UTC)
    )
    user, _created = get_user_model().objects.get_or_create(
        username=SUPERUSER, defaults={"email": "bench@example.gov.vn"}
    )
    user.is_superuser = user.is_staff = True
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"key": TOTP_KEY, "confirmed": True})

    types = list(
        DocumentType.objects.filter(abbreviation__in=("QĐ", "KH", "TB", "BC", "CV", "HD")).exclude(abbreviation="")
    )
    types = types or list(DocumentType.objects.exclude(abbreviation="")[:6])
    topics = list(Topic.objects.filter(locale__language_code="vi"))
    national = list(IssuingBody.objects.filter(unit__isnull=True, locale__language_code="vi")[:5])
    bodies = {body.unit_id: body for body in IssuingBody.objects.filter(unit__in=units, locale__language_code="vi")}
    city = units[0]
    totals: dict[str, int] = defaultdict(int)
    content_started = time.perf_counter()
    batch = PageBatch()
    phases: dict[str, float] = defaultdict(float)
    for index, unit in enumerate(units):
        rng = random.Random(1000 + index)
        habits = Diligence(rng, index)
        rows = UnitSection.objects.filter(unit=unit).select_related("page")
        sections = {row.key: row.page for row in rows}
        clock = PhaseClock(phases)
        with clock("media"):
            image, attachment = unit_media(unit, habits.heavy_images, index)
        with transaction.atomic():
            with clock("officials, section reviews"):
                review_sections(unit, habits, rng, sections)
                leaders = seed_officials(unit, habits, rng, "spokesperson" in sections)
            with clock("pages (built in memory)"):
                totals["articles"] += seed_news(batch, unit, sections, habits, rng, image)
                city_body = bodies.get(city.pk) if unit.pk != city.pk else None
                other_bodies = [body for body in (*national, city_body) if body is not None]
                if unit.pk in bodies:
                    totals["documents"] += seed_documents(
                        batch, unit, sections, habits, rng, bodies[unit.pk], other_bodies, types, attachment
                    )
                weeks, entries = seed_schedule(batch, unit, sections, habits, rng, leaders)
                totals["schedule weeks"] += weeks
                totals["schedule entries"] += entries
                totals["disclosure items"] += seed_disclosure(batch, unit, sections, habits, rng, attachment)
                totals["consultations"] += seed_consultation(batch, unit, sections, habits, rng)
            with clock("pages (bulk insert)"):
                totals["pages"] += batch.flush()
            with clock("questions"):
                if "qa" in sections:  # contributing organisations take no questions
                    totals["questions"] += seed_questions(unit, habits, rng, topics, today)
            with clock("page views, ratings"):
                views, ratings = seed_usage(unit, habits, rng, sections)
                totals["page view rows"] += views
                totals["ratings"] += ratings
        if habits.english and unit.kind not in CONTRIBUTING_KINDS:
            with clock("English pages (Wagtail API)"):
                totals["english pages"] += seed_english(unit, sections)
        done = index + 1
        if done % 5 == 0 or done == len(units):
            elapsed = time.perf_counter() - content_started
            print(
                f"Nội dung: {done}/{len(units)} đơn vị, {totals['pages']} trang, {elapsed:.0f} s "
                f"({elapsed / done:.1f} s mỗi đơn vị)",
                flush=True,
            )
    content = time.perf_counter() - content_started
    print("Nội dung theo phần: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items()))
    checking = time.perf_counter()
    problems = Page.find_problems()  # two queries per page: about a minute for 100 units
    names = ("ký tự lạ", "sai độ dài bước", "trang mồ côi", "sai độ sâu", "sai số trang con")
    broken = {name: ids for name, ids in zip(names, problems, strict=True) if ids}
    print(f"CSDL {connection.vendor}; {len(units)} đơn vị; " + ", ".join(f"{v} {k}" for k, v in totals.items()))
    print(
        f"Thời gian: tạo cổng {provisioned:.0f} s, nội dung {content:.0f} s, tổng {time.perf_counter() - started:.0f} s"
    )
    if broken:
        raise SystemExit(f"Cây trang hỏng: {broken}")
    print(f"Cây trang nguyên vẹn (treebeard find_problems: không có lỗi, {time.perf_counter() - checking:.0f} s).")
    print(f"Tài khoản quản trị: {SUPERUSER} / {PASSWORD} (mã xác thực: khóa TOTP {TOTP_KEY})")


# --- Measure --------------------------------------------------------------------------------------------------------


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _totp_code() -> str:
    device = TOTPDevice.objects.get(user__username=SUPERUSER, name="bench")
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(base: str, host: str):
    """A requests session signed in as the bench superuser, second factor included."""
    import requests

    session = requests.Session()
    session.headers["Host"] = host
    page = session.get(f"{base}/admin/login/")
    token = CSRF_INPUT.search(page.text).group(1)
    response = session.post(
        f"{base}/admin/login/",
        data={"username": SUPERUSER, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"Đăng nhập thất bại: HTTP {response.status_code}")
    check = session.get(f"{base}/admin/", allow_redirects=False)
    if check.status_code == 302 and "admin/login" not in check.headers.get("Location", ""):
        verify_url = check.headers["Location"]
        verify_url = verify_url if verify_url.startswith("http") else f"{base}{verify_url}"
        for attempt in range(2):
            form = session.get(verify_url)
            token = CSRF_INPUT.search(form.text).group(1)
            response = session.post(
                verify_url, data={"token": _totp_code(), "csrfmiddlewaretoken": token}, allow_redirects=False
            )
            if response.status_code == 302:
                break
            if attempt == 0:  # a code is accepted once: a run within the same 30 s waits for the next one
                time.sleep(31 - time.time() % 30)
        else:
            raise SystemExit(f"Xác thực hai lớp thất bại: HTTP {response.status_code}")
    return session


def time_build(label: str, period, today, rounds: int) -> None:
    """`report.build` for every unit (units=None, as the office's dashboard asks for it), `rounds` times."""
    timings, queries = [], []
    for _round in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            built = report.build(period, None, today=today)
            timings.append(time.perf_counter() - started)
        queries.append(len(captured))
    print(
        f"{label:<34} {len(built.units):>5} {statistics.median(timings) * 1000:>9.0f} {max(timings) * 1000:>9.0f} "
        f"{min(queries):>6}–{max(queries)}"
    )


def measure(host: str, port: int, rounds: int, today: dt.date) -> None:
    units = list(Unit.objects.all())
    running = Period.containing(today, MONTH)
    closed = running.previous()
    year = Period.containing(today, YEAR)
    print(f"{len(units)} đơn vị; hôm nay {today:%d/%m/%Y}; CSDL {connection.vendor}; {rounds} lượt")
    print(f"{'report.build':<34} {'đ.vị':>5} {'p50 ms':>9} {'max ms':>9} {'SQL':>9}")
    time_build(f"tháng đang chạy {running.key}", running, today, rounds)
    deleted, _ = UnitScore.objects.filter(period=closed.key).delete()
    if deleted:
        print(f"  (xóa {deleted} điểm đã lưu của {closed.key} để đo lần tính đầu tiên)")
    time_build(f"tháng đã khóa sổ {closed.key}: lần đầu", closed, today, 1)
    kept = UnitScore.objects.filter(period=closed.key).count()
    time_build(f"tháng đã khóa sổ {closed.key}: đọc lại", closed, today, rounds)
    print(f"  ({kept} điểm của {closed.key} được lưu)")
    time_build(f"cả năm {year.key}", year, today, rounds)

    base = f"http://127.0.0.1:{port}"
    admin_host = f"{host}:{port}"
    sample = next((u for u in units if u.kind == "ward"), units[-1])
    paths = {
        "bảng giám sát": "/admin/giam-sat/",
        f"bảng giám sát {closed.key}": f"/admin/giam-sat/?ky={closed.key}",
        f"đơn vị {sample.slug}": f"/admin/giam-sat/don-vi/{sample.pk}/",
    }
    print(f"\nBảng giám sát qua HTTP, máy chủ {base} (Host {admin_host})")
    # The first request may compute and keep the closed months of the trend: shown apart from the following ones.
    print(f"{'trang':<30} {'HTTP':>5} {'lần đầu':>8} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>6}")
    session = signed_in(base, admin_host)
    client = Client(HTTP_HOST=admin_host)
    client.force_login(get_user_model().objects.get(username=SUPERUSER))
    session_store = client.session
    session_store[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user__username=SUPERUSER, name="bench").persistent_id
    session_store.save()
    for label, path in paths.items():
        timings, status = [], 0
        for _ in range(rounds + 1):
            started = time.perf_counter()
            response = session.get(f"{base}{path}", allow_redirects=False)
            timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        first, rest = timings[0], timings[1:]
        client.get(path)  # warm this process's caches, as the server's are
        with CaptureQueriesContext(connection) as captured:
            local = client.get(path)
        sql = len(captured) if local.status_code == 200 else f"{local.status_code}"
        print(
            f"{label:<30} {status:>5} {first:>8.0f} {statistics.median(rest):>8.0f} {_percentile(rest, 0.95):>8.0f} "
            f"{sql:>6}"
        )
        if status != 200:
            print(f"  (HTTP {status} từ máy chủ cho {path}: trang chưa có, hoặc chưa đăng nhập được)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed")
    seed_parser.add_argument("count", type=int, nargs="?", default=100)
    measure_parser = commands.add_parser("measure")
    measure_parser.add_argument("--host", default=os.environ.get("PORTAL_BASE_DOMAIN", "localhost"))
    measure_parser.add_argument("--port", type=int, default=int(os.environ.get("PORTAL_PORT", "8105")))
    measure_parser.add_argument("--rounds", type=int, default=5)
    for sub in (seed_parser, measure_parser):
        sub.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (mặc định: hôm nay)")
    seed_parser.add_argument(
        "--until", type=dt.date.fromisoformat, default=None, help="last day of content (default 2026-11-30)"
    )
    args = parser.parse_args()
    today = args.today or timezone.localdate()
    if args.command == "seed":
        global LAST_DAY  # the span every generator reads
        LAST_DAY = args.until or LAST_DAY
        seed(args.count, today)
    else:
        measure(args.host, args.port, args.rounds, today)


if __name__ == "__main__":
    main()
