"""The usage counter: what counts as a view, for which unit and section, what is stored, and the readers."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from reports import usage
from reports.oversight.periods import Period
from reports.usage import PageViewCount, daily, views
from sites.access import english_locale
from sites.models import PortalSettings
from tests.conftest import login_verified, make_unit

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def fresh_map():
    usage.drop_section_paths()
    yield
    usage.drop_section_paths()


def visit(client, unit, path="/", **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(path, HTTP_HOST=unit.site.hostname, SERVER_PORT=unit.site.port, **headers)


def counts():
    return {(row.unit_id, row.section): row.views for row in PageViewCount.objects.all()}


def section_page(unit, key):
    return unit.sections.select_related("page").get(key=key).page.specific


def relative_url(unit, page):
    return "/" + page.url_path[len(unit.home_page.url_path) :]


@pytest.mark.django_db
def test_home_page_view_counts_for_its_unit_only(two_units, client):
    a, b = two_units.ward_a, two_units.ward_b
    assert visit(client, a).status_code == 200
    assert visit(client, a).status_code == 200
    assert counts() == {(a.pk, ""): 2}
    row = PageViewCount.objects.get()
    assert row.day == timezone.localdate()
    assert not views([b], Period.containing(timezone.localdate()))


@pytest.mark.django_db
def test_no_cookie_is_set_and_nothing_about_the_visitor_is_stored(two_units, client):
    response = visit(client, two_units.ward_a, REMOTE_ADDR="203.113.1.9")
    assert "Set-Cookie" not in str(response.serialize_headers())
    assert not response.cookies
    fields = {field.name for field in PageViewCount._meta.get_fields()}
    assert fields == {"id", "unit", "section", "day", "views"}


@pytest.mark.django_db
def test_section_pages_and_pages_below_them_count_for_the_section(two_units, client):
    a = two_units.ward_a
    sections = list(a.sections.select_related("page")[:3])
    assert sections
    for section in sections:
        response = visit(client, a, relative_url(a, section.page))
        assert response.status_code == 200, section.key
    assert counts() == {(a.pk, section.key): 1 for section in sections}
    # A page below a section (a child that does not exist yet answers 404 and does not count).
    assert visit(client, a, relative_url(a, sections[0].page) + "khong-co-trang-nay/").status_code == 404
    assert counts() == {(a.pk, section.key): 1 for section in sections}


@pytest.mark.django_db
def test_english_pages_count_for_the_section_of_their_vietnamese_original(two_units, client):
    a = two_units.ward_a
    PortalSettings.objects.update_or_create(site=a.site, defaults={"publish_english": True})
    english = english_locale()
    section = a.sections.select_related("page").get(key="intro")
    page = section.page.specific.copy_for_translation(english)
    page.slug = "about"
    page.save_revision().publish()
    page.refresh_from_db()
    english_home = a.home_page.get_translation(english)
    response = visit(client, a, "/en/" + page.url_path[len(english_home.url_path) :])
    assert response.status_code == 200
    assert counts() == {(a.pk, section.key): 1}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "python-requests/2.32"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
@pytest.mark.django_db
def test_bots_and_prefetches_are_not_counted(two_units, client, headers):
    assert visit(client, two_units.ward_a, **headers).status_code == 200
    assert not PageViewCount.objects.exists()


@pytest.mark.django_db
def test_head_errors_feeds_admin_and_static_are_not_counted(two_units, client):
    a = two_units.ward_a
    host = {"HTTP_HOST": a.site.hostname, "HTTP_USER_AGENT": BROWSER}
    client.head("/", **host)
    client.get("/khong-co-trang-nay/", **host)  # 404
    client.get("/rss/", **host)
    client.get("/en/rss/", **host)
    client.get("/sitemap.xml", **host)
    client.get("/robots.txt", **host)
    client.get("/admin/login/", **host)
    client.get("/static/css/portal.css", **host)
    client.post("/", {}, **host)
    assert not PageViewCount.objects.exists()


@pytest.mark.django_db
def test_signed_in_editors_are_not_counted_and_a_stray_session_cookie_costs_nothing(two_units, client):
    a = two_units.ward_a
    login_verified(client, two_units.writer_a)
    assert visit(client, a).status_code == 200
    assert not PageViewCount.objects.exists()
    client.logout()
    client.cookies["sessionid"] = "khong-ton-tai"
    assert visit(client, a).status_code == 200
    assert counts() == {(a.pk, ""): 1}


@pytest.mark.django_db
def test_an_anonymous_view_reads_no_session(two_units, client):
    a = two_units.ward_a
    visit(client, a)  # warm the section map and the site cache
    with CaptureQueriesContext(connection) as queries:
        assert visit(client, a).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    counter = [q for q in queries.captured_queries if PageViewCount._meta.db_table in q["sql"]]
    assert len(counter) == 1  # one upsert


@pytest.mark.django_db
def test_a_database_error_in_the_counter_never_breaks_the_page(two_units, client, monkeypatch, caplog):
    def refuse(*args):
        raise DatabaseError("bảng bị khóa")

    monkeypatch.setattr(usage, "_execute", refuse)
    response = visit(client, two_units.ward_a)
    assert response.status_code == 200
    assert "was not counted" in caplog.text
    # The request's own transaction is unharmed: the database still answers.
    assert Page.objects.filter(pk=two_units.ward_a.home_page_id).exists()


@pytest.mark.django_db
def test_a_failing_section_map_never_breaks_the_page(two_units, client, monkeypatch):
    def broken():
        raise RuntimeError("bản đồ hỏng")

    monkeypatch.setattr(usage, "section_paths", broken)
    assert visit(client, two_units.ward_a).status_code == 200
    assert not PageViewCount.objects.exists()


@pytest.mark.django_db
def test_the_section_map_is_dropped_when_a_section_page_moves_to_a_new_slug(two_units, client):
    a = two_units.ward_a
    section = a.sections.select_related("page").first()
    visit(client, a)  # builds the map
    page = section.page.specific
    page.slug = page.slug + "-moi"
    page.save_revision().publish()
    page.refresh_from_db()
    assert visit(client, a, relative_url(a, page)).status_code == 200
    assert counts() == {(a.pk, ""): 1, (a.pk, section.key): 1}


@pytest.mark.django_db
def test_the_upsert_adds_to_the_day_and_keeps_units_apart(two_units):
    a, b = two_units.ward_a, two_units.ward_b
    day = dt.date(2026, 11, 3)
    for _ in range(3):
        assert usage.count_view(a.pk, "news", day)
    assert usage.count_view(b.pk, "news", day)
    assert usage.count_view(a.pk, "news", day + dt.timedelta(days=1))
    assert PageViewCount.objects.get(unit=a, section="news", day=day).views == 3
    assert PageViewCount.objects.get(unit=b, section="news", day=day).views == 1


@pytest.mark.django_db
def test_views_and_daily_read_each_unit_in_a_flat_number_of_queries(two_units, django_assert_num_queries):
    a, b = two_units.ward_a, two_units.ward_b
    november = Period.month(2026, 11)
    rows = [
        (a, "news", dt.date(2026, 11, 1), 5),
        (a, "news", dt.date(2026, 11, 30), 7),
        (a, "", dt.date(2026, 11, 2), 4),
        (a, "news", dt.date(2026, 10, 31), 100),  # the month before
        (b, "documents", dt.date(2026, 11, 15), 9),
    ]
    PageViewCount.objects.bulk_create(
        [PageViewCount(unit=unit, section=key, day=day, views=n) for unit, key, day, n in rows]
    )
    with django_assert_num_queries(1):
        assert views([a], november) == {a.pk: {"news": 12, "": 4}}
    with django_assert_num_queries(1):
        assert views([a, b], november) == {a.pk: {"news": 12, "": 4}, b.pk: {"documents": 9}}
    with django_assert_num_queries(1):
        assert daily([b], november.start, november.end) == {b.pk: {dt.date(2026, 11, 15): 9}}
    with django_assert_num_queries(1):
        result = daily([a, b], dt.date(2026, 10, 31), dt.date(2026, 11, 1))
    assert result == {a.pk: {dt.date(2026, 10, 31): 100, dt.date(2026, 11, 1): 5}}


@pytest.mark.django_db
def test_the_section_map_is_built_in_a_flat_number_of_queries(two_units):
    usage.drop_section_paths()
    with CaptureQueriesContext(connection) as two:
        usage.section_paths()
    make_unit("ward", "Phường Ninh Thạnh", "ninhthanh", "tayninh")
    make_unit("ward", "Phường 1", "phuong1", "tayninh")
    usage.drop_section_paths()
    with CaptureQueriesContext(connection) as four:
        paths = usage.section_paths()
    assert len(four) == len(two) <= 4
    assert len(paths) == 5


# ---------------------------------------------------------------------------------------------------------------
# Buffered in the cache (PORTAL_USAGE_FLUSH_SECONDS > 0, as with REDIS_URL)


@pytest.fixture
def buffered(settings):
    settings.PORTAL_USAGE_FLUSH_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


class DownCache:
    """What django-redis answers while Redis is down (IGNORE_EXCEPTIONS): misses and None for every write."""

    def get(self, key, default=None, **kwargs):
        return default

    def get_many(self, keys, **kwargs):
        return {}

    def set(self, *args, **kwargs):
        return None

    add = incr = decr = delete = set


@pytest.mark.django_db
def test_buffered_views_reach_the_database_at_the_flush(two_units, client, buffered):
    a, b = two_units.ward_a, two_units.ward_b
    news = section_page(a, "news")
    for _ in range(3):
        assert visit(client, a).status_code == 200
    assert visit(client, a, relative_url(a, news)).status_code == 200
    assert visit(client, b).status_code == 200
    assert counts() == {}  # counted in the cache only
    assert usage.flush_buffered_views() == 5
    assert counts() == {(a.pk, ""): 3, (a.pk, "news"): 1, (b.pk, ""): 1}
    assert usage.flush_buffered_views() == 0  # nothing counted twice
    visit(client, a)
    assert usage.flush_buffered_views() == 1
    assert counts() == {(a.pk, ""): 4, (a.pk, "news"): 1, (b.pk, ""): 1}


@pytest.mark.django_db
def test_a_view_counted_during_a_flush_is_not_lost(two_units, buffered, monkeypatch):
    a = two_units.ward_a
    day = timezone.localdate()
    for _ in range(3):
        assert usage.record_view(a.pk, "news", day)
    real_decr = cache.decr

    def decr_after_another_view(key, delta=1, **kwargs):
        usage.record_view(a.pk, "news", day)  # a visitor between the read and the decrement
        return real_decr(key, delta, **kwargs)

    monkeypatch.setattr(usage.cache, "decr", decr_after_another_view)
    assert usage.flush_buffered_views() == 3
    monkeypatch.undo()
    assert usage.flush_buffered_views() == 1
    assert PageViewCount.objects.get(unit=a, section="news", day=day).views == 4


@pytest.mark.django_db
def test_a_refused_flush_keeps_the_views_for_the_next_and_one_flush_runs_at_a_time(two_units, buffered, monkeypatch):
    a = two_units.ward_a
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    usage.record_view(a.pk, "", yesterday)
    usage.record_view(a.pk, "", yesterday)

    def refuse(rows):
        raise DatabaseError("bảng bị khóa")

    monkeypatch.setattr(usage, "_execute_bulk", refuse)
    assert usage.flush_buffered_views() == 0
    monkeypatch.undo()
    assert not PageViewCount.objects.exists()

    assert cache.add(usage.FLUSH_LOCK_KEY, True)  # another process is flushing
    assert usage.flush_buffered_views() == 0
    cache.delete(usage.FLUSH_LOCK_KEY)
    assert usage.flush_buffered_views() == 2
    assert PageViewCount.objects.get(unit=a, section="", day=yesterday).views == 2


@pytest.mark.django_db
def test_with_the_cache_down_each_view_is_written_directly(two_units, client, buffered, monkeypatch):
    a = two_units.ward_a
    monkeypatch.setattr(usage, "cache", DownCache())
    assert visit(client, a).status_code == 200
    assert visit(client, a).status_code == 200
    assert counts() == {(a.pk, ""): 2}
    assert usage.flush_buffered_views() == 0
    assert counts() == {(a.pk, ""): 2}


@pytest.mark.django_db
def test_buffered_counting_still_leaves_bots_out_and_costs_no_write(two_units, client, buffered):
    a = two_units.ward_a
    visit(client, a, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    visit(client, a, HTTP_USER_AGENT="")
    assert usage.flush_buffered_views() == 0
    visit(client, a)  # warm the maps
    with CaptureQueriesContext(connection) as queries:
        assert visit(client, a).status_code == 200
    assert not [q for q in queries.captured_queries if PageViewCount._meta.db_table in q["sql"]]
    assert usage.flush_buffered_views() == 2
    assert counts() == {(a.pk, ""): 2}


@pytest.mark.django_db
def test_the_site_of_a_host_is_looked_up_once_and_forgotten_when_a_site_changes(two_units, buffered):
    a = two_units.ward_a
    factory = RequestFactory()

    def request(host):
        return factory.get("/", HTTP_HOST=host, SERVER_PORT=a.site.port)

    with CaptureQueriesContext(connection) as first:
        assert usage.site_id_for(request(a.site.hostname)) == a.site_id
    with CaptureQueriesContext(connection) as second:
        assert usage.site_id_for(request(a.site.hostname)) == a.site_id
    assert len(first) >= 1 and len(second) == 0

    # A host that only falls back to the default site is not remembered (made-up hosts cannot grow the map).
    stray = request("khong-co.localhost")
    expected = Site.find_for_request(request("khong-co.localhost"))
    assert usage.site_id_for(stray) == (expected.pk if expected else None)
    assert "khong-co.localhost:80" not in (cache.get(usage.HOST_MAP_CACHE_KEY) or {})

    old_host = a.site.hostname
    a.site.hostname = "moi." + old_host
    a.site.save()  # drops the map: the old host no longer leads to the unit
    assert usage.site_id_for(request(old_host)) != a.site_id
    assert usage.site_id_for(request("moi." + old_host)) == a.site_id


@pytest.mark.django_db
def test_a_process_writes_its_buffered_views_once_the_interval_has_passed(two_units, client, buffered, monkeypatch):
    a = two_units.ward_a
    visit(client, a)
    visit(client, a)
    assert counts() == {}
    later = time.monotonic() + 61
    monkeypatch.setattr(usage.time, "monotonic", lambda: later)
    visit(client, a)
    assert counts() == {(a.pk, ""): 3}
    visit(client, a)  # the next flush is an interval later
    assert counts() == {(a.pk, ""): 3}
    call_command("flush_usage_counts")  # what cron runs every minute
    assert counts() == {(a.pk, ""): 4}
