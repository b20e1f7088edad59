"""City-wide taxonomies (document types, issuing bodies, sectors) are changed by superusers only, through
wagtail-localize's translation routes too: a ward's writer translating a document adds no
row to them and changes none; the superuser translates them."""

from __future__ import annotations

import datetime

from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation

from documents.models import DocumentSector, DocumentType, IssuingBody, LegalDocumentPage
from sites.access import english_locale
from tests.conftest import login_verified

from .conftest import add_document


def taxonomy_rows() -> list[tuple]:
    rows = []
    for model in (DocumentType, IssuingBody, DocumentSector):
        rows += list(model.objects.order_by("pk").values_list("pk", "locale_id", "name"))
    return rows


def submit_snippet(client, snippet):
    meta = snippet._meta
    url = reverse("wagtail_localize:submit_snippet_translation", args=[meta.app_label, meta.model_name, snippet.pk])
    return client.post(url, {"locales": [english_locale().pk]})


def test_a_writer_cannot_translate_a_city_wide_document_type_or_issuing_body(taxonomy, two_units, client, superuser):
    before = taxonomy_rows()
    client.force_login(two_units.writer_a)
    for row in (taxonomy.decision, taxonomy.province, taxonomy.land, taxonomy.ward_a_body):
        response = submit_snippet(client, row)
        assert response.status_code == 403, row
        assert client.get(response.request["PATH_INFO"]).status_code == 403
    assert taxonomy_rows() == before

    login_verified(client, superuser)
    assert submit_snippet(client, taxonomy.decision).status_code == 302
    english = taxonomy.decision.get_translation(english_locale())

    # Nor can the writer translate the superuser's English row through the translation editor.
    translation = Translation.objects.get(source__object_id=taxonomy.decision.translation_key)
    segment = StringSegment.objects.get(source=translation.source, context__path="name")
    client.force_login(two_units.writer_a)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    assert client.put(url, "value=Defaced", content_type="application/x-www-form-urlencoded").status_code == 403
    edit_url = reverse("wagtailsnippets_documents_documenttype:edit", args=[english.pk])
    assert client.post(edit_url, {"action": "publish"}).status_code in (302, 403)
    english.refresh_from_db()
    assert english.name == "Quyết định"


def test_a_writer_translating_a_document_adds_and_changes_no_taxonomy_row(taxonomy, two_units, client):
    english = english_locale()
    # The superuser translated “Quyết định” already, as “Decision”.
    decision_en = taxonomy.decision.copy_for_translation(english)
    decision_en.name = "Decision"
    decision_en.save()
    page = add_document(
        two_units.ward_a,
        number="12/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.province,
        sectors=[taxonomy.land],
        issue_date=datetime.date(2026, 3, 2),
    )
    before = taxonomy_rows()
    client.force_login(two_units.writer_a)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [english.pk]}
    )
    assert response.status_code == 302
    english_page = LegalDocumentPage.objects.get(translation_key=page.translation_key, locale=english)
    assert not english_page.live
    assert taxonomy_rows() == before  # no English “UBND tỉnh Tây Ninh”, and “Decision” stays “Decision”
    assert english_page.document_type_id == decision_en.pk  # the superuser's translation is used
