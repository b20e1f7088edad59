"""A fresh install, without `seed_demo`, can file a legal document: the types, sectors and national issuing bodies come
from the migrations, and provisioning gives each unit its own issuing body."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale

from documents.models import DocumentSector, DocumentType, IssuingBody, LegalDocumentPage
from sites.models import Unit, UnitRole
from tests.conftest import make_member, make_unit

from .conftest import make_file, page_form, reference, registry_of

pytestmark = pytest.mark.django_db


def names(model) -> list[str]:
    return list(model.objects.filter(locale=Locale.get_default()).values_list("name", flat=True))


def test_the_migrated_database_has_the_types_sectors_and_national_bodies():
    assert not Unit.objects.exists() and not LegalDocumentPage.objects.exists()
    types = names(DocumentType)
    for name in ("Luật", "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị", "Thông tư", "Kế hoạch", "Công văn"):
        assert name in types
    assert types.index("Luật") < types.index("Nghị định") < types.index("Quyết định") < types.index("Kế hoạch")
    assert reference(DocumentType, "Quyết định").abbreviation == "QĐ"
    assert {"Cải cách hành chính", "Đất đai", "Chuyển đổi số"} <= set(names(DocumentSector))
    bodies = names(IssuingBody)
    assert bodies[:5] == ["Quốc hội", "Ủy ban Thường vụ Quốc hội", "Chủ tịch nước", "Chính phủ", "Thủ tướng Chính phủ"]
    assert "Bộ Nội vụ" in bodies
    assert not IssuingBody.objects.filter(unit__isnull=False).exists()


def test_provisioning_gives_each_unit_its_own_issuing_body_once(city):
    ward = make_unit("ward", "Phường Tân Ninh", "tanninh", "tayninh")
    department = make_unit("department", "Phòng Tư pháp", "tuphap", "tayninh")
    assert IssuingBody.objects.get(unit=city).name == "UBND Thành phố Tây Ninh"
    assert IssuingBody.objects.get(unit=ward).name == "UBND Phường Tân Ninh"
    assert IssuingBody.objects.get(unit=department).name == "Phòng Tư pháp"

    before = IssuingBody.objects.count()
    make_unit("ward", "Phường Tân Ninh", "tanninh", "tayninh")
    assert IssuingBody.objects.count() == before


def test_sync_blueprint_gives_an_existing_unit_its_issuing_body(city):
    IssuingBody.objects.filter(unit=city).delete()  # a unit provisioned before units had their own body
    out = StringIO()
    call_command("sync_blueprint", stdout=out)
    assert "Tạo cơ quan ban hành “UBND Thành phố Tây Ninh”" in out.getvalue()
    assert IssuingBody.objects.get(unit=city).name == "UBND Thành phố Tây Ninh"


def test_a_new_units_writer_files_a_document_the_board_publishes(client, city):
    ward = make_unit("ward", "Phường Tân Ninh", "tanninh", "tayninh")
    writer, board = make_member(ward, UnitRole.WRITER), make_member(ward, UnitRole.BOARD)
    decision, sector = reference(DocumentType, "Quyết định"), reference(DocumentSector, "Chuyển đổi số")
    own_body = IssuingBody.objects.get(unit=ward)

    client.force_login(writer)
    add_url = reverse("wagtailadmin_pages:add", args=("documents", "legaldocumentpage", registry_of(ward).pk))
    assert client.get(add_url).status_code == 200
    form = page_form(make_file(ward).pk, document_type=decision.pk, issuing_body=own_body.pk)
    response = client.post(add_url, {**form, "sectors": [sector.pk], "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = LegalDocumentPage.objects.get()
    assert not page.live and page.current_workflow_state.status == "in_progress"

    client.force_login(board)
    task_state = page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)), {})
    page.refresh_from_db()
    assert page.live
    assert (page.document_type, page.issuing_body, list(page.sectors.all())) == (decision, own_body, [sector])

    client.logout()
    html = client.get(page.url, HTTP_HOST=ward.site.hostname).content.decode()
    assert "15/QĐ-UBND" in html and "Quyết định" in html and "UBND Phường Tân Ninh" in html
