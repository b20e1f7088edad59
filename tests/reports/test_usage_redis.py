"""Page views buffered in a real Redis (a private redis-server, as in tests/portal/test_cache_outage.py): a count or a
flush whose answer times out neither counts a view twice nor loses one, two flushes never take the same views, and
the views of a section removed before the flush are still written."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django_redis import get_redis_connection

from reports import usage
from reports.usage import PageViewCount
from tests.portal.test_cache_outage import PrivateRedis
from tests.reports.test_usage import BROWSER, visit


@pytest.fixture
def buffered_in_redis(settings):
    """The production cache configuration (portal/settings/base.py) on a private Redis, views buffered."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server): these tests need a real Redis")
    server = PrivateRedis(binary)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": "portal",
            "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.PORTAL_USAGE_FLUSH_SECONDS = 60
    usage._dropped = 0
    yield server
    cache.close()
    server.kill()
    usage._dropped = 0


def total(unit) -> int:
    return sum(PageViewCount.objects.filter(unit=unit).values_list("views", flat=True))


def answered_late(monkeypatch, cls, name, times=1):
    """`cls.name` runs in Redis but its answer times out, the first `times` calls (what a busy Redis does)."""
    real = getattr(cls, name)
    calls = {"left": times}

    def late(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        if calls["left"] > 0:
            calls["left"] -= 1
            raise redis.exceptions.TimeoutError("Timeout reading from socket")
        return result

    monkeypatch.setattr(cls, name, late)


def answers_lost(monkeypatch, times):
    """The next `times` commands run in Redis, but their answers time out (a pipeline counts as one command)."""
    calls = {"left": times}

    def late(real):
        def run_then_time_out(self, *args, **kwargs):
            result = real(self, *args, **kwargs)
            if calls["left"] > 0:
                calls["left"] -= 1
                raise redis.exceptions.TimeoutError("Timeout reading from socket")
            return result

        return run_then_time_out

    monkeypatch.setattr(redis.client.Pipeline, "execute", late(redis.client.Pipeline.execute))
    monkeypatch.setattr(redis.client.Redis, "execute_command", late(redis.client.Redis.execute_command))


@pytest.mark.django_db
def test_a_view_whose_count_timed_out_is_not_counted_twice(two_units, buffered_in_redis, monkeypatch, caplog):
    a = two_units.ward_a
    day = timezone.localdate()
    assert usage.record_view(a.pk, "", day)
    answers_lost(monkeypatch, 1)
    assert not usage.record_view(a.pk, "", day)  # counted in Redis, but the answer came too late
    answers_lost(monkeypatch, 1)
    assert not usage.record_view(a.pk, "", day)
    monkeypatch.undo()
    assert total(a) == 0, "a view that may be counted in Redis is not also written directly"
    assert usage.record_view(a.pk, "", day)  # Redis answers again
    assert usage.flush_buffered_views() == 4
    assert total(a) == 4  # four real views, each once (before: 2 written directly and 4 flushed, 6 in all)
    timeouts = [r.getMessage() for r in caplog.records if r.name == "reports.usage" and "in time" in r.getMessage()]
    assert len(timeouts) == 2  # the first of the series, then how many
    assert "2 views were not counted" in timeouts[1]


@pytest.mark.django_db
def test_a_view_counted_while_redis_is_busy_is_counted_once(two_units, buffered_in_redis):
    """What a slow Redis does: a script holds it for longer than REDIS_TIMEOUT; the count waits and runs after."""
    a = two_units.ward_a
    day = timezone.localdate()
    assert usage.record_view(a.pk, "", day)
    busy = threading.Thread(
        target=redis.Redis(host="127.0.0.1", port=buffered_in_redis.port, socket_timeout=10).eval,
        args=("local t = redis.call('TIME') repeat until redis.call('TIME')[1] - t[1] >= 2", 0),
    )
    busy.start()
    time.sleep(0.3)
    started = time.monotonic()
    usage.record_view(a.pk, "", day)
    assert time.monotonic() - started < 1.5  # the visitor waited REDIS_TIMEOUT, not the script
    busy.join()
    assert usage.flush_buffered_views() == 2
    assert total(a) == 2


@pytest.mark.django_db
def test_with_redis_refusing_a_view_is_written_directly(two_units, client, buffered_in_redis):
    a = two_units.ward_a
    assert visit(client, a).status_code == 200
    buffered_in_redis.kill()  # connection refused: nothing was counted
    assert visit(client, a).status_code == 200
    assert total(a) == 1
    assert usage.flush_buffered_views() == 0


@pytest.mark.django_db
def test_a_flush_whose_take_timed_out_loses_nothing(two_units, buffered_in_redis, monkeypatch):
    a = two_units.ward_a
    day = timezone.localdate()
    for _ in range(3):
        assert usage.record_view(a.pk, "news", day)
    answered_late(monkeypatch, redis.Redis, "eval")
    assert usage.flush_buffered_views() == 3
    monkeypatch.undo()
    assert usage.flush_buffered_views() == 0  # nothing counted twice
    assert PageViewCount.objects.get(unit=a, section="news", day=day).views == 3
    assert not buffered_in_redis.client().keys("*usage:taken:*"), "the flush's own hash is gone once written"


@pytest.mark.django_db
def test_a_refused_write_gives_the_views_back_with_those_counted_meanwhile(two_units, buffered_in_redis, monkeypatch):
    a = two_units.ward_a
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    usage.record_view(a.pk, "", yesterday)
    usage.record_view(a.pk, "", yesterday)

    def refuse(rows):
        usage.record_view(a.pk, "", yesterday)  # a visitor during the flush
        raise DatabaseError("bảng bị khóa")

    monkeypatch.setattr(usage, "_execute_bulk", refuse)
    answered_late(monkeypatch, redis.Redis, "eval", times=2)  # the take and the first give-back answer late
    assert usage.flush_buffered_views() == 0
    monkeypatch.undo()
    assert not PageViewCount.objects.exists()
    assert usage.flush_buffered_views() == 3
    assert PageViewCount.objects.get(unit=a, section="", day=yesterday).views == 3


@pytest.mark.django_db
def test_two_flushes_never_take_the_same_views_nor_release_each_others_lock(two_units, buffered_in_redis, monkeypatch):
    a = two_units.ward_a
    day = timezone.localdate()
    usage.record_view(a.pk, "", day)
    usage.record_view(a.pk, "", day)
    server = buffered_in_redis.client()
    lock_key = cache.make_key(usage.FLUSH_LOCK_KEY)
    real_bulk = usage._execute_bulk
    seen = {}

    def slow_write(rows):
        if not seen:
            usage.record_view(a.pk, "", day)
            seen["while locked"] = usage.flush_buffered_views()  # another process: the lock is held
            server.delete(lock_key)  # this flush took longer than the lock lasts
            seen["after expiry"] = usage.flush_buffered_views()  # takes the new view only
            server.set(lock_key, "another process's token")  # a third flush holds the lock now
        real_bulk(rows)

    monkeypatch.setattr(usage, "_execute_bulk", slow_write)
    assert usage.flush_buffered_views() == 2
    assert seen == {"while locked": 0, "after expiry": 1}
    assert server.get(lock_key) == b"another process's token", "a flush releases only its own lock"
    assert PageViewCount.objects.get(unit=a, section="", day=day).views == 3


@pytest.mark.django_db
def test_views_of_a_section_removed_or_renamed_before_the_flush_are_written(two_units, client, buffered_in_redis):
    a = two_units.ward_a
    news = a.sections.get(key="news")
    assert visit(client, a, "/" + news.page.url_path[len(a.home_page.url_path) :]).status_code == 200
    usage.record_view(a.pk, "news", timezone.localdate() - dt.timedelta(days=5))  # older than a flush used to read
    news.key = "tin-tuc"
    news.save()
    assert usage.flush_buffered_views() == 2
    rows = {(row.section, row.day): row.views for row in PageViewCount.objects.filter(unit=a)}
    assert rows == {("news", timezone.localdate()): 1, ("news", timezone.localdate() - dt.timedelta(days=5)): 1}


@pytest.mark.django_db
def test_only_counters_are_kept_in_redis_nothing_about_the_visitor(two_units, client, buffered_in_redis):
    a = two_units.ward_a
    response = visit(client, a, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200 and not response.cookies
    visit(client, a, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    connection = get_redis_connection("default")
    member = f"{timezone.localdate().isoformat()}:{a.pk}:"
    assert connection.smembers(cache.make_key(usage.DIRTY_SET_KEY)) == {member.encode()}
    assert connection.get(cache.make_key("reports:usage:views:") + member) == b"1"  # the bot is not counted
    stored = b" ".join(key + b" " + (connection.dump(key) or b"") for key in connection.keys("*"))
    assert b"203.0.113.7" not in stored and BROWSER.encode() not in stored
