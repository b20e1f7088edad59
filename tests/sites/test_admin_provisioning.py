"""The superuser's “Tạo cổng thành phần” admin view and the unit listing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from sites.blueprint import BLUEPRINT
from sites.models import Unit, UnitSection
from tests.conftest import login_verified, make_unit

CREATE_URL = "sites_units:create"


def commune_form(**overrides) -> dict:
    data = {
        "kind": "commune",
        "name": "Xã Tân Bình",
        "slug": "tanbinh",
        "parent": "",
        "code": "25459",
        "hostname": "",
        "address": "Ấp Tân Trung, xã Tân Bình",
        "phone": "0276 3850 123",
        "fax": "0276 3850 124",
        "email": "ubnd@tanbinh.tayninh.gov.vn",
        "responsible_person": "Trần Văn Bình – Phó Chủ tịch UBND xã",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client_su(client, superuser):
    login_verified(client, superuser)
    return client


def test_create_form_renders_in_vietnamese(admin_client_su):
    response = admin_client_su.get(reverse(CREATE_URL))
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Loại đơn vị",
        "Tên chính thức",
        "Mã định danh",
        "Đơn vị cấp trên",
        "Tên miền riêng",
        "Người chịu trách nhiệm nội dung",
        "Tạo cổng",
    ):
        assert label in html
    assert 'action="/admin/units/new/"' in html


def test_superuser_creates_a_commune_portal_in_one_step(admin_client_su, city):
    response = admin_client_su.post(reverse(CREATE_URL), commune_form(parent=city.pk))
    unit = Unit.objects.get(slug="tanbinh")
    assert response.status_code == 302
    assert response.url == reverse("sites_units:detail", args=[unit.pk])

    assert unit.kind == "commune" and unit.parent == city and unit.name == "Xã Tân Bình"
    assert unit.site.hostname == "tanbinh.tayninh.localhost"
    assert (unit.code, unit.fax, unit.email) == ("25459", "0276 3850 124", "ubnd@tanbinh.tayninh.gov.vn")
    assert unit.responsible_person == "Trần Văn Bình – Phó Chủ tịch UBND xã"
    expected_keys = {section.key for section in BLUEPRINT.for_kind("commune")}
    assert set(unit.sections.values_list("key", flat=True)) == expected_keys
    assert unit.role_groups.count() == 3 and unit.workflow is not None

    detail = admin_client_su.get(response.url)
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Đã tạo cổng Xã Tân Bình tại http://tanbinh.tayninh.localhost/." in html
    assert 'href="http://tanbinh.tayninh.localhost/"' in html
    assert reverse("wagtailadmin_explore", args=[unit.home_page_id]) in html
    for section in BLUEPRINT.for_kind("commune"):
        assert section.title_vi in html
    intro = unit.sections.get(key="intro").page
    assert f"http://tanbinh.tayninh.localhost/{intro.slug}/" in html


def test_custom_hostname_is_used(admin_client_su, city):
    response = admin_client_su.post(
        reverse(CREATE_URL), commune_form(parent=city.pk, hostname="tanbinh.tayninh.gov.vn")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Unit.objects.get(slug="tanbinh").site.hostname == "tanbinh.tayninh.gov.vn"


def test_existing_slug_is_an_error_even_when_everything_matches(admin_client_su, two_units):
    ward_a = two_units.ward_a
    counts = (Unit.objects.count(), Page.objects.count(), UnitSection.objects.count())
    data = {
        "kind": "ward",
        "name": ward_a.name,
        "slug": ward_a.slug,
        "parent": two_units.city.pk,
        "phone": "0999 999 999",  # would be written by the idempotent service run; must be rolled back
        "fax": "0276 1111 222",
    }
    response = admin_client_su.post(reverse(CREATE_URL), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mã định danh “ninhson” đã được dùng cho Phường Ninh Sơn (ninhson.tayninh.localhost)." in html
    assert "slug" in response.context["form"].errors
    ward_a.refresh_from_db()
    assert (ward_a.phone, ward_a.fax) == ("0276 3821 111", "")
    assert (Unit.objects.count(), Page.objects.count(), UnitSection.objects.count()) == counts


def test_existing_slug_with_other_data_reports_the_service_message(admin_client_su, two_units):
    response = admin_client_su.post(
        reverse(CREATE_URL), commune_form(slug="hiepninh", name="Xã Khác", parent=two_units.city.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Mã định danh “hiepninh” đã được dùng cho Phường Hiệp Ninh (hiepninh.tayninh.localhost)."
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Chưa nhập tên chính thức của đơn vị."),
        ({"kind": ""}, "kind", "Chọn loại đơn vị."),
        ({"slug": ""}, "slug", "Chưa nhập mã định danh."),
        ({"email": "ubnd@"}, "email", "Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ubnd@ninhson.gov.vn."),
        ({"parent": "999999"}, "parent", "Đơn vị cấp trên không tồn tại."),
        (
            {"slug": "Tân Bình"},
            "slug",
            "Mã định danh “tân bình” không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số và dấu gạch ngang, "
            "tối đa 63 ký tự.",
        ),
        ({"parent": None}, "parent", "Đơn vị loại “Xã” phải có đơn vị cấp trên."),
        ({"hostname": "tan_binh.gov.vn"}, "hostname", "Tên miền “tan_binh.gov.vn” không hợp lệ"),
        ({"hostname": "tayninh.localhost"}, "hostname", "Tên miền “tayninh.localhost” đã được dùng"),
    ],
    ids=[
        "no-name",
        "no-kind",
        "no-slug",
        "bad-email",
        "unknown-parent",
        "bad-slug",
        "no-parent",
        "bad-host",
        "taken-host",
    ],
)
def test_bad_input_gives_vietnamese_errors_and_creates_nothing(admin_client_su, city, overrides, field, message):
    data = commune_form(parent=city.pk)
    data.update({key: "" if value is None else value for key, value in overrides.items()})
    counts = (Unit.objects.count(), Site.objects.count(), Page.objects.count())
    response = admin_client_su.post(reverse(CREATE_URL), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors), errors
    assert "Chưa tạo được cổng thành phần. Vui lòng sửa các lỗi bên dưới." in response.content.decode()
    assert (Unit.objects.count(), Site.objects.count(), Page.objects.count()) == counts


def test_department_cannot_sit_under_a_ward(admin_client_su, two_units):
    response = admin_client_su.post(
        reverse(CREATE_URL),
        commune_form(kind="department", name="Phòng Văn hóa", slug="vanhoa", parent=two_units.ward_a.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "Đơn vị loại “Cơ quan chuyên môn” không thể trực thuộc “Phường Ninh Sơn” (Phường)."
    ]


def test_unit_listing_shows_every_unit_with_its_hostname_and_sections(admin_client_su, two_units):
    response = admin_client_su.get(reverse("sites_units:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for unit in (two_units.city, two_units.ward_a, two_units.ward_b):
        assert unit.name in html
        assert f'href="http://{unit.site.hostname}/"' in html
        assert reverse("sites_units:detail", args=[unit.pk]) in html
    ward_sections = len(BLUEPRINT.for_kind("ward"))
    assert f"<td>{ward_sections}</td>" in html
    assert "Thành phố Tây Ninh" in html and "Phường" in html
    assert reverse(CREATE_URL) in html


def test_unit_listing_queries_do_not_grow_with_units(admin_client_su, two_units):
    url = reverse("sites_units:index")
    admin_client_su.get(url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as three_units:
        admin_client_su.get(url)
    make_unit("commune", "Xã Tân Bình", "tanbinh", "tayninh")
    make_unit("commune", "Xã Bình Minh", "binhminh", "tayninh")
    with CaptureQueriesContext(connection) as five_units:
        response = admin_client_su.get(url)
    assert "Xã Bình Minh" in response.content.decode()
    assert len(five_units) == len(three_units)


def test_superuser_sees_the_menu_items(admin_client_su):
    html = admin_client_su.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is JSON in the page.
    assert '"name": "create-unit"' in html and f'"url": "{reverse(CREATE_URL)}"' in html
    assert '"name": "units"' in html and f'"url": "{reverse("sites_units:index")}"' in html


@pytest.mark.parametrize("role", ["writer_a", "board_a", "admin_a", "writer_b"])
def test_unit_roles_are_refused_and_never_see_the_menu(client, two_units, role):
    user = getattr(two_units, role)
    client.force_login(user)
    home = reverse("wagtailadmin_home")
    for url in (
        reverse("sites_units:index"),
        reverse(CREATE_URL),
        reverse("sites_units:detail", args=[two_units.ward_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url == home, url
    response = client.post(reverse(CREATE_URL), commune_form(parent=two_units.city.pk))
    assert response.status_code == 302 and response.url == home
    assert not Unit.objects.filter(slug="tanbinh").exists()

    dashboard = client.get(home)
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert '"name": "create-unit"' not in html and '"name": "units"' not in html
    assert reverse(CREATE_URL) not in html and reverse("sites_units:index") not in html


def test_refusal_message_is_vietnamese(client, two_units):
    client.force_login(two_units.admin_a)
    response = client.get(reverse(CREATE_URL), follow=True)
    assert "Bạn không có quyền truy cập vào khu vực này." in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse(CREATE_URL))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url


def test_english_name_is_customary_by_default_and_can_be_given(admin_client_su, city):
    admin_client_su.post(reverse(CREATE_URL), commune_form(parent=city.pk))
    commune = Unit.objects.get(slug="tanbinh")
    assert commune.name_en == "Tan Binh Commune"
    response = admin_client_su.post(
        reverse(CREATE_URL),
        commune_form(
            kind="department", name="Phòng Nội vụ", slug="noivu", parent=city.pk, name_en="Office of Home Affairs"
        ),
    )
    department = Unit.objects.get(slug="noivu")
    assert department.name_en == "Office of Home Affairs"
    assert '<dd lang="en">Office of Home Affairs</dd>' in admin_client_su.get(response.url).content.decode()


def test_a_superuser_who_chose_english_reads_the_refusals_in_english_on_their_fields(admin_client_su, superuser, city):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    counts = (Unit.objects.count(), Site.objects.count(), Page.objects.count())
    response = admin_client_su.post(reverse(CREATE_URL), commune_form(parent=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["parent"] == ["A unit of type “Commune” must have a higher-level unit."]
    response = admin_client_su.post(reverse(CREATE_URL), commune_form(parent=city.pk, hostname="tayninh.localhost"))
    errors = response.context["form"].errors
    assert errors["hostname"] == [
        f"The domain name “tayninh.localhost” is already used by the site “{city.site.site_name}”."
    ]
    assert (Unit.objects.count(), Site.objects.count(), Page.objects.count()) == counts
