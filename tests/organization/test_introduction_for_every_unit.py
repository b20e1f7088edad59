"""The introduction page of every unit: vision and mission where the unit has them, and the boundary map and the
yearbook offered to every kind of unit (not only the demo's city and ward)."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from organization.models import IntroductionPage
from sites.blueprint import EVERY_KIND
from tests.conftest import make_unit
from tests.news.conftest import make_image

from .conftest import WARD_A, section

HOSTS = {"noivu": "noivu.tayninh.localhost", "mttq": "mttq.tayninh.localhost"}


def publish(page: IntroductionPage, **fields) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def main_text(client, host: str) -> str:
    response = client.get("/gioi-thieu/", HTTP_HOST=host)
    assert response.status_code == 200
    return re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL)[0]


def yearbook(unit, title: str) -> list[dict]:
    document = get_document_model()(title=title, collection=unit.collection)
    document.file.save("nien-giam.csv", ContentFile(b"Chi tieu;2025\n"), save=False)
    document.save()
    return [{"type": "yearbook", "value": {"year": 2025, "title": title, "document": document.pk}}]


def test_every_kind_of_unit_gets_an_introduction_page_with_vision_mission_map_and_yearbook_fields(city):
    for index, kind in enumerate(sorted(EVERY_KIND - {"city", "province"})):
        unit = make_unit(kind, f"Đơn vị thử {index}", f"donvi{index}", "tayninh")
        page = section(unit, "intro")
        assert isinstance(page, IntroductionPage), kind
        for field in ("vision", "mission", "boundary_map", "boundary_map_alt", "yearbooks"):
            assert hasattr(page, field)


def test_vision_and_mission_show_only_when_filled(client, two_units):
    intro = section(two_units.ward_a, "intro")
    publish(intro, intro="Giới thiệu phường.")
    html = main_text(client, WARD_A)
    assert "Tầm nhìn" not in html and "Sứ mệnh" not in html

    publish(intro, vision="Phường đô thị thông minh, đáng sống vào năm 2030.")
    html = main_text(client, WARD_A)
    assert '<h2 id="purpose-heading">Tầm nhìn</h2>' in html
    assert "<dd>Phường đô thị thông minh, đáng sống vào năm 2030.</dd>" in html
    assert "Sứ mệnh" not in html

    publish(intro, mission="Phục vụ Nhân dân tận tụy.\nCông khai, minh bạch.")
    html = main_text(client, WARD_A)
    assert '<h2 id="purpose-heading">Tầm nhìn và sứ mệnh</h2>' in html
    assert "<dd>Phục vụ Nhân dân tận tụy.<br>Công khai, minh bạch.</dd>" in html


def test_vision_and_mission_are_searchable_and_their_editor_fields_are_limited():
    names = {field.field_name for field in IntroductionPage.search_fields if hasattr(field, "field_name")}
    assert {"vision", "mission"} <= names
    for name in ("vision", "mission"):
        assert IntroductionPage._meta.get_field(name).formfield().max_length == 2000


@pytest.mark.parametrize(
    ("kind", "name", "slug"),
    [("department", "Phòng Nội vụ", "noivu"), ("fatherland_front", "Ủy ban MTTQ Việt Nam thành phố Tây Ninh", "mttq")],
)
def test_a_department_and_an_organisation_show_their_map_and_yearbook_too(client, city, kind, name, slug):
    unit = make_unit(kind, name, slug, "tayninh")
    intro = section(unit, "intro")
    publish(
        intro,
        boundary_map=make_image(unit, title="Sơ đồ"),
        boundary_map_alt=f"Sơ đồ địa bàn hoạt động của {name}",
        yearbooks=yearbook(unit, f"Báo cáo thống kê {name} năm 2025"),
        vision="Đoàn kết, đổi mới.",
    )
    html = main_text(client, HOSTS[slug])
    assert "Bản đồ địa giới hành chính" in html and f'alt="Sơ đồ địa bàn hoạt động của {name}"' in html
    assert "Niên giám và tài liệu tải về" in html and f"Báo cáo thống kê {name} năm 2025" in html
    assert "Đoàn kết, đổi mới." in html
