"""Hostnames that follow Decree 224/2026 Art. 11(4) and can move: the city on the base domain, its units on
`<slug>.<city host>`, the development port never stored, and `move_hosts` moving a demo database to production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from sites.models import Unit
from tests.conftest import make_unit

PRODUCTION_HOSTS = ["tayninh.gov.vn", ".tayninh.gov.vn", "localhost", ".localhost", "testserver"]


def hosts() -> dict[str, tuple[str, int]]:
    return {unit.slug: (unit.site.hostname, unit.site.port) for unit in Unit.objects.select_related("site")}


def move(*args: str) -> str:
    out = StringIO()
    call_command("move_hosts", *args, stdout=out)
    Site.clear_site_root_paths_cache()
    return out.getvalue()


@pytest.fixture
def production_hosts(settings):
    settings.ALLOWED_HOSTS = PRODUCTION_HOSTS
    Site.clear_site_root_paths_cache()
    yield
    Site.clear_site_root_paths_cache()


def test_with_the_production_base_domain_the_city_is_the_domain_and_units_sit_below_it(db, settings, client):
    settings.PORTAL_BASE_DOMAIN = "tayninh.gov.vn"
    settings.ALLOWED_HOSTS = PRODUCTION_HOSTS
    make_unit("city", "Thành phố Tây Ninh", "tayninh")
    make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    make_unit("department", "Phòng Tư pháp", "phongtuphap", "tayninh")
    assert hosts() == {
        "tayninh": ("tayninh.gov.vn", 80),
        "ninhson": ("ninhson.tayninh.gov.vn", 80),
        "phongtuphap": ("phongtuphap.tayninh.gov.vn", 80),
    }
    response = client.get("/", HTTP_HOST="ninhson.tayninh.gov.vn")
    assert response.status_code == 200
    assert 'href="http://tayninh.gov.vn/"' in response.content.decode()  # the footer's link to the city


def test_every_level_below_the_top_sits_directly_under_its_host(db):
    """A province, a city under it and a ward under that city: the ward is `ninhson.<province host>`, as Decree 224
    names communes (`tenphuongxa.tentinh.gov.vn`)."""
    make_unit("province", "Tỉnh Tây Ninh", "tayninhtinh")
    make_unit("city", "Thành phố Tây Ninh", "tptayninh", "tayninhtinh")
    make_unit("ward", "Phường Ninh Sơn", "ninhson", "tptayninh")
    assert {slug: host for slug, (host, _port) in hosts().items()} == {
        "tayninhtinh": "tayninh.localhost",
        "tptayninh": "tptayninh.tayninh.localhost",
        "ninhson": "ninhson.tayninh.localhost",
    }


def test_a_second_top_level_unit_needs_its_own_hostname(city):
    from sites.provisioning import ProvisioningError, UnitSpec, provision_unit

    with pytest.raises(ProvisioningError) as excinfo:
        provision_unit(UnitSpec(kind="city", name="Thành phố Thủ Dầu Một", slug="thudaumot"))
    assert "Đơn vị cấp cao nhất thứ hai cần một tên miền riêng." in excinfo.value.messages
    assert make_unit("city", "Thành phố Thủ Dầu Một", "thudaumot", hostname="thudaumot.localhost")


def test_the_development_port_is_added_to_addresses_but_never_stored(two_units, settings, client):
    settings.PORTAL_PORT = 8000
    Site.clear_site_root_paths_cache()
    try:
        ward = make_unit("ward", "Phường Ninh Thạnh", "ninhthanh", "tayninh")
        assert ward.site.port == 80
        assert ward.root_url == "http://ninhthanh.tayninh.localhost:8000"
        # runserver on 8000 (or any port) reaches the Site by its hostname.
        response = client.get("/", HTTP_HOST="ninhson.tayninh.localhost:8000")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="http://tayninh.localhost:8000/"' in html
        assert client.get("/", HTTP_HOST="ninhson.tayninh.localhost:8123").status_code == 200
    finally:
        settings.PORTAL_PORT = 80
        Site.clear_site_root_paths_cache()
    assert two_units.city.site.root_url == "http://tayninh.localhost"


def test_moving_a_demo_database_to_production_and_back(two_units, production_hosts, client):
    Site.objects.update(port=8000)  # a database seeded by an older version stored the development port
    Redirect.objects.create(
        site=two_units.ward_a.site, old_path="/cu", redirect_link="http://hiepninh.tayninh.localhost:8000/gioi-thieu/"
    )
    before = client.get("/", HTTP_HOST="ninhson.tayninh.localhost").content.decode()
    assert "http://tayninh.localhost:8000/" in before

    output = move("--base-domain", "tayninh.gov.vn", "--port", "443")
    assert "Phường Ninh Sơn" in output
    assert "http://ninhson.tayninh.localhost:8000 → https://ninhson.tayninh.gov.vn" in output
    assert "http://tayninh.localhost:8000 → https://tayninh.gov.vn" in output
    assert hosts() == {
        "tayninh": ("tayninh.gov.vn", 443),
        "ninhson": ("ninhson.tayninh.gov.vn", 443),
        "hiepninh": ("hiepninh.tayninh.gov.vn", 443),
    }
    assert Redirect.objects.get(old_path="/cu").redirect_link == "https://hiepninh.tayninh.gov.vn/gioi-thieu/"

    response = client.get("/", HTTP_HOST="ninhson.tayninh.gov.vn")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="https://tayninh.gov.vn/"' in html
    assert ":8000" not in html and "tayninh.localhost" not in html
    assert client.get("/", HTTP_HOST="ninhson.tayninh.localhost").status_code == 404  # no default site
    assert client.get("/", HTTP_HOST="tayninh.localhost").status_code == 404
    news = two_units.ward_a.sections.get(key="news").page
    assert news.get_full_url() == "https://ninhson.tayninh.gov.vn/tin-tuc-su-kien/"

    # A second run changes nothing.
    assert move("--base-domain", "tayninh.gov.vn", "--port", "443").endswith("Không có thay đổi.\n")

    # And back to the demo names, on http.
    output = move("--base-domain", "tayninh.localhost", "--port", "80")
    assert "https://ninhson.tayninh.gov.vn → http://ninhson.tayninh.localhost" in output
    assert hosts() == {
        "tayninh": ("tayninh.localhost", 80),
        "ninhson": ("ninhson.tayninh.localhost", 80),
        "hiepninh": ("hiepninh.tayninh.localhost", 80),
    }
    assert client.get("/", HTTP_HOST="ninhson.tayninh.localhost").status_code == 200
    assert client.get("/", HTTP_HOST="ninhson.tayninh.gov.vn").status_code == 404


def test_a_city_host_of_its_own_and_custom_unit_hostnames(two_units, production_hosts):
    ward_b = two_units.ward_b.site
    ward_b.hostname = "hiepninh.vn"  # the ward's own domain, outside the city's
    ward_b.save()
    output = move("--base-domain", "tayninh.gov.vn", "--city-host", "www.tayninh.gov.vn")
    assert hosts() == {
        "tayninh": ("www.tayninh.gov.vn", 80),
        "ninhson": ("ninhson.www.tayninh.gov.vn", 80),
        "hiepninh": ("hiepninh.vn", 80),
    }
    assert "giữ tên miền riêng" in output
    move("--base-domain", "tayninh.gov.vn", "--rewrite-custom")
    assert hosts()["hiepninh"] == ("hiepninh.tayninh.gov.vn", 80)
    assert hosts()["tayninh"] == ("tayninh.gov.vn", 80)


def test_a_dry_run_changes_nothing(two_units, production_hosts):
    before = hosts()
    output = move("--base-domain", "tayninh.gov.vn", "--dry-run")
    assert "http://ninhson.tayninh.localhost → http://ninhson.tayninh.gov.vn" in output
    assert "Chạy thử: 3 cổng sẽ đổi, chưa ghi gì." in output
    assert hosts() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base-domain", "Tay_Ninh.gov.vn"], "Tên miền “Tay_Ninh.gov.vn” không hợp lệ"),
        (["--base-domain", "tayninh.gov.vn", "--port", "8000"], "Cổng (port) 8000 không dùng được"),
        (["--base-domain", "tayninh.gov.vn"], "Tên miền “ninhson.tayninh.gov.vn” sẽ trùng giữa"),
    ],
    ids=["invalid-name", "development-port", "collision"],
)
def test_bad_moves_are_refused_in_vietnamese_and_change_nothing(two_units, production_hosts, args, message):
    # Phường Hiệp Ninh has its own domain, which is the name Phường Ninh Sơn would get.
    ward_b = two_units.ward_b.site
    ward_b.hostname = "ninhson.tayninh.gov.vn"
    ward_b.save()
    before = hosts()
    with pytest.raises(CommandError) as excinfo:
        move(*args)
    assert message in str(excinfo.value)
    assert hosts() == before
