"""Alerts and suspension notices with the page cache on: a save shows at once, and a cached page never outlives the
moment an alert ends or a suspension starts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from tests.notices.conftest import WARD_A, WARD_B, make_alert, make_window
from tests.pagecache.test_page_cache import RecordingBackend

pytestmark = pytest.mark.django_db


def test_an_alert_appears_on_save_and_disappears_after_its_validity(
    two_units, client, monkeypatch, django_capture_on_commit_callbacks
):
    assert client.get("/", HTTP_HOST=WARD_A)["X-Page-Cache"] == "miss"
    assert client.get("/", HTTP_HOST=WARD_A)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        alert = make_alert(two_units.ward_a, lasts=dt.timedelta(minutes=8))  # until 3 minutes from now
    shown = client.get("/", HTTP_HOST=WARD_A)
    assert shown["X-Page-Cache"] == "miss" and "Cảnh báo bão số 5" in shown.content.decode()
    hit = client.get("/", HTTP_HOST=WARD_A)
    assert hit["X-Page-Cache"] == "hit" and "Cảnh báo bão số 5" in hit.content.decode()
    assert "s-maxage" in hit["Cache-Control"]
    max_age = int(hit["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert max_age <= 180
    # Past its end the entry has expired: the page is rendered again, without the alert.
    later = alert.valid_until + dt.timedelta(seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("time.time", lambda: later.timestamp())  # the local-memory cache's clock
    after = client.get("/", HTTP_HOST=WARD_A)
    assert after["X-Page-Cache"] == "miss" and "Cảnh báo bão số 5" not in after.content.decode()


def test_no_cached_page_is_served_once_the_suspension_starts(two_units, client, monkeypatch):
    window = make_window(two_units.ward_a, starts_in=dt.timedelta(days=20))
    monkeypatch.setattr("django.utils.timezone.now", lambda: window.starts_at - dt.timedelta(minutes=2))
    monkeypatch.setattr("time.time", lambda: (window.starts_at - dt.timedelta(minutes=2)).timestamp())
    client.get("/", HTTP_HOST=WARD_A)
    before = client.get("/", HTTP_HOST=WARD_A)
    assert before.status_code == 200 and before["X-Page-Cache"] == "hit"
    assert "tạm ngừng hoạt động" in before.content.decode()
    client.get("/", HTTP_HOST=WARD_B)
    assert client.get("/", HTTP_HOST=WARD_B)["X-Page-Cache"] == "hit"
    monkeypatch.setattr("django.utils.timezone.now", lambda: window.starts_at)
    monkeypatch.setattr("time.time", lambda: window.starts_at.timestamp())
    during = client.get("/", HTTP_HOST=WARD_A)
    assert during.status_code == 503 and "X-Page-Cache" not in during
    assert client.get("/", HTTP_HOST=WARD_A).status_code == 503  # never stored
    assert client.get("/", HTTP_HOST=WARD_B)["X-Page-Cache"] == "hit"  # the other ward's entry is untouched


def test_a_window_scheduled_after_a_page_was_cached_shows_its_notice_at_once(
    two_units, client, monkeypatch, django_capture_on_commit_callbacks
):
    client.get("/", HTTP_HOST=WARD_A)
    assert client.get("/", HTTP_HOST=WARD_A)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_window(two_units.ward_a, starts_in=dt.timedelta(days=2))
    page = client.get("/", HTTP_HOST=WARD_A)
    assert page["X-Page-Cache"] == "miss" and "tạm ngừng hoạt động" in page.content.decode()
    assert timezone.now()  # the clock untouched


@override_settings(WAGTAILFRONTENDCACHE={"recording": {"BACKEND": "tests.pagecache.test_page_cache.RecordingBackend"}})
def test_an_alert_purges_every_site_home_from_the_edge(two_units, django_capture_on_commit_callbacks):
    """An edge cache in front keeps pages `s-maxage` seconds: a storm alert must not wait that long on the homes.
    Two URLs a site (the homes), not every aggregate: the purge runs while the alert is saved."""
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(two_units.ward_a)
    purged = set(RecordingBackend.purged)
    roots = [unit.site.root_url for unit in (two_units.city, two_units.ward_a, two_units.ward_b)]
    assert {f"{root}{path}" for root in roots for path in ("/", "/en/")} <= purged
    assert len(RecordingBackend.purged) == 2 * Site.objects.count()
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        make_window(two_units.ward_b, starts_in=dt.timedelta(days=20))
    assert f"{two_units.ward_b.site.root_url}/" in RecordingBackend.purged
