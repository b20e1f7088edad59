"""`manage.py provision_unit` and `manage.py sync_blueprint` as an administrator runs them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Collection, GroupPagePermission, Page, Site, Workflow

from sites.models import Unit, UnitSection

WARD_ARGS = [
    "--kind=ward",
    "--name=Phường Ninh Sơn",
    "--slug=ninhson",
    "--parent=tayninh",
    "--code=25459",
    "--address=Số 5 đường Bời Lời, Phường Ninh Sơn",
    "--phone=0276 3821 111",
    "--email=ubnd@ninhson.tayninh.gov.vn",
    "--responsible-person=Trần Văn Bình – Phó Chủ tịch UBND phường",
]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = (Page, Site, Group, GroupPagePermission, Workflow, Collection, Unit, UnitSection)
    return {model.__name__: model.objects.count() for model in models}


def test_provision_unit_creates_a_site_that_answers_on_its_hostname(city, client):
    output = run("provision_unit", *WARD_ARGS)

    assert "Đã tạo cổng Phường Ninh Sơn: http://ninhson.tayninh.localhost/" in output
    assert "Tạo chuyên mục “Giới thiệu”" in output
    assert "Tạo quy trình “Phê duyệt của Ban Biên tập – Phường Ninh Sơn”" in output
    unit = Unit.objects.get(slug="ninhson")
    assert unit.parent == city
    assert unit.responsible_person == "Trần Văn Bình – Phó Chủ tịch UBND phường"

    response = client.get("/", HTTP_HOST="ninhson.tayninh.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Phường Ninh Sơn" in title
    assert "Số 5 đường Bời Lời, Phường Ninh Sơn" in html
    assert client.get("/gioi-thieu/co-cau-to-chuc/", HTTP_HOST="ninhson.tayninh.localhost").status_code == 200


def test_provision_unit_run_twice_says_nothing_changed(city):
    run("provision_unit", *WARD_ARGS)
    before = row_counts()

    output = run("provision_unit", *WARD_ARGS)  # raises on a non-zero exit

    assert output.strip() == "Cổng Phường Ninh Sơn đã đầy đủ, không có thay đổi (http://ninhson.tayninh.localhost/)."
    assert row_counts() == before


def test_provision_unit_refuses_an_existing_slug_with_another_name(city):
    run("provision_unit", *WARD_ARGS)
    before = row_counts()

    with pytest.raises(CommandError) as excinfo:
        run("provision_unit", "--kind=ward", "--name=Phường Ninh Sơn Mới", "--slug=ninhson", "--parent=tayninh")

    assert excinfo.value.returncode != 0
    assert "Mã định danh “ninhson” đã được dùng cho Phường Ninh Sơn (ninhson.tayninh.localhost)." in str(excinfo.value)
    assert row_counts() == before
    assert Unit.objects.get(slug="ninhson").name == "Phường Ninh Sơn"


def test_provision_unit_lists_every_problem_of_a_bad_spec(db):
    before = row_counts()
    with pytest.raises(CommandError) as excinfo:
        run("provision_unit", "--kind=ward", "--name=Phường Ninh Sơn", "--slug=ninh-sơn", "--parent=khongco")
    message = str(excinfo.value)
    assert "Mã định danh “ninh-sơn” không hợp lệ" in message
    assert "Không tìm thấy đơn vị cấp trên có mã “khongco”." in message
    assert row_counts() == before


def test_provision_unit_refuses_an_unknown_kind(db):
    with pytest.raises(CommandError, match="Loại đơn vị “village” không hợp lệ; chọn một trong: province, city"):
        run("provision_unit", "--kind=village", "--name=Ấp Một", "--slug=apmot")
    assert not Unit.objects.exists()


def test_sync_blueprint_restores_a_deleted_section_and_reports_per_unit(two_units, client):
    a = two_units.ward_a
    UnitSection.objects.get(unit=a, key="recruitment").page.delete()
    assert client.get("/tin-tuc-su-kien/tuyen-dung/", HTTP_HOST=a.site.hostname).status_code == 404

    output = run("sync_blueprint")

    assert "Phường Ninh Sơn: Tạo chuyên mục “Tuyển dụng”" in output
    assert "Phường Hiệp Ninh:" not in output
    assert "3 đơn vị, 1 thay đổi." in output
    assert client.get("/tin-tuc-su-kien/tuyen-dung/", HTTP_HOST=a.site.hostname).status_code == 200
    assert "3 đơn vị, 0 thay đổi." in run("sync_blueprint")
