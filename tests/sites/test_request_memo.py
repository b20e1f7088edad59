"""The sites' root paths, which every page link needs, are read once per public request (sites.request_memo)."""

from __future__ import annotations

from unittest import mock

import pytest
from wagtail.models import Site

from documents.models import LegalDocumentIndexPage


def reads_of_site_root_paths(client, unit, path: str) -> tuple[int, str]:
    with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as reads:
        response = client.get(path, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200
    return reads.call_count, response.content.decode()


@pytest.mark.django_db
def test_a_public_page_reads_the_site_root_paths_once(client, two_units):
    ward = two_units.ward_a
    registry = LegalDocumentIndexPage.objects.descendant_of(ward.home_page).get()
    client.get("/", HTTP_HOST=ward.site.hostname)  # warm the caches

    registry_path = registry.relative_url(ward.site)
    for path in ("/", registry_path):
        reads, html = reads_of_site_root_paths(client, ward, path)
        # The menu's links and the page's own links share one read (Wagtail read it again for each menu entry).
        assert reads == 1
        assert f'href="{registry_path}"' in html  # the menu still links to the unit's registry


@pytest.mark.django_db
def test_outside_a_request_wagtail_reads_them_itself(two_units):
    registry = LegalDocumentIndexPage.objects.descendant_of(two_units.ward_a.home_page).get()
    with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as reads:
        url = registry.get_url()
    assert reads.call_count == 1
    assert url == registry.url
