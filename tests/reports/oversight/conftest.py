"""Content for the oversight checks (articles, documents, schedule weeks, disclosure items, officials and questions
dated where a test needs them), and deterministic stand-ins for the checks engine, the counts and the usage counter
with a small score table whose figures are worked out by hand in the tests; the dashboard's fake engine (`fakes.py`),
the office account and a fixed day."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry

from disclosure.items import DisclosureItemPage
from news.models import NewsArticlePage
from organization.models import Official
from reports import usage
from reports.oversight import checks, metrics
from reports.oversight.checks import checks_for_kind
from reports.oversight.results import CheckResult, Finding
from reports.oversight.tables import ScoreItem, ScoreTable
from sites.models import Unit
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD
from tests.documents.conftest import add_document, taxonomy  # noqa: F401  (the registry's taxonomy fixture)
from tests.news.conftest import make_image
from tests.organization.conftest import add_week
from tests.participation.factories import make_question  # noqa: F401
from workdays.calendar import local_zone

from . import fakes

_counter = itertools.count(1)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware moment of `day` in Việt Nam."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=local_zone())


def section_page(unit: Unit, key: str) -> Page:
    return unit.sections.select_related("page").get(key=key).page.specific


def set_published(page: Page, when: dt.datetime | None) -> None:
    """Backdate a publication: the page's dates and its entries in Wagtail's publish log."""
    Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    if when is not None:
        PageLogEntry.objects.filter(page_id=page.pk).update(timestamp=when)


def add_article(unit: Unit, when: dt.datetime | None, key: str = "news", *, live: bool = True, title: str = ""):
    """An article under the unit's section `key`, first published at `when` (a draft when `live` is False)."""
    title = title or f"Tin hoạt động số {next(_counter)}"
    page = NewsArticlePage(
        title=title,
        slug=f"tin-{next(_counter)}",
        intro="Tóm tắt",
        featured_image=make_image(unit),
        featured_image_alt="Cán bộ phường làm việc với người dân",
        body=[{"type": "paragraph", "value": f"<p>{title}</p>"}],
        date=when or timezone.now(),
        live=live,
    )
    section_page(unit, key).add_child(instance=page)
    if live:
        page.save_revision().publish()
        set_published(page, when)
    else:
        page.save_revision()
    return NewsArticlePage.objects.get(pk=page.pk)


def add_dated_document(unit: Unit, body, issued: dt.date, published: dt.datetime | None, number: str = ""):
    """A legal document of `body` issued on `issued`, published at `published` (None: a draft)."""
    page = add_document(
        unit,
        number=number or f"{next(_counter)}/QĐ-UBND",
        document_type=_decision(),
        issuing_body=body,
        issue_date=issued,
        publish=published is not None,
    )
    if published is not None:
        set_published(page, published)
    return page


def _decision():
    from documents.models import DocumentType

    return DocumentType.objects.get(name="Quyết định", locale=Locale.get_default())


def add_schedule_week(unit: Unit, monday: dt.date, published: dt.datetime | None):
    page = add_week(section_page(unit, "schedule"), monday, [], publish=published is not None)
    if published is not None:
        set_published(page, published)
    return page


def add_disclosure_item(unit: Unit, key: str, kind: str, issued: dt.date, published: dt.datetime | None, **fields):
    page = DisclosureItemPage(
        title=fields.pop("title", f"Mục công khai {next(_counter)}"),
        slug=f"muc-{next(_counter)}",
        kind=kind,
        issued_on=issued,
        live=published is not None,
        **fields,
    )
    section_page(unit, key).add_child(instance=page)
    revision = page.save_revision()
    if published is not None:
        revision.publish()
        set_published(page, published)
    return page


def add_official(unit: Unit, name: str, **fields) -> Official:
    since = fields.pop("spokesperson_since", None)
    official = Official.objects.create(
        unit=unit, name=name, position=fields.pop("position", "Chủ tịch UBND"), locale=Locale.get_default(), **fields
    )
    if since is not None:
        Official.objects.filter(pk=official.pk).update(spokesperson_since=since)
        official.refresh_from_db()
    return official


def fill_body(page: Page, when: dt.datetime | None = None, text: str = "Nội dung giới thiệu.") -> Page:
    """Give a section page a body and publish it at `when` (1/10/2026 09:00 by default)."""
    page = page.specific
    page.body = [{"type": "paragraph", "value": f"<p>{text}</p>"}]
    page.save_revision().publish()
    set_published(page, when or at(dt.date(2026, 10, 1)))
    return type(page).objects.get(pk=page.pk)


# A table of its own, valid after the default one (2026-01-01) so it scores the periods the tests use.
SMALL_FROM = dt.date(2026, 3, 1)
SMALL_ITEMS = (
    # key, max points, weight
    ("documents.present", "10", "1"),
    ("news.items_per_days", "20", "2"),
    ("science.present", "5", "1"),  # provincial and department only: out of a ward's maximum
    ("quality.image_alt", "10", "1"),
)


class FakeEngine:
    """`evaluate` gives every check of the unit's kind the ratio set in `ratios[(unit slug, key)]` (1.0 otherwise;
    None makes the result not apply); `counts` and `views` give what the tests set. Counts its calls."""

    def __init__(self):
        self.ratios: dict[tuple[str, str], float | None] = {}
        self.counts_by_slug: dict[str, dict[str, int]] = {}
        self.views_by_slug: dict[str, dict[str, int]] = {}
        self.calls = {"evaluate": 0, "counts": 0, "views": 0}

    def evaluate(self, units, period, today=None):
        self.calls["evaluate"] += 1
        results = {}
        for unit in units:
            results[unit.pk] = {}
            for check in checks_for_kind(unit.kind):
                ratio = self.ratios.get((unit.slug, check.key), 1.0)
                findings = []
                if ratio is not None and ratio < 1:
                    findings = [
                        Finding(
                            f"Thiếu nội dung “{check.key}”",
                            "Chưa đạt yêu cầu",
                            edit_url=f"/admin/pages/{unit.pk}/edit/",
                            public_url=f"http://{unit.slug}.test/",
                        )
                    ]
                results[unit.pk][check.key] = CheckResult(
                    check.key, unit.pk, ratio, summary=f"{ratio}", findings=findings, value=ratio
                )
        return results

    def counts(self, units, period, today=None):
        self.calls["counts"] += 1
        return {unit.pk: dict(self.counts_by_slug.get(unit.slug, {})) for unit in units}

    def views(self, units, period):
        self.calls["views"] += 1
        return {unit.pk: dict(self.views_by_slug[unit.slug]) for unit in units if unit.slug in self.views_by_slug}


@pytest.fixture
def engine(monkeypatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(checks, "evaluate", fake.evaluate)
    monkeypatch.setattr(metrics, "counts", fake.counts)
    monkeypatch.setattr(usage, "views", fake.views, raising=False)
    return fake


def make_table(valid_from: dt.date, items=SMALL_ITEMS, name: str = "Thang điểm thử nghiệm") -> ScoreTable:
    table = ScoreTable.objects.create(name=name, valid_from=valid_from, basis="Quyết định 15/QĐ-UBND")
    for order, (key, points, weight) in enumerate(items):
        ScoreItem.objects.create(
            table=table,
            check_key=key,
            label=checks.get_check(key).title,
            clause=checks.get_check(key).clause("city"),
            max_points=Decimal(points),
            weight=Decimal(weight),
            sort_order=order,
        )
    return table


@pytest.fixture
def small_table(db) -> ScoreTable:
    return make_table(SMALL_FROM)


def backdate(*units, to: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)) -> None:
    """Units created before the periods the tests score (provisioning stamps them with today's clock)."""
    from sites.models import Unit

    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(created_at=to)
    for unit in units:
        unit.created_at = to


# The dashboard's fixtures.


@pytest.fixture
def fake_engine(monkeypatch):
    fakes.install(monkeypatch)


@pytest.fixture
def fixed_today(monkeypatch):
    """Friday 4/12/2026 for the dashboard and its to-do list."""
    monkeypatch.setattr("reports.oversight.views.calendar_today", lambda: fakes.TODAY)
    monkeypatch.setattr("reports.oversight.hooks.calendar_today", lambda: fakes.TODAY)
    return fakes.TODAY


@pytest.fixture
def office(db, two_units):
    user = get_user_model().objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("nguoingoai", "nguoingoai@example.vn", PASSWORD)


@pytest.fixture(autouse=True)
def units_created_early(db):
    """Units the tests make exist from 2025 on (the report leaves out units created after a period): a test about a
    unit's creation day sets `created_at` itself."""
    from django.db.models.signals import post_save

    from sites.models import Unit

    def early(sender, instance, created, **kwargs):
        if created:
            backdate(instance)

    post_save.connect(early, sender=Unit, dispatch_uid="oversight-tests-units-created-early")
    yield
    post_save.disconnect(sender=Unit, dispatch_uid="oversight-tests-units-created-early")
