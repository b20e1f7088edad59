"""A ward editor works inside their unit and sees nothing of another unit in the Wagtail admin.

Every “absent” assertion has a positive control in the same response (the editor's own unit's object is listed),
so a broken or empty listing cannot make the test pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from disclosure.models import DisclosureItemPage
from home.models import ContentPage
from participation.models import Area, ConsultationComment, ConsultationPage, PageRating, Question
from sites.models import Unit
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import login_verified


@dataclass
class UnitObjects:
    unit: Unit
    page: ContentPage
    image: object
    document: object
    editor: object  # the unit's writer


def add_unit_objects(unit: Unit, editor, place: str) -> UnitObjects:
    section = unit.sections.get(key="intro").page
    page = section.add_child(
        instance=ContentPage(title=f"Bảng giá đất {place}", slug="bang-gia-dat", intro=f"Giá đất tại {place}.")
    )
    page.save_revision().publish()
    image = get_image_model().objects.create(
        title=f"Ảnh trụ sở {place}",
        file=get_test_image_file(filename=f"tru-so-{unit.slug}.png"),
        collection=unit.collection,
        uploaded_by_user=editor,
    )
    document = get_document_model().objects.create(
        title=f"Báo cáo ngân sách {place}",
        file=ContentFile(b"%PDF-1.4 bao cao", name=f"ngan-sach-{unit.slug}.pdf"),
        collection=unit.collection,
        uploaded_by_user=editor,
    )
    # An anonymous rating of the page, whose comment names the ward: only its own board may read it.
    PageRating.objects.create(
        unit=unit,
        page=page,
        section="intro",
        month=timezone.localdate().replace(day=1),
        score=2,
        comment=f"Bảng giá đất {place} chưa cập nhật năm nay",
    )
    # The unit's khu phố (participation.Area): a unit-owned snippet the matrix reads and posts by id.
    Area.objects.create(unit=unit, name=f"Khu phố {place} lưu trữ")
    add_consultation_comment(unit, f"Góp ý dự thảo chợ {place}: thêm bãi giữ xe.")
    # A citizen's question with personal data naming the place (ward B's: “Hiệp Ninh”, “hiepninh”, both markers).
    Question.objects.create(
        unit=unit,
        tracking_code=f"HD-{unit.slug[:8].upper()}-0001",
        title=f"Hỏi về đường ngập nước ở {place}",
        content="Đường trước nhà tôi ngập mỗi khi mưa.",
        sender_name=f"Người dân {place}",
        sender_phone="0912 000 111",
        sender_email=f"nguoidan@{unit.slug}.example.vn",
        sender_address=f"Khu phố 3, {place}",
        consent_at=timezone.now(),
        deadline=timezone.localdate(),
    )
    # An information request (Law on Access to Information Art. 24) with the requester's identity number.
    Question.objects.create(
        unit=unit,
        kind=Question.Kind.INFORMATION_REQUEST,
        tracking_code=f"HD-{unit.slug[:8].upper()}-0002",
        title=f"Yêu cầu cung cấp kế hoạch sử dụng đất {place}",
        content="Xin bản kế hoạch sử dụng đất năm 2026.",
        sender_name=f"Người yêu cầu {place}",
        sender_email=f"yeucau@{unit.slug}.example.vn",
        sender_address=f"Khu phố 1, {place}",
        requester_id_number="072190001234",
        request_purpose=f"Xây nhà ở {place}",
        delivery=Question.Delivery.EMAIL,
        consent_at=timezone.now(),
        deadline=timezone.localdate(),
    )
    # A public investment project naming the place (disclosure items): search, admin listings and choosers.
    project = unit.sections.get(key="projects").page.add_child(
        instance=DisclosureItemPage(
            title=f"Dự án chợ {place}",
            slug="du-an-cho",
            kind="project",
            issued_on=timezone.localdate(),
            investor=f"UBND {place}",
        )
    )
    project.save_revision().publish()
    add_unit_procedures(unit, place)
    return UnitObjects(unit, page, image, document, editor)


def add_unit_procedures(unit: Unit, place: str) -> None:
    """The unit's own procedure (named after the place) and its adoption of a city procedure, with a receiving
    place naming it (disclosure.Procedure, disclosure.AdoptedProcedure)."""
    from disclosure.models import AdoptedProcedure, Procedure, ProcedureField

    field = ProcedureField.objects.get(slug="ho-tich")
    Procedure.objects.create(unit=unit, code="1.009999", name=f"Thủ tục riêng của {place}", field=field)
    shared, _created = Procedure.objects.get_or_create(
        unit=unit.parent, code="1.001193", defaults={"name": "Đăng ký khai sinh", "field": field}
    )
    AdoptedProcedure.objects.create(unit=unit, procedure=shared, local_receiving_place=f"Một cửa {place}")


def add_consultation_comment(unit: Unit, content: str) -> ConsultationComment:
    """A citizen's comment (with contact data) on a draft of `unit`, creating the draft on first use."""
    index = unit.sections.get(key="consultation").page.specific
    draft = ConsultationPage.objects.child_of(index).first()
    if draft is None:
        now = timezone.now()
        draft = index.add_child(
            instance=ConsultationPage(
                title=f"Dự thảo quy chế chợ {unit.name}",
                slug="du-thao-quy-che-cho",
                intro="Tóm tắt dự thảo.",
                drafting_body="Văn phòng HĐND và UBND",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=10),
            )
        )
        draft.save_revision().publish()
    return ConsultationComment.objects.create(
        unit=unit, page=draft, content=content, email=f"nguoidan@{unit.slug}.vn", consent_at=timezone.now()
    )


@pytest.fixture
def both(two_units) -> dict[str, UnitObjects]:
    return {
        "a": add_unit_objects(two_units.ward_a, two_units.writer_a, "Ninh Sơn"),
        "b": add_unit_objects(two_units.ward_b, two_units.writer_b, "Hiệp Ninh"),
    }


# (viewer's unit, the other unit): writer_a looks at ward B, writer_b looks at ward A.
DIRECTIONS = pytest.mark.parametrize(("own", "other"), [("a", "b"), ("b", "a")], ids=["a-sees-b", "b-sees-a"])


def body(response) -> str:
    """The HTML of an admin response; modal (chooser) responses carry it inside JSON."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html") or ""
    return response.content.decode()


def is_refused(response) -> bool:
    """403, or Wagtail's permission-denied redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


# --- Pages ------------------------------------------------------------------------------------------------------


@DIRECTIONS
def test_edit_view_of_other_units_pages_is_refused(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    for page in (theirs.page, theirs.unit.home_page, theirs.unit.sections.get(key="news").page):
        assert is_refused(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))), page.title
    assert client.get(reverse("wagtailadmin_pages:edit", args=[mine.page.pk])).status_code == 200


@DIRECTIONS
def test_other_units_pages_cannot_be_deleted_moved_or_added_to(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    section = theirs.unit.sections.get(key="intro").page
    for url in (
        reverse("wagtailadmin_pages:delete", args=[theirs.page.pk]),
        reverse("wagtailadmin_pages:move", args=[theirs.page.pk]),
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[section.pk]),
    ):
        assert is_refused(client.get(url)), url
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk]), content_page_form("Tin chen")
    )
    assert is_refused(response)
    assert not Page.objects.filter(title="Tin chen").exists()


def explorer_links(page_id: int) -> list[str]:
    return [reverse("wagtailadmin_explore", args=[page_id]), reverse("wagtailadmin_pages:edit", args=[page_id])]


@DIRECTIONS
def test_explorer_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    their_section = theirs.unit.sections.get(key="intro").page

    # The explorer root opens the editor's own (Vietnamese) home, which lists its sections; the tree root lists
    # the unit's two homes (Vietnamese and English) and nothing of the other unit.
    opened = client.get(reverse("wagtailadmin_explore_root"), follow=True)
    assert opened.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[mine.unit.home_page_id])
    root = client.get(reverse("wagtailadmin_explore", args=[Page.get_first_root_node().pk]))
    assert f'href="{reverse("wagtailadmin_explore", args=[mine.unit.home_page_id])}"' in body(root)
    home = client.get(reverse("wagtailadmin_explore", args=[mine.unit.home_page_id]))
    own_section = mine.unit.sections.get(key="intro").page
    assert f'href="{reverse("wagtailadmin_explore", args=[own_section.pk])}"' in body(home)
    for html in (body(root), body(home)):
        for page in (theirs.unit.home_page, their_section, theirs.page):
            for link in explorer_links(page.pk):
                assert f'href="{link}"' not in html, page.title

    # Opening the other unit's home or section by URL lands back in the editor's own tree.
    for page in (theirs.unit.home_page, their_section):
        response = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[mine.unit.home_page_id])
        html = body(client.get(response.url))
        assert theirs.page.title not in html


@DIRECTIONS
def test_explorer_search_over_the_whole_tree_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    url = reverse("wagtailadmin_explore_results", args=[mine.unit.home_page_id])
    html = body(client.get(url, {"q": "Bảng giá đất", "search_all": "1"}))
    assert mine.page.title in html
    assert theirs.page.title not in html


@DIRECTIONS
def test_admin_page_search_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
        html = body(client.get(reverse(name), {"q": "Bảng giá đất"}))
        assert mine.page.title in html, name
        assert theirs.page.title not in html, name


@DIRECTIONS
def test_sidebar_explorer_api_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    root = Page.get_first_root_node()
    response = client.get(reverse("wagtailadmin_api:pages:listing"), {"child_of": root.pk, "for_explorer": "1"})
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert mine.unit.home_page_id in ids
    assert theirs.unit.home_page_id not in ids


@DIRECTIONS
def test_page_chooser_root_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    response = client.get(reverse("wagtailadmin_choose_page"))
    assert response.status_code == 200
    html = body(response)
    assert mine.unit.name in html
    assert theirs.unit.name not in html
    assert reverse("wagtailadmin_choose_page_child", args=[theirs.unit.home_page_id]) not in html


@DIRECTIONS
def test_page_chooser_refuses_browsing_into_other_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    their_section = theirs.unit.sections.get(key="intro").page
    for parent in (theirs.unit.home_page, their_section):
        url = reverse("wagtailadmin_choose_page_child", args=[parent.pk])
        # The chooser is opened by XHR (a 403 then); a plain request gets Wagtail's refusal redirect.
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
        response = client.get(url)
        assert is_refused(response)
        assert theirs.page.title not in body(response)

    own_section = mine.unit.sections.get(key="intro").page
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[own_section.pk]))
    assert response.status_code == 200
    assert mine.page.title in body(response)


@DIRECTIONS
def test_page_chooser_search_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Bảng giá đất"})
    assert response.status_code == 200
    html = body(response)
    assert mine.page.title in html
    assert theirs.page.title not in html


@DIRECTIONS
def test_page_chooser_with_page_type_lists_only_own_unit(client, both, own, other):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    response = client.get(reverse("wagtailadmin_choose_page"), {"page_type": "home.contentpage"})
    assert response.status_code == 200
    html = body(response)
    assert mine.unit.name in html
    assert theirs.unit.name not in html


def test_superuser_and_oversight_group_see_every_unit_in_the_chooser(client, both, superuser, django_user_model):
    oversight = Group.objects.get(name=OVERSIGHT_GROUP_NAME)  # created by migration sites 0002
    inspector = django_user_model.objects.create_user("thanhtra", password="mat-khau-thu-nghiem-2026")
    inspector.groups.add(oversight)
    for user in (superuser, inspector):
        login_verified(client, user)
        html = body(client.get(reverse("wagtailadmin_choose_page")))
        assert both["a"].unit.name in html and both["b"].unit.name in html, user.username
        html = body(client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Bảng giá đất"}))
        assert both["a"].page.title in html and both["b"].page.title in html, user.username
        html = body(client.get(reverse("wagtailadmin_choose_page_child", args=[both["b"].unit.home_page_id])))
        assert "Giới thiệu" in html


def test_user_without_unit_sees_no_unit_pages_in_the_chooser(client, both, django_user_model):
    outsider = django_user_model.objects.create_user("khach", password="mat-khau-thu-nghiem-2026")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    html = body(client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Bảng giá đất"}))
    assert both["a"].page.title not in html and both["b"].page.title not in html
    assert is_refused(client.get(reverse("wagtailadmin_choose_page_child", args=[both["a"].unit.home_page_id])))


# --- Images and documents -----------------------------------------------------------------------------------------


# (URL namespace, attribute of UnitObjects, a search that finds both units' objects, model)
MEDIA = pytest.mark.parametrize(
    ("app", "kind", "query", "model"),
    [
        ("wagtailimages", "image", "Ảnh trụ sở", get_image_model),
        ("wagtaildocs", "document", "Báo cáo ngân sách", get_document_model),
    ],
    ids=["images", "documents"],
)


@MEDIA
@DIRECTIONS
def test_media_listing_and_chooser_show_only_own_unit(client, both, own, other, app, kind, query, model):
    mine, theirs = both[own], both[other]
    client.force_login(mine.editor)
    for url, params in (
        (reverse(f"{app}:index"), {}),
        (reverse(f"{app}:index_results"), {"q": query}),
        (reverse(f"{app}_chooser:choose"), {}),
        (reverse(f"{app}_chooser:choose_results"), {"q": query}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = body(response)
        assert getattr(mine, kind).title in html, url
        assert getattr(theirs, kind).title not in html, url


@MEDIA
@DIRECTIONS
def test_other_units_media_views_are_refused(client, both, own, other, app, kind, query, model):
    mine, theirs = getattr(both[own], kind), getattr(both[other], kind)
    client.force_login(both[own].editor)
    for name in (f"{app}:edit", f"{app}:delete"):
        assert is_refused(client.get(reverse(name, args=[theirs.pk]))), name
    response = client.post(reverse(f"{app}:delete", args=[theirs.pk]))
    assert is_refused(response)
    assert model().objects.filter(pk=theirs.pk).exists()
    assert client.get(reverse(f"{app}:edit", args=[mine.pk])).status_code == 200


def test_board_member_sees_every_image_of_own_unit_only(client, both, two_units):
    # The board may change any image in its collection (not only its own uploads), still never ward B's.
    client.force_login(two_units.board_a)
    html = body(client.get(reverse("wagtailimages:index")))
    assert both["a"].image.title in html and both["b"].image.title not in html
    assert client.get(reverse("wagtailimages:edit", args=[both["a"].image.pk])).status_code == 200
    assert is_refused(client.get(reverse("wagtailimages:edit", args=[both["b"].image.pk])))


def test_choosers_stay_within_own_unit_even_with_a_grant_on_the_root_collection(client, both, two_units):
    # A grant wider than the unit (here: choose from every collection) must not open ward B to ward A's writer.
    group = two_units.ward_a.role_groups.get(role="writer").group
    root_collection = Collection.get_first_root_node()
    for codename in ("choose_image", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group, collection=root_collection, permission=Permission.objects.get(codename=codename)
        )
    client.force_login(two_units.writer_a)
    for url, a_title, b_title in (
        (reverse("wagtailimages_chooser:choose"), both["a"].image.title, both["b"].image.title),
        (reverse("wagtaildocs_chooser:choose"), both["a"].document.title, both["b"].document.title),
    ):
        html = body(client.get(url))
        assert a_title in html and b_title not in html, url


# --- Writing and publishing inside the own unit ----------------------------------------------------------------------


def content_page_form(title: str, slug: str = "", **extra) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": slug or "tin-moi",
            "intro": "Tóm tắt tin.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def test_writer_creates_page_in_own_unit_and_it_goes_to_moderation(client, two_units):
    ward_a = two_units.ward_a
    section = ward_a.sections.get(key="intro").page
    client.force_login(two_units.writer_a)
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk])
    assert client.get(add_url).status_code == 200

    # Asking to publish is not honoured for a writer; asking to submit starts the board's workflow.
    response = client.post(
        add_url, content_page_form("Điều kiện tự nhiên", "dieu-kien-tu-nhien", **{"action-submit": "1"})
    )
    page = ContentPage.objects.get(slug="dieu-kien-tu-nhien")
    assert response.status_code == 302
    assert page.get_parent().pk == section.pk
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow_id == ward_a.workflow_id
    assert page.current_workflow_task.name == f"Ban Biên tập {ward_a.name} phê duyệt"


def test_writer_cannot_publish_but_board_can(client, two_units):
    ward_a = two_units.ward_a
    section = ward_a.sections.get(key="intro").page
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", section.pk])

    client.force_login(two_units.writer_a)
    client.post(add_url, content_page_form("Lịch sử phường", "lich-su-phuong", **{"action-publish": "1"}))
    page = ContentPage.objects.get(slug="lich-su-phuong")
    assert not page.live  # saved as a draft, not published
    assert not page.permissions_for_user(two_units.writer_a).can_publish()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(edit_url, content_page_form("Lịch sử phường", "lich-su-phuong", **{"action-publish": "1"}))
    page.refresh_from_db()
    assert not page.live

    assert page.permissions_for_user(two_units.board_a).can_publish()
    client.force_login(two_units.board_a)
    response = client.post(edit_url, content_page_form("Lịch sử phường", "lich-su-phuong", **{"action-publish": "1"}))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live

    # Ward B's board has no say over ward A's pages.
    assert not page.permissions_for_user(two_units.writer_b).can_edit()


def test_board_of_one_unit_cannot_publish_in_another(two_units):
    their_page = two_units.ward_b.sections.get(key="news").page
    perms = their_page.permissions_for_user(two_units.board_a)
    assert not perms.can_publish() and not perms.can_edit()
    own_page = two_units.ward_a.sections.get(key="news").page
    assert own_page.permissions_for_user(two_units.board_a).can_publish()
