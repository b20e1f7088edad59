"""Every object a form chooses must belong to the form's unit, whatever id a hand-made POST names (the
unit boundary): page forms (foreign keys, many-to-many, inline forms, StreamField blocks, rich text), the preview route,
unit-owned snippet forms and the portal settings. The choosers hide other units' objects; these checks refuse them."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from documents.models import LegalDocumentPage, Signer
from documents.pdf import simple_pdf
from news.models import MediaFile, NewsArticlePage
from organization.models import Official
from sites.models import PortalSettings
from tests.documents.conftest import add_document, make_file, page_form, registry_of, taxonomy  # noqa: F401 (fixture)
from tests.news.conftest import article_form, list_block, make_image, news, section  # noqa: F401 (fixture)
from tests.organization.conftest import add_week, unit_permissions  # noqa: F401 (fixture)

REFUSED = "không thuộc"


def page_text(response) -> str:
    """The page as a reader sees it, with the errors a StreamField carries as JSON (\\u escapes) decoded too."""
    text = html.unescape(response.content.decode())
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)


def private_file_of_b(two_units):
    """A file in a private sub-collection of ward B (signed-in B editors only)."""
    private = two_units.ward_b.collection.add_child(name="Hồ sơ nội bộ Hiệp Ninh")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([group_role.group for group_role in two_units.ward_b.role_groups.all()])
    content = simple_pdf(["Bien ban hop noi bo", "Khong cong khai"])
    document = make_file(two_units.ward_b, "bien-ban-noi-bo-hiep-ninh.pdf", content)
    document.collection = Collection.objects.get(pk=private.pk)
    document.save()
    return document, hashlib.sha256(content).hexdigest()


# --- Legal documents: attachments (inline), signer (unit snippet), preview -------------------------------------


def document_form(taxonomy, attachment_pk, **overrides) -> dict:  # noqa: F811
    return page_form(
        attachment_pk, document_type=taxonomy.decision.pk, issuing_body=taxonomy.ward_a_body.pk, **overrides
    )


@pytest.mark.django_db
def test_another_units_private_file_cannot_be_attached_saved_or_previewed(client, two_units, taxonomy):  # noqa: F811
    theirs, digest = private_file_of_b(two_units)
    client.force_login(two_units.writer_a)
    registry = registry_of(two_units.ward_a)
    add = reverse("wagtailadmin_pages:add", args=("documents", "legaldocumentpage", registry.pk))

    response = client.post(add, document_form(taxonomy, theirs.pk))
    assert response.status_code == 200
    assert "Đối tượng đã chọn không thuộc Phường Ninh Sơn" in page_text(response)
    assert not LegalDocumentPage.objects.exists()

    preview = reverse("wagtailadmin_pages:preview_on_add", args=("documents", "legaldocumentpage", registry.pk))
    answer = client.post(preview, document_form(taxonomy, theirs.pk))
    assert json.loads(answer.content)["is_valid"] is False
    shown = page_text(client.get(preview))
    assert digest not in shown and theirs.title not in shown and theirs.url not in shown

    ours = make_file(two_units.ward_a, "quyet-dinh-15.pdf")
    assert json.loads(client.post(preview, document_form(taxonomy, ours.pk)).content)["is_valid"] is True
    response = client.post(add, document_form(taxonomy, ours.pk))
    assert response.status_code == 302
    assert LegalDocumentPage.objects.get().attachments.get().document_id == ours.pk


@pytest.mark.django_db
def test_editing_a_document_refuses_another_units_file_and_signer(client, two_units, taxonomy):  # noqa: F811
    page = add_document(
        two_units.ward_a,
        number="15/QĐ-UBND",
        document_type=taxonomy.decision,
        issuing_body=taxonomy.ward_a_body,
        issue_date=datetime.date(2026, 3, 10),
        publish=False,
    )
    ours = page.attachments.get().document
    theirs, digest = private_file_of_b(two_units)
    signer_a = Signer.objects.create(unit=two_units.ward_a, name="Đỗ Văn Sơn", position="Chủ tịch UBND phường")
    signer_b = Signer.objects.create(unit=two_units.ward_b, name="Phạm Thị Lan", position="Chủ tịch UBND phường")
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    revisions = Revision.page_revisions.filter(object_id=str(page.pk))
    before = revisions.count()
    client.force_login(two_units.writer_a)

    for data in (document_form(taxonomy, theirs.pk), document_form(taxonomy, ours.pk, signer=signer_b.pk)):
        response = client.post(edit, data)
        assert response.status_code == 200
        assert REFUSED in page_text(response)
        assert revisions.count() == before
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
        assert json.loads(client.post(preview, data).content)["is_valid"] is False
        assert digest not in page_text(client.get(preview))

    response = client.post(edit, document_form(taxonomy, ours.pk, signer=signer_a.pk))
    assert response.status_code == 302
    assert revisions.count() == before + 1
    assert revisions.latest("created_at").as_object().signer_id == signer_a.pk


# --- News articles: image, category, audio (foreign keys) and every chooser block of the body -------------------


def media(unit, kind: str) -> MediaFile:
    return MediaFile.objects.create(
        unit=unit, title=f"Tệp {kind}", file=ContentFile(b"\x00" * 16, name=f"tep.{kind}"), kind=kind, mime_type=""
    )


def body_with(kind: str, obj) -> list:
    """An article body whose only chooser value (image, document, snippet, rich-text link) is `obj`."""
    if kind == "image block":
        return [
            ("image", {"image": obj.pk, "alt_text": "Người dân thu gom rác tại khu phố", "caption": "", "credit": ""})
        ]
    if kind == "gallery (list of structs)":
        images = [
            {"image": obj.pk, "alt_text": f"Người dân dọn vệ sinh khu phố {i + 1}", "caption": ""} for i in range(2)
        ]
        return [("gallery", {"title": "", "images": list_block(images), "credit": ""})]
    if kind == "document block":
        return [("attachment", {"document": obj.pk, "title": ""})]
    if kind == "video snippet block":
        return [("video", {"video": obj.pk, "caption": ""})]
    if kind == "rich-text document link":
        return [("paragraph", rich_text(f'<p>Xem <a linktype="document" id="{obj.pk}">biên bản</a>.</p>'))]
    raise AssertionError(kind)


PLAIN_BODY = [("paragraph", rich_text("<p>Nội dung.</p>"))]


def chosen(news, unit, kind: str):  # noqa: F811
    """(featured image, body, other fields) for an article choosing `unit`'s object of this kind."""
    image = news.image_a if unit == news.units.ward_a else news.image_b
    if kind == "featured image":
        return image, PLAIN_BODY, {}
    if kind == "category":
        category = news.category_a if unit == news.units.ward_a else news.category_b
        return news.image_a, PLAIN_BODY, {"category": category.pk}
    if kind == "audio bulletin":
        return news.image_a, PLAIN_BODY, {"audio_bulletin": media(unit, "audio").pk}
    if kind in ("image block", "gallery (list of structs)"):
        return news.image_a, body_with(kind, image), {}
    if kind in ("document block", "rich-text document link"):
        return news.image_a, body_with(kind, make_file(unit)), {}
    if kind == "video snippet block":
        return news.image_a, body_with(kind, media(unit, "video")), {}
    raise AssertionError(kind)


ARTICLE_KINDS = [
    "featured image",
    "category",
    "audio bulletin",
    "image block",
    "gallery (list of structs)",
    "document block",
    "video snippet block",
    "rich-text document link",
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ARTICLE_KINDS)
def test_an_article_refuses_another_units_object_and_saves_with_its_own(client, news, kind):  # noqa: F811
    units = news.units
    parent = section(units.ward_a, "news")
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", parent.pk))
    client.force_login(units.writer_a)

    image, body, extra = chosen(news, units.ward_b, kind)
    response = client.post(url, article_form(image, body, **extra))
    assert response.status_code == 200
    assert REFUSED in page_text(response)
    assert not NewsArticlePage.objects.filter(slug="phuong-ra-quan-tong-ve-sinh").exists()

    image, body, extra = chosen(news, units.ward_a, kind)
    response = client.post(url, article_form(image, body, **extra))
    assert response.status_code == 302, page_text(response)
    assert NewsArticlePage.objects.filter(slug="phuong-ra-quan-tong-ve-sinh").exists()


@pytest.mark.django_db
def test_the_city_picks_only_its_own_images_not_its_wards(client, news):  # noqa: F811
    parent = section(news.units.city, "news")
    url = reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", parent.pk))
    client.force_login(news.city_board)
    response = client.post(url, article_form(news.image_a, PLAIN_BODY))
    assert response.status_code == 200
    assert "không thuộc Thành phố Tây Ninh" in page_text(response)
    response = client.post(url, article_form(make_image(news.units.city), PLAIN_BODY))
    assert response.status_code == 302


# --- Weekly schedule: leaders (many-to-many inside an inline form) ------------------------------------------------


@pytest.mark.django_db
def test_a_week_refuses_another_units_leader(client, two_units):
    schedule = section(two_units.ward_a, "schedule")
    week = add_week(schedule, datetime.date(2026, 11, 23), [], publish=False)
    ours = Official.objects.create(unit=two_units.ward_a, name="Nguyễn Văn Hùng", position="Chủ tịch UBND phường")
    theirs = Official.objects.create(unit=two_units.ward_b, name="Lê Văn Khác", position="Chủ tịch UBND phường")
    revisions = Revision.page_revisions.filter(object_id=str(week.pk))
    before = revisions.count()
    edit = reverse("wagtailadmin_pages:edit", args=(week.pk,))

    def form(leader) -> dict:
        entry = {
            "weekday": 0,
            "start_time": "07:30",
            "end_time": "",
            "status": "planned",
            "content": "Họp giao ban",
            "leaders": [leader.pk],
            "chair": "",
            "location": "",
            "participants": "",
            "preparing_unit": "",
            "note": "",
            "recurring": "",
        }
        data = nested_form_data({"week_start": "2026-11-23", "entries": inline_formset([entry])})
        data["entries-0-leaders"] = [str(leader.pk)]
        return data

    client.force_login(two_units.writer_a)
    response = client.post(edit, form(theirs))
    assert response.status_code == 200
    assert revisions.count() == before
    response = client.post(edit, form(ours))
    assert response.status_code == 302
    saved = revisions.latest("created_at").as_object()
    assert [leader.pk for entry in saved.entries.all() for leader in entry.leaders.all()] == [ours.pk]


# --- Unit-owned snippets: image foreign key and rich text, on create and on edit ------------------------------


def official_form(unit, **overrides) -> dict:
    data = {
        "unit": unit.pk,
        "name": "Trần Văn Bình",
        "position": "Phó Chủ tịch UBND phường",
        "photo": "",
        "sub_unit": "",
        "phone": "",
        "email": "",
        "biography": rich_text(""),
        "duties": rich_text(""),
        "term_start": "",
        "term_end": "",
        "is_leader": "on",
        "sort_order": 0,
        "spokesperson_appointed_on": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_an_official_refuses_another_units_photo_or_file_on_create_and_edit(client, unit_permissions):  # noqa: F811
    two_units = unit_permissions
    photo_b, file_b = make_image(two_units.ward_b), make_file(two_units.ward_b)
    photo_a = make_image(two_units.ward_a)
    link_b = rich_text(f'<p><a linktype="document" id="{file_b.pk}">Tiểu sử</a></p>')
    client.force_login(two_units.writer_a)
    add = reverse("wagtailsnippets_organization_official:add")

    for overrides in ({"photo": photo_b.pk}, {"biography": link_b}):
        response = client.post(add, official_form(two_units.ward_a, **overrides))
        assert response.status_code == 200
        assert REFUSED in page_text(response)
        assert not Official.objects.exists()

    assert client.post(add, official_form(two_units.ward_a, photo=photo_a.pk)).status_code == 302
    official = Official.objects.get()
    edit = reverse("wagtailsnippets_organization_official:edit", args=(official.pk,))
    response = client.post(edit, official_form(two_units.ward_a, photo=photo_b.pk, name="Đã đổi tên"))
    assert response.status_code == 200
    assert REFUSED in page_text(response)
    official.refresh_from_db()
    assert (official.photo_id, official.name) == (photo_a.pk, "Trần Văn Bình")


# --- Portal settings: the logo --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_portal_settings_refuse_another_units_logo(client, two_units):
    url = reverse("wagtailsettings:edit", args=["sites", "portalsettings", two_units.ward_a.site_id])
    form = {"tagline": "Phường văn minh", "licence": "", "facebook_url": "", "zalo_url": "", "youtube_url": ""}
    client.force_login(two_units.admin_a)

    response = client.post(url, {**form, "logo": make_image(two_units.ward_b).pk})
    assert response.status_code == 200
    assert REFUSED in page_text(response)
    assert PortalSettings.for_site(two_units.ward_a.site).logo_id is None

    own = make_image(two_units.ward_a)
    assert client.post(url, {**form, "logo": own.pk}).status_code == 302
    assert PortalSettings.for_site(two_units.ward_a.site).logo_id == own.pk


# --- A new page type cannot slip past the check -------------------------------------------------------------------


def test_manage_py_check_fails_for_a_page_form_that_skips_the_unit_check(monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from wagtail.admin.forms import WagtailAdminPageForm

    call_command("check")
    monkeypatch.setattr(LegalDocumentPage, "base_form_class", WagtailAdminPageForm)
    with pytest.raises(SystemCheckError, match=r"sites\.E001"):
        call_command("check")
