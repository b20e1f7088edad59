"""Registry search: diacritic folding, number matching, facets with counts, relevance — the same on SQLite and
PostgreSQL, because matching runs on a folded text column of the document (`search_text`) filled in Python with the
portal's one fold and queried with its one tokenizer (`search.text`).

`documents.models` imports the folding functions from here, so the models are imported inside the functions that use
them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from home.params import int_param
from search.text import TERMS, fold, query_tokens
from sites.access import unit_home_paths
from sites.models import Unit, home_path_expression

_SEPARATOR_SPACES = re.compile(r"\s*([/\-–—])\s*")


def fold_text(text: str) -> str:
    """Folded, single-spaced text: “Quyết định  số 123/QĐ-UBND” → “quyet dinh so 123/qd-ubnd”."""
    return " ".join(fold(text or "").split())


def fold_number(number: str) -> str:
    """A number/symbol as it is matched: folded, no spaces around “/” and “-”: “123 / QĐ–UBND” → “123/qd-ubnd”.

    Only the registry reads document numbers: the site search splits them into words like any other text."""
    folded = _SEPARATOR_SPACES.sub(lambda m: "-" if m.group(1) in "–—" else m.group(1), fold_text(number))
    return folded


# Query parameters of the registry (shareable URLs): name → facet key.
FACETS = ("type", "sector", "issuer", "year", "status", "unit")
# Years a date column can hold (the year lookup builds 1 January and 31 December of it); other facets are ids.
FACET_RANGES = {"year": {"minimum": 1, "maximum": 9999}}


@dataclass
class RegistryQuery:
    """A parsed registry search: free text plus one value per facet, and the sort order."""

    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    one_unit: bool = False  # one unit's registry, not every unit's below a city: see `apply_text`

    @property
    def effective_sort(self) -> str:
        if self.sort in ("relevance", "newest", "oldest"):
            if self.sort == "relevance" and not self.text:
                return "newest"
            return self.sort
        return "relevance" if self.text else "newest"


def apply_text(queryset: QuerySet, text: str, *, one_unit: bool = False) -> QuerySet:
    """Documents whose folded text holds every term of the query: “Quyết định 123 / QĐ” → “quyet”, “dinh”, “123/qd”.

    On PostgreSQL `search_text LIKE '%term%'` reads the trigram index (migration 0004), which finds the few matching
    documents among every unit's. In `one_unit`'s registry the tree path already narrows to the unit's documents,
    which are read faster than the index, but the planner, which underestimates how many documents hold several
    common words together, would take the index: there the terms are matched against an expression the index does not
    cover (the same text, the same results)."""
    tokens = query_tokens(fold_number(text), pattern=TERMS, limit=12)
    column = "search_text"
    if one_unit and tokens:
        column = "search_text_unindexed"
        queryset = queryset.alias(**{column: _UNINDEXED_SEARCH_TEXT})
    for token in tokens:
        queryset = queryset.filter(**{f"{column}__contains": token})
    return queryset


_UNINDEXED_SEARCH_TEXT = Func(F("search_text"), template="(%(expressions)s || '')", output_field=TextField())


def _facet_condition(key: str, value: str, today: datetime.date) -> Q | None:
    """The filter one facet value adds; None for a value that cannot match (ignored, as a shared URL may be old)."""
    if key == "status":
        from .models import ValidityStatus

        return Q(validity=value) if value in ValidityStatus.values else None
    number = int_param(value, **FACET_RANGES.get(key, {}))
    if number is None:
        return None
    if key == "unit":  # the only condition that needs a query (the unit's homes): built only when asked for
        return Q(unit_root__in=_unit_root_paths([number]))
    return {
        "type": Q(document_type_id=number),
        "sector": Q(sectors=number),
        "issuer": Q(issuing_body_id=number),
        "year": Q(issue_date__year=number),
    }[key]


def _unit_root_paths(unit_ids: list[int]) -> list[str]:
    return unit_home_paths(Unit.objects.filter(pk__in=unit_ids))  # in every language


def annotate_listing(queryset: QuerySet, today: datetime.date) -> QuerySet:
    from .models import validity_status_expression

    return queryset.annotate(
        validity=validity_status_expression(today),
        unit_root=home_path_expression("path"),
    )


def filtered(queryset: QuerySet, query: RegistryQuery, today: datetime.date, skip: str | None = None) -> QuerySet:
    """`queryset` narrowed by the text and every facet except `skip` (facet counts ignore their own choice)."""
    queryset = apply_text(queryset, query.text, one_unit=query.one_unit)
    for key, value in query.filters.items():
        if key == skip or not value:
            continue
        condition = _facet_condition(key, value, today)
        if condition is not None:
            queryset = queryset.filter(condition)
    return queryset


# Facets counted together from one grouped query: each a column of the document (the sector, many-to-many, and the
# unit, whose groups multiply with the others' across a city's units, keep a query of their own).
_SCALAR_FACETS = {"type": "document_type_id", "issuer": "issuing_body_id", "year": "issue_year", "status": "validity"}


def facet_value(key: str, value: str):
    """The column value a facet filter keeps (None: a value that cannot match, ignored as in `_facet_condition`)."""
    if key == "status":
        from .models import ValidityStatus

        return value if value in ValidityStatus.values else None
    return int_param(value, **FACET_RANGES.get(key, {}))


def facet_counts(base: QuerySet, query: RegistryQuery, keys: tuple[str, ...], today: datetime.date) -> dict:
    """{facet: {value: count}}, each facet counted under every filter but its own: the column facets (type, issuer,
    year, status) from one query grouped by all four, the sector and the unit from one query each.

    Rows are counted, not distinct documents: no join multiplies a document (a sector filter keeps one row of the
    sector table per document, and the sector facet's rows are distinct document–sector pairs), and a plain count
    lets the database group by hashing instead of sorting every match."""
    scalar = [key for key in keys if key in _SCALAR_FACETS]
    counts: dict[str, dict] = {key: {} for key in keys}
    if scalar:
        queryset = base
        for key, value in query.filters.items():  # text and the other facets in SQL, the column facets in Python
            if key not in _SCALAR_FACETS:
                queryset = filtered(queryset, RegistryQuery(filters={key: value}), today)
        queryset = apply_text(queryset, query.text, one_unit=query.one_unit).annotate(
            issue_year=ExtractYear("issue_date")
        )
        columns = [_SCALAR_FACETS[key] for key in scalar]
        rows = queryset.order_by().values(*columns).annotate(n=Count("pk")).values_list(*columns, "n")
        chosen = {
            key: wanted
            for key in scalar
            if query.filters.get(key) and (wanted := facet_value(key, query.filters[key])) is not None
        }
        # A row counts for a facet when every other chosen facet matches it: with no chosen value mismatched, for
        # every facet; with one, for that facet only; with more, for none. (A city's every unit gives thousands of
        # rows, each read once here.)
        chosen_at = [(scalar.index(key), wanted) for key, wanted in chosen.items()]
        tallies = [counts[key] for key in scalar]
        for row in rows:
            n = row[-1]
            mismatched = [i for i, wanted in chosen_at if row[i] != wanted] if chosen_at else ()
            if len(mismatched) > 1:
                continue
            for i, tally in enumerate(tallies):
                value = row[i]
                if value is None or (mismatched and mismatched[0] != i):
                    continue
                tally[value] = tally.get(value, 0) + n
    for key, column in (("sector", "sectors"), ("unit", "unit_root")):
        if key in keys:
            queryset = filtered(base, query, today, skip=key)
            rows = queryset.order_by().values(column).annotate(n=Count("pk")).values_list(column, "n")
            counts[key] = {value: n for value, n in rows if value is not None}
    return counts


def relevance_expression(text: str):
    """Exact number first, then the whole phrase at the start (the title), then the whole phrase anywhere."""
    number = fold_number(text)
    phrase = fold_text(text)
    return (
        Case(When(number_folded=number, then=Value(8)), default=Value(0), output_field=IntegerField())
        + Case(When(search_text__startswith=phrase, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(search_text__contains=phrase, then=Value(2)), default=Value(0), output_field=IntegerField())
    )


def ordered(queryset: QuerySet, query: RegistryQuery) -> QuerySet:
    sort = query.effective_sort
    if sort == "relevance":
        return queryset.annotate(relevance=relevance_expression(query.text)).order_by(
            "-relevance", "-issue_date", "-pk"
        )
    if sort == "oldest":
        return queryset.order_by("issue_date", "pk")
    return queryset.order_by("-issue_date", "-pk")


def today() -> datetime.date:
    return timezone.localdate()
