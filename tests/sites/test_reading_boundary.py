"""What one unit's editors can read of another unit through the admin's side doors:
the admin API, private collections' files, the choosers' “chosen” steps, wagtail-localize's snippet API and the
tag autocomplete.

Every “absent” assertion has a positive control (the editor's own unit's row is there), so an empty answer cannot
make a test pass.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from documents.models import Signer
from news.models import NewsArticlePage, NewsCategory
from organization.models import Official
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import login_verified
from tests.news.conftest import make_image
from tests.sites.test_isolation import DIRECTIONS, add_unit_objects, body


@pytest.fixture
def both(two_units):
    return {
        "a": add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn"),
        "b": add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh"),
    }


@pytest.fixture
def inspector(django_user_model):
    user = django_user_model.objects.create_user("thanhtra", password="mat-khau-thu-nghiem-2026")
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


def api_ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {item["id"] for item in response.json()["items"]}


def all_api_ids(client, url: str) -> set[int]:
    """Every id an API listing answers, page after page (the admin API gives at most 20 at a time)."""
    ids: set[int] = set()
    while True:
        response = client.get(url, {"offset": len(ids), "limit": 20})
        found = api_ids(response)
        if not found or found <= ids:
            return ids
        ids |= found


# --- The admin API ----------------------------------------------------------------------------------------------------


@DIRECTIONS
def test_admin_api_lists_only_own_units_images_documents_and_pages(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    images = api_ids(client.get(reverse("wagtailadmin_api:images:listing")))
    assert mine.image.pk in images and theirs.image.pk not in images
    documents = api_ids(client.get(reverse("wagtailadmin_api:documents:listing")))
    assert mine.document.pk in documents and theirs.document.pk not in documents
    pages = all_api_ids(client, reverse("wagtailadmin_api:pages:listing"))
    assert mine.page.pk in pages and theirs.page.pk not in pages
    assert theirs.unit.home_page_id not in pages
    searched = api_ids(client.get(reverse("wagtailadmin_api:pages:listing"), {"search": "Bảng giá đất"}))
    assert mine.page.pk in searched and theirs.page.pk not in searched


@pytest.mark.parametrize("root_grant", [False, True], ids=["unit-grants", "grants-on-the-roots"])
@DIRECTIONS
def test_admin_api_details_of_another_units_rows_are_not_found(client, both, own, other, root_grant):
    mine, theirs = both[own], both[other]
    if root_grant:
        # Grants wider than the unit (the whole page tree, every collection) must not open the other unit either.
        group = mine.unit.role_groups.get(role="writer").group
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission=Permission.objects.get(codename="change_page")
        )
        for codename in ("change_image", "change_document"):
            GroupCollectionPermission.objects.create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=Permission.objects.get(codename=codename),
            )
    client.force_login(mine.editor)
    for endpoint, own_pk, their_pk in (
        ("images", mine.image.pk, theirs.image.pk),
        ("documents", mine.document.pk, theirs.document.pk),
        ("pages", mine.page.pk, theirs.page.pk),
    ):
        url = f"wagtailadmin_api:{endpoint}:detail"
        assert client.get(reverse(url, args=[own_pk])).status_code == 200, endpoint
        response = client.get(reverse(url, args=[their_pk]))
        assert response.status_code == 404, endpoint
        assert theirs.image.title not in response.content.decode()
    # Children of another unit's home: not listed (the parent is not found).
    response = client.get(reverse("wagtailadmin_api:pages:listing"), {"child_of": theirs.unit.home_page_id})
    assert response.status_code in {400, 404}


def test_admin_api_shows_every_unit_to_oversight_and_superusers(client, both, superuser, inspector):
    for user in (superuser, inspector):
        login_verified(client, user)
        images = api_ids(client.get(reverse("wagtailadmin_api:images:listing")))
        assert {both["a"].image.pk, both["b"].image.pk} <= images, user.username
        documents = api_ids(client.get(reverse("wagtailadmin_api:documents:listing")))
        assert {both["a"].document.pk, both["b"].document.pk} <= documents, user.username
        pages = api_ids(client.get(reverse("wagtailadmin_api:pages:listing"), {"search": "Bảng giá đất"}))
        assert {both["a"].page.pk, both["b"].page.pk} <= pages, user.username


# --- Private collections ----------------------------------------------------------------------------------------------


@pytest.fixture
def on_disk(settings, tmp_path):
    """Files on disk, so that Wagtail's serve view can send them (the test settings keep uploads in memory)."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def unit_document(unit, collection=None):
    return get_document_model().objects.create(
        title=f"Hồ sơ cán bộ {unit.slug}",
        file=ContentFile(b"%PDF-1.4 ho so", name=f"ho-so-{unit.slug}.pdf"),
        collection=collection or unit.collection,
    )


def private_document(unit, restriction_type: str, groups=()):
    """A document of the unit in a sub-collection its admin has made private."""
    collection = unit.collection.add_child(name=f"Hồ sơ nội bộ {unit.slug}")
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type=restriction_type)
    restriction.groups.set(groups)
    return unit_document(unit, collection)


@pytest.mark.parametrize("restriction_type", ["login", "groups"])
def test_private_collection_files_are_served_to_their_units_members_only(
    client, on_disk, two_units, superuser, inspector, restriction_type
):
    # A "groups" restriction that (mistakenly) names ward B's groups too still admits only ward A's members; it names
    # the oversight group as well, or Wagtail's own check would keep the inspectors out (their choice to make).
    groups = [role.group for unit in (two_units.ward_a, two_units.ward_b) for role in unit.role_groups.all()]
    groups.append(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    document = private_document(two_units.ward_a, restriction_type, groups if restriction_type == "groups" else ())
    url = document.url

    client.force_login(two_units.writer_b)
    assert client.get(url).status_code == 403
    for user in (two_units.writer_a, two_units.board_a, two_units.admin_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user.username
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for user in (superuser, inspector):
        login_verified(client, user)
        assert client.get(url).status_code == 200, user.username
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.url


def test_public_collection_files_are_served_to_everyone(client, on_disk, two_units):
    document = unit_document(two_units.ward_a)
    client.force_login(two_units.writer_b)
    assert client.get(document.url).status_code == 200
    client.logout()
    assert client.get(document.url).status_code == 200


def test_city_wide_private_collection_admits_every_signed_in_user(client, on_disk, two_units):
    # A restriction on a collection outside every unit keeps Wagtail's own meaning.
    collection = Collection.get_first_root_node().add_child(name="Tài liệu chung")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = unit_document(two_units.ward_a, collection)
    client.force_login(two_units.writer_b)
    assert client.get(document.url).status_code == 200


# --- Choosers' chosen-multiple steps ----------------------------------------------------------------------------------


def unit_snippets(unit, place: str) -> dict:
    return {
        NewsCategory: NewsCategory.objects.create(unit=unit, name=f"Kinh tế {place}", slug=f"kinh-te-{unit.slug}"),
        Official: Official.objects.create(unit=unit, name=f"Trần Văn {place}", position="Chủ tịch UBND phường"),
        Signer: Signer.objects.create(unit=unit, name=f"Lê Thị {place}", position="Phó Chủ tịch UBND phường"),
    }


@pytest.fixture
def snippets(both):
    return {"a": unit_snippets(both["a"].unit, "Ninh Sơn"), "b": unit_snippets(both["b"].unit, "Hiệp Ninh")}


def is_refused(response) -> bool:
    """404, 403, or Wagtail's permission-denied redirect to the dashboard."""
    return response.status_code in {403, 404} or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def chosen_multiple(client, url_name: str, *objects):
    return client.get(reverse(url_name), {"id": [obj.pk for obj in objects]})


def chosen_titles(response) -> str:
    if response.status_code != 200:
        return ""
    return str(response.json().get("result", ""))


@DIRECTIONS
def test_snippet_chosen_multiple_returns_only_own_units_rows(client, both, snippets, own, other):
    mine, theirs = snippets[own], snippets[other]
    client.force_login(both[own].editor)
    for model in (NewsCategory, Official, Signer):
        name = f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:chosen_multiple"
        response = chosen_multiple(client, name, mine[model])
        assert response.status_code == 200, model
        assert str(mine[model]) in chosen_titles(response), model
        response = chosen_multiple(client, name, mine[model], theirs[model])
        assert str(theirs[model]) not in chosen_titles(response), model
        single = f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:chosen"
        assert is_refused(client.get(reverse(single, args=[theirs[model].pk]))), model


@pytest.mark.parametrize("root_grant", [False, True], ids=["unit-grant", "grant-on-root-collection"])
@DIRECTIONS
def test_image_and_document_chosen_steps_return_only_own_units_files(client, both, own, other, root_grant):
    mine, theirs = both[own], both[other]
    if root_grant:
        # A grant wider than the unit (choose from every collection) must not open the other unit's files either.
        group = mine.unit.role_groups.get(role="writer").group
        for codename in ("choose_image", "choose_document"):
            GroupCollectionPermission.objects.create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=Permission.objects.get(codename=codename),
            )
    client.force_login(mine.editor)
    for prefix, own_obj, their_obj in (
        ("wagtailimages_chooser", mine.image, theirs.image),
        ("wagtaildocs_chooser", mine.document, theirs.document),
    ):
        response = chosen_multiple(client, f"{prefix}:chosen_multiple", own_obj)
        assert response.status_code == 200 and own_obj.title in chosen_titles(response), prefix
        response = chosen_multiple(client, f"{prefix}:chosen_multiple", own_obj, their_obj)
        assert their_obj.title not in chosen_titles(response), prefix
        assert client.get(reverse(f"{prefix}:chosen", args=[own_obj.pk])).status_code == 200, prefix
        assert is_refused(client.get(reverse(f"{prefix}:chosen", args=[their_obj.pk]))), prefix
    select_format = reverse("wagtailimages_chooser:select_format", args=[theirs.image.pk])
    assert is_refused(client.get(select_format))
    assert client.get(reverse("wagtailimages_chooser:select_format", args=[mine.image.pk])).status_code == 200


def test_chosen_steps_answer_every_unit_for_oversight(client, both, snippets, inspector):
    login_verified(client, inspector)
    response = chosen_multiple(
        client,
        "wagtailsnippetchoosers_news_newscategory:chosen_multiple",
        snippets["a"][NewsCategory],
        snippets["b"][NewsCategory],
    )
    titles = chosen_titles(response)
    assert str(snippets["a"][NewsCategory]) in titles and str(snippets["b"][NewsCategory]) in titles


# --- wagtail-localize's snippet API -----------------------------------------------------------------------------------


@DIRECTIONS
def test_localize_snippet_api_lists_only_own_units_rows(client, both, snippets, own, other):
    mine, theirs = snippets[own], snippets[other]
    client.force_login(both[own].editor)
    for model in (NewsCategory, Official, Signer):
        url = reverse("wagtail_localize:snippets_api_listing", args=[model._meta.app_label, model._meta.model_name])
        response = client.get(url)
        assert response.status_code == 200, model
        titles = {item["title"] for item in response.json()}
        assert str(mine[model]) in titles and str(theirs[model]) not in titles, model


def test_localize_snippet_api_lists_every_unit_for_oversight(client, snippets, inspector):
    login_verified(client, inspector)
    url = reverse("wagtail_localize:snippets_api_listing", args=["news", "newscategory"])
    titles = {item["title"] for item in client.get(url).json()}
    assert {str(snippets["a"][NewsCategory]), str(snippets["b"][NewsCategory])} <= titles


# --- Tag autocomplete -------------------------------------------------------------------------------------------------


@pytest.fixture
def tagged(both):
    """Each ward tags an image, a document and a news article with its own tags."""
    for key, place in (("a", "ninhson"), ("b", "hiepninh")):
        objects = both[key]
        objects.image.tags.add(f"ảnh-{place}")
        objects.document.tags.add(f"tài-liệu-{place}")
        news_index = objects.unit.sections.get(key="news").page
        article = NewsArticlePage(
            title=f"Tin {place}",
            slug=f"tin-{place}",
            intro="Tóm tắt.",
            featured_image=make_image(objects.unit, title=f"Ảnh tin {place}"),
            featured_image_alt="Trụ sở phường",
            body=[{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
        )
        article.tags.add(f"tin-{place}")
        news_index.add_child(instance=article)
        article.save_revision().publish()
    return both


def autocomplete(client, term: str, url_name: str = "wagtailadmin_tag_autocomplete", args=()) -> list[str]:
    response = client.get(reverse(url_name, args=args), {"term": term})
    assert response.status_code == 200
    return response.json()


@DIRECTIONS
def test_tag_autocomplete_offers_only_own_units_tags(client, tagged, own, other):
    mine, theirs = tagged[own], tagged[other]
    mine_place, their_place = mine.unit.slug, theirs.unit.slug
    client.force_login(mine.editor)
    for prefix in ("ảnh", "tài", "tin"):
        offered = autocomplete(client, prefix)
        assert any(mine_place in tag for tag in offered), prefix
        assert not any(their_place in tag for tag in offered), (prefix, offered)
    offered = autocomplete(client, "tin", "wagtailadmin_tag_model_autocomplete", ["taggit", "tag"])
    assert f"tin-{mine_place}" in offered and f"tin-{their_place}" not in offered


def test_tag_autocomplete_offers_every_unit_to_oversight(client, tagged, inspector):
    login_verified(client, inspector)
    offered = autocomplete(client, "tin")
    assert "tin-ninhson" in offered and "tin-hiepninh" in offered


@DIRECTIONS
def test_media_listings_and_chooser_offer_only_own_units_popular_tags(client, tagged, own, other):
    mine, theirs = tagged[own], tagged[other]
    client.force_login(mine.editor)
    for url in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose")):
        html = body(client.get(url))
        assert f"ảnh-{mine.unit.slug}" in html and f"ảnh-{theirs.unit.slug}" not in html, url
    html = body(client.get(reverse("wagtaildocs:index")))
    assert f"tài-liệu-{mine.unit.slug}" in html and f"tài-liệu-{theirs.unit.slug}" not in html
