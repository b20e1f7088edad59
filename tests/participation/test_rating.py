"""Satisfaction rating: “Thông tin này có hữu ích không?” under content pages and the unit's survey page — one
anonymous vote per page per browser, nothing about the rater stored, only the request's unit's live public pages
accepted, floods limited, fuzzed posts never 500 nor half-stored; the board's report and exports scoped to its units."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction, get_page_models

from home.models import ContentPage
from news.models import NewsArticlePage
from participation import antispam
from participation.models import PageRating, RatingPage, first_of_month
from participation.rating import RATED_PAGE_TYPES, UNRATED_PAGE_TYPES
from participation.rating_cookie import COOKIE_NAME
from tests.conftest import login_verified
from tests.news.conftest import make_image

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
VOTE = "/danh-gia/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def content_page(unit, title="Điều kiện tự nhiên", slug="dieu-kien-tu-nhien", *, publish=True) -> ContentPage:
    section = unit.sections.get(key="intro").page
    page = section.add_child(instance=ContentPage(title=title, slug=slug, intro=f"{title}.", live=publish))
    if publish:
        page.save_revision().publish()
    return page


def article(unit, title="Phường ra quân làm sạch kênh Tây") -> NewsArticlePage:
    index = unit.sections.get(key="news").page
    page = index.add_child(
        instance=NewsArticlePage(
            title=title,
            slug="ra-quan-lam-sach-kenh",
            intro="Hơn 200 đoàn viên tham gia.",
            featured_image=make_image(unit),
            featured_image_alt="Đoàn viên vớt rác trên kênh",
            body=[{"type": "paragraph", "value": "<p>Sáng chủ nhật, đoàn viên ra quân.</p>"}],
        )
    )
    page.save_revision().publish()
    return page


def path_of(page) -> str:
    return urlsplit(page.specific.url).path


def vote(client, host, page_id, score="4", comment="", **extra):
    return client.post(VOTE, {"trang": str(page_id), "diem": score, "y_kien": comment}, HTTP_HOST=host, **extra)


def test_every_page_type_is_classified_rated_or_not():
    """A new page type fails here until participation.rating says whether it gets the widget."""
    labels = {model._meta.label for model in get_page_models()}
    assert not RATED_PAGE_TYPES & UNRATED_PAGE_TYPES
    assert labels == RATED_PAGE_TYPES | UNRATED_PAGE_TYPES


def test_vote_is_stored_without_personal_data_once_per_browser(client, two_units):
    ward = two_units.ward_a
    page = content_page(ward)
    field_names = {field.name for field in PageRating._meta.get_fields()}
    assert field_names == {"id", "unit", "kind", "page", "section", "month", "score", "comment", "created_on"}

    response = vote(client, WARD_A, page.pk, "5", "Thông tin rõ ràng, dễ hiểu", REMOTE_ADDR="203.113.7.9")
    assert response.status_code == 302
    assert response.url == f"{path_of(page)}?danh-gia=cam-on#danh-gia"
    row = PageRating.objects.get()
    assert (row.unit, row.kind, row.page_id, row.section, row.score) == (ward, "page", page.pk, "intro", 5)
    assert row.month == first_of_month(dt.date.today()) and row.comment == "Thông tin rõ ràng, dễ hiểu"
    stored = " ".join(str(getattr(row, name)) for name in field_names)
    assert "203.113.7.9" not in stored and "203.113" not in str(cache._cache if hasattr(cache, "_cache") else "")

    # The page now thanks the reader instead of offering the form again.
    html = client.get(response.url.split("#")[0], HTTP_HOST=WARD_A).content.decode()
    assert "Cảm ơn bạn đã đánh giá" in html and 'name="diem"' not in html
    # A second vote from the same browser is refused politely and stores nothing.
    second = vote(client, WARD_A, page.pk, "1")
    assert second.status_code == 302 and second.url.endswith("?danh-gia=da-danh-gia#danh-gia")
    assert PageRating.objects.count() == 1
    assert "Bạn đã đánh giá trang này" in client.get(path_of(page), HTTP_HOST=WARD_A).content.decode()
    # A tampered cookie counts for nothing (the browser may vote again, as after clearing its cookies).
    client.cookies[COOKIE_NAME] = "p1.p2.p3"
    assert 'name="diem"' in client.get(path_of(page), HTTP_HOST=WARD_A).content.decode()


def test_only_live_public_pages_of_the_hosts_unit_take_votes(client, two_units):
    page_a = content_page(two_units.ward_a)
    page_b = content_page(two_units.ward_b, "Bảng giá đất", "bang-gia-dat")
    draft = content_page(two_units.ward_a, "Bản nháp", "ban-nhap", publish=False)
    private = content_page(two_units.ward_a, "Nội bộ", "noi-bo")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    listing = two_units.ward_a.sections.get(key="news").page
    for page_id in (page_b.pk, draft.pk, private.pk, listing.pk, two_units.ward_a.home_page.pk, 99999999):
        response = vote(client, WARD_A, page_id)
        assert response.status_code in (400, 404), page_id
        assert "Trang này không nhận đánh giá" in response.content.decode()
    assert vote(Client(), WARD_B, page_a.pk).status_code == 404  # ward A's page on ward B's host
    # Bad fields keep what the citizen typed and explain in Vietnamese.
    response = vote(client, WARD_A, page_a.pk, "9", "Nên có bản đồ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy chọn một mức từ 1 đến 5" in html and "Nên có bản đồ" in html
    response = vote(client, WARD_A, page_a.pk, "3", "x" * 1001)
    assert response.status_code == 400 and "tối đa 1000 ký tự" in response.content.decode()
    # A cross-site POST is refused.
    for headers in (
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed iframe
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},  # another unit's subdomain
    ):
        assert vote(client, WARD_A, page_a.pk, **headers).status_code == 403, headers
    assert client.get(VOTE, HTTP_HOST=WARD_A).status_code == 405
    assert not PageRating.objects.exists()


def test_flood_from_one_client_is_limited(two_units, monkeypatch):
    monkeypatch.setitem(antispam.DEFAULT_LIMITS, "rating", (3, 600))
    page = content_page(two_units.ward_a)
    statuses = [vote(Client(), WARD_A, page.pk, REMOTE_ADDR="10.0.0.7").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert PageRating.objects.count() == 3
    assert vote(Client(), WARD_A, page.pk, REMOTE_ADDR="10.0.0.8").status_code == 302  # another client
    assert all("10.0.0" not in key for key in getattr(cache, "_cache", {}))
    # Behind a proxy the setting names the header with the citizen's address, the same for every limiter.
    monkeypatch.setattr(django_settings, "PORTAL_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
    proxied = [vote(Client(), WARD_A, page.pk, REMOTE_ADDR="10.0.0.8", HTTP_X_REAL_IP="14.1.2.3") for _ in range(4)]
    assert [response.status_code for response in proxied] == [302, 302, 302, 429]


@pytest.mark.django_db
def test_fuzzed_votes_never_fail_nor_half_store(two_units):
    page = content_page(two_units.ward_a)
    text = st.text(max_size=1200)
    fields = st.fixed_dictionaries(
        {},
        optional={
            "trang": st.one_of(st.just(str(page.pk)), text, st.integers().map(str)),
            "diem": st.one_of(st.sampled_from(["1", "5", "0", "6", "-1", "3.5", ""]), text),
            "y_kien": text,
        },
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=fields)
    def post(data):
        cache.clear()
        before = PageRating.objects.count()
        response = Client().post(VOTE, data, HTTP_HOST=WARD_A)
        assert response.status_code < 500
        after = PageRating.objects.count()
        assert after == before + (1 if response.status_code == 302 else 0)
        if response.status_code == 302:
            row = PageRating.objects.latest("pk")
            assert 1 <= row.score <= 5 and len(row.comment) <= 1000 and "\x00" not in row.comment

    post()


def test_widget_on_content_pages_not_on_listings_and_survey_page(client, two_units):
    ward = two_units.ward_a
    news = article(ward)
    html = client.get(path_of(news), HTTP_HOST=WARD_A).content.decode()
    assert "Thông tin này có hữu ích không?" in html and f'name="trang" value="{news.pk}"' in html
    assert 'action="/danh-gia/"' in html
    for listing in (ward.home_page, ward.sections.get(key="news").page, ward.sections.get(key="sitemap").page):
        html = client.get(path_of(listing), HTTP_HOST=WARD_A).content.decode()
        assert "Thông tin này có hữu ích không?" not in html, listing

    survey = ward.sections.get(key="rating").page.specific
    assert isinstance(survey, RatingPage) and survey.get_parent().specific == ward.sections.get(key="qa").page.specific
    html = client.get(path_of(survey), HTTP_HOST=WARD_A).content.decode()
    assert "Bạn hài lòng thế nào với thông tin trên cổng?" in html and "Rất hài lòng" in html
    assert "Chưa có lượt đánh giá" in html

    response = vote(client, WARD_A, survey.pk, "4", "Cần cập nhật lịch tiếp dân")
    assert response.status_code == 302
    row = PageRating.objects.get()
    assert (row.kind, row.page, row.section) == ("survey", None, "rating")
    vote(client, WARD_A, news.pk, "2", "Bài viết thiếu ảnh")
    html = client.get(path_of(survey), HTTP_HOST=WARD_A).content.decode()
    assert "Cảm ơn bạn" in html or "Bạn đã tham gia khảo sát" in html
    assert "4,0/5" in html or "4.0/5" in html
    assert "2,0/5" in html or "2.0/5" in html
    assert "Cần cập nhật lịch tiếp dân" not in html and "Bài viết thiếu ảnh" not in html  # comments stay private
    # The English survey page answers on /en/ once the ward publishes English; the form posts to /en/danh-gia/.
    assert vote(client, WARD_A, survey.pk).url.endswith("da-danh-gia#danh-gia")


# --- The board's report ------------------------------------------------------------------------------------------


def seed_ratings(two_units):
    page_a = content_page(two_units.ward_a)
    page_b = content_page(two_units.ward_b, "Bảng giá đất", "bang-gia-dat")
    this_month = first_of_month(dt.date.today())
    last_month = first_of_month(dt.date.today(), months_back=1)
    rows = [
        (two_units.ward_a, page_a, "intro", this_month, 5, "Rất rõ ràng"),
        (two_units.ward_a, page_a, "intro", this_month, 3, ""),
        (two_units.ward_a, page_a, "intro", last_month, 1, '=HYPERLINK("http://x")'),
        (two_units.ward_b, page_b, "intro", this_month, 2, "Bí mật của Hiệp Ninh VT8842"),
    ]
    for unit, page, section, month, score, comment in rows:
        PageRating.objects.create(
            unit=unit, page=page, section=section, month=month, score=score, comment=comment, kind="page"
        )
    return this_month, last_month


def test_report_aggregates_are_correct_and_scoped(client, two_units, superuser):
    this_month, last_month = seed_ratings(two_units)
    url = reverse("participation_ratings:index")
    client.force_login(two_units.writer_a)
    assert client.get(url).status_code in (302, 403)
    client.force_login(two_units.board_a if hasattr(two_units, "board_a") else two_units.admin_a)
    html = client.get(url).content.decode()
    assert "Rất rõ ràng" in html and "VT8842" not in html and "Hiệp Ninh" not in html
    from participation.rating_admin import aggregate_rows

    rows = aggregate_rows(PageRating.objects.filter(unit=two_units.ward_a))
    assert [(r["month"], r["count"], round(r["average"], 2), r["scores"]) for r in rows] == [
        (this_month, 2, 4.0, [0, 0, 1, 0, 1]),
        (last_month, 1, 1.0, [1, 0, 0, 0, 0]),
    ]
    # Naming ward B in the filter shows nothing of it.
    html = client.get(url, {"don-vi": two_units.ward_b.pk}).content.decode()
    assert "VT8842" not in html
    response = client.get(reverse("participation_ratings:export"), {"dinh-dang": "csv", "don-vi": two_units.ward_b.pk})
    text = response.content.decode("utf-8-sig")
    assert "VT8842" not in text and "Hiệp Ninh" not in text
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:4] == ["Đơn vị", "Chuyên mục", "Tháng", "Số lượt"]
    assert len(table) == 3 and table[1][0] == "Phường Ninh Sơn"

    # Bad filters are ignored, never a 500 (a year past 9999, non-ASCII digits).
    for bad in ({"tu-thang": "99999999999-1"}, {"den-thang": "2026-²"}, {"don-vi": "²"}, {"tu-thang": "2026-13"}):
        assert client.get(url, bad).status_code == 200, bad
        assert client.get(reverse("participation_ratings:export"), {"dinh-dang": "xlsx", **bad}).status_code == 200

    ContentPage.objects.filter(pk=PageRating.objects.filter(unit=two_units.ward_a)[0].page_id).update(
        title="=1+1 Điều kiện tự nhiên"
    )
    response = client.get(reverse("participation_ratings:export"), {"dinh-dang": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    comments = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert any(row[-1] == '\'=HYPERLINK("http://x")' for row in comments[1:])  # formulas are neutralised
    assert {row[3] for row in comments[1:]} == {"'=1+1 Điều kiện tự nhiên"}  # in every column
    assert all(cell.data_type != "f" for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row)
    assert not any("VT8842" in str(cell) for row in comments for cell in row)

    login_verified(client, superuser)
    html = client.get(url).content.decode()
    assert "VT8842" in html and "Rất rõ ràng" in html
    html = client.get(url, {"don-vi": two_units.ward_b.pk}).content.decode()
    assert "VT8842" in html and "Rất rõ ràng" not in html


def test_demo_ratings_spread_over_six_months_and_a_second_run_adds_nothing(two_units):
    from demo.ratings import load_ratings_demo

    units = {"ninhson": two_units.ward_a, "hiepninh": two_units.ward_b}
    lines = load_ratings_demo(units)
    assert len(lines) == 2 and "Phường Ninh Sơn" in lines[0]
    ratings = PageRating.objects.filter(unit=two_units.ward_a)
    assert 60 <= ratings.count() <= 140
    assert ratings.values("month").distinct().count() == 6
    assert ratings.filter(kind="survey").exists() and ratings.exclude(comment="").exists()
    assert set(ratings.values_list("section", flat=True)) - {"rating"}  # content sections too
    assert all(row.created_on.replace(day=1) == row.month for row in ratings)
    assert load_ratings_demo(units) == []
    assert two_units.ward_a.sections.get(key="rating").page.specific.intro.startswith("Mời bạn cho biết")
