"""What the checks judge, read for many units at once: their section pages, the items under them, the rows they
show, publish history, questions, ratings, images and links.

Every query here covers all the units of a report (grouped by unit through page paths or unit foreign keys), so a
report costs the same number of queries for 2 units as for 100: one per kind of page or row a probe names, not one
per unit or per check.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Max, Q
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry, PageViewRestriction

from sites.blueprint import BLUEPRINT, Blueprint
from sites.models import Unit, UnitSection, home_path_expression
from workdays.calendar import local_date, local_zone
from workdays.calendar import today as local_today

from .periods import Period
from .probes import PROBES, PageItems, Rows


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the portal's zone (what happened "by `day`" happened before it)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=local_zone())


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


@dataclass
class PageFacts:
    """One page as the checks need it (a section page or an item under one)."""

    pk: int
    title: str
    path: str
    url_path: str
    live: bool
    first_published_at: dt.datetime | None
    last_published_at: dt.datetime | None
    public: bool = True
    event: dt.date | None = None
    owner_unit_id: int | None = None
    extra: dict = field(default_factory=dict)

    def published_on(self) -> dt.date | None:
        """The local date the page first went live (a page live since provisioning has no date: None)."""
        return local_date(self.first_published_at) if self.first_published_at else None

    def visible_by(self, day: dt.date) -> bool:
        """Live, public and already published on `day`."""
        if not (self.live and self.public):
            return False
        published = self.published_on()
        return published is None or published <= day


@dataclass
class RowFacts:
    pk: int
    unit_id: int
    label: str
    values: dict
    updated_at: dt.datetime | None = None


@dataclass
class UnitFacts:
    unit: Unit
    sections: dict[str, PageFacts] = field(default_factory=dict)  # blueprint key → the section page
    section_content: dict[str, bool] = field(default_factory=dict)  # the section page's own fields hold content
    items: dict[str, list[PageFacts]] = field(default_factory=dict)  # section key → its item pages (drafts too)
    rows: dict[Rows, list[RowFacts]] = field(default_factory=dict)
    publish_log: dict[int, dt.datetime] = field(default_factory=dict)  # page id → its last publish by as_of
    created_log: dict[int, dt.datetime] = field(default_factory=dict)  # page id → its creation, if by as_of


class Facts:
    """Everything `evaluate` reads, for `units` and `period`, judged at `as_of`."""

    def __init__(self, units: list[Unit], period: Period, today: dt.date, blueprint: Blueprint = BLUEPRINT):
        self.period = period
        self.today = today  # what is known: a deadline after the period's end is judged by what happened until today
        self.as_of = period.as_of(today)  # the period's events and rhythms are judged up to this day
        self.until = end_of_day(self.as_of)
        # The moment things are known at: now when `today` is the real today, the end of `today` otherwise.
        self.now = timezone.now() if today == local_today() else end_of_day(today)
        self.blueprint = blueprint
        self.units = {unit.pk: UnitFacts(unit) for unit in units}
        self._restricted: list[str] | None = None
        self._load_sections()
        self._load_items()
        self._load_rows()
        self._load_publish_log()

    # --- pages ----------------------------------------------------------------------------------------------------

    def restricted_paths(self) -> list[str]:
        """Paths of the pages under a view restriction (their subtrees are not public)."""
        if self._restricted is None:
            self._restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        return self._restricted

    def is_public(self, path: str) -> bool:
        return not any(path.startswith(restricted) for restricted in self.restricted_paths())

    def _load_sections(self) -> None:
        rows = (
            UnitSection.objects.filter(unit_id__in=self.units)
            .select_related("page", "page__content_type")
            .only(
                "unit_id",
                "key",
                "page__id",
                "page__title",
                "page__path",
                "page__url_path",
                "page__live",
                "page__first_published_at",
                "page__last_published_at",
                "page__content_type",
            )
        )
        by_model: dict[type, list[tuple[UnitFacts, str, int]]] = defaultdict(list)
        for row in rows:
            page = row.page
            facts = self.units[row.unit_id]
            facts.sections[row.key] = PageFacts(
                page.pk,
                page.title,
                page.path,
                page.url_path,
                page.live,
                page.first_published_at,
                page.last_published_at,
                public=self.is_public(page.path),
            )
            probe = PROBES.get(row.key)
            if probe is not None and probe.fields:
                by_model[page.content_type.model_class()].append((facts, row.key, page.pk))
        # The section pages' own content: one query per page type that holds a probed field.
        for model, entries in by_model.items():
            if model is None:
                continue
            wanted = {name for _facts, key, _pk in entries for name in PROBES[key].fields if _has_field(model, name)}
            if not wanted:
                continue
            columns = {f"{name}_id" if model._meta.get_field(name).is_relation else name for name in wanted}
            values = {
                row["pk"]: row for row in model.objects.filter(pk__in=[e[2] for e in entries]).values("pk", *columns)
            }
            for facts, key, pk in entries:
                row = values.get(pk, {})
                facts.section_content[key] = any(_is_filled(row.get(column)) for column in columns)

    def _load_items(self) -> None:
        """The pages directly under each section page, one query per item page type (and filter)."""
        groups: dict[PageItems, dict[str, tuple[UnitFacts, str]]] = defaultdict(dict)
        for facts in self.units.values():
            for key, page in facts.sections.items():
                probe = PROBES.get(key)
                if probe is not None and probe.items is not None:
                    groups[probe.items][page.path] = (facts, key)
                    facts.items.setdefault(key, [])
        for items, parents in groups.items():
            model = apps.get_model(items.model)
            columns = ["pk", "title", "path", "url_path", "live", "first_published_at", "last_published_at"]
            if items.event:
                columns.append(items.event)
            if items.owner:
                columns.append(items.owner)
            extra = _EXTRA_COLUMNS.get(items.model, ())
            queryset = (
                model.objects.annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
                .filter(items.filter, parent_path__in=list(parents), alias_of__isnull=True)
                .order_by("path")
                .values("parent_path", *columns, *extra)
            )
            for row in queryset:
                facts, key = parents[row["parent_path"]]
                event = row.get(items.event) if items.event else None
                if isinstance(event, dt.datetime):
                    event = local_date(event)
                facts.items[key].append(
                    PageFacts(
                        row["pk"],
                        row["title"],
                        row["path"],
                        row["url_path"],
                        row["live"],
                        row["first_published_at"],
                        row["last_published_at"],
                        public=self.is_public(row["path"]),
                        event=event,
                        owner_unit_id=row.get(items.owner) if items.owner else None,
                        extra={name: row[name] for name in extra},
                    )
                )

    # --- rows -----------------------------------------------------------------------------------------------------

    def _load_rows(self) -> None:
        """The rows each probe's section shows, one query per declaration, plus one query of the admin's log per row
        model. A row's last change by `as_of` is the latest before the end of that day of its log entries (an edit,
        or its creation in the admin), its `updated` field and its `dated` fields (`probes.Rows`): a row created by
        a script leaves no log entry, but a date of its own still shows when it changed."""
        declared = {rows for probe in PROBES.values() for rows in probe.rows}
        by_model: dict[type, list[RowFacts]] = defaultdict(list)
        for rows in declared:
            model = apps.get_model(rows.model)
            queryset = model.objects.filter(rows.filter, unit_id__in=list(self.units))
            if _has_field(model, "locale"):
                queryset = queryset.filter(locale__language_code="vi")
            if rows.current:
                queryset = queryset.filter(Q(term_end__isnull=True) | Q(term_end__gte=self.as_of)).filter(
                    Q(term_start__isnull=True) | Q(term_start__lte=self.as_of)
                )
            columns = [name for name in _ROW_COLUMNS.get(rows.model, ()) if _has_field(model, name)]
            stamps = [name for name in (rows.updated, *rows.dated) if name]
            columns.extend(name for name in stamps if name not in columns)
            for row in queryset.order_by("pk").values("pk", "unit_id", *columns):
                label = row.get("name") or str(row["pk"])
                facts = RowFacts(row["pk"], row["unit_id"], label, row)
                facts.updated_at = self.latest_known(row[name] for name in stamps)
                by_model[model].append(facts)
                self.units[row["unit_id"]].rows.setdefault(rows, []).append(facts)
        for model, row_facts in by_model.items():
            content_type = ContentType.objects.get_for_model(model)  # cached by Django after the first read
            latest = dict(
                ModelLogEntry.objects.filter(
                    content_type=content_type,
                    object_id__in={str(row.pk) for row in row_facts},
                    timestamp__lt=self.until,
                )
                .order_by()
                .values_list("object_id")
                .annotate(last=Max("timestamp"))
            )
            for row in row_facts:
                row.updated_at = self.latest_known([row.updated_at, latest.get(str(row.pk))])

    def latest_known(self, moments) -> dt.datetime | None:
        """The latest of `moments` (datetimes, or dates counted from the start of that local day) before the end of
        `as_of`; None when there is none."""
        known = []
        for moment in moments:
            if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
                moment = dt.datetime.combine(moment, dt.time.min, tzinfo=local_zone())
            if moment is not None and moment < self.until:
                known.append(moment)
        return max(known) if known else None

    def _load_publish_log(self) -> None:
        """The last publication by `as_of` of the section pages a `reviewed` rule judges and of their items
        (Wagtail's log of publications), and their creation (a page created live, as provisioning creates section
        pages, is published by its creation and carries no publication date): one query for every unit, a fixed
        list of section pages, their items reached by path."""
        reviewed = {s.key for s in self.blueprint.sections if any(r.rule == "reviewed" for r in s.freshness.rules)}
        owners: dict[int, UnitFacts] = {}
        parents: list[str] = []
        for facts in self.units.values():
            for key, page in facts.sections.items():
                if key in reviewed:
                    owners[page.pk] = facts
                    parents.append(page.path)
                    owners.update({item.pk: facts for item in facts.items.get(key, [])})
        if not owners:
            return
        latest = (
            PageLogEntry.objects.filter(action__in=(PUBLISH, CREATE), timestamp__lt=self.until)
            .annotate(parent_path=Substr("page__path", 1, Length("page__path") - Page.steplen))
            .filter(Q(page__path__in=parents) | Q(parent_path__in=parents))
            .order_by()
            .values_list("page_id", "action")
            .annotate(last=Max("timestamp"))
        )
        for page_id, action, last in latest:
            if page_id in owners:
                log = owners[page_id].publish_log if action == PUBLISH else owners[page_id].created_log
                log[page_id] = last


PUBLISH, CREATE = "wagtail.publish", "wagtail.create"


def _is_filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return bool(value)


# Columns the evaluators read besides the page's own (finance reports: their kind and period).
_EXTRA_COLUMNS = {
    "disclosure.DisclosureItemPage": ("kind", "period_year", "period"),
    "participation.ConsultationPage": ("opens_at", "closes_at"),
}
_ROW_COLUMNS = {
    "organization.Official": (
        "name",
        "position",
        "is_spokesperson",
        "spokesperson_appointed_on",
        "spokesperson_since",
    ),
    "organization.SubUnit": ("name",),
    "disclosure.Procedure": ("name",),
}


def unit_home_paths(units: list[Unit]) -> dict[str, int]:
    """{home path: unit id} of the units' homes in every language (the Vietnamese home and its translations)."""
    keys = {unit.home_page.translation_key: unit.pk for unit in units}
    rows = Page.objects.filter(translation_key__in=list(keys), depth=2).values_list("path", "translation_key")
    return {path: keys[key] for path, key in rows}


def pages_of_units(queryset, home_paths: dict[str, int]):
    """`queryset` (pages) narrowed to the trees of the units whose homes are `home_paths`, annotated `home_path`."""
    return queryset.annotate(home_path=home_path_expression("path")).filter(home_path__in=list(home_paths))


def pk_text(queryset):
    """The primary keys of `queryset` as text (the reference index and the log store object ids as text)."""
    return queryset.annotate(pk_text=Cast("pk", output_field=CharField())).values("pk_text")
