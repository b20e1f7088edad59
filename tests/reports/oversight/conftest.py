"""Content for the oversight checks: articles, documents, schedule weeks, disclosure items, officials and questions
dated where a test needs them (publication dates and Wagtail's publish log set to the given moment)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry

from disclosure.items import DisclosureItemPage
from news.models import NewsArticlePage
from organization.models import Official
from sites.models import Unit
from tests.documents.conftest import add_document, taxonomy  # noqa: F401  (the registry's taxonomy fixture)
from tests.news.conftest import make_image
from tests.organization.conftest import add_week
from tests.participation.factories import make_question  # noqa: F401
from workdays.calendar import local_zone

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
