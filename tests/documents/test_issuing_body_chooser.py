"""The issuing-body chooser of the document editor: the unit's own body first, then its parent unit's, then bodies
outside the portal (national ones in the state's order); a search that folds diacritics; never another unit's
body, in the chooser or in a hand-made form."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from documents.models import IssuingBody, LegalDocumentPage
from tests.conftest import PASSWORD

from .conftest import reference, registry_of

CHOOSE = "wagtailsnippetchoosers_documents_issuingbody:choose"
RESULTS = "wagtailsnippetchoosers_documents_issuingbody:choose_results"


def offered(response) -> list[str]:
    html = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content
    html = html if isinstance(html, str) else html.decode()
    return [name.strip() for name in re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*</a>", html)]


def test_the_units_own_body_comes_first_then_the_parents_then_national_bodies(client, two_units, taxonomy):
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    names = offered(client.get(reverse(CHOOSE)))
    assert names[:2] == ["UBND Phường Ninh Sơn", "UBND Thành phố Tây Ninh"]
    # Outside bodies by their order: the national bodies of the reference data in the state's order.
    assert names.index("Quốc hội") < names.index("Chính phủ")
    # Another ward's body is not offered.
    assert "UBND Phường Hiệp Ninh" not in names
    all_names = offered(client.get(reverse(RESULTS), {"p": 2}))
    assert "UBND Phường Hiệp Ninh" not in all_names

    client.logout()
    client.login(username=two_units.writer_b.username, password=PASSWORD)
    names = offered(client.get(reverse(CHOOSE)))
    assert names[:2] == ["UBND Phường Hiệp Ninh", "UBND Thành phố Tây Ninh"]
    assert "UBND Phường Ninh Sơn" not in names


def test_the_chooser_searches_with_or_without_diacritics(client, two_units, taxonomy):
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    assert offered(client.get(reverse(RESULTS), {"q": "ubnd phuong"})) == ["UBND Phường Ninh Sơn"]
    government = offered(client.get(reverse(RESULTS), {"q": "chính phủ"}))
    assert government[:2] == ["Chính phủ", "Thủ tướng Chính phủ"]
    assert all("Chính phủ" in name for name in government)
    assert offered(client.get(reverse(RESULTS), {"q": "TAY NINH"})) == ["UBND Thành phố Tây Ninh", "UBND tỉnh Tây Ninh"]
    assert offered(client.get(reverse(RESULTS), {"q": "hiep ninh"})) == []
    page = client.get(reverse(CHOOSE)).json()["html"]
    assert 'name="q"' in page


def _document_form(two_units, taxonomy, body: IssuingBody):
    form_class = LegalDocumentPage.get_edit_handler().get_form_class()
    data = {
        "title": "Quyết định số 1/QĐ-UBND",
        "slug": "quyet-dinh-1",
        "number": "1/QĐ-UBND",
        "document_type": str(taxonomy.decision.pk),
        "issuing_body": str(body.pk),
        "issue_date": datetime.date(2026, 3, 2).isoformat(),
        "nature": "administrative",
        "abstract": "Về việc kiện toàn Ban Biên tập",
    }
    page = LegalDocumentPage()
    return form_class(data, instance=page, parent_page=registry_of(two_units.ward_a), for_user=two_units.writer_a)


def test_a_hand_made_form_naming_another_units_body_is_refused(two_units, taxonomy):
    refused = _document_form(two_units, taxonomy, taxonomy.ward_b_body)
    assert not refused.is_valid()
    assert "thuộc đơn vị khác" in " ".join(refused.errors["issuing_body"])
    for body in (taxonomy.ward_a_body, taxonomy.city_body, taxonomy.province, reference(IssuingBody, "Chính phủ")):
        form = _document_form(two_units, taxonomy, body)
        form.is_valid()
        assert "issuing_body" not in form.errors, body.name
