"""The board opens each participation page type in the page editor and previews it (the editor's preview panel):
the editor answers 200 and the preview renders the page, not an error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import login_verified

from .conftest import make_consultation

pytestmark = pytest.mark.django_db


def test_the_board_edits_and_previews_every_participation_page_type(client, two_units):
    ward = two_units.ward_a
    draft = make_consultation(ward, "Dự thảo Quy chế quản lý chợ Ninh Sơn", -1, 10)
    pages = {
        "questions": ward.sections.get(key="qa").page,
        "consultations": ward.sections.get(key="consultation").page,
        "draft": draft,
        "survey": ward.sections.get(key="rating").page,
    }
    login_verified(client, two_units.board_a)
    for name, page in pages.items():
        page = page.specific
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert edit.status_code == 200, name
        preview = page.make_preview_request(original_request=edit.wsgi_request)
        assert preview.status_code == 200, name
        assert page.title in preview.content.decode(), name
