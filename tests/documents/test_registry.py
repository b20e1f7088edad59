"""The registry a citizen searches: folding, numbers, every facet with counts, sorting, paging, all units, CSV."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import IssuingBody, RelationKind
from tests.conftest import make_unit

from .conftest import add_document, registry_of

D = datetime.date


@pytest.fixture
def corpus(two_units, taxonomy):
    a, b, t = two_units.ward_a, two_units.ward_b, taxonomy
    old_plan = add_document(
        a,
        number="12/KH-UBND",
        document_type=t.plan,
        issuing_body=t.ward_a_body,
        issue_date=D(2025, 1, 8),
        abstract="Về cải cách hành chính năm 2025",
        sectors=[t.admin_reform],
    )
    docs = {
        "old_plan": old_plan,
        "decision": add_document(
            a,
            number="123/QĐ-UBND",
            document_type=t.decision,
            issuing_body=t.ward_a_body,
            issue_date=D(2026, 2, 5),
            abstract="Về việc thu hồi đất tại khu phố Ninh Phúc, phường Ninh Sơn",
            sectors=[t.land],
        ),
        "plan": add_document(
            a,
            number="45/KH-UBND",
            document_type=t.plan,
            issuing_body=t.ward_a_body,
            issue_date=D(2026, 1, 12),
            abstract="Về cải cách hành chính năm 2026",
            sectors=[t.admin_reform],
            relations=[(RelationKind.REPLACES, old_plan)],
        ),
        "province": add_document(
            a,
            number="18/2021/QĐ-UBND",
            document_type=t.decision,
            issuing_body=t.province,
            issue_date=D(2021, 6, 10),
            abstract="Ban hành Quy chế quản lý Cổng thông tin điện tử tỉnh",
            sectors=[t.admin_reform, t.land],
        ),
        "future": add_document(
            a,
            number="140/KH-UBND",
            document_type=t.plan,
            issuing_body=t.ward_a_body,
            issue_date=D(2026, 12, 20),
            effective_date=D(2099, 1, 1),
            abstract="Về cải cách hành chính năm 2027",
        ),
        "draft": add_document(
            a,
            number="99/QĐ-UBND",
            document_type=t.decision,
            issuing_body=t.ward_a_body,
            issue_date=D(2026, 5, 1),
            abstract="Dự thảo chưa duyệt về thu hồi đất",
            publish=False,
        ),
        "ward_b": add_document(
            b,
            number="123/QĐ-UBND",
            document_type=t.decision,
            issuing_body=t.ward_b_body,
            issue_date=D(2026, 2, 6),
            abstract="Về việc kiện toàn Ban Biên tập phường Hiệp Ninh",
        ),
        "city": add_document(
            two_units.city,
            number="7/CV-UBND",
            document_type=t.letter,
            issuing_body=t.city_body,
            issue_date=D(2026, 3, 1),
            abstract="Về việc cập nhật cổng thông tin thành phần",
        ),
    }
    return docs


def get(client, unit, query: str = "", path: str = ""):
    response = client.get(registry_of(unit).url + path + query, HTTP_HOST=unit.site.hostname)
    assert response.status_code == 200
    return response


def numbers(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', response.content.decode())


def option(response, name: str, label_start: str) -> str:
    """The label of a facet option, e.g. “Quyết định (2)”."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    match = re.search(rf'<option value="[^"]*"[^>]*>({re.escape(label_start)}[^<]*)</option>', select)
    return match.group(1) if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("quyet dinh 123", "123/QĐ-UBND"),
        ("Quyết định số 123/QĐ-UBND", "123/QĐ-UBND"),
        ("123/qd-ubnd", "123/QĐ-UBND"),
        ("123 / QĐ - UBND", "123/QĐ-UBND"),
        ("ninh son thu hoi dat", "123/QĐ-UBND"),
        ("KẾ HOẠCH cải cách 2026", "45/KH-UBND"),
    ],
)
def test_search_folds_diacritics_and_handles_numbers(client, corpus, two_units, query, expected_first):
    response = get(client, two_units.ward_a, f"?q={query}")
    found = numbers(response)
    assert found and found[0] == expected_first


@pytest.mark.django_db
def test_ninh_son_finds_the_unit_by_name(client, corpus, two_units):
    found = numbers(get(client, two_units.ward_a, "?q=ninh son"))
    # The issuing body “UBND Phường Ninh Sơn” matches every document it issued; the province's does not.
    assert set(found) == {"12/KH-UBND", "123/QĐ-UBND", "45/KH-UBND", "140/KH-UBND"}


@pytest.mark.django_db
def test_listing_shows_only_this_units_live_documents_newest_first(client, corpus, two_units):
    found = numbers(get(client, two_units.ward_a))
    assert found == ["140/KH-UBND", "123/QĐ-UBND", "45/KH-UBND", "12/KH-UBND", "18/2021/QĐ-UBND"]
    assert "99/QĐ-UBND" not in found  # a draft is never listed
    assert numbers(get(client, two_units.ward_a, "?sort=oldest"))[0] == "18/2021/QĐ-UBND"


@pytest.mark.django_db
def test_every_facet_filters_and_counts(client, corpus, two_units, taxonomy):
    ward = two_units.ward_a
    response = get(client, ward)
    assert option(response, "type", "Quyết định") == "Quyết định (2)"
    assert option(response, "type", "Kế hoạch") == "Kế hoạch (3)"
    assert option(response, "sector", "Cải cách hành chính") == "Cải cách hành chính (3)"
    assert option(response, "sector", "Đất đai") == "Đất đai (2)"
    assert option(response, "issuer", "UBND tỉnh") == "UBND tỉnh Tây Ninh (1)"
    assert option(response, "year", "2026") == "2026 (3)"
    assert option(response, "status", "Còn hiệu lực") == "Còn hiệu lực (3)"
    assert option(response, "status", "Hết hiệu lực (") == "Hết hiệu lực (1)"
    assert option(response, "status", "Chưa có hiệu lực") == "Chưa có hiệu lực (1)"

    assert numbers(get(client, ward, f"?type={taxonomy.decision.pk}")) == ["123/QĐ-UBND", "18/2021/QĐ-UBND"]
    assert numbers(get(client, ward, f"?sector={taxonomy.land.pk}")) == ["123/QĐ-UBND", "18/2021/QĐ-UBND"]
    assert numbers(get(client, ward, f"?issuer={taxonomy.province.pk}")) == ["18/2021/QĐ-UBND"]
    assert numbers(get(client, ward, "?year=2025")) == ["12/KH-UBND"]
    assert numbers(get(client, ward, "?status=expired")) == ["12/KH-UBND"]
    assert numbers(get(client, ward, "?status=not_yet")) == ["140/KH-UBND"]

    # Facets combine; each facet's counts ignore its own choice so the other values stay reachable.
    combined = get(client, ward, f"?type={taxonomy.plan.pk}&year=2026&q=cai cach")
    assert numbers(combined) == ["140/KH-UBND", "45/KH-UBND"]
    assert option(combined, "type", "Quyết định") == ""  # no decision about “cải cách” in 2026
    assert option(combined, "year", "2025") == "2025 (1)"
    # A stale or hand-made value does not break the page.
    assert numbers(get(client, ward, "?type=abc&status=unknown")) == numbers(get(client, ward))


@pytest.mark.django_db
def test_pagination_keeps_filters(client, two_units, taxonomy):
    for number in range(1, 24):
        add_document(
            two_units.ward_a,
            number=f"{number}/TB-UBND",
            document_type=taxonomy.letter,
            issuing_body=taxonomy.ward_a_body,
            issue_date=D(2026, 1, number),
        )
    first = get(client, two_units.ward_a, "?q=tb")
    assert len(numbers(first)) == 20
    html = first.content.decode()
    assert "Tìm thấy 23 văn bản." in html
    assert 'href="?q=tb&amp;page=2"' in html
    second = get(client, two_units.ward_a, "?q=tb&page=2")
    assert numbers(second) == ["3/TB-UBND", "2/TB-UBND", "1/TB-UBND"]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_documents(client, two_units, taxonomy):
    def count_queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, two_units.ward_a, query)
        return len(captured)

    def add(n: int, start: int):
        for i in range(start, start + n):
            add_document(
                two_units.ward_a,
                number=f"{i}/QĐ-UBND",
                document_type=taxonomy.decision,
                issuing_body=taxonomy.ward_a_body,
                issue_date=D(2026, 1, 1 + i % 28),
                sectors=[taxonomy.land, taxonomy.admin_reform],
            )

    add(2, 1)
    get(client, two_units.ward_a)  # warm caches (site root paths)
    few = count_queries("?q=quyet dinh")
    few_filtered = count_queries(f"?sector={taxonomy.land.pk}&status=in_force")
    add(12, 10)
    assert count_queries("?q=quyet dinh") == few
    assert count_queries(f"?sector={taxonomy.land.pk}&status=in_force") == few_filtered
    assert few <= 30


@pytest.mark.django_db
def test_city_portal_all_units_mode_with_unit_facet(client, corpus, two_units):
    city = two_units.city
    own = numbers(get(client, city))
    assert own == ["7/CV-UBND"]
    response = get(client, city, "?pham-vi=tat-ca&q=123/qd-ubnd")
    assert sorted(numbers(response)) == ["123/QĐ-UBND", "123/QĐ-UBND"]
    html = response.content.decode()
    assert "Phường Hiệp Ninh" in html and "Phường Ninh Sơn" in html
    assert option(response, "unit", "Phường Ninh Sơn") == "Phường Ninh Sơn (1)"
    only_b = get(client, city, f"?pham-vi=tat-ca&unit={two_units.ward_b.pk}")
    assert numbers(only_b) == ["123/QĐ-UBND"]
    assert "hiepninh.tayninh.localhost" in only_b.content.decode()  # links lead to the unit's own portal
    # A ward portal has no “all units” mode: the parameter is ignored.
    assert "7/CV-UBND" not in numbers(get(client, two_units.ward_a, "?pham-vi=tat-ca"))


@pytest.mark.django_db
def test_csv_export_of_a_search_result(client, corpus, two_units, taxonomy):
    response = get(client, two_units.ward_a, f"?type={taxonomy.plan.pk}&sort=oldest", path="xuat-csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="van-ban-ninhson.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số, ký hiệu", "Loại văn bản", "Trích yếu"]
    assert [row[0] for row in rows[1:]] == ["12/KH-UBND", "45/KH-UBND", "140/KH-UBND"]
    assert rows[1][8] == "Hết hiệu lực"
    assert rows[1][10] == "Cải cách hành chính"


@pytest.mark.django_db
def test_latest_documents_block_on_unit_home(client, corpus, two_units):
    html = client.get("/", HTTP_HOST=two_units.ward_a.site.hostname).content.decode()
    block = html[html.index('id="latest-documents-heading"') :]
    assert "Văn bản mới" in html
    titles = re.findall(r'class="item-list__title" href="[^"]+">([^<]+)</a>', block)
    assert titles[:3] == ["Kế hoạch số 140/KH-UBND", "Quyết định số 123/QĐ-UBND", "Kế hoạch số 45/KH-UBND"]
    assert "99/QĐ-UBND" not in block
    assert "Xem tất cả văn bản" in block


@pytest.mark.django_db
def test_all_units_query_count_does_not_grow_with_documents(client, two_units, taxonomy):
    """The city's “all units” search: facets over every unit's documents, the same number of queries whatever the
    number of documents in each ward."""
    city = two_units.city

    def count_queries(query: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = get(client, city, query)
        return len(captured), response.content.decode()

    def add(n: int, start: int):
        for i in range(start, start + n):
            for unit, body in ((two_units.ward_a, taxonomy.ward_a_body), (two_units.ward_b, taxonomy.ward_b_body)):
                add_document(
                    unit,
                    number=f"{i}/QĐ-UBND",
                    document_type=taxonomy.decision,
                    issuing_body=body,
                    issue_date=D(2026, 1, 1 + i % 28),
                    sectors=[taxonomy.land],
                )

    add(1, 1)
    get(client, city, "?pham-vi=tat-ca")  # warm caches (site root paths)
    few, _html = count_queries("?pham-vi=tat-ca&q=quyet dinh")
    few_faceted, _html = count_queries(f"?pham-vi=tat-ca&sector={taxonomy.land.pk}&unit={two_units.ward_b.pk}")
    add(10, 10)
    many, html = count_queries("?pham-vi=tat-ca&q=quyet dinh")
    assert many == few
    assert "Tìm thấy 22 văn bản." in html
    many_faceted, html = count_queries(f"?pham-vi=tat-ca&sector={taxonomy.land.pk}&unit={two_units.ward_b.pk}")
    assert many_faceted == few_faceted
    assert "Tìm thấy 11 văn bản." in html


@pytest.mark.django_db
def test_all_units_lists_every_units_documents_and_no_other_units(client, corpus, two_units, taxonomy):
    """“All units” on the city portal covers the city and the wards below it, not a unit outside the city."""
    outside = make_unit("city", "Thành phố Ngoài", "ngoai", hostname="ngoai.localhost")
    add_document(
        outside,
        number="1/NGOAI-UBND",
        document_type=taxonomy.decision,
        issuing_body=IssuingBody.objects.get(unit=outside),
        issue_date=D(2026, 2, 1),
    )
    found = numbers(get(client, two_units.city, "?pham-vi=tat-ca"))
    assert sorted(found) == sorted(
        ["140/KH-UBND", "7/CV-UBND", "123/QĐ-UBND", "123/QĐ-UBND", "45/KH-UBND", "12/KH-UBND", "18/2021/QĐ-UBND"]
    )
    assert "1/NGOAI-UBND" not in found
