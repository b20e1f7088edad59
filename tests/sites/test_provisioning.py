"""Provisioning a unit portal: what an administrator gets, that a second run changes nothing, and that bad input
costs nothing."""

from __future__ import annotations

import unicodedata

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
)

from home.models import HomePage, SitemapPage
from sites.access import english_home
from sites.blueprint import BLUEPRINT
from sites.models import Unit, UnitRole, UnitSection
from sites.provisioning import ProvisioningError, UnitSpec, provision_unit
from tests.conftest import make_member, make_unit

COUNTED_MODELS = (
    Page,
    Site,
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    Workflow,
    Task,
    WorkflowPage,
    Collection,
    Unit,
    UnitSection,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def sections_of(unit: Unit) -> dict[str, Page]:
    return {row.key: row.page.specific for row in unit.sections.select_related("page")}


# kind, slug, parent (None: top level, on the base domain itself), expected hostname
KIND_CASES = [
    ("province", "tayninhtinh", None, "tayninh.localhost"),
    ("city", "tayninh", None, "tayninh.localhost"),
    ("ward", "ninhson", "tayninh", "ninhson.tayninh.localhost"),
    ("commune", "binhminh", "tayninh", "binhminh.tayninh.localhost"),
    ("department", "phongnoivu", "tayninh", "phongnoivu.tayninh.localhost"),
]
NAMES = {
    "province": "Tỉnh Tây Ninh",
    "city": "Thành phố Tây Ninh",
    "ward": "Phường Ninh Sơn",
    "commune": "Xã Bình Minh",
    "department": "Phòng Nội vụ thành phố Tây Ninh",
}


@pytest.fixture
def unit_of_kind(request, db):
    kind, slug, parent, _hostname = request.param
    if parent:
        make_unit("city", "Thành phố Tây Ninh", parent)
    return make_unit(kind, NAMES[kind], slug, parent)


@pytest.mark.parametrize("unit_of_kind", KIND_CASES, indirect=True, ids=[case[0] for case in KIND_CASES])
def test_each_kind_gets_its_site_home_and_exactly_its_blueprint_sections(unit_of_kind, client):
    unit = unit_of_kind
    expected_hostname = next(case[3] for case in KIND_CASES if case[0] == unit.kind)

    site = Site.objects.get(pk=unit.site_id)
    assert site.hostname == expected_hostname
    assert site.site_name == unit.name
    assert not site.is_default_site
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.title == unit.name and home.live and home.depth == 2

    sections = sections_of(unit)
    expected = {s.key for s in BLUEPRINT.for_kind(unit.kind)}
    assert set(sections) == expected
    assert unit.sections.count() == len(expected)
    for section in BLUEPRINT.for_kind(unit.kind):
        page = sections[section.key]
        assert page.slug == section.slug
        assert page.title == section.title_vi
        assert page.live
        assert page.specific_class.__name__ == section.page_type.split(".")[1]
        expected_parent = sections[section.parent] if section.parent else home
        assert page.get_parent().pk == expected_parent.pk, section.key

    # Every section answers on the unit's own hostname under its nested URL.
    plans = sections["plans"]
    assert plans.url_path == f"/{unit.slug}/cong-khai-thong-tin/chien-luoc-quy-hoach-ke-hoach/"
    response = client.get("/cong-khai-thong-tin/chien-luoc-quy-hoach-ke-hoach/", HTTP_HOST=expected_hostname)
    assert response.status_code == 200
    assert "Chiến lược – Quy hoạch – Kế hoạch" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        # Projects and statistics apply to every level since the legal review; science to P and D only.
        ("ward", {"projects", "statistics"}, {"science"}),
        ("commune", {"projects", "statistics"}, {"science"}),
        ("city", {"projects", "statistics", "science"}, set()),
        ("province", {"projects", "statistics", "science"}, set()),
        ("department", {"projects", "statistics", "science"}, set()),
    ],
)
def test_level_specific_sections_follow_the_legal_catalogue(db, kind, present, absent):
    case = next(c for c in KIND_CASES if c[0] == kind)
    if case[2]:
        make_unit("city", "Thành phố Tây Ninh", case[2])
    unit = make_unit(kind, NAMES[kind], case[1], case[2])
    keys = set(unit.sections.values_list("key", flat=True))
    assert present <= keys
    assert not (absent & keys)
    # Sections every level must have are always there.
    assert {"intro", "org", "contacts", "services", "disclosure", "sitemap"} <= keys
    assert isinstance(sections_of(unit)["sitemap"], SitemapPage)
    assert type(sections_of(unit)["intro"])._meta.label == BLUEPRINT.get("intro").page_type


def test_menu_sections_are_shown_in_menus_and_subsections_are_not(city):
    sections = sections_of(city)
    assert sections["intro"].show_in_menus
    assert sections["services"].show_in_menus
    assert not sections["history"].show_in_menus
    assert not sections["plans"].show_in_menus


def test_unit_keeps_contact_data_and_its_own_collection(city):
    assert city.code == "70300"
    assert city.phone == "0276 3822 170"
    assert city.responsible_person.startswith("Nguyễn Thanh Ngọc")
    assert city.collection.name == "Thành phố Tây Ninh"
    assert city.collection.get_parent() == Collection.get_first_root_node()


def test_editorial_groups_have_permissions_on_their_unit_only(two_units):
    a, b = two_units.ward_a, two_units.ward_b
    groups = {ug.role: ug.group for ug in a.role_groups.select_related("group")}
    assert {g.name for g in groups.values()} == {
        "Phường Ninh Sơn – Biên tập viên",
        "Phường Ninh Sơn – Ban Biên tập",
        "Phường Ninh Sơn – Quản trị đơn vị",
    }
    page_perms = GroupPagePermission.objects.filter(group__in=groups.values())
    assert page_perms.exists()
    # Both homes of the unit: the Vietnamese root of its site and its English translation (sites.access.english_home).
    assert set(page_perms.values_list("page_id", flat=True)) == {a.home_page_id, english_home(a).pk}
    collection_perms = GroupCollectionPermission.objects.filter(group__in=groups.values())
    assert collection_perms.exists()
    assert set(collection_perms.values_list("collection_id", flat=True)) == {a.collection_id}
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root).exists()
    assert not GroupCollectionPermission.objects.filter(collection=Collection.get_first_root_node()).exists()

    # What the users notice: a writer of A edits A's pages but not B's; only the board publishes.
    a_intro = sections_of(a)["intro"]
    b_intro = sections_of(b)["intro"]
    writer, board = two_units.writer_a, two_units.board_a
    assert a_intro.permissions_for_user(writer).can_edit()
    assert not a_intro.permissions_for_user(writer).can_publish()
    assert a_intro.permissions_for_user(board).can_publish()
    assert not b_intro.permissions_for_user(writer).can_edit()
    assert english_home(a).permissions_for_user(writer).can_add_subpage()
    assert not english_home(b).permissions_for_user(writer).can_add_subpage()
    assert not b_intro.permissions_for_user(board).can_edit()
    assert not a.site.root_page.get_parent().permissions_for_user(two_units.admin_a).can_add_subpage()
    assert writer.has_perm("wagtailadmin.access_admin")


def test_same_unit_name_in_two_parents_gets_distinct_group_and_collection_names(city):
    make_unit("city", "Thành phố Thủ Dầu Một", "thudaumot", hostname="thudaumot.localhost")
    first = make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh")
    second = make_unit("ward", "Phường Hiệp Ninh", "hiepninhtdm", "thudaumot")
    first_groups = set(first.role_groups.values_list("group__name", flat=True))
    second_groups = set(second.role_groups.values_list("group__name", flat=True))
    assert not first_groups & second_groups
    assert "Phường Hiệp Ninh (hiepninhtdm) – Ban Biên tập" in second_groups
    assert first.collection.name != second.collection.name


def test_board_approval_workflow_guards_the_unit_tree(two_units):
    a = two_units.ward_a
    workflow = Workflow.objects.get(name="Phê duyệt của Ban Biên tập – Phường Ninh Sơn")
    assert workflow.active
    assert a.workflow == workflow
    assert WorkflowPage.objects.get(page=a.home_page).workflow == workflow
    tasks = [task.specific for task in workflow.tasks.all()]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.all()) == [a.role_groups.get(role=UnitRole.BOARD).group]
    # Section pages inherit the workflow; ward B's pages do not get A's workflow.
    assert sections_of(a)["news"].get_workflow() == workflow
    assert sections_of(two_units.ward_b)["news"].get_workflow() != workflow


def test_provisioning_the_same_spec_twice_changes_nothing(city):
    spec = {
        "kind": "ward",
        "name": "Phường Ninh Sơn",
        "slug": "ninhson",
        "parent_slug": "tayninh",
        "phone": "0276 3821 111",
    }
    first = provision_unit(UnitSpec(**spec))
    assert first.created and first.changes
    before = row_counts()
    second = provision_unit(UnitSpec(**spec))
    assert row_counts() == before
    assert second.created is False
    assert second.changes == []
    assert not second.changed
    assert second.unit.pk == first.unit.pk


def test_second_run_completes_a_unit_that_lost_a_group(city):
    city.role_groups.get(role=UnitRole.WRITER).group.delete()
    result = provision_unit(UnitSpec(kind="city", name="Thành phố Tây Ninh", slug="tayninh"))
    assert not result.created
    assert result.changes == ["Tạo nhóm “Thành phố Tây Ninh – Biên tập viên”"]
    assert city.role_groups.count() == 3


def test_second_run_updates_changed_contact_data_only(city):
    result = provision_unit(UnitSpec(kind="city", name="Thành phố Tây Ninh", slug="tayninh", phone="0276 3999 999"))
    city.refresh_from_db()
    assert city.phone == "0276 3999 999"
    assert city.email == "ubnd@tayninh.gov.vn"  # not given again: kept
    assert result.changes == ["Cập nhật thông tin liên hệ: phone"]


def test_names_are_stored_in_unicode_nfc_and_rerun_with_other_normalisation_is_idempotent(city):
    decomposed = unicodedata.normalize("NFD", "Phường  Ninh Sơn ")
    unit = provision_unit(UnitSpec(kind="ward", name=decomposed, slug="ninhson", parent_slug="tayninh")).unit
    assert unit.name == unicodedata.normalize("NFC", "Phường Ninh Sơn")
    assert unit.site.site_name == unit.name
    assert unit.home_page.title == unit.name
    before = row_counts()
    again = provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh"))
    assert not again.created and again.changes == []
    assert row_counts() == before


NEW_WARD = {"kind": "ward", "name": "Phường Ninh Thạnh", "slug": "ninhthanh", "parent_slug": "tayninh"}


def bad(case_id: str, message: str, **fields):
    """A spec for Phường Ninh Thạnh with `fields` changed, and the message the administrator must read."""
    return pytest.param({**NEW_WARD, **fields}, message, id=case_id)


BAD_SPECS = [
    bad(
        "duplicate-slug-other-name",
        "Mã định danh “ninhson” đã được dùng cho Phường Ninh Sơn (ninhson.tayninh.localhost)",
        name="Phường Ninh Sơn Mới",
        slug="ninhson",
    ),
    bad(
        "duplicate-slug-other-kind",
        "Mã định danh “ninhson” đã được dùng",
        kind="commune",
        name="Phường Ninh Sơn",
        slug="ninhson",
    ),
    bad(
        "duplicate-slug-other-parent",
        "Mã định danh “ninhson” đã được dùng",
        name="Phường Ninh Sơn",
        slug="ninhson",
        parent_slug="thudaumot",
    ),
    bad(
        "hostname-taken",
        "Tên miền “ninhson.tayninh.localhost” đã được dùng cho trang “Phường Ninh Sơn”",
        hostname="ninhson.tayninh.localhost",
    ),
    bad(
        "hostname-uppercase",
        "Tên miền “NinhThanh.tayninh.localhost” không hợp lệ",
        hostname="NinhThanh.tayninh.localhost",
    ),
    bad(
        "hostname-underscore",
        "Tên miền “ninh_thanh.tayninh.localhost” không hợp lệ",
        hostname="ninh_thanh.tayninh.localhost",
    ),
    bad(
        "hostname-label-too-long",
        "không hợp lệ: mỗi phần chỉ gồm chữ thường không dấu",
        hostname="a" * 64 + ".tayninh.localhost",
    ),
    bad("hostname-empty-label", "Tên miền “ninhthanh..localhost” không hợp lệ", hostname="ninhthanh..localhost"),
    bad("hostname-trailing-dot", "Tên miền “ninhthanh.localhost.” không hợp lệ", hostname="ninhthanh.localhost."),
    bad("slug-diacritics", "Mã định danh “ninh-thạnh” không hợp lệ", slug="ninh-thạnh"),
    bad("slug-space", "Mã định danh “ninh thanh” không hợp lệ", slug="ninh thanh"),
    bad("slug-leading-hyphen", "Mã định danh “-ninhthanh” không hợp lệ", slug="-ninhthanh"),
    bad(
        "slug-too-long",
        "không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang, tối đa 63 ký tự",
        slug="n" * 64,
    ),
    bad("name-empty", "Chưa nhập tên chính thức của đơn vị.", name="   "),
    bad("unknown-parent", "Không tìm thấy đơn vị cấp trên có mã “khongco”.", parent_slug="khongco"),
    bad(
        "ward-under-ward",
        "Đơn vị loại “Phường” không thể trực thuộc “Phường Ninh Sơn” (Phường).",
        parent_slug="ninhson",
    ),
    bad(
        "department-without-parent",
        "Đơn vị loại “Cơ quan chuyên môn” phải có đơn vị cấp trên.",
        kind="department",
        name="Phòng Tư pháp",
        slug="phongtuphap",
        parent_slug=None,
    ),
    bad(
        "city-under-ward",
        "Đơn vị loại “Thành phố” không thể trực thuộc “Phường Ninh Sơn” (Phường).",
        kind="city",
        name="Thành phố Mới",
        slug="thanhphomoi",
        parent_slug="ninhson",
    ),
    bad("unknown-kind", "Loại đơn vị “village” không hợp lệ", kind="village", name="Ấp Ninh Thạnh", slug="apninhthanh"),
]


@pytest.mark.parametrize(("spec", "message"), BAD_SPECS)
def test_bad_input_is_refused_with_a_vietnamese_message_and_creates_nothing(city, spec, message):
    make_unit("city", "Thành phố Thủ Dầu Một", "thudaumot", hostname="thudaumot.localhost")
    make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    before = row_counts()
    with pytest.raises(ProvisioningError) as excinfo:
        provision_unit(UnitSpec(**spec))
    assert any(message in text for text in excinfo.value.messages), excinfo.value.messages
    assert row_counts() == before


def test_every_problem_is_reported_at_once(city):
    with pytest.raises(ProvisioningError) as excinfo:
        provision_unit(UnitSpec(kind="ward", name="", slug="Ninh Sơn", parent_slug="khongco"))
    assert len(excinfo.value.messages) == 3


def test_a_failure_half_way_rolls_everything_back(city, monkeypatch):
    def broken_workflow(unit, board):
        raise RuntimeError("máy chủ cơ sở dữ liệu ngắt kết nối")

    before = row_counts()
    monkeypatch.setattr("sites.provisioning.ensure_workflow", broken_workflow)
    with pytest.raises(RuntimeError):
        provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh"))
    assert row_counts() == before
    assert not Unit.objects.filter(slug="ninhson").exists()
    assert not Site.objects.filter(hostname="ninhson.tayninh.localhost").exists()
    assert not Group.objects.filter(name__startswith="Phường Ninh Sơn").exists()
    assert not Page.objects.filter(slug="ninhson").exists()

    # Nothing is left in the way: the same spec succeeds once the fault is gone.
    monkeypatch.undo()
    result = provision_unit(UnitSpec(kind="ward", name="Phường Ninh Sơn", slug="ninhson", parent_slug="tayninh"))
    assert result.created
    assert result.unit.site.hostname == "ninhson.tayninh.localhost"


def test_new_member_of_a_unit_sees_only_that_unit(two_units):
    from sites.access import units_for_user

    second_writer = make_member(two_units.ward_b, UnitRole.BOARD)
    assert list(units_for_user(two_units.writer_a)) == [two_units.ward_a]
    assert list(units_for_user(second_writer)) == [two_units.ward_b]


def test_a_long_official_name_is_provisioned_with_names_that_fit_every_field(city):
    name = "Trung tâm Phục vụ hành chính công và Ứng dụng khoa học công nghệ, Chuyển đổi số " * 3
    name = name.strip()[:255]
    unit = make_unit("department", name, "trungtamhcc", "tayninh")
    assert unit.name == name
    for group in Group.objects.filter(unit_role__unit=unit):
        assert len(group.name) <= 150
        assert group.name.startswith("Trung tâm Phục vụ hành chính công")
    assert {g.name.rsplit(" – ", 1)[1] for g in Group.objects.filter(unit_role__unit=unit)} == {
        "Biên tập viên",
        "Ban Biên tập",
        "Quản trị đơn vị",
    }
    assert unit.workflow.name.startswith("Phê duyệt của Ban Biên tập – Trung tâm")
    assert len(unit.workflow.name) <= 255
    again = provision_unit(UnitSpec(kind="department", name=name, slug="trungtamhcc", parent_slug="tayninh"))
    assert again.changes == []
