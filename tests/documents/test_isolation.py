"""Unit isolation on the shared fixture: another unit's editor cannot edit A's documents or see its drafts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from documents.models import Signer

from .conftest import add_document, registry_of


@pytest.fixture
def draft_a(two_units, taxonomy):
    return add_document(
        two_units.ward_a,
        number="99/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=datetime.date(2026, 5, 1),
        abstract="Dự thảo về thu hồi đất",
        publish=False,
    )


@pytest.mark.django_db
def test_other_units_editor_cannot_edit_or_preview_a_draft(client, two_units, draft_a):
    client.force_login(two_units.writer_b)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(draft_a.pk,)))
    assert edit.status_code in (302, 403, 404)
    preview = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=(draft_a.pk,)))
    assert preview.status_code in (302, 403, 404)
    add = client.get(
        reverse("wagtailadmin_pages:add", args=("documents", "legaldocumentpage", registry_of(two_units.ward_a).pk))
    )
    assert add.status_code in (302, 403, 404)
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "thu hồi đất"})
    assert "99/QĐ-UBND" not in search.content.decode()

    client.force_login(two_units.writer_a)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(draft_a.pk,))).status_code == 200


@pytest.mark.django_db
def test_draft_is_invisible_to_citizens(client, two_units, draft_a):
    host = two_units.ward_a.site.hostname
    assert client.get(draft_a.url, HTTP_HOST=host).status_code == 404
    assert "99/QĐ-UBND" not in client.get(registry_of(two_units.ward_a).url, HTTP_HOST=host).content.decode()


@pytest.mark.django_db
def test_signers_are_scoped_to_the_unit(client, two_units):
    own = Signer.objects.create(unit=two_units.ward_b, name="Phạm Thị Ngọc Lan", position="Chủ tịch UBND phường")
    other = Signer.objects.create(unit=two_units.ward_a, name="Đỗ Văn Sơn", position="Chủ tịch UBND phường")
    client.force_login(two_units.writer_b)
    chooser = client.get(reverse("wagtailsnippetchoosers_documents_signer:choose"))
    assert chooser.status_code == 200
    text = chooser.json()["html"]
    assert own.name in text and other.name not in text
