"""The unit administrator keeps their unit's contact details; the footer names the unit's official channels."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from sites.models import PortalSettings, Unit, UnitRole
from sites.validators import FACEBOOK_VALIDATOR, YOUTUBE_VALIDATOR, ZALO_VALIDATOR, validate_vietnamese_phone
from tests.conftest import login_verified, make_member


def refused(response) -> bool:
    """403, or Wagtail's refusal for admin views: back to the dashboard with “Bạn không có quyền …”."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


def contact_url(unit) -> str:
    return reverse("unit_contact:edit", args=[unit.pk])


def contact_data(**overrides) -> dict:
    data = {
        "address": "Số 12 đường Bời Lời, khu phố Ninh Phúc, Phường Ninh Sơn",
        "phone": "0276 3821 999",
        "fax": "",
        "email": "vanphong@ninhson.tayninh.gov.vn",
        "responsible_person": "Lê Văn Cường – Phó Chủ tịch UBND phường",
    }
    data.update(overrides)
    return data


def footer(client, unit) -> str:
    response = client.get("/", HTTP_HOST=unit.hostname)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


def test_unit_admin_edits_contact_details_and_the_portal_shows_them(client, two_units):
    client.force_login(two_units.admin_a)
    index = client.get(reverse("unit_contact:index"))
    assert index.status_code == 302 and index.url == contact_url(two_units.ward_a)
    form = client.get(contact_url(two_units.ward_a)).content.decode()
    assert "Thông tin liên hệ của Phường Ninh Sơn" in form and "0276 3821 111" in form

    response = client.post(contact_url(two_units.ward_a), contact_data())
    assert response.status_code == 302
    ward = Unit.objects.get(pk=two_units.ward_a.pk)
    assert ward.phone == "0276 3821 999" and ward.email == "vanphong@ninhson.tayninh.gov.vn"
    html = footer(client, ward)
    assert "Số 12 đường Bời Lời" in html and 'href="tel:02763821999"' in html
    assert "mailto:vanphong@ninhson.tayninh.gov.vn" in html and "Lê Văn Cường" in html

    entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(ward.pk))
    assert entry.user == two_units.admin_a and entry.data["unit"] == ward.pk
    assert set(entry.data["fields"]) == {"address", "phone", "email", "responsible_person"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Số điện thoại không hợp lệ"),
        ("phone", "0276 3821 11a", "Số điện thoại không hợp lệ"),
        ("fax", "3821111", "Số điện thoại không hợp lệ"),
        ("email", "ubnd@", "Địa chỉ thư điện tử không hợp lệ"),
        ("address", "x" * 256, "Địa chỉ dài tối đa 255 ký tự."),
    ],
)
def test_contact_form_refuses_bad_values_in_vietnamese(client, two_units, field, value, message):
    client.force_login(two_units.admin_a)
    response = client.post(contact_url(two_units.ward_a), contact_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Unit.objects.get(pk=two_units.ward_a.pk).address == ""


@pytest.mark.parametrize(
    "number", ["0276 3822 170", "(0276) 3.822.170", "0912-345-678", "+84 912 345 678", "1900 1234", "1800 123 456"]
)
def test_vietnamese_phone_numbers_as_people_write_them(number):
    validate_vietnamese_phone(number)


def test_unit_admin_cannot_edit_another_units_contact(client, two_units):
    client.force_login(two_units.admin_a)
    ward_b = two_units.ward_b
    assert refused(client.get(contact_url(ward_b)))
    assert refused(client.post(contact_url(ward_b), contact_data()))
    # Naming the other unit in the body of their own unit's form changes nothing but their own unit.
    client.post(contact_url(two_units.ward_a), {**contact_data(), "id": ward_b.pk, "unit": ward_b.pk, "pk": ward_b.pk})
    ward_b.refresh_from_db()
    assert ward_b.phone == "0276 3822 222" and ward_b.address == ""
    assert not ModelLogEntry.objects.filter(object_id=str(ward_b.pk), action="wagtail.edit").exists()


@pytest.mark.parametrize("role", [UnitRole.WRITER, UnitRole.BOARD])
def test_writers_and_board_do_not_edit_contact_details(client, two_units, role):
    client.force_login(make_member(two_units.ward_a, role, f"ninhson-{role}-2"))
    assert refused(client.get(reverse("unit_contact:index")))
    assert refused(client.post(contact_url(two_units.ward_a), contact_data()))
    assert Unit.objects.get(pk=two_units.ward_a.pk).address == ""
    assert '"name": "unit-contact"' not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_superuser_edits_any_units_contact(client, two_units, superuser):
    login_verified(client, superuser)
    assert client.post(contact_url(two_units.ward_b), contact_data(phone="0276 3822 333")).status_code == 302
    assert Unit.objects.get(pk=two_units.ward_b.pk).phone == "0276 3822 333"


# --- Official channels ------------------------------------------------------------------------------------------


def test_footer_names_the_channels_that_are_set_and_hides_the_others(client, two_units):
    ward = two_units.ward_a
    settings = PortalSettings.for_site(ward.site)
    settings.facebook_url = "https://www.facebook.com/ubndphuongninhson"
    settings.youtube_url = "https://www.youtube.com/@ubndphuongninhson"
    settings.save()
    html = footer(client, ward)
    assert "Kênh thông tin chính thức" in html
    assert (
        '<a href="https://www.facebook.com/ubndphuongninhson" rel="me noopener">' in html
        and "Trang Facebook chính thức của Phường Ninh Sơn" in html
    )
    assert "Kênh YouTube chính thức của Phường Ninh Sơn" in html
    assert "Zalo" not in html
    # Icons are drawn inline: nothing is loaded from the networks themselves.
    assert "<script" not in html and html.count("<img") == 1  # the emblem only
    assert "facebook.com" not in footer(client, two_units.ward_b)
    assert "Kênh thông tin chính thức" not in footer(client, two_units.ward_b)


def test_english_footer_names_the_channels_in_english(client, two_units):
    ward = two_units.ward_a
    settings = PortalSettings.for_site(ward.site)
    settings.zalo_url = "https://zalo.me/1234567890123456789"
    settings.publish_english = True
    settings.save()
    response = client.get("/en/", HTTP_HOST=ward.hostname)
    assert "Official Zalo page of" in response.content.decode()


@pytest.mark.parametrize(
    ("validator", "good", "bad"),
    [
        (
            FACEBOOK_VALIDATOR,
            ["https://www.facebook.com/ubndninhson", "https://facebook.com/profile.php?id=1000"],
            [
                "http://www.facebook.com/ubndninhson",
                "https://facebook.com.evil.example/ubnd",
                "https://notfacebook.com/ubnd",
                "https://www.facebook.com/",
                "https://zalo.me/123",
            ],
        ),
        (ZALO_VALIDATOR, ["https://zalo.me/1234567890", "https://oa.zalo.me/ubnd"], ["https://zalo.vn/123"]),
        (
            YOUTUBE_VALIDATOR,
            ["https://www.youtube.com/@ubndninhson", "https://m.youtube.com/channel/UC1"],
            ["https://youtu.be.example.com/x", "https://www.youtube.com", "https://user@youtube.com/x"],
        ),
    ],
)
def test_channel_addresses_are_checked_per_network(validator, good, bad):
    for url in good:
        validator(url)
    for url in bad:
        with pytest.raises(ValidationError, match="phải bắt đầu bằng https://"):
            validator(url)


def test_unit_admin_saving_a_wrong_channel_gets_a_vietnamese_error(client, two_units):
    client.force_login(two_units.admin_a)
    site = two_units.ward_a.site
    url = reverse("wagtailsettings:edit", args=["sites", "portalsettings", site.pk])
    response = client.post(url, {"facebook_url": "https://www.youtube.com/@ubnd", "zalo_url": "", "youtube_url": ""})
    assert response.status_code == 200
    assert "Địa chỉ Facebook phải bắt đầu bằng https:// và thuộc facebook.com" in response.content.decode()
    assert PortalSettings.for_site(site).facebook_url == ""
