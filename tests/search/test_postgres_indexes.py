"""On PostgreSQL the folded-text searches read trigram indexes instead of every row (issue 18: search at scale).

The planner is told to avoid sequential scans, as it would on a large table: these tests fail if a query stops being
one a trigram index can answer (an `icontains`, which PostgreSQL runs as `UPPER(col) LIKE UPPER(…)`, or a function
around the column) or if the migrations stop creating the indexes. SQLite has no such index and runs the same query.
"""

from __future__ import annotations

import pytest
from django.db import connection

from documents import search as registry_search
from documents.models import LegalDocumentPage
from search.models import SearchEntry
from search.pages import match_entries
from search.text import query_tokens

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"),
]


def plan_without_full_scans(queryset) -> str:
    """The plan on tables as large as a province's, where reading every row costs more than the index: sequential
    scans and whole-index walks (by primary key or tree path, in the order of an empty table) are off."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's transaction only
        cursor.execute("SET LOCAL enable_indexscan = off")
    return queryset.order_by().explain()


def test_registry_text_search_reads_the_trigram_index():
    query = registry_search.RegistryQuery(text="Quyết định 123 / QĐ-UBND")
    documents = registry_search.filtered(LegalDocumentPage.objects.all(), query, registry_search.today())

    plan = plan_without_full_scans(documents)

    assert "documents_legaldocumentpage_search_text_trgm" in plan


def test_site_search_reads_the_trigram_indexes_of_title_and_text():
    entries = match_entries(SearchEntry.objects.all(), query_tokens("Chuyển đổi số"))

    plan = plan_without_full_scans(entries)

    assert "home_searchentry_title_folded_trgm" in plan
    assert "home_searchentry_text_folded_trgm" in plan


def test_one_units_registry_reads_its_documents_by_tree_path_not_the_trigram_index():
    # A unit's own documents, found by tree path, are fewer than the index's matches of common words in every unit.
    query = registry_search.RegistryQuery(text="Quyết định 123 / QĐ-UBND", one_unit=True)
    documents = registry_search.filtered(LegalDocumentPage.objects.all(), query, registry_search.today())

    plan = plan_without_full_scans(documents)

    assert "search_text_trgm" not in plan


def test_a_citys_all_units_registry_looks_each_documents_unit_up_once_not_a_like_per_unit(two_units):
    # One `path LIKE 'home%'` per unit and language made a city of a hundred wards run two hundred tests per row.
    from documents.views import documents_in_scope, scope_for
    from tests.documents.conftest import registry_of

    city = two_units.city
    scope = scope_for(city, all_units=True)
    assert len(scope.units_by_root) >= 3

    plan = documents_in_scope(registry_of(city), scope).order_by().explain()

    assert "~~" not in plan  # no LIKE on the tree path
    assert "ANY" in plan  # the home's path among the units' homes
