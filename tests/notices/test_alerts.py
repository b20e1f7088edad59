"""The city's alerts: issued by the city's board (and superusers) only, shown at the top of every public page of the
chosen units while valid, in the page's language, styled by severity."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import Alert
from sites.models import PortalSettings, UnitRole
from tests.conftest import login_verified, make_member, make_unit
from workdays.calendar import local_zone

from .conftest import CITY, WARD_A, WARD_B, make_alert
from .test_maintenance import refused

pytestmark = pytest.mark.django_db
VN = local_zone()


def text(response) -> str:
    return html.unescape(response.content.decode())


def local_input(moment: dt.datetime) -> str:
    return moment.astimezone(VN).strftime("%Y-%m-%dT%H:%M")


def alert_data(units=(), **fields) -> dict:
    now = timezone.now()
    data = {
        "severity": "urgent",
        "title": "Cảnh báo lũ quét",
        "body": "Mực nước sông Vàm Cỏ Đông đang lên nhanh.",
        "title_en": "Flash flood warning",
        "body_en": "The Vam Co Dong river is rising fast.",
        "valid_from": local_input(now),
        "valid_until": local_input(now + dt.timedelta(hours=12)),
        "units": [unit.pk for unit in units],
    }
    data.update(fields)
    return data


def test_an_alert_shows_on_the_chosen_unit_only_at_the_top_of_every_page(two_units, client):
    make_alert(two_units.ward_a)
    for path in ("/", "/tim-kiem/", "/khong-co-trang-nay/"):
        page = text(client.get(path, HTTP_HOST=WARD_A))
        assert "Cảnh báo bão số 5" in page, path
        assert page.index("Cảnh báo bão số 5") < page.index('class="site-header'), path  # above the header
    page = text(client.get("/", HTTP_HOST=WARD_A))
    assert 'class="site-alert site-alert--urgent" role="alert"' in page
    assert "Khẩn cấp" in page and "Bão số 5 đổ bộ trong đêm nay" in page
    for host in (WARD_B, CITY):
        assert "Cảnh báo bão số 5" not in text(client.get("/", HTTP_HOST=host))


def test_severities_are_styled_and_only_urgent_is_announced_as_an_alert(two_units, client):
    make_alert(two_units.ward_a, severity=Alert.Severity.INFO, title="Lịch cắt điện")
    make_alert(two_units.ward_a, severity=Alert.Severity.WARNING, title="Nắng nóng gay gắt")
    page = text(client.get("/", HTTP_HOST=WARD_A))
    assert 'class="site-alert site-alert--warning" aria-labelledby' in page
    assert 'class="site-alert site-alert--info" aria-labelledby' in page
    assert 'role="alert"' not in page
    assert page.index("Nắng nóng gay gắt") < page.index("Lịch cắt điện")  # the more severe first


def test_an_alert_for_all_units_shows_on_every_portal(two_units, client):
    make_alert()
    for host in (CITY, WARD_A, WARD_B):
        assert "Cảnh báo bão số 5" in text(client.get("/", HTTP_HOST=host))


def test_english_pages_show_the_english_text_or_fall_back_to_vietnamese(two_units, client):
    for unit in (two_units.ward_a, two_units.ward_b):
        PortalSettings.objects.filter(site=unit.site).update(publish_english=True)
    make_alert(two_units.ward_a)
    make_alert(two_units.ward_b, title="Cảnh báo mất điện", title_en="", body="Mất điện từ 8 giờ.", body_en="")
    english = text(client.get("/en/tim-kiem/", HTTP_HOST=WARD_A))
    assert "Typhoon No. 5 warning" in english and "stay indoors" in english and "Urgent" in english
    assert "Cảnh báo bão số 5" not in english
    assert "In force until" in english
    fallback = text(client.get("/en/tim-kiem/", HTTP_HOST=WARD_B))
    assert "Cảnh báo mất điện" in fallback and "Mất điện từ 8 giờ." in fallback


def test_an_alert_shows_only_while_valid(two_units, client, monkeypatch):
    alert = make_alert(two_units.ward_a, valid_from=timezone.now() + dt.timedelta(hours=1))
    assert "Cảnh báo bão số 5" not in text(client.get("/", HTTP_HOST=WARD_A))
    monkeypatch.setattr("django.utils.timezone.now", lambda: alert.valid_from)
    assert "Cảnh báo bão số 5" in text(client.get("/", HTTP_HOST=WARD_A))
    monkeypatch.setattr("django.utils.timezone.now", lambda: alert.valid_until)
    assert "Cảnh báo bão số 5" not in text(client.get("/", HTTP_HOST=WARD_A))


# ---- Who issues alerts -------------------------------------------------------------------------------------------


def test_ward_roles_cannot_list_issue_change_or_delete_alerts(two_units, client):
    alert = make_alert(two_units.ward_b)
    urls = [
        reverse("notices_alerts:index"),
        reverse("notices_alerts:add"),
        reverse("notices_alerts:edit", args=[alert.pk]),
        reverse("notices_alerts:delete", args=[alert.pk]),
    ]
    for user in (two_units.admin_a, two_units.board_a, two_units.writer_a):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert refused(response), (user, url)
            assert "Cảnh báo bão số 5" not in text(response)
        # A POST straight to the routes, naming the ward's own unit or another one.
        for units in ([two_units.ward_a], [two_units.ward_b], [two_units.city]):
            assert refused(client.post(reverse("notices_alerts:add"), alert_data(units)))
        assert refused(client.post(reverse("notices_alerts:edit", args=[alert.pk]), alert_data([two_units.ward_a])))
        assert refused(client.post(reverse("notices_alerts:delete", args=[alert.pk])))
    assert list(Alert.objects.values_list("title", flat=True)) == ["Cảnh báo bão số 5"]
    assert list(alert.units.all()) == [two_units.ward_b]


def test_the_city_board_issues_an_alert_for_chosen_wards(two_units, client):
    board = make_member(two_units.city, UnitRole.BOARD)
    client.force_login(board)
    assert client.get(reverse("notices_alerts:index")).status_code == 200
    response = client.post(reverse("notices_alerts:add"), alert_data([two_units.ward_a, two_units.ward_b]))
    assert response.status_code == 302, text(response)
    alert = Alert.objects.get()
    assert alert.issued_by == board and set(alert.units.all()) == {two_units.ward_a, two_units.ward_b}
    client.logout()
    assert "Cảnh báo lũ quét" in text(client.get("/", HTTP_HOST=WARD_B))
    # The city's writers are not the board.
    client.force_login(make_member(two_units.city, UnitRole.WRITER))
    assert refused(client.get(reverse("notices_alerts:index")))


def test_the_alert_form_checks_its_dates_units_and_ids(two_units, client, superuser):
    login_verified(client, superuser)
    now = timezone.now()
    page = text(
        client.post(
            reverse("notices_alerts:add"),
            alert_data([two_units.ward_a], valid_until=local_input(now - dt.timedelta(hours=1))),
        )
    )
    assert "Thời điểm kết thúc hiển thị phải sau thời điểm bắt đầu." in page
    page = text(client.post(reverse("notices_alerts:add"), alert_data()))
    assert "Chọn ít nhất một đơn vị" in page
    response = client.post(reverse("notices_alerts:add"), {**alert_data(), "units": ["999999"]})
    assert response.status_code == 200 and "999999" in text(response)  # “not one of the available choices”
    assert not Alert.objects.exists()


def test_a_citys_board_reaches_only_its_own_tree_when_another_city_shares_the_installation(two_units, client):
    """Two top-level units: the board of one never lists, issues, changes or deletes alerts on the other's portals,
    whatever ids it posts; “every portal” from it means every portal of its own tree."""
    other_city = make_unit("city", "Thành phố Thủ Dầu Một", "thudaumot", hostname="thudaumot.localhost")
    other_ward = make_unit("ward", "Phường Phú Cường", "phucuong", "thudaumot")
    theirs = make_alert(two_units.ward_a)
    board = make_member(other_city, UnitRole.BOARD)
    client.force_login(board)
    assert "Cảnh báo bão số 5" not in text(client.get(reverse("notices_alerts:index")))
    assert client.get(reverse("notices_alerts:edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notices_alerts:edit", args=[theirs.pk]), alert_data([other_ward])).status_code == 404
    assert client.post(reverse("notices_alerts:delete", args=[theirs.pk])).status_code == 404
    refused_units = client.post(reverse("notices_alerts:add"), alert_data([two_units.ward_a, other_ward]))
    assert refused_units.status_code == 200 and Alert.objects.count() == 1
    response = client.post(reverse("notices_alerts:add"), alert_data(all_units="on"))
    assert response.status_code == 302, text(response)
    mine = Alert.objects.exclude(pk=theirs.pk).get()
    assert not mine.all_units and set(mine.units.all()) == {other_city, other_ward}
    client.logout()
    assert "Cảnh báo lũ quét" in text(client.get("/", HTTP_HOST="phucuong.thudaumot.localhost"))
    for host in (CITY, WARD_A, WARD_B):
        assert "Cảnh báo lũ quét" not in text(client.get("/", HTTP_HOST=host))
    assert set(theirs.units.all()) == {two_units.ward_a}
    assert Alert.objects.get(pk=theirs.pk).title == "Cảnh báo bão số 5"


def test_the_alert_list_shows_the_newest_thirty_a_page_at_a_time(two_units, client):
    """Alerts accumulate with every storm season: the list pages, newest first, and a page number no link offers
    lands on the last page."""
    now = timezone.now()
    for number in range(32):
        make_alert(two_units.ward_a, title=f"Cảnh báo số {number:02d}", valid_from=now - dt.timedelta(days=number))
    client.force_login(make_member(two_units.city, UnitRole.BOARD))
    first = text(client.get(reverse("notices_alerts:index")))
    assert "Cảnh báo số 00" in first and "Cảnh báo số 29" in first and "Cảnh báo số 30" not in first
    assert first.index("Cảnh báo số 00") < first.index("Cảnh báo số 29")
    assert "?p=2" in first and "32 cảnh báo" in first  # the count, as Wagtail's own lists show it
    for query in ("?p=2", "?p=99", "?p=abc"):
        page = text(client.get(reverse("notices_alerts:index") + query))
        shown = {f"{n:02d}" for n in range(32) if f"Cảnh báo số {n:02d}" in page}
        assert shown == ({"30", "31"} if query != "?p=abc" else {f"{n:02d}" for n in range(30)}), query
