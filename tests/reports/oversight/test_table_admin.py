"""The score tables in the admin: only the office and superusers reach them (403 for everyone else, GET and POST);
a table that scored a closed period is read only; new versions start on the first day of a month not yet over;
forged item ids and check keys are refused. The report downloads: the office every unit, a unit's admin and board
their own only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from reports.oversight.tables import ScoreItem, ScoreTable, UnitScore
from sites.provisioning import OVERSIGHT_GROUP_NAME
from tests.conftest import PASSWORD, login_verified

from .conftest import make_table

INDEX = "/admin/giam-sat/thang-diem/"
CREATE = INDEX + "tao-moi/"
DOWNLOAD = "/admin/giam-sat/xuat/"


def detail(table) -> str:
    return f"{INDEX}{table.pk}/"


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@pytest.fixture
def inspector(db, django_user_model):
    user = django_user_model.objects.create_user("noivu.giamsat", "giamsat@tayninh.gov.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=OVERSIGHT_GROUP_NAME))
    return user


@pytest.fixture
def default_table(db) -> ScoreTable:
    return ScoreTable.objects.get(valid_from=dt.date(2026, 1, 1))


@pytest.fixture
def future_table(db) -> ScoreTable:
    """A version not yet in force: editable."""
    return make_table(next_month(timezone.localdate()), name="Phiên bản tháng tới")


def item_post(table: ScoreTable, **changes) -> dict:
    """The edit form as the page posts it, with `changes` ({form index: {field: value}}) applied."""
    items = list(table.items.order_by("sort_order", "pk"))
    data = {
        "bang-name": table.name,
        "bang-valid_from": table.valid_from.isoformat(),
        "bang-basis": table.basis,
        "muc-TOTAL_FORMS": str(len(items)),
        "muc-INITIAL_FORMS": str(len(items)),
        "muc-MIN_NUM_FORMS": "0",
        "muc-MAX_NUM_FORMS": "1000",
        "luu": "",
    }
    for index, item in enumerate(items):
        data.update(
            {
                f"muc-{index}-id": str(item.pk),
                f"muc-{index}-label": item.label,
                f"muc-{index}-clause": item.clause,
                f"muc-{index}-max_points": str(item.max_points),
                f"muc-{index}-weight": str(item.weight),
            }
        )
    for index, fields in changes.items():
        data.update({f"muc-{index}-{name}": value for name, value in fields.items()})
    return data


# --- access ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["inspector", "superuser"])
def test_the_office_and_superusers_reach_every_route(client, request, two_units, future_table, default_table, who):
    login_verified(client, request.getfixturevalue(who))
    for url in (INDEX, CREATE, detail(future_table), detail(default_table)):
        assert client.get(url).status_code == 200, url
    page = client.get(INDEX).content.decode()
    assert "Phiên bản tháng tới" in page and "Bộ tiêu chí đánh giá cổng thông tin điện tử thành phần" in page
    assert INDEX in client.get("/admin/").content.decode()  # the Reports menu entry


@pytest.mark.parametrize("who", ["admin_a", "board_a", "writer_a"])
def test_unit_members_get_403_on_every_route_get_and_post(client, two_units, future_table, who):
    login_verified(client, getattr(two_units, who))
    for url in (INDEX, CREATE, detail(future_table)):
        assert client.get(url).status_code == 403, url
    posted = item_post(future_table, **{"0": {"max_points": "99"}})
    assert client.post(detail(future_table), posted).status_code == 403
    assert client.post(CREATE, {"name": "X", "valid_from": "2030-01-01", "basis": ""}).status_code == 403
    assert not future_table.items.filter(max_points=99).exists()
    assert not ScoreTable.objects.filter(valid_from=dt.date(2030, 1, 1)).exists()
    assert INDEX not in client.get("/admin/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client, future_table):
    response = client.get(INDEX)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- new versions ----------------------------------------------------------------------------------------------


def test_a_new_version_copies_the_latest_table(client, inspector, default_table):
    login_verified(client, inspector)
    start = next_month(timezone.localdate())
    response = client.post(
        CREATE, {"name": "Bộ tiêu chí 2027", "valid_from": start.isoformat(), "basis": "QĐ 1/QĐ-UBND"}
    )
    table = ScoreTable.objects.get(valid_from=start)
    assert response.status_code == 302 and response["Location"] == detail(table)
    assert (table.name, table.basis, table.created_by) == ("Bộ tiêu chí 2027", "QĐ 1/QĐ-UBND", inspector)
    copied = list(
        table.items.order_by("sort_order").values_list("check_key", "label", "clause", "max_points", "weight")
    )
    original = list(
        default_table.items.order_by("sort_order").values_list("check_key", "label", "clause", "max_points", "weight")
    )
    assert copied == original and len(copied) == 51


@pytest.mark.parametrize(
    ("valid_from", "message"),
    [
        ("mid-month", "Thang điểm phải áp dụng từ ngày đầu tháng"),
        ("last-month", "Không thể áp dụng cho tháng đã qua"),
        ("2026-01-01", "Không thể áp dụng cho tháng đã qua"),
        ("taken", "Đã có thang điểm áp dụng từ ngày"),
        ("not-a-date", "Nhập một ngày hợp lệ"),
    ],
)
def test_a_new_version_starts_on_the_first_of_a_month_not_yet_over(
    client, inspector, future_table, valid_from, message
):
    login_verified(client, inspector)
    this_month = timezone.localdate().replace(day=1)
    value = {
        "mid-month": next_month(this_month).replace(day=15).isoformat(),
        "last-month": (this_month - dt.timedelta(days=1)).replace(day=1).isoformat(),
        "taken": future_table.valid_from.isoformat(),
    }.get(valid_from, valid_from)
    count = ScoreTable.objects.count()
    response = client.post(CREATE, {"name": "Bản lỗi", "valid_from": value, "basis": ""})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ScoreTable.objects.count() == count


# --- editing ---------------------------------------------------------------------------------------------------


def test_an_unused_table_is_edited_and_a_changed_weight_is_saved(client, inspector, future_table):
    login_verified(client, inspector)
    response = client.post(
        detail(future_table),
        item_post(future_table, **{"1": {"weight": "3", "label": "Tin tức hằng tuần"}, "2": {"DELETE": "on"}}),
    )
    assert response.status_code == 302
    news = future_table.items.get(check_key="news.items_per_days")
    assert (news.weight, news.label) == (Decimal("3"), "Tin tức hằng tuần")
    assert not future_table.items.filter(check_key="science.present").exists()


def test_a_forged_item_id_of_another_table_is_refused(client, inspector, future_table, default_table):
    login_verified(client, inspector)
    foreign = default_table.items.get(check_key="news.items_per_days")
    response = client.post(
        detail(future_table), item_post(future_table, **{"0": {"id": str(foreign.pk), "max_points": "77"}})
    )
    assert response.status_code == 400
    assert "Có tiêu chí không thuộc thang điểm này" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.max_points == Decimal("3") and not ScoreItem.objects.filter(max_points=77).exists()
    # A form added by hand (no id) would create an item of no table, or of a key no check has: refused too.
    forged = item_post(future_table)
    forged.update(
        {
            "muc-TOTAL_FORMS": "5",
            "muc-4-label": "Giả",
            "muc-4-clause": "X",
            "muc-4-max_points": "50",
            "muc-4-weight": "1",
        }
    )
    assert client.post(detail(future_table), forged).status_code == 400
    assert future_table.items.count() == 4 and not ScoreItem.objects.filter(label="Giả").exists()


def test_adding_an_item_takes_only_a_known_check_not_yet_in_the_table(client, inspector, future_table):
    login_verified(client, inspector)
    for forged in ("khong.co.tieu.chi", "news.items_per_days"):  # unknown, and already in the table
        response = client.post(
            detail(future_table), {"them": "", "them-check_key": forged, "them-max_points": "5", "them-weight": "1"}
        )
        assert response.status_code == 400
        assert f"Không có tiêu chí kiểm tra “{forged}”" in response.content.decode()
    assert future_table.items.count() == 4
    response = client.post(
        detail(future_table),
        {"them": "", "them-check_key": "schedule.weekly_before_monday", "them-max_points": "4", "them-weight": "1.5"},
    )
    assert response.status_code == 302
    added = future_table.items.get(check_key="schedule.weekly_before_monday")
    assert (added.label, added.clause, added.max_points, added.weight, added.sort_order) == (
        "Lịch công tác – Lịch tuần hiện tại đăng trước 08:00 thứ Hai",
        "NĐ43 Đ10(c)",
        Decimal("4"),
        Decimal("1.5"),
        4,
    )


def test_a_table_that_scored_a_closed_period_cannot_be_edited(
    client, inspector, default_table, future_table, two_units
):
    login_verified(client, inspector)
    page = client.get(detail(default_table)).content.decode()
    assert "không sửa được" in page and "Tạo phiên bản mới" in page and 'name="luu"' not in page
    response = client.post(detail(default_table), item_post(default_table, **{"0": {"max_points": "9"}}), follow=True)
    assert "Hãy tạo phiên bản mới" in response.content.decode()
    assert default_table.items.get(check_key="intro.present").max_points == Decimal("1.5")
    # A future version that has kept scores (a period scored with it) is locked too.
    UnitScore.objects.create(unit=two_units.ward_a, period="2030-01", table=future_table, points=1, maximum=2)
    assert 'name="luu"' not in client.get(detail(future_table)).content.decode()
    client.post(
        detail(future_table),
        {"them": "", "them-check_key": "rating.present", "them-max_points": "1", "them-weight": "1"},
    )
    assert not future_table.items.filter(check_key="rating.present").exists()


# --- downloads -------------------------------------------------------------------------------------------------


@pytest.fixture
def scored(engine, small_table, two_units):
    engine.ratios = {("hiepninh", "news.items_per_days"): 0.5}
    return two_units


def csv_units(response) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    end = rows.index([], 5)
    return [row[:2] for row in rows[6:end]]


@pytest.mark.parametrize("who", ["inspector", "superuser"])
def test_the_office_downloads_every_unit_or_one(client, request, scored, who):
    login_verified(client, request.getfixturevalue(who))
    response = client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="giam-sat-cong-2026-04.csv"' in response["Content-Disposition"]
    assert csv_units(response) == [["1", "Phường Ninh Sơn"], ["1", "Thành phố Tây Ninh"], ["3", "Phường Hiệp Ninh"]]
    one = client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "json", "don-vi": scored.ward_b.pk})
    assert [line["unit"]["slug"] for line in json.loads(one.content)["units"]] == ["hiepninh"]


@pytest.mark.parametrize("who", ["admin_a", "board_a"])
def test_a_units_admin_and_board_download_their_own_unit_only(client, scored, who):
    login_verified(client, getattr(scored, who))
    response = client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "csv"})
    assert response.status_code == 200
    assert csv_units(response) == [["1", "Phường Ninh Sơn"]]
    assert "Hiệp Ninh" not in response.content.decode("utf-8-sig")
    assert client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "csv", "don-vi": scored.ward_b.pk}).status_code == 403
    assert client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "csv", "don-vi": scored.city.pk}).status_code == 403
    own = client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "xlsx", "don-vi": scored.ward_a.pk})
    assert own.status_code == 200 and 'filename="giam-sat-cong-2026-04-ninhson.xlsx"' in own["Content-Disposition"]


def test_writers_and_other_units_get_403(client, scored):
    for user in (scored.writer_a, scored.writer_b):
        login_verified(client, user)
        assert client.get(DOWNLOAD, {"ky": "2026-04", "dinh-dang": "csv"}).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ky": "2026-14", "dinh-dang": "csv"}, "Kỳ không hợp lệ"),
        ({"ky": "2026-04", "dinh-dang": "exe"}, "Định dạng không hợp lệ"),
        ({"ky": "2025-05", "dinh-dang": "csv"}, "Chưa có thang điểm"),
        ({"ky": "2026-04", "dinh-dang": "csv", "don-vi": "abc"}, None),
        ({"ky": "2026-04", "dinh-dang": "csv", "don-vi": "99999999999999999999"}, None),
    ],
)
def test_bad_queries_answer_in_vietnamese_never_500(client, inspector, scored, query, message):
    login_verified(client, inspector)
    response = client.get(DOWNLOAD, query)
    if message is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 400 and message in response.content.decode()
