"""The production settings (portal/settings/production.py) as an operator starts them, and `/health/`
(portal/health.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable

from portal import health

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "ZQ8v$w@3xL!pR7s#tY1u^bN5m&cV9e*fH2g(jK6"


def production(args: list[str], tmp_path, **env) -> subprocess.CompletedProcess:
    """`manage.py …` with portal.settings.production and the documented environment (docs/deploy.md)."""
    environ = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests (tests/e2e/conftest.py) in a worker that runs these next.
        if not key.startswith(("PORTAL_", "REDIS_", "SECURE_", "DATABASE_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC"))
    }
    environ.update(
        SECRET_KEY=SECRET,
        ALTCHA_HMAC_KEY="altcha-" + SECRET,
        PORTAL_BASE_DOMAIN="cong.tayninh.gov.vn",
        PORTAL_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300
    )


REDIS = {"REDIS_URL": "redis://127.0.0.1:6379/0", "PORTAL_PAGE_CACHE_REDIS_URL": "redis://127.0.0.1:6380/0"}
# One process per environment: the settings it ends up with and whether /media/ routes to the portal's media view for
# an image and for a document; DEPLOY then runs `check --deploy` in the same process, as `manage.py check --deploy`
# does (its warnings on stderr, an error exits non-zero).
SHOW = """
import json
from django.conf import settings
from django.urls import Resolver404, resolve
from portal.views import media

def served(path):
    try:
        return resolve(path).func is media
    except Resolver404:
        return False

names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "SERVE_MEDIA", "SECURE_PROXY_SSL_HEADER", "PORTAL_PORT", "WAGTAILADMIN_BASE_URL"]
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "media": [served(path) for path in ["/media/images/a.jpg", "/media/documents/quyet-dinh.pdf"]],
}), flush=True)
"""
DEPLOY = """
from django.core.management import call_command
call_command("check", deploy=True)
"""


def shown(tmp_path, deploy: bool = False, **env) -> tuple[dict, subprocess.CompletedProcess]:
    """The settings and media routes of one production process, and its `check --deploy` output when asked."""
    result = production(["shell", "-c", SHOW + (DEPLOY if deploy else "")], tmp_path, **env)
    line = next((line for line in result.stdout.splitlines() if line.startswith('{"settings"')), None)
    assert line, result.stdout + result.stderr
    return json.loads(line), result


own_processes = pytest.mark.database_independent  # its own processes, no DATABASE_URL: CI's SQLite pass only


@own_processes
def test_check_deploy_finds_nothing_with_the_documented_environment(tmp_path):
    result = production(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, **REDIS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


@own_processes
def test_by_default_https_hsts_secure_cookies_no_media_served_and_without_redis_only_the_page_cache_warns(tmp_path):
    shown_values, result = shown(tmp_path, deploy=True)
    values = shown_values["settings"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SERVE_MEDIA"] is False
    assert shown_values["media"] == [False, False]  # nginx serves /media/
    # Public addresses in https: new portals store port 443, the admin's links (mails) too.
    assert values["PORTAL_PORT"] == 443 and values["WAGTAILADMIN_BASE_URL"].startswith("https://")
    # check --deploy without Redis: only the page cache warning (one cache per process), no security warning.
    assert result.returncode == 0, result.stderr
    assert "pagecache.W001" in result.stderr
    assert "security." not in result.stderr


@own_processes
def test_an_http_only_intranet_turns_https_off_explicitly_and_check_deploy_says_so(tmp_path):
    shown_values, result = shown(tmp_path, deploy=True, PORTAL_HTTPS="0", **REDIS)
    values = shown_values["settings"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["PORTAL_PORT"] == 80 and values["WAGTAILADMIN_BASE_URL"].startswith("http://")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


@own_processes
def test_media_on_s3_needs_a_bucket(tmp_path):
    result = production(["check"], tmp_path, PORTAL_MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "PORTAL_S3_BUCKET" in result.stderr


@own_processes
def test_serving_media_without_nginx_is_explicit_and_never_serves_documents(tmp_path):
    shown_values, result = shown(tmp_path, PORTAL_SERVE_MEDIA="1")
    assert result.returncode == 0, result.stderr
    assert shown_values["media"] == [True, False]


# /health/ ------------------------------------------------------------------------------------------------------


@pytest.fixture
def fresh_health():
    health._memo.clear()
    yield
    health._memo.clear()


@pytest.mark.django_db
def test_health_reports_each_service_as_json(client, fresh_health):
    response = client.get("/health/", HTTP_HOST="localhost")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "page_cache": "ok", "storage": "ok"},
    }


@pytest.mark.django_db
def test_a_failing_service_answers_503_and_names_no_detail(client, fresh_health, monkeypatch):
    def refused(self):
        raise ServiceUnavailable('connection to server at "10.0.0.5", port 5432 failed: password authentication')

    monkeypatch.setattr(Database, "run", refused)

    response = client.get("/health/", HTTP_HOST="localhost")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "ok", "page_cache": "ok", "storage": "ok"},
    }
    assert b"10.0.0.5" not in response.content and b"password" not in response.content


@pytest.mark.django_db
def test_a_burst_of_requests_runs_the_checks_once(client, fresh_health, monkeypatch):
    runs = []
    original = Database.run

    def counted(self):
        runs.append(1)
        return original(self)

    monkeypatch.setattr(Database, "run", counted)
    for _ in range(5):
        assert client.get("/health/", HTTP_HOST="localhost").status_code == 200
    assert len(runs) == 1


@pytest.mark.django_db
def test_healthz_stays_the_constant_answer(client):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_health_accepts_only_reads(client, fresh_health):
    assert client.post("/health/", HTTP_HOST="localhost").status_code in (403, 405)
