"""Public views of the registry (routes of `LegalDocumentIndexPage`): search with facets, CSV export, verification."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import CharField, Q, QuerySet, Value
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from home.params import ALL_UNITS, SCOPE_PARAM, all_units_param, page_param, text_param
from sites.access import unit_for_request, unit_home_pages
from sites.blueprint import PROVINCIAL
from sites.models import HOME_DEPTH, Unit, home_path_expression

from . import search
from .forms import RegistrySearchForm, VerificationForm, status_choices
from .models import DocumentSector, DocumentType, IssuingBody, LegalDocumentIndexPage, LegalDocumentPage, ValidityStatus

PAGE_SIZE = 20
CSV_LIMIT = 10_000


@dataclass
class Scope:
    """Which documents a registry request covers: its unit's, or (city portal, “all units”) every unit's below it."""

    unit: Unit | None
    all_units: bool
    units_by_root: dict[str, Unit]

    @property
    def can_span_units(self) -> bool:
        return self.unit is not None and self.unit.kind in PROVINCIAL


def scope_for(unit: Unit | None, all_units: bool, index: Page | None = None) -> Scope:
    """The unit alone, or (a city or province with `all_units`) the unit and every unit below it.

    `index` (the registry) gives the unit's home in the registry's language without a query."""
    if unit is None or unit.kind not in PROVINCIAL or not all_units:
        if unit is None:
            return Scope(None, False, {})
        home_path = index.path[: Page.steplen * HOME_DEPTH] if index is not None else unit.home_page.path
        return Scope(unit, False, {home_path: unit})
    below = unit.with_descendants()
    # Every language's home of each unit: an English registry lists the units' English documents.
    by_key = {member.home_page.translation_key: member for member in below.select_related("home_page", "site")}
    homes = unit_home_pages(below).only("path", "translation_key")
    return Scope(unit, True, {home.path: by_key[home.translation_key] for home in homes})


def _scope(request, index: LegalDocumentIndexPage) -> Scope:
    unit = unit_for_request(request) or Unit.for_page(index)
    return scope_for(unit, all_units_param(request), index)


def documents_in_scope(index: LegalDocumentIndexPage, scope: Scope) -> QuerySet:
    """Live, public documents of the registry (or of every unit's registry in “all units” mode), same language."""
    queryset = LegalDocumentPage.objects.live().public().filter(locale_id=index.locale_id)
    if scope.all_units:
        # The home above each document, looked up among the units' homes: one expression and a hashed lookup a row,
        # where one `path LIKE 'home%'` a unit and language made a city's hundred wards two hundred tests a row.
        return queryset.alias(scope_root=home_path_expression("path")).filter(scope_root__in=list(scope.units_by_root))
    return queryset.descendant_of(index)


def parse_query(request, scope: Scope) -> search.RegistryQuery:
    filters = {key: text_param(request.GET.get(key), 40) for key in search.FACETS if request.GET.get(key)}
    return search.RegistryQuery(
        text=text_param(request.GET.get("q"), RegistrySearchForm.base_fields["q"].max_length),
        filters=filters,
        sort=request.GET.get("sort", ""),
        one_unit=not scope.all_units,
    )


TAXONOMIES = {"type": DocumentType, "sector": DocumentSector, "issuer": IssuingBody}


def _taxonomy_rows(counts: dict, locale_id: int) -> dict[str, list[tuple]]:
    """{facet: [(pk, translation_key, locale_id, name, sort_order)]} of the counted rows of the three taxonomies and
    of their translations in the registry's language, in one query (a UNION) whatever the number of values."""
    parts = []
    for key, model in TAXONOMIES.items():
        counted = model.objects.filter(pk__in=counts[key].keys())
        rows = model.objects.filter(
            Q(pk__in=counts[key].keys()) | Q(locale_id=locale_id, translation_key__in=counted.values("translation_key"))
        )
        parts.append(
            rows.order_by()
            .annotate(facet=Value(key, output_field=CharField()))
            .values_list("facet", "pk", "translation_key", "locale_id", "name", "sort_order")
        )
    found: dict[str, list[tuple]] = {key: [] for key in TAXONOMIES}
    for facet, *row in parts[0].union(*parts[1:], all=True):
        found[facet].append(tuple(row))
    return found


def _facet_choices(counts: dict, scope: Scope, locale_id: int) -> dict[str, list[tuple[str, str]]]:
    """Option labels with counts in the registry's language, one query for the three taxonomies; values never shown
    with a zero count except status."""
    found = _taxonomy_rows(counts, locale_id)

    def labelled(key):
        rows = found[key]
        # An English document may name a Vietnamese row (sectors are not translated with it): its English name.
        names = {key_: name for _pk, key_, locale, name, _order in rows if locale == locale_id}
        counted = sorted((row for row in rows if row[0] in counts[key]), key=lambda row: (row[4], row[3], row[0]))
        return [(str(pk), f"{names.get(key_, name)} ({counts[key][pk]})") for pk, key_, _l, name, _o in counted]

    choices = {
        "type": labelled("type"),
        "sector": labelled("sector"),
        "issuer": labelled("issuer"),
        "year": [(str(year), f"{year} ({n})") for year, n in sorted(counts["year"].items(), reverse=True)],
        "status": status_choices(counts["status"]),
    }
    if scope.all_units:
        choices["unit"] = [
            (str(unit.pk), f"{unit.localized_name} ({counts['unit'][root]})")
            for root, unit in scope.units_by_root.items()
            if root in counts["unit"]
        ]
    return choices


def _rows(documents: list[LegalDocumentPage], scope: Scope, request) -> list[list]:
    """Table rows: number (linked, the row header), date, abstract, issuer, status (and unit in “all units”)."""
    labels = dict(ValidityStatus.choices)
    rows = []
    for document in documents:
        row = [
            format_html('<a href="{}">{}</a>', document.get_url(request), document.number),
            format_html(
                '<time datetime="{}">{}</time>', document.issue_date.isoformat(), _short_date(document.issue_date)
            ),
            format_html('<span class="doc-type">{}</span> {}', document.document_type.name, document.abstract),
            document.issuing_body.name,
            format_html(
                '<span class="doc-status doc-status--{}">{}</span>', document.validity, labels[document.validity]
            ),
        ]
        if scope.all_units:
            unit = scope.units_by_root.get(document.unit_root)
            row.append(unit.localized_name if unit else "")
        rows.append(row)
    return rows


def _short_date(day) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def registry_view(request, index: LegalDocumentIndexPage):
    today = search.today()
    scope = _scope(request, index)
    query = parse_query(request, scope)
    base = search.annotate_listing(documents_in_scope(index, scope), today)
    keys = ("type", "sector", "issuer", "year", "status", *(("unit",) if scope.all_units else ()))
    counts = search.facet_counts(base, query, keys, today)
    form = RegistrySearchForm(request.GET or None, facet_choices=_facet_choices(counts, scope, index.locale_id))
    results = search.ordered(search.filtered(base, query, today), query).select_related("document_type", "issuing_body")
    paginator = Paginator(results, PAGE_SIZE)
    # The status facet counts the documents under every other filter: the result count, without a COUNT query.
    status = search.facet_value("status", query.filters.get("status", ""))
    paginator.count = counts["status"].get(status, 0) if status else sum(counts["status"].values())
    page_obj = paginator.get_page(page_param(request.GET.get("page")))
    headers = [_("Số, ký hiệu"), _("Ngày ban hành"), _("Trích yếu"), _("Cơ quan ban hành"), _("Hiệu lực")]
    if scope.all_units:
        headers.append(_("Đơn vị"))
    context = index.get_context(request)
    context.update(
        form=form,
        page_obj=page_obj,
        result_count=paginator.count,
        headers=headers,
        rows=_rows(list(page_obj.object_list), scope, request),
        scope=scope,
        query=query,
        searched=bool(query.text or query.filters),
        csv_query=request.GET.urlencode(),
        scope_param=SCOPE_PARAM,
        all_units_value=ALL_UNITS,
        verify_url=index.url + "xac-minh/",
        export_url=index.url + "xuat-csv/",
    )
    return TemplateResponse(request, "documents/legal_document_index_page.html", context)


CSV_HEADERS = [
    gettext_lazy("Số, ký hiệu"),
    gettext_lazy("Loại văn bản"),
    gettext_lazy("Trích yếu"),
    gettext_lazy("Cơ quan ban hành"),
    gettext_lazy("Người ký"),
    gettext_lazy("Ngày ban hành"),
    gettext_lazy("Ngày có hiệu lực"),
    gettext_lazy("Ngày hết hiệu lực"),
    gettext_lazy("Hiệu lực"),
    gettext_lazy("Tính chất"),
    gettext_lazy("Lĩnh vực"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Địa chỉ"),
]


def export_csv_view(request, index: LegalDocumentIndexPage):
    """The current search result (same URL parameters) as UTF-8 CSV that spreadsheet programs open directly."""
    today = search.today()
    scope = _scope(request, index)
    query = parse_query(request, scope)
    base = search.annotate_listing(documents_in_scope(index, scope), today)
    results = (
        search.ordered(search.filtered(base, query, today), query)
        .select_related("document_type", "issuing_body", "signer")
        .prefetch_related("sectors")[:CSV_LIMIT]
    )
    labels = dict(ValidityStatus.choices)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="van-ban-{scope.unit.slug if scope.unit else "cong"}.csv"'
    response.write("\ufeff")  # byte order mark: Excel then reads the Vietnamese text as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(header) for header in CSV_HEADERS])
    for document in results:
        unit = scope.units_by_root.get(document.unit_root)
        writer.writerow(
            [
                document.number,
                document.document_type.name,
                document.abstract,
                document.issuing_body.name,
                str(document.signer) if document.signer else "",
                document.issue_date.strftime("%d/%m/%Y"),
                document.effective_from.strftime("%d/%m/%Y") if document.effective_from else "",
                document.expiry_date.strftime("%d/%m/%Y") if document.expiry_date else "",
                labels[document.validity],
                document.get_nature_display(),
                "; ".join(sector.name for sector in document.sectors.all()),
                unit.name if unit else "",
                document.get_full_url(request),
            ]
        )
    return response


def verify_view(request, index: LegalDocumentIndexPage):
    """“Tra cứu, xác minh văn bản”: the official record and each file's SHA-256, or a clear “not issued here”."""
    unit = unit_for_request(request) or Unit.for_page(index)
    form = VerificationForm(request.GET if "so" in request.GET else None)
    matches = None
    if form.is_bound and form.is_valid():
        # The city portal answers for the documents of every unit below it; a unit portal for its own.
        scope = scope_for(unit, all_units=True)
        documents = documents_in_scope(index, scope).filter(number_folded=search.fold_number(form.cleaned_data["so"]))
        if form.cleaned_data.get("ngay"):
            documents = documents.filter(issue_date=form.cleaned_data["ngay"])
        documents = search.annotate_listing(documents, search.today())
        matches = list(
            documents.select_related("document_type", "issuing_body", "signer")
            .prefetch_related("attachments__document")
            .order_by("-issue_date")[:20]
        )
        for document in matches:
            document.unit = scope.units_by_root.get(document.unit_root, unit)
    context = index.get_context(request)
    context.update(
        form=form,
        matches=matches,
        status_labels=dict(ValidityStatus.choices),
        registry_url=index.url,
        meta_title=_("Tra cứu, xác minh văn bản"),
    )
    return TemplateResponse(request, "documents/verify.html", context)
