"""Which pages the law requires in English are missing or out of date, per unit.

Decree 42/2022 Art. 7(2) asks for an English version of at least the organisation structure, functions and duties
and the contacts of competent officials: the blueprint sections flagged `english_required`, plus the unit's home
page (no English portal without it). An English page also shows the unit's sub-units and officials: a page
translated while some of those rows are not is reported incomplete, with how many rows still lack English.
`translation_status` gives one row per (unit, required page) in a fixed number of queries;
`TranslationStatusView` is the admin report “Bản dịch tiếng Anh” at /admin/reports/ban-dich-tieng-anh/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from languages.helpers import is_alias
from sites.access import ENGLISH, editable_units_for_user, units_for_user
from sites.blueprint import ALL_KINDS, BLUEPRINT, HOME_PAGE, Blueprint, Freshness, Section
from sites.models import PortalSettings, Unit, UnitSection

from .activity import unit_choices

# The clause behind every row of the report.
ENGLISH_BASIS = "NĐ42 Đ7(2)"

# The unit's home page is not a blueprint section, but the English portal starts there.
HOME_SECTION = Section(
    "home",
    "Trang chủ",
    "Home",
    "",
    ALL_KINDS,
    ENGLISH_BASIS,
    "Trang chủ tiếng Anh mang tên tiếng Anh của đơn vị và dẫn tới các trang đã dịch",
    Freshness("always", text="Luôn có"),
    page_type=HOME_PAGE,
    english_required=True,
)


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Chưa dịch")
    DRAFT = "draft", _("Bản nháp, chưa xuất bản")
    OUTDATED = "outdated", _("Cần cập nhật")
    INCOMPLETE = "incomplete", _("Còn dữ liệu chưa dịch")
    CURRENT = "current", _("Đã dịch")


def status_of(vietnamese: Page | None, english: Page | None) -> TranslationStatus:
    """missing: no English page, or only wagtail-localize's alias (it mirrors the Vietnamese text);
    draft: an English page that is not live; outdated: the Vietnamese page was published after the English one;
    current otherwise."""
    if english is None or is_alias(english):
        return TranslationStatus.MISSING
    if not english.live:
        return TranslationStatus.DRAFT
    vi_published, en_published = (
        getattr(vietnamese, "last_published_at", None),
        english.last_published_at,
    )
    if vi_published and en_published and vi_published > en_published:
        return TranslationStatus.OUTDATED
    return TranslationStatus.CURRENT


def _local(value: dt.datetime | None) -> dt.datetime | None:
    # Exports show Vietnamese time (a naive local datetime: XLSX cells carry no time zone).
    return timezone.make_naive(value) if value is not None and timezone.is_aware(value) else value


@dataclass
class DataGap:
    """Rows of one kind a required page shows (sub-units, leaders, …): how many the unit has, how many lack English."""

    label: str
    model: type[models.Model]
    total: int
    missing: int

    @property
    def text(self) -> str:
        """“2/5 lãnh đạo chưa dịch”."""
        return gettext("%(missing)d/%(total)d %(label)s chưa dịch") % {
            "missing": self.missing,
            "total": self.total,
            "label": self.label,
        }

    @property
    def list_url(self) -> str:
        """The snippet listing in Vietnamese, where each row has its “Dịch” action."""
        viewset = self.model.snippet_viewset
        return f"{reverse(viewset.get_url_name('list'))}?locale={settings.LANGUAGE_CODE}"


@dataclass
class TranslationStatusRow:
    """One page a unit must have in English, with its Vietnamese page, its English page (if any) and the status."""

    unit: Unit
    section: Section
    vietnamese_page: Page | None
    english_page: Page | None  # a real translation; an alias counts as none
    status: TranslationStatus
    publishes_english: bool
    data_gaps: list[DataGap] = field(default_factory=list)  # only kinds with rows still lacking English

    @property
    def data_gaps_text(self) -> str:
        return "; ".join(gap.text for gap in self.data_gaps)

    @property
    def basis(self) -> str:
        """The section's legal basis, led by the clause that requires it in English when the section omits it."""
        if "Đ7(2)" in self.section.basis:
            return self.section.basis
        return f"{ENGLISH_BASIS}; {self.section.basis}"

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def vietnamese_title(self) -> str:
        return self.vietnamese_page.title if self.vietnamese_page else ""

    @property
    def english_title(self) -> str:
        return self.english_page.title if self.english_page else ""

    @property
    def vietnamese_published_at(self) -> dt.datetime | None:
        return _local(self.vietnamese_page.last_published_at) if self.vietnamese_page else None

    @property
    def english_published_at(self) -> dt.datetime | None:
        return _local(self.english_page.last_published_at) if self.english_page else None

    @property
    def publishes_english_label(self) -> str:
        return gettext("Có") if self.publishes_english else gettext("Không")


@dataclass
class UnitTranslationSummary:
    """How far one unit is: counts per status and whether citizens see its English pages."""

    unit: Unit
    publishes_english: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def current(self) -> int:
        return self.counts.get(TranslationStatus.CURRENT, 0)

    @property
    def complete(self) -> bool:
        return self.current == self.total

    @property
    def text(self) -> str:
        """“Phường Ninh Sơn: 2/4 trang đã dịch, 1 trang cần cập nhật; chưa công bố tiếng Anh”."""
        parts = [
            gettext("%(unit)s: %(current)d/%(total)d trang đã dịch")
            % {"unit": self.unit.localized_name, "current": self.current, "total": self.total}
        ]
        outdated, drafts = self.counts.get(TranslationStatus.OUTDATED, 0), self.counts.get(TranslationStatus.DRAFT, 0)
        incomplete = self.counts.get(TranslationStatus.INCOMPLETE, 0)
        if outdated:
            text = ngettext("%(count)d trang cần cập nhật", "%(count)d trang cần cập nhật", outdated)
            parts.append(text % {"count": outdated})
        if incomplete:
            text = ngettext(
                "%(count)d trang còn dữ liệu chưa dịch", "%(count)d trang còn dữ liệu chưa dịch", incomplete
            )
            parts.append(text % {"count": incomplete})
        if drafts:
            text = ngettext("%(count)d bản nháp chưa xuất bản", "%(count)d bản nháp chưa xuất bản", drafts)
            parts.append(text % {"count": drafts})
        published = gettext("đã công bố tiếng Anh") if self.publishes_english else gettext("chưa công bố tiếng Anh")
        return "; ".join([", ".join(parts), published])


def required_sections(kind: str, blueprint: Blueprint = BLUEPRINT) -> list[Section]:
    """What a unit of this kind must have in English: its home page, then the flagged blueprint sections (nothing for
    a contributing organisation: NĐ42 Đ7(2) binds state agencies)."""
    if not HOME_SECTION.applies_to(kind):
        return []
    return [HOME_SECTION, *blueprint.english_required_for_kind(kind)]


def data_gaps(unit_ids: list[int], blueprint: Blueprint = BLUEPRINT) -> dict[tuple[int, str], list[DataGap]]:
    """Per (unit, required section key), the kinds of rows its page shows that still lack an English translation.

    One query per kind of data a required page type declares (`shown_data`), whatever the number of units.
    """
    gaps: dict[tuple[int, str], list[DataGap]] = {}
    for section in blueprint.sections:
        if not section.english_required:
            continue
        shown_data = getattr(apps.get_model(section.page_type), "shown_data", None)
        for shown in shown_data() if shown_data else []:
            model = shown.rows.model
            english = model.objects.filter(translation_key=OuterRef("translation_key"), locale__language_code=ENGLISH)
            counts = (
                shown.rows.filter(unit_id__in=unit_ids, locale__language_code=settings.LANGUAGE_CODE)
                .order_by()
                .values("unit_id")
                .annotate(total=Count("pk"), missing=Count("pk", filter=~Q(Exists(english))))
            )
            for count in counts:
                if count["missing"]:
                    gap = DataGap(shown.label, model, count["total"], count["missing"])
                    gaps.setdefault((count["unit_id"], section.key), []).append(gap)
    return gaps


def translation_status(units: QuerySet[Unit], blueprint: Blueprint = BLUEPRINT) -> list[TranslationStatusRow]:
    """One row per (unit, page required in English), units in the given order, pages in blueprint order.

    Four queries whatever the number of units (the units with their homes, their required section pages, the
    English versions of all those pages, the units' portal settings), plus one per kind of data the required pages
    show (`data_gaps`). A required section the unit lacks gives a row without a Vietnamese page (status missing).
    """
    unit_list = list(units.select_related("home_page"))
    if not unit_list:
        return []
    unit_ids = [unit.pk for unit in unit_list]
    keys = {section.key for section in blueprint.sections if section.english_required}
    sections = UnitSection.objects.filter(unit_id__in=unit_ids, key__in=keys).select_related("page")
    vietnamese = {(row.unit_id, row.key): row.page for row in sections}
    english = {
        page.translation_key: page
        for page in Page.objects.filter(
            Q(translation_key__in=Unit.objects.filter(pk__in=unit_ids).values("home_page__translation_key"))
            | Q(
                translation_key__in=UnitSection.objects.filter(unit_id__in=unit_ids, key__in=keys).values(
                    "page__translation_key"
                )
            ),
            locale__language_code=ENGLISH,
        )
    }
    publishes = dict(
        PortalSettings.objects.filter(site_id__in=[unit.site_id for unit in unit_list]).values_list(
            "site_id", "publish_english"
        )
    )
    gaps = data_gaps(unit_ids, blueprint)
    rows = []
    for unit in unit_list:
        for section in required_sections(unit.kind, blueprint):
            page = unit.home_page if section is HOME_SECTION else vietnamese.get((unit.pk, section.key))
            translation = english.get(page.translation_key) if page is not None else None
            status = status_of(page, translation)
            section_gaps = gaps.get((unit.pk, section.key), []) if page is not None else []
            if status == TranslationStatus.CURRENT and section_gaps:
                status = TranslationStatus.INCOMPLETE
            rows.append(
                TranslationStatusRow(
                    unit=unit,
                    section=section,
                    vietnamese_page=page,
                    english_page=translation if translation is not None and not is_alias(translation) else None,
                    status=status,
                    publishes_english=publishes.get(unit.site_id, False),
                    data_gaps=section_gaps,
                )
            )
    return rows


def summarise(rows: Iterable[TranslationStatusRow]) -> list[UnitTranslationSummary]:
    """A summary per unit, in the order the units first appear in `rows`."""
    summaries: dict[int, UnitTranslationSummary] = {}
    for row in rows:
        summary = summaries.setdefault(row.unit.pk, UnitTranslationSummary(row.unit, row.publishes_english))
        summary.counts[row.status] = summary.counts.get(row.status, 0) + 1
    return list(summaries.values())


# --- The admin report ----------------------------------------------------------------------------------------------


class TranslationStatusFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=unit_choices, method="filter_unit", empty_label=_("Tất cả đơn vị của tôi")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=TranslationStatus.choices, method="keep_units", empty_label=_("Tất cả")
    )

    class Meta:
        model = Unit
        fields = ["unit", "status"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(pk=value.pk) if value else queryset

    def keep_units(self, queryset, name, value):
        # Statuses are computed per row, after the query: the view narrows the rows.
        return queryset


class TranslationStatusView(ReportView):
    """Bản dịch tiếng Anh: the English pages the law requires, per unit the user sees, with links to translate."""

    page_title = _("Bản dịch tiếng Anh")
    header_icon = "globe"
    template_name = "reports/translation_status.html"
    results_template_name = "reports/translation_status_results.html"
    index_url_name = "reports_translation_status:index"
    index_results_url_name = "reports_translation_status:results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 100
    export_headings = {
        "unit.name": _("Đơn vị"),
        "section.title_vi": _("Chuyên mục"),
        "section.title_en": _("Chuyên mục (tiếng Anh)"),
        "basis": _("Căn cứ"),
        "vietnamese_title": _("Trang tiếng Việt"),
        "english_title": _("Trang tiếng Anh"),
        "status_label": _("Tình trạng"),
        "vietnamese_published_at": _("Xuất bản tiếng Việt lúc"),
        "english_published_at": _("Xuất bản tiếng Anh lúc"),
        "publishes_english_label": _("Công bố tiếng Anh"),
        "data_gaps_text": _("Dữ liệu chưa dịch"),
    }
    list_export = list(export_headings)

    def dispatch(self, request, *args, **kwargs):
        # No permission is named for this view: refuse users of no unit here.
        if not (request.user.is_active and units_for_user(request.user).exists()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "ban-dich-tieng-anh"

    def get_queryset(self):
        return units_for_user(self.request.user)

    @cached_property
    def selected_status(self) -> str:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("status") or ""
        return ""

    def get_filtered_queryset(self):
        rows = translation_status(self.filter_queryset(self.get_queryset()))
        self.summaries = summarise(rows)
        if self.selected_status:
            rows = [row for row in rows if row.status == self.selected_status]
        return rows

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        user = self.request.user
        can_translate = user.has_perm("wagtail_localize.submit_translation")
        editable = set(editable_units_for_user(user).values_list("pk", flat=True))
        sources = {}
        outdated = [row.vietnamese_page.translation_key for row in rows if row.status == TranslationStatus.OUTDATED]
        if can_translate and outdated:
            sources = dict(
                TranslationSource.objects.filter(
                    object_id__in=outdated, locale__language_code=settings.LANGUAGE_CODE
                ).values_list("object_id", "pk")
            )
        for row in rows:
            row.can_edit = row.unit.pk in editable
            row.can_translate = can_translate and row.vietnamese_page is not None
            row.source_id = sources.get(row.vietnamese_page.translation_key) if row.vietnamese_page else None
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["summaries"] = self.summaries
        context["english_basis"] = ENGLISH_BASIS
        return context
