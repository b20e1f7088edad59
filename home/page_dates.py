"""The date a page is about, for listings and metadata: a legal document's issue date (“ngày ban hành”), a news
article's own date, otherwise the day the page was first published — never its last re-publication.

A page type has an own date when it has a date field named in OWN_DATE_FIELD_NAMES; the apps that own such types
need no code here (home sits below them and finds the fields through Wagtail's page models).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.models import get_page_models

OWN_DATE_FIELD_NAMES = ("issue_date", "date")


@dataclass(frozen=True)
class OwnDateField:
    model: type
    name: str

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.get_field(self.name).verbose_name)


@dataclass(frozen=True)
class PageDate:
    value: datetime.date | datetime.datetime
    label: str = ""  # the own date's name (“Ngày ban hành”); empty for a publication date


@functools.cache
def own_date_fields() -> tuple[OwnDateField, ...]:
    """The page types with a date of their own and that field, each declared once (not again on a subclass)."""
    found = []
    for model in get_page_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        for name in OWN_DATE_FIELD_NAMES:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.DateField) and field.model is model:
                found.append(OwnDateField(model, name))
            break
    return tuple(found)


def _annotation(index: int) -> str:
    return f"own_date_{index}"


def with_own_dates(queryset: QuerySet, page_ref: str = "pk") -> QuerySet:
    """`queryset` (of pages, or of rows pointing at a page through `page_ref`) with each row's own date, in the same
    one query: a correlated subquery per page type that has one."""
    return queryset.annotate(
        **{
            _annotation(index): Subquery(field.model.objects.filter(pk=OuterRef(page_ref)).values(field.name)[:1])
            for index, field in enumerate(own_date_fields())
        }
    )


def listed_date(row, fallback: datetime.date | datetime.datetime | None) -> PageDate | None:
    """The date to show for a row of `with_own_dates`: its own date with that date's name, else `fallback`."""
    for index, field in enumerate(own_date_fields()):
        value = getattr(row, _annotation(index), None)
        if value is not None:
            return PageDate(value, field.label)
    return PageDate(fallback) if fallback is not None else None


def page_date(page) -> PageDate | None:
    """The date a (specific) page is about: its own date, else when it was first published."""
    if page is None:
        return None
    for field in own_date_fields():
        if isinstance(page, field.model) and getattr(page, field.name, None) is not None:
            return PageDate(getattr(page, field.name), field.label)
    published = getattr(page, "first_published_at", None)
    return PageDate(published) if published is not None else None


def html_datetime(value) -> str:
    """A valid value of HTML's `datetime` attribute: a date as 2026-06-24; a date and time in the current time zone,
    to the second, with its offset (2026-06-24T08:30:00+07:00): the HTML checker refuses microseconds."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
