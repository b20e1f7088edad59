"""The real checks engine through the real scoring: a city and two wards with content dated in November (and early
December) 2026, a score table of our own, and every unit's points, maximum, percent and rank worked out by hand from
the rules and the table (the arithmetic is in the comments), not read back from the code under test.

Then a new table version with one weight changed: November keeps the score it was given (the kept UnitScore, the
November table), December's running score uses the new weight. Then the default table (migration 0002) on the same
content, and the export files of the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from reports.oversight import checks, exports, report
from reports.oversight.periods import Period
from reports.oversight.scoring import table_for
from reports.oversight.tables import ScoreTable, UnitScore

from .conftest import (
    add_article,
    add_dated_document,
    add_official,
    add_schedule_week,
    at,
    backdate,
    make_question,
    make_table,
)

NOVEMBER = Period.month(2026, 11)
DECEMBER = Period.month(2026, 12)
TODAY = dt.date(2026, 12, 4)  # Friday: November is closed (and kept), December runs (judged up to the 4th)

# The table of this scenario: (check key, maximum points, weight). Valid from 1/11/2026, after the default table
# (1/1/2026), so it scores November.
ITEMS = (
    ("news.items_per_days", "20", "2"),  # max 40; a ward: ≥ 1 article per 7 days, the city: every day
    ("documents.present", "10", "1"),  # max 10
    ("documents.working_days_after_event.own", "10", "1"),  # max 10; ward B issues nothing: ratio None
    ("schedule.weekly_before_monday", "10", "1.5"),  # max 15
    ("leaders.present", "5", "1"),  # max 5
    ("qa.working_days_after_event", "10", "1"),  # max 10; only ward A has questions: None for the others
    ("science.present", "5", "1"),  # max 5; the science section is the city's only: not a ward's item
)
# December: the same items, the news weight 2 → 1 (max 40 → 20).
DECEMBER_ITEMS = tuple((key, points, "1" if key == "news.items_per_days" else weight) for key, points, weight in ITEMS)


def seed(units, taxonomy) -> None:
    city, ward_a, ward_b = units.city, units.ward_a, units.ward_b
    backdate(city, ward_a, ward_b)

    # Ward A. News (7-day windows 1–7, 8–14, 15–21, 22–28; 29/11–5/12 runs past November's end, so it counts only
    # with an article): articles on 2, 9 and 23 → windows 1, 2, 4 met, 15–21 empty → 3/4 = 0.75.
    for day in (2, 9, 23):
        add_article(ward_a, at(dt.date(2026, 11, day)))
    # Own documents, due 2 working days after issue (no holiday in November 2026):
    #   issued Thu 5/11 → due Mon 9/11, published 9/11: on time;
    #   issued Thu 12/11 → due Mon 16/11, published Fri 20/11: late → 1/2 = 0.5.
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 5), at(dt.date(2026, 11, 9)))
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 12), at(dt.date(2026, 11, 20)))
    # Weekly schedule, Mondays 2, 9, 16, 23, 30: published the Friday before, except week 16/11 published Monday
    # 16/11 at 10:00 (after 08:00) → 4/5 = 0.8.
    for monday in (2, 9, 23, 30):
        add_schedule_week(ward_a, dt.date(2026, 11, monday), at(dt.date(2026, 11, monday) - dt.timedelta(days=3)))
    add_schedule_week(ward_a, dt.date(2026, 11, 16), at(dt.date(2026, 11, 16), 10))
    add_official(ward_a, "Nguyễn Văn A")  # leaders.present → 1.0
    # Questions: one answered on its deadline, one two days after it → 1/2 = 0.5.
    make_question(ward_a, deadline=dt.date(2026, 11, 10), answered_at=at(dt.date(2026, 11, 10)))
    make_question(ward_a, deadline=dt.date(2026, 11, 17), answered_at=at(dt.date(2026, 11, 19)))
    # December: an article on 2/12 (the running window 1–7/12 counts as it has one).
    add_article(ward_a, at(dt.date(2026, 12, 2)))

    # Ward B: articles on 4 and 25 → windows 1–7 and 22–28 met, 8–14 and 15–21 empty → 2/4 = 0.5; nothing else:
    # no document (documents.present 0, own documents: none issued → None), no schedule (0/5), no leader (0),
    # no question (None).
    add_article(ward_b, at(dt.date(2026, 11, 4)))
    add_article(ward_b, at(dt.date(2026, 11, 25)))

    # The city. News every day: articles on 1–24/11 → 24 of 30 days → 0.8.
    for day in range(1, 25):
        add_article(city, at(dt.date(2026, 11, day)))
    # Own documents: issued Mon 2/11 → due Wed 4/11, published Fri 6/11: late; issued Tue 10/11 → due Thu 12/11,
    # published 11/11: on time; issued Mon 16/11 → due Wed 18/11, published 18/11: on time → 2/3.
    add_dated_document(city, taxonomy.city_body, dt.date(2026, 11, 2), at(dt.date(2026, 11, 6)))
    add_dated_document(city, taxonomy.city_body, dt.date(2026, 11, 10), at(dt.date(2026, 11, 11)))
    add_dated_document(city, taxonomy.city_body, dt.date(2026, 11, 16), at(dt.date(2026, 11, 18)))
    for monday in (2, 9, 16, 23, 30):  # every week before Monday 08:00 (Monday 07:30) → 5/5 = 1.0
        add_schedule_week(city, dt.date(2026, 11, monday), at(dt.date(2026, 11, monday), 7, 30))
    add_official(city, "Trần Văn C")  # leaders.present → 1.0
    # science: the section exists but is empty → 0.0; no question → qa None.
    # December: articles on 1/12 and 2/12, none on 3/12 (4/12 is today: not over, and empty) → 2/3.
    add_article(city, at(dt.date(2026, 12, 1)))
    add_article(city, at(dt.date(2026, 12, 2)))


# The ratios the rules give, by hand (see `seed`); a key missing here is an item the unit's kind does not have.
RATIOS = {
    "city": {
        "news.items_per_days": 0.8,
        "documents.present": 1.0,
        "documents.working_days_after_event.own": 2 / 3,
        "schedule.weekly_before_monday": 1.0,
        "leaders.present": 1.0,
        "qa.working_days_after_event": None,
        "science.present": 0.0,
    },
    "ward_a": {
        "news.items_per_days": 0.75,
        "documents.present": 1.0,
        "documents.working_days_after_event.own": 0.5,
        "schedule.weekly_before_monday": 0.8,
        "leaders.present": 1.0,
        "qa.working_days_after_event": 0.5,
    },
    "ward_b": {
        "news.items_per_days": 0.5,
        "documents.present": 0.0,
        "documents.working_days_after_event.own": None,
        "schedule.weekly_before_monday": 0.0,
        "leaders.present": 0.0,
        "qa.working_days_after_event": None,
    },
}

# November by the scenario's table, item by item: (points, maximum) = (ratio × max × weight, max × weight) rounded
# to 2 places, (0, 0) when the ratio is None.
NOVEMBER_ITEMS = {
    "city": {
        "news.items_per_days": ("32.00", "40.00"),  # 0.8 × 20 × 2
        "documents.present": ("10.00", "10.00"),
        "documents.working_days_after_event.own": ("6.67", "10.00"),  # 2/3 × 10 = 6.666… → 6.67
        "schedule.weekly_before_monday": ("15.00", "15.00"),  # 1.0 × 10 × 1.5
        "leaders.present": ("5.00", "5.00"),
        "qa.working_days_after_event": ("0.00", "0.00"),  # None: out of the maximum
        "science.present": ("0.00", "5.00"),  # 0.0 × 5: in the maximum
    },
    "ward_a": {
        "news.items_per_days": ("30.00", "40.00"),  # 0.75 × 40
        "documents.present": ("10.00", "10.00"),
        "documents.working_days_after_event.own": ("5.00", "10.00"),  # 0.5 × 10
        "schedule.weekly_before_monday": ("12.00", "15.00"),  # 0.8 × 15
        "leaders.present": ("5.00", "5.00"),
        "qa.working_days_after_event": ("5.00", "10.00"),  # 0.5 × 10
    },
    "ward_b": {
        "news.items_per_days": ("20.00", "40.00"),  # 0.5 × 40
        "documents.present": ("0.00", "10.00"),
        "documents.working_days_after_event.own": ("0.00", "0.00"),  # None: out of the maximum
        "schedule.weekly_before_monday": ("0.00", "15.00"),
        "leaders.present": ("0.00", "5.00"),
        "qa.working_days_after_event": ("0.00", "0.00"),  # None: out of the maximum
    },
}
NOVEMBER_TOTALS = {
    # city: 32 + 10 + 6.67 + 15 + 5 + 0 + 0 = 68.67 of 40 + 10 + 10 + 15 + 5 + 0 + 5 = 85;
    #       68.67 / 85 × 100 = 80.788… → 80.79 → rank 1
    "city": ("68.67", "85.00", "80.79", 1),
    # ward A: 30 + 10 + 5 + 12 + 5 + 5 = 67 of 40 + 10 + 10 + 15 + 5 + 10 = 90; 67 / 90 × 100 = 74.444… → 74.44 → 2
    "ward_a": ("67.00", "90.00", "74.44", 2),
    # ward B: 20 + 0 + 0 + 0 + 0 + 0 = 20 of 40 + 10 + 0 + 15 + 5 + 0 = 70; 20 / 70 × 100 = 28.571… → 28.57 → 3
    "ward_b": ("20.00", "70.00", "28.57", 3),
}


@pytest.fixture
def scenario(two_units, taxonomy):
    seed(two_units, taxonomy)
    return two_units


def unit_of(units, name: str):
    return getattr(units, name)


def figures(line) -> tuple[str, str, str, int]:
    return (str(line.points), str(line.maximum), str(line.percent_exact), line.rank)


def rounded(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, 9)


def test_the_engine_gives_the_ratios_worked_out_by_hand(scenario):
    results = checks.evaluate([scenario.city, scenario.ward_a, scenario.ward_b], NOVEMBER, TODAY)
    for name, expected in RATIOS.items():
        unit = unit_of(scenario, name)
        got = {key: rounded(results[unit.pk][key].ratio) for key in expected}
        assert got == {key: rounded(ratio) for key, ratio in expected.items()}, name
    assert "science.present" not in results[scenario.ward_a.pk]


def test_november_points_maximum_percent_and_rank_of_each_unit(scenario):
    table = make_table(dt.date(2026, 11, 1), ITEMS, name="Thang điểm tháng 11/2026")
    result = report.build(NOVEMBER, None, today=TODAY)
    assert result.table == table and result.closed
    for name, totals in NOVEMBER_TOTALS.items():
        line = result.for_unit(unit_of(scenario, name).pk)
        assert figures(line) == totals, name
        items = {score.item.check_key: (str(score.points), str(score.maximum)) for score in line.items}
        assert items == NOVEMBER_ITEMS[name], name
        # The item whose result does not apply is listed, with 0 of 0 points and its result marked as not applying.
        for score in line.items:
            assert score.applies == (RATIOS[name][score.item.check_key] is not None)
    # The science item does not apply to a ward's kind: not listed at all (not even 0 of 0).
    ward_a = result.for_unit(scenario.ward_a.pk)
    assert "science.present" not in {score.item.check_key for score in ward_a.items}
    assert [line.unit.pk for line in result.units] == [scenario.city.pk, scenario.ward_a.pk, scenario.ward_b.pk]
    # Ward A's failing items, the largest loss first: news −10, own documents −5, qa −5, schedule −3.
    assert [score.item.check_key for score in ward_a.failing][:1] == ["news.items_per_days"]
    assert {score.item.check_key for score in ward_a.failing} == {
        "news.items_per_days",
        "documents.working_days_after_event.own",
        "qa.working_days_after_event",
        "schedule.weekly_before_monday",
    }


# December by the table in force on 4/12: items judged up to 4/12.
#   city: news 2/3 (days 1, 2 of 1–3) × 20 × w; documents.present 10/10; own documents: none issued in December →
#         None; schedule: no Monday 08:00 in 1–4/12 → None; leaders 5/5; qa None; science 0/5.
#   ward A: news 1/1 (window 1–7/12 running, has an article) × 20 × w; documents.present 10/10; leaders 5/5.
#   ward B: news: window 1–7/12 running and empty → None; documents.present 0/10; leaders 0/5.
DECEMBER_BY_WEIGHT = {
    # weight 2 (the November table, still in force before the new version exists):
    #   city: 2/3 × 40 = 26.666… → 26.67; 26.67 + 10 + 5 + 0 = 41.67 of 40 + 10 + 5 + 5 = 60 → 69.45
    #   ward A: 40 + 10 + 5 = 55 of 55 → 100.00; ward B: 0 of 10 + 5 = 15 → 0.00
    "2": {
        "city": ("41.67", "60.00", "69.45", 2),
        "ward_a": ("55.00", "55.00", "100.00", 1),
        "ward_b": ("0.00", "15.00", "0.00", 3),
    },
    # weight 1 (the December version):
    #   city: 2/3 × 20 = 13.333… → 13.33; 13.33 + 10 + 5 + 0 = 28.33 of 20 + 10 + 5 + 5 = 40; 28.33 / 40 × 100 =
    #         70.825 → 70.83 (half up)
    #   ward A: 20 + 10 + 5 = 35 of 35 → 100.00; ward B: 0 of 15 → 0.00
    "1": {
        "city": ("28.33", "40.00", "70.83", 2),
        "ward_a": ("35.00", "35.00", "100.00", 1),
        "ward_b": ("0.00", "15.00", "0.00", 3),
    },
}


def test_a_changed_weight_changes_december_and_leaves_november_as_kept(scenario):
    november_table = make_table(dt.date(2026, 11, 1), ITEMS, name="Thang điểm tháng 11/2026")
    # November is kept once settled (its longest deadline run out); nothing of it is still pending in the scenario,
    # so the settled figures are those of 4/12.
    settled = report.settles_on(NOVEMBER) + dt.timedelta(days=1)
    november = report.build(NOVEMBER, None, today=settled)
    assert november.settled
    assert UnitScore.objects.filter(period="2026-11", table=november_table).count() == 3
    before = report.build(DECEMBER, None, today=TODAY)
    assert before.table == november_table and not before.closed
    for name, totals in DECEMBER_BY_WEIGHT["2"].items():
        assert figures(before.for_unit(unit_of(scenario, name).pk)) == totals, name

    december_table = make_table(dt.date(2026, 12, 1), DECEMBER_ITEMS, name="Thang điểm tháng 12/2026")
    assert table_for(DECEMBER) == december_table and table_for(NOVEMBER) == november_table

    # (b) December's running score uses the new weight, on the same content and the same day.
    after = report.build(DECEMBER, None, today=TODAY)
    assert after.table == december_table
    for name, totals in DECEMBER_BY_WEIGHT["1"].items():
        line = after.for_unit(unit_of(scenario, name).pk)
        assert figures(line) == totals, name
        news = next(score for score in line.items if score.item.check_key == "news.items_per_days")
        assert news.item.weight == Decimal("1")
    assert not UnitScore.objects.filter(period="2026-12").exists()  # a running month is never kept

    # (a) November still shows what it was scored with: the kept rows, the November table, weight 2.
    again = report.build(NOVEMBER, None, today=settled)
    assert again.table == november_table
    for name, totals in NOVEMBER_TOTALS.items():
        unit = unit_of(scenario, name)
        line = again.for_unit(unit.pk)
        assert line.kept and figures(line) == totals == figures(november.for_unit(unit.pk)), name
        kept = UnitScore.objects.get(period="2026-11", unit=unit)
        assert (kept.table_id, str(kept.points), str(kept.maximum)) == (november_table.pk, totals[0], totals[1])
        news = next(score for score in line.items if score.item.check_key == "news.items_per_days")
        assert news.item.weight == Decimal("2")
    # Even a day later, with the December table and new content, November does not move.
    add_article(scenario.ward_b, at(dt.date(2026, 11, 12)))
    later = report.build(NOVEMBER, None, today=settled + dt.timedelta(days=1))
    assert figures(later.for_unit(scenario.ward_b.pk)) == NOVEMBER_TOTALS["ward_b"]


def half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_default_table_on_the_same_scenario(scenario):
    default = ScoreTable.objects.get(valid_from=dt.date(2026, 1, 1))  # migration 0002, the only table
    assert table_for(NOVEMBER) == default
    result = report.build(NOVEMBER, None, today=TODAY)
    assert result.table == default
    results = checks.evaluate([scenario.city, scenario.ward_a, scenario.ward_b], NOVEMBER, TODAY)
    items = list(default.items.all())
    assert all(item.weight == 1 for item in items)
    for name in ("city", "ward_a", "ward_b"):
        unit = unit_of(scenario, name)
        line = result.for_unit(unit.pk)
        kind_keys = {check.key for check in checks.checks_for_kind(unit.kind)}
        # The maximum: the max points of the default items whose check the unit's kind has and whose result applies.
        applying = [
            item for item in items if item.check_key in kind_keys and results[unit.pk][item.check_key].ratio is not None
        ]
        assert line.maximum == sum((item.max_points for item in applying), Decimal(0)), name
        points = sum(
            (half_up(Decimal(str(results[unit.pk][item.check_key].ratio)) * item.max_points) for item in applying),
            Decimal(0),
        )
        assert line.points == points, name
        assert line.percent_exact == half_up(points / line.maximum * 100), name
        listed = {score.item.check_key for score in line.items}
        assert listed == {item.check_key for item in items if item.check_key in kind_keys}, name
    # What the scenario fixes by hand: ward B has no own document and no question, so those items are out of its
    # maximum; the ward has no science item; the city does.
    ward_b = {score.item.check_key: score for score in result.for_unit(scenario.ward_b.pk).items}
    for key in ("documents.working_days_after_event.own", "qa.working_days_after_event"):
        assert (ward_b[key].applies, ward_b[key].maximum) == (False, Decimal("0.00"))
    assert "science.present" not in ward_b
    city = {score.item.check_key: score for score in result.for_unit(scenario.city.pk).items}
    assert (city["science.present"].points, city["science.present"].maximum) == (Decimal("0.00"), Decimal("1.50"))
    ranked = sorted(result.units, key=lambda line: -line.percent_exact)
    assert [line.rank for line in result.units] == [1, 2, 3]
    assert [line.unit.pk for line in ranked] == [line.unit.pk for line in result.units]

    # Its export files parse and carry the same figures (rank, unit, points, maximum, percent; each item's points).
    expected = [
        [line.rank, line.unit.name, float(line.points), float(line.maximum), float(line.percent_exact)]
        for line in result.units
    ]
    content = exports.to_csv(result)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["Thang điểm: Bộ tiêu chí đánh giá cổng thông tin điện tử thành phần (áp dụng từ ngày 1/1/2026)"]
    assert [[row[0], row[1], row[3], row[4], row[5]] for row in rows[6:9]] == [as_csv(row) for row in expected]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(result)))["Điểm"]
    values = [list(row) for row in sheet.iter_rows(min_row=7, max_row=9, values_only=True)]
    assert [[row[0], row[1], row[3], row[4], row[5]] for row in values] == expected
    assert [row[6:] for row in values] == [
        [None if cell == "" else float(cell) for cell in row[6:]] for row in rows[6:9]
    ]
    # Each item's exported points add up to the unit's points.
    for row, line in zip(values, result.units, strict=True):
        assert half_up(sum((Decimal(str(cell)) for cell in row[6:] if cell is not None), Decimal(0))) == line.points


# Export rows, by hand from NOVEMBER_ITEMS: rank, unit, kind, points, maximum, percent, then one column per item in
# the table's order, empty where the item does not apply (a ward's science, a ratio None).
EXPORT_ROWS = [
    [1, "Thành phố Tây Ninh", "Thành phố", 68.67, 85.0, 80.79, 32.0, 10.0, 6.67, 15.0, 5.0, None, 0.0],
    [2, "Phường Ninh Sơn", "Phường", 67.0, 90.0, 74.44, 30.0, 10.0, 5.0, 12.0, 5.0, 5.0, None],
    [3, "Phường Hiệp Ninh", "Phường", 20.0, 70.0, 28.57, 20.0, 0.0, None, 0.0, 0.0, None, None],
]


def as_csv(row: list) -> list[str]:
    return ["" if value is None else str(value) for value in row]


def test_the_exports_parse_and_carry_the_hand_figures(scenario):
    make_table(dt.date(2026, 11, 1), ITEMS, name="Thang điểm tháng 11/2026")
    result = report.build(NOVEMBER, None, today=TODAY)

    content = exports.to_csv(result)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == ["Thang điểm: Thang điểm tháng 11/2026 (áp dụng từ ngày 1/11/2026)"]
    header = rows[5]
    assert header[:6] == ["Hạng", "Đơn vị", "Loại đơn vị", "Điểm", "Điểm tối đa", "Tỷ lệ (%)"]
    assert [cell.rsplit(" (", 1)[1] for cell in header[6:]] == ["40)", "10)", "10)", "15)", "5)", "10)", "5)"]
    assert rows[6:9] == [as_csv(row) for row in EXPORT_ROWS]

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(result)))
    sheet = workbook["Điểm"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[5] == header
    assert values[6:9] == EXPORT_ROWS
    failing = [list(row) for row in workbook["Tiêu chí chưa đạt"].iter_rows(min_row=7, values_only=True)]
    # Ward B's failing items: news (20 of 40), documents, schedule, leaders; the city's: news, own documents,
    # science; ward A's: news, own documents, schedule, qa; one row per finding, each naming its unit.
    assert {row[0] for row in failing} == {"Thành phố Tây Ninh", "Phường Ninh Sơn", "Phường Hiệp Ninh"}
    assert all(row[3] is not None and row[4] is not None and row[3] < row[4] for row in failing)


def test_a_document_issued_on_the_last_day_is_judged_in_some_period(scenario, taxonomy):
    make_table(dt.date(2026, 11, 1), ITEMS, name="Thang điểm tháng 11/2026")
    ward_a = scenario.ward_a
    # Issued Monday 30/11, due Wednesday 2/12 (2 working days), never published.
    add_dated_document(ward_a, taxonomy.ward_a_body, dt.date(2026, 11, 30), None)
    # Reported on Tuesday 1/12, the draft is still within its deadline, not judged; November is not kept then (it is
    # kept only once settled, when every deadline begun in it has run out).
    first = report.build(NOVEMBER, None, today=dt.date(2026, 12, 1))
    assert not first.settled and not UnitScore.objects.filter(period="2026-11").exists()
    # On 4/12 it is two days overdue, and November, computed again, counts it.
    november = report.build(NOVEMBER, None, today=TODAY).for_unit(ward_a.pk)
    december = report.build(DECEMBER, None, today=TODAY).for_unit(ward_a.pk)
    judged = [
        score.result.ratio
        for line in (november, december)
        for score in line.items
        if score.item.check_key == "documents.working_days_after_event.own" and score.applies
    ]
    # Judged in November: 1 of 3 of the ward's own documents on time.
    assert judged == [pytest.approx(1 / 3)], judged


def test_every_scored_check_can_be_measured_propaganda(scenario):
    """Legal dissemination's articles record no policy date: its 15-working-day rule is not declared as a check (it
    could only ever answer “not applicable”), its 30-day rhythm is, and every item of the default table names a
    check that exists."""
    ward_a = scenario.ward_a
    for day in (3, 17):  # legal dissemination articles in November
        add_article(ward_a, at(dt.date(2026, 11, day)), key="propaganda")
    results = checks.evaluate([ward_a], NOVEMBER, TODAY)[ward_a.pk]
    assert results["propaganda.items_per_days"].ratio == 1.0  # 1 window of 30 days (1–30/11), it has articles
    assert "propaganda.working_days_after_event" not in results
    keys = {check.key for check in checks.all_checks()}
    default = ScoreTable.objects.order_by("valid_from").first()
    assert set(default.items.values_list("check_key", flat=True)) <= keys
