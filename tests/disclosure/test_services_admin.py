"""The procedure catalogue in the admin: each unit's board and administrator manage their unit's rows; a ward adopts
procedures of the city's catalogue from a checkbox list and never a sibling's or a made-up one (refused
server-side); writers read, the oversight office reads and manages nothing; links only to the public-service
portals."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from disclosure.models import AdoptedProcedure, Procedure
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified, make_member

from .conftest import field, make_procedure

ADOPT = reverse("disclosure_procedures:adopt")
PROCEDURES = reverse("wagtailsnippets_disclosure_procedure:list")


def refused(response) -> bool:
    """Wagtail answers a refused admin view with its home page and a message (403 outside its decorators)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


@pytest.fixture
def inspector(client, db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    login_verified(client, user)
    return user


@pytest.mark.django_db
def test_the_board_adopts_procedures_of_the_citys_catalogue_by_ticking_them(catalogue, two_units, client):
    client.force_login(two_units.board_a)
    page = client.get(ADOPT).content.decode()
    assert "Đăng ký khai sinh" in page and "Hòa giải tranh chấp đất đai" in page
    assert "Hiệp Ninh" not in page  # ward B's own procedure is not offered
    assert f'value="{catalogue["birth"].pk}" checked' in page

    shown = [catalogue[key].pk for key in ("birth", "marriage", "copy", "land")]
    response = client.post(ADOPT, {"shown": shown, "procedure": [catalogue["birth"].pk, catalogue["land"].pk]})
    assert response.status_code == 302
    adopted = set(AdoptedProcedure.objects.filter(unit=two_units.ward_a).values_list("procedure__code", flat=True))
    assert adopted == {"1.001193", "1.003554"}
    # The ward's own receiving place of a kept adoption survives.
    assert AdoptedProcedure.objects.get(unit=two_units.ward_a, procedure=catalogue["birth"]).local_receiving_place
    messages = client.get(ADOPT).content.decode()
    assert "thêm 1, bỏ 2 thủ tục" in messages


@pytest.mark.django_db
def test_a_search_narrows_the_list_and_saving_it_leaves_the_others_alone(catalogue, two_units, client):
    client.force_login(two_units.board_a)
    page = client.get(ADOPT, {"q": "chung thuc"}).content.decode()
    assert "Chứng thực bản sao" in page and "Đăng ký khai sinh" not in page
    client.post(ADOPT, {"shown": [catalogue["copy"].pk]})  # unticked the one shown
    adopted = set(AdoptedProcedure.objects.filter(unit=two_units.ward_a).values_list("procedure__code", flat=True))
    assert adopted == {"1.001193", "1.000894"}


@pytest.mark.django_db
@pytest.mark.parametrize("foreign", ["own_b", "made_up", "ward_a_own"])
def test_a_posted_id_outside_the_parents_catalogue_is_refused(catalogue, two_units, client, foreign):
    ids = {
        "own_b": catalogue["own_b"].pk,
        "made_up": 987654,
        "ward_a_own": make_procedure(two_units.ward_a, "1.009002", "Thủ tục riêng Ninh Sơn").pk,
    }
    client.force_login(two_units.board_a)
    before = set(AdoptedProcedure.objects.values_list("pk", flat=True))
    response = client.post(ADOPT, {"shown": [ids[foreign], catalogue["birth"].pk], "procedure": [ids[foreign]]})
    assert response.status_code == 400
    assert set(AdoptedProcedure.objects.values_list("pk", flat=True)) == before
    # Nor ticked without being shown.
    response = client.post(ADOPT, {"shown": [catalogue["land"].pk], "procedure": [catalogue["own_b"].pk]})
    assert response.status_code == 400
    # A sibling's procedure cannot be adopted through the model either.
    adoption = AdoptedProcedure(unit=two_units.ward_a, procedure=catalogue["own_b"])
    with pytest.raises(ValidationError):
        adoption.full_clean()


@pytest.mark.django_db
def test_another_units_adoption_screen_is_not_found_and_writers_are_refused(catalogue, two_units, client):
    client.force_login(two_units.board_a)
    assert client.get(ADOPT, {"don-vi": two_units.ward_b.pk}).status_code == 404
    response = client.post(
        ADOPT + f"?don-vi={two_units.ward_b.pk}",
        {"don-vi": two_units.ward_b.pk, "shown": [catalogue["birth"].pk], "procedure": [catalogue["birth"].pk]},
    )
    assert response.status_code == 404
    assert not AdoptedProcedure.objects.filter(unit=two_units.ward_b).exists()
    for url in (ADOPT, reverse("disclosure_procedures:import"), reverse("disclosure_procedures:sample")):
        client.force_login(two_units.writer_a)
        assert refused(client.get(url))
        assert refused(client.post(url, {"shown": [catalogue["birth"].pk]}))


@pytest.mark.django_db
def test_the_oversight_office_reads_catalogues_and_manages_none(catalogue, inspector, client):
    listing = client.get(PROCEDURES).content.decode()
    assert "Đăng ký khai sinh" in listing and "Xác nhận hỗ trợ sửa nhà Hiệp Ninh" in listing
    assert refused(client.get(ADOPT))
    assert refused(client.post(ADOPT, {"shown": [catalogue["land"].pk], "procedure": [catalogue["land"].pk]}))
    edit = reverse("wagtailsnippets_disclosure_procedure:edit", args=[catalogue["land"].pk])
    assert client.post(edit, {"name": "Đổi tên"}).status_code in (302, 403)
    assert Procedure.objects.get(pk=catalogue["land"].pk).name == "Hòa giải tranh chấp đất đai"


@pytest.mark.django_db
def test_the_snippet_listing_and_editing_are_scoped_to_the_users_units(catalogue, two_units, client):
    client.force_login(two_units.board_a)
    listing = client.get(PROCEDURES).content.decode()
    assert "Xác nhận hỗ trợ sửa nhà Hiệp Ninh" not in listing
    own_b = catalogue["own_b"]
    for view in ("edit", "delete", "history", "usage"):
        url = reverse(f"wagtailsnippets_disclosure_procedure:{view}", args=[own_b.pk])
        assert client.get(url).status_code == 404, view
    chooser = client.get(reverse("wagtailsnippetchoosers_disclosure_procedure:choose")).content.decode()
    assert "Hiệp Ninh" not in chooser
    adopted_b = AdoptedProcedure.objects.create(unit=two_units.ward_b, procedure=catalogue["land"])
    url = reverse("wagtailsnippets_disclosure_adoptedprocedure:edit", args=[adopted_b.pk])
    assert client.get(url).status_code == 404


def _form(unit, **overrides) -> dict:
    data = {
        "unit": unit.pk,
        "code": "1.009100",
        "name": "Thủ tục riêng của phường",
        "field": field("ho-tich").pk,
        "level": "partial",
        "implementing_level": "",
        "processing_time": "03 ngày làm việc",
        "fees": "",
        "agency": "",
        "receiving_place": "",
        "legal_basis": "",
        "portal_url": "",
        "forms-TOTAL_FORMS": "0",
        "forms-INITIAL_FORMS": "0",
        "forms-MIN_NUM_FORMS": "0",
        "forms-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_board_adds_a_procedure_to_its_own_unit_only_with_a_public_service_link(catalogue, two_units, client):
    add = reverse("wagtailsnippets_disclosure_procedure:add")
    client.force_login(two_units.board_a)
    response = client.post(add, _form(two_units.ward_b))
    assert response.status_code == 200 and not Procedure.objects.filter(code="1.009100").exists()
    for url in (
        "http://dichvucong.gov.vn/thu-tuc",
        "https://dichvucong.gov.vn.example.com/x",
        "https://example.com/?dichvucong.gov.vn",
        "https://user@dichvucong.gov.vn/",
    ):
        response = client.post(add, _form(two_units.ward_a, portal_url=url))
        assert "Đường dẫn phải là địa chỉ https trên Cổng Dịch vụ công" in response.content.decode(), url
    response = client.post(add, _form(two_units.ward_a, portal_url="javascript:alert(1)"))
    assert response.status_code == 200 and not Procedure.objects.filter(code="1.009100").exists()
    response = client.post(add, _form(two_units.ward_a, code="1001193"))
    assert "Mã thủ tục có dạng 1.001193" in response.content.decode()
    good = _form(two_units.ward_a, portal_url="https://dichvucong.tayninh.gov.vn/thu-tuc/1.009100")
    assert client.post(add, good).status_code == 302
    assert Procedure.objects.get(code="1.009100").unit == two_units.ward_a
    # The same code again in the same unit is refused; writers only read.
    assert "Đơn vị đã có thủ tục mang mã này." in client.post(add, good).content.decode()
    client.force_login(two_units.writer_a)
    assert client.post(add, _form(two_units.ward_a, code="1.009101")).status_code in (302, 403)
    assert not Procedure.objects.filter(code="1.009101").exists()


@pytest.mark.django_db
def test_a_form_document_of_another_unit_is_refused(catalogue, two_units, client):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document_b = get_document_model().objects.create(
        title="Mẫu của Hiệp Ninh",
        file=ContentFile(b"%PDF-1.4 x", name="mau.pdf"),
        collection=two_units.ward_b.collection,
    )
    client.force_login(two_units.board_a)
    data = _form(
        two_units.ward_a,
        **{
            "forms-TOTAL_FORMS": "1",
            "forms-0-document": document_b.pk,
            "forms-0-title": "",
            "forms-0-ORDER": "1",
            "forms-0-id": "",
            "forms-0-DELETE": "",
        },
    )
    response = client.post(reverse("wagtailsnippets_disclosure_procedure:add"), data)
    assert response.status_code == 200
    assert not Procedure.objects.filter(code="1.009100").exists()


@pytest.mark.django_db
def test_a_unit_administrator_manages_the_catalogue_of_the_unit(catalogue, two_units, client):
    client.force_login(two_units.admin_a)
    assert client.get(ADOPT).status_code == 200
    city_admin = make_member(two_units.city, "admin")
    client.force_login(city_admin)
    page = client.get(reverse("disclosure_procedures:import")).content.decode()
    assert "Thành phố Tây Ninh" in page
    assert "Đơn vị cấp trên chưa có danh mục thủ tục dùng chung." in client.get(ADOPT).content.decode()
