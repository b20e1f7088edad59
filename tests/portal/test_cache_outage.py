"""A cache outage degrades, never fails (DESIGN decision 10): a private Redis serves as the cache, is killed in the
middle of a visit and started again. With it down, a unit's home, a news article and the citizens' question form
render as before (Wagtail's site lookup included), a question can still be sent with its defences (a replayed proof
of work is refused), every failed cache call is logged as one line; once it is back, the cache fills again."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.utils import timezone

from news.models import NewsArticlePage
from participation.models import Question
from reports import usage
from reports.usage import PageViewCount
from tests.conftest import make_unit
from tests.news.conftest import make_image
from tests.participation.conftest import form_data, solved_payload

WARD = "ninhson.tayninh.localhost"
FORM = "/hoi-dap-phan-anh-kien-nghi/gui-cau-hoi/"
PREFERRED_PORT = 6391
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def _free_port() -> int:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", PREFERRED_PORT))
            return PREFERRED_PORT
        except OSError:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server: no snapshot, no append-only file, only on the loopback."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = self.client()
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)

    def stored_keys(self) -> list[str]:
        return [key.decode() for key in self.client().keys("*")]


@pytest.fixture
def private_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server): the outage test needs a real Redis")
    server = PrivateRedis(binary)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_cache(private_redis, settings):
    """The production cache configuration (portal/settings/base.py), pointed at the private Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{private_redis.port}/0",
            "KEY_PREFIX": "portal",
            "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
        },
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{private_redis.port}/1",
            "KEY_PREFIX": "portal-pages",
            "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
        },
    }
    yield private_redis
    cache.close()
    caches["pages"].close()


def article(unit) -> NewsArticlePage:
    index = unit.sections.get(key="news").page.specific
    page = NewsArticlePage(
        title="Phường ra quân tổng vệ sinh",
        slug="phuong-ra-quan-tong-ve-sinh",
        intro="Hơn 300 người dân tham gia.",
        featured_image=make_image(unit),
        featured_image_alt="Người dân thu gom rác",
        body=[{"type": "paragraph", "value": "<p>Hơn 300 người dân tham gia dọn vệ sinh.</p>"}],
        date=timezone.now(),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def without_tokens(html: str) -> str:
    """The page without what differs on every render of a form: the CSRF token and ALTCHA's fresh challenge."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r"challengejson=\"[^\"]*\"|challengejson='[^']*'", "", html)


@pytest.mark.django_db
def test_pages_and_the_question_form_survive_a_redis_outage_and_the_cache_fills_again(
    redis_cache, city, client, caplog, django_capture_on_commit_callbacks
):
    ward = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    news_path = article(ward).get_url(request=None).replace(f"http://{WARD}", "")
    paths = ["/", news_path, FORM]

    before = {}
    for path in paths:
        response = client.get(path, HTTP_HOST=WARD)
        assert response.status_code == 200, path
        before[path] = without_tokens(response.content.decode())
    assert "Phường Ninh Sơn" in before["/"] and "Phường ra quân tổng vệ sinh" in before[news_path]
    assert any("wagtail_site_root_paths" in key for key in redis_cache.stored_keys()), "the cache is used"

    redis_cache.kill()
    caplog.clear()
    for path in paths:
        response = client.get(path, HTTP_HOST=WARD)
        assert response.status_code == 200, path
        assert without_tokens(response.content.decode()) == before[path], path

    payload = solved_payload()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(FORM, form_data(altcha=payload), HTTP_HOST=WARD)
    assert sent.status_code == 302 and "da-nhan" in sent["Location"]
    question = Question.objects.get(unit=ward)
    assert question.verification == Question.Verification.PROOF_OF_WORK
    replayed = client.post(FORM, form_data(altcha=payload, title="Gửi lại cùng mã xác minh"), HTTP_HOST=WARD)
    assert replayed.status_code == 400
    assert "Không xác minh được bạn không phải là máy" in replayed.content.decode()
    assert Question.objects.filter(unit=ward).count() == 1

    failures = [record for record in caplog.records if record.name == "portal.cache"]
    assert failures, "every failed cache call is logged"
    assert all(record.exc_info is None and "\n" not in record.getMessage() for record in failures)
    assert "cache unavailable" in failures[0].getMessage()

    redis_cache.start()
    assert redis_cache.stored_keys() == []
    for _attempt in range(3):  # the first call after the restart may find the pool's old connection closed
        assert client.get("/", HTTP_HOST=WARD).status_code == 200
        if any("wagtail_site_root_paths" in key for key in redis_cache.stored_keys()):
            break
    assert any("wagtail_site_root_paths" in key for key in redis_cache.stored_keys()), "the cache fills again"
    cache.set("resilience:probe", "đã trở lại", 30)
    assert cache.get("resilience:probe") == "đã trở lại"


@pytest.mark.django_db
def test_page_views_count_in_redis_and_are_written_directly_while_it_is_down(redis_cache, city, client, settings):
    settings.PORTAL_USAGE_FLUSH_SECONDS = 60
    ward = make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")

    def views() -> int:
        return sum(PageViewCount.objects.filter(unit=ward).values_list("views", flat=True))

    for _ in range(2):
        assert client.get("/", HTTP_HOST=WARD, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views() == 0
    assert any(":reports:usage:views:" in key for key in redis_cache.stored_keys())
    assert usage.flush_buffered_views() == 2
    assert views() == 2

    redis_cache.kill()
    assert client.get("/", HTTP_HOST=WARD, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views() == 3
    assert usage.flush_buffered_views() == 0
    assert views() == 3


@pytest.mark.django_db
def test_a_purge_a_full_redis_refuses_is_logged_not_taken_for_a_success(
    redis_cache, city, client, settings, caplog, django_capture_on_commit_callbacks
):
    """Under `noeviction` a full Redis refuses writes; django-redis answers the refused write like a success (None).
    The page cache reads its new tokens back and logs the lost purge as an ERROR."""
    import datetime

    from pagecache import generations
    from workdays.models import CalendarDay

    settings.PORTAL_PAGE_CACHE = True
    generations.hosts.version = None
    make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")
    assert client.get("/", HTTP_HOST=WARD).status_code == 200
    pages_db = redis.Redis(host="127.0.0.1", port=redis_cache.port, db=1, socket_timeout=1)
    assert any(b":pagecache:g" in key for key in pages_db.keys("*")), "the tokens are in the pages' db"
    redis_cache.client().config_set("maxmemory-policy", "noeviction")
    redis_cache.client().config_set("maxmemory", "1")
    try:
        with (
            caplog.at_level(logging.ERROR, logger="pagecache.invalidation"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            CalendarDay.objects.create(date=datetime.date(2026, 9, 2), kind=CalendarDay.Kind.choices[0][0], note="Lễ")
    finally:
        redis_cache.client().config_set("maxmemory", "0")
    failures = [record for record in caplog.records if record.name == "pagecache.invalidation"]
    assert failures and failures[0].levelno == logging.ERROR
    assert "page cache purge failed (sites all)" in failures[0].getMessage()


def test_a_long_outage_writes_one_line_per_interval_with_the_calls_it_folded(settings, monkeypatch):
    """Under load every request fails several cache calls: one line per process and interval, not one per call."""
    import logging

    from portal import logging as portal_logging

    settings.PORTAL_CACHE_FAILURE_LOG_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr(portal_logging.time, "monotonic", lambda: clock[0])
    folding = portal_logging.OneLineFailure()

    def failed_call() -> logging.LogRecord:
        try:
            raise ConnectionError("Connection refused")
        except ConnectionError:
            import sys

            return logging.LogRecord(
                "portal.cache", logging.ERROR, __file__, 1, "Exception ignored", None, sys.exc_info()
            )

    first = failed_call()
    assert folding.filter(first) and first.getMessage().startswith("cache unavailable")
    assert not any(folding.filter(failed_call()) for _ in range(5))
    clock[0] += 11
    later = failed_call()
    assert folding.filter(later)
    assert "(5 more failed calls not logged in the last 10 s)" in later.getMessage()
