"""The site search: a folded-text index of live pages (search.SearchEntry), queried the same on SQLite and PostgreSQL.

Wagtail's database backend does not fold Vietnamese diacritics the same way on every database, so the portal keeps
its own small index: the page's title and the text of its `search_fields`, folded with `search.text.fold`. A query
is folded the same way and split into words that must all occur (AND), ranked by how many occur in the title, then
by recency. Page types of any app are indexed without code of their own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Manager, Q, QuerySet, Value, When
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from wagtail.models import Page
from wagtail.search import index

from languages.helpers import without_aliases
from sites.models import Unit

from .models import SearchEntry
from .text import fold, query_tokens

MAX_QUERY_LENGTH = 200  # characters of the query that are read; the rest is ignored
SNIPPET_LENGTH = 240
_SPACES = re.compile(r"\s+")


# ---- Reading what a page says --------------------------------------------------------------------------------


def _flatten(value) -> list[str]:
    """Strings inside a search field's value (StreamField content lists, dicts, related objects)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _flatten(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    return [force_str(value)]


def _field_texts(obj, search_field) -> list[str]:
    if isinstance(search_field, index.SearchField):
        return _flatten(search_field.get_value(obj))
    if isinstance(search_field, index.RelatedFields):
        related = search_field.get_value(obj)
        if related is None:
            return []
        objects = related.all() if isinstance(related, Manager) else [related() if callable(related) else related]
        return [text for item in objects for sub in search_field.fields for text in _field_texts(item, sub)]
    return []


def page_text(page: Page) -> str:
    """The plain text of every SearchField of a (specific) page except its title, in declaration order."""
    texts: list[str] = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name == "title":
            continue
        texts.extend(_field_texts(page, search_field))
    return _SPACES.sub(" ", " ".join(text.strip() for text in texts if text and text.strip())).strip()


# ---- Keeping the index up to date ------------------------------------------------------------------------------


def index_page(page: Page) -> SearchEntry | None:
    """Write (or remove) the search entry of one page; pages outside every unit are not indexed."""
    page = page.specific_deferred if type(page) is Page else page
    unit = Unit.for_page(page)
    if not page.live or unit is None:
        SearchEntry.objects.filter(page_id=page.pk).delete()
        return None
    title = unicodedata.normalize("NFC", page.title)
    text = unicodedata.normalize("NFC", page_text(page))
    entry, _created = SearchEntry.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "unit": unit,
            "content_type_id": page.content_type_id,
            "title": title[:255],
            "title_folded": fold(title)[:255],
            "text": text,
            "text_folded": fold(text),
            "last_published_at": page.last_published_at or page.first_published_at,
        },
    )
    return entry


def reassign_subtree(page: Page) -> int:
    """After a move (post_page_move sends the reloaded page), its subtree belongs to the unit of its new place."""
    return SearchEntry.objects.filter(page__path__startswith=page.path).update(unit=Unit.for_page(page))


def rebuild_entries() -> int:
    """Index every live page of every unit again from scratch; returns the number of entries written."""
    SearchEntry.objects.all().delete()
    written = 0
    for page in Page.objects.filter(depth__gt=1).live().specific().iterator(chunk_size=200):
        if index_page(page) is not None:
            written += 1
    return written


# ---- Querying ---------------------------------------------------------------------------------------------------


def clean_query(raw: str | None) -> str:
    """The query as a citizen meant it: NFC, no control characters or lone surrogates, at most 200 characters."""
    text = unicodedata.normalize("NFC", "".join(ch for ch in (raw or "")[: MAX_QUERY_LENGTH * 4] if _printable(ch)))
    return _SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH]


def _printable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cs", "Cf", "Co", "Cn"}


def visible_entries(units, language_code: str | None = None) -> QuerySet[SearchEntry]:
    """Entries of the given units whose page is live and public now (a restricted ancestor hides its subtree), in
    one language when given: /tim-kiem/ finds Vietnamese pages, /en/tim-kiem/ English ones. Aliases (untranslated
    parents wagtail-localize copies into the English tree) mirror another page's text and are never results."""
    pages = Page.objects.live().public()
    if language_code:
        pages = without_aliases(pages.filter(locale__language_code=language_code))
    return SearchEntry.objects.filter(unit__in=units, page_id__in=pages.values("pk"))


def match_entries(entries: QuerySet[SearchEntry], tokens: list[str]) -> QuerySet[SearchEntry]:
    for token in tokens:
        entries = entries.filter(Q(title_folded__contains=token) | Q(text_folded__contains=token))
    title_hits = sum(
        (Case(When(title_folded__contains=token, then=Value(1)), default=Value(0)) for token in tokens),
        Value(0),
    )
    return entries.annotate(title_hits=title_hits)


@dataclass
class TypeFacet:
    content_type_id: int
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchOutcome:
    query: str
    tokens: list[str]
    entries: QuerySet[SearchEntry] | None = None
    facets: list[TypeFacet] = field(default_factory=list)
    total: int = 0


def type_label(content_type_id: int) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return capfirst(model._meta.verbose_name_plural) if model else ""


def search(
    units, raw_query: str | None, content_type_id: int | None = None, language_code: str | None = None
) -> SearchOutcome:
    """Matching entries of `units` (in one language when given), grouped by page type (largest group first), best
    title matches first."""
    query = clean_query(raw_query)
    tokens = query_tokens(query)
    outcome = SearchOutcome(query=query, tokens=tokens)
    if not tokens:
        return outcome
    matched = match_entries(visible_entries(units, language_code), tokens)
    counts = matched.order_by().values_list("content_type_id").annotate(n=Count("pk"))
    facets = sorted(
        (TypeFacet(ct_id, type_label(ct_id), n, selected=ct_id == content_type_id) for ct_id, n in counts),
        key=lambda facet: (-facet.count, facet.label),
    )
    outcome.facets = facets
    outcome.total = sum(facet.count for facet in facets)
    if content_type_id is not None and any(facet.selected for facet in facets):
        matched = matched.filter(content_type_id=content_type_id)
    group_order = Case(
        *(When(content_type_id=facet.content_type_id, then=Value(rank)) for rank, facet in enumerate(facets)),
        default=Value(len(facets)),
        output_field=IntegerField(),
    )
    outcome.entries = (
        matched.annotate(group_order=group_order)
        .select_related("page", "unit", "unit__site")
        .order_by("group_order", "-title_hits", "-last_published_at", "pk")
    )
    return outcome


# ---- Highlighting -----------------------------------------------------------------------------------------------


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    folded: list[str] = []
    origins: list[int] = []
    for position, ch in enumerate(text):
        piece = fold(ch)
        folded.append(piece)
        origins.extend([position] * len(piece))
    return "".join(folded), origins


def _match_spans(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` (original characters) where a token occurs, merged and sorted."""
    folded, origins = _folded_with_positions(text)
    spans: list[tuple[int, int]] = []
    for token in tokens:
        start = folded.find(token)
        while start != -1:
            end = start + len(token)
            spans.append((origins[start], origins[end - 1] + 1))
            start = folded.find(token, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, tokens: list[str]) -> SafeString:
    """`text` escaped, with each occurrence of a token wrapped in <mark>: only escaped pieces are ever marked up."""
    parts: list[str] = []
    cursor = 0
    for start, end in _match_spans(text, tokens):
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # every piece above went through escape()


def snippet(text: str, tokens: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About `length` characters of `text` around its first match, highlighted, with ellipses where cut."""
    spans = _match_spans(text, tokens)
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = highlight(text[start:end], tokens)
    return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))
