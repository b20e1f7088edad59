"""What the portal tells browsers a page may do (issue 19 item 5, portal/security_headers.py): the Content Security
Policy of public pages and of the admin, Referrer-Policy, Permissions-Policy, HSTS, and uploads that never run on the
portal's origin."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from wagtail.documents import get_document_model

from pagecache import generations
from portal.views import media
from tests.conftest import PASSWORD
from tests.html_rules import html_problems

ROOT = Path(__file__).resolve().parents[2]
CITY = "tayninh.localhost"
WARD = "ninhson.tayninh.localhost"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def assert_public_policy(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for name in ("frame-ancestors", "form-action", "base-uri"):
        assert directives[name] == ["'self'"], name
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "unsafe-" not in response["Content-Security-Policy"]


def test_a_public_page_allows_only_its_own_origin_and_no_inline_code(client, two_units):
    response = client.get("/", HTTP_HOST=WARD)
    assert response.status_code == 200
    assert_public_policy(response)
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    # the not-found page and a page under /en/ too
    assert_public_policy(client.get("/khong-co-trang-nay/", HTTP_HOST=WARD))
    assert_public_policy(client.get("/en/", HTTP_HOST=CITY))


def test_a_form_with_altcha_needs_no_inline_style(client, two_units):
    """ALTCHA solves in a Worker from a blob: URL, and its stylesheet is linked under the id its script looks for
    before injecting an inline <style>."""
    qa = two_units.ward_a.sections.get(key="qa").page
    path = qa.url_path.removeprefix(two_units.ward_a.home_page.url_path.rstrip("/")) + "gui-cau-hoi/"
    response = client.get(path, HTTP_HOST=WARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<altcha-widget" in html
    assert re.search(r'<link rel="stylesheet" id="__altcha-css" href="/static/css/altcha\.css">', html)
    assert html_problems(html) == []
    assert policy(response)["worker-src"] == ["'self'", "blob:"]
    css = (ROOT / "static" / "css" / "altcha.css").read_text()
    assert ".altcha-checkbox" in css


def test_the_admin_has_its_own_policy_still_limited_to_the_portal(client, two_units):
    client.login(username=two_units.writer_a.username, password=PASSWORD)
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{two_units.ward_a.home_page.pk}/edit/"):
        response = client.get(path, HTTP_HOST=WARD, follow=True)
        assert response.status_code == 200, path
        directives = policy(response)
        assert "'unsafe-inline'" in directives["script-src"]
        assert "'unsafe-inline'" in directives["style-src"]
        assert directives["default-src"] == ["'self'"]
        assert directives["connect-src"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # the sign-in page before any session
    client.logout()
    assert "'unsafe-inline'" in policy(client.get("/admin/login/", HTTP_HOST=WARD))["script-src"]


def test_a_cached_page_carries_the_same_policy_and_nothing_per_visitor(client, two_units, settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    caches["pages"].clear()
    generations.hosts.version = None
    try:
        first = client.get("/", HTTP_HOST=WARD)
        second = client.get("/", HTTP_HOST=WARD)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert_public_policy(second)
        assert second["Permissions-Policy"] == first["Permissions-Policy"]
        assert "nonce" not in second.content.decode()
    finally:
        cache.clear()
        caches["pages"].clear()


def make_document(unit, name: str, content: bytes):
    document = get_document_model()(title=name, collection=unit.collection)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


@pytest.mark.parametrize(
    ("name", "content", "disposition"),
    [
        ("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", "inline"),
        ("danh-sach.csv", b"a,b\n1,2\n", "attachment"),
        ("ghi-chu.txt", b"<script>alert(1)</script>", "attachment"),
        # a type the upload form refuses, held by the storage all the same (an import, an old upload)
        ("trang.html", b"<script>alert(1)</script>", "attachment"),
        ("hinh.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "attachment"),
    ],
)
def test_a_document_opens_inline_only_when_it_is_a_pdf(
    client, two_units, settings, tmp_path, name, content, disposition
):
    # Files on disk, as in production (Wagtail's serve view then streams them itself)
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    document = make_document(two_units.ward_a, name, content)
    response = client.get(document.url, HTTP_HOST=WARD)
    assert response.status_code == 200
    assert response["Content-Disposition"].split(";")[0] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    ("name", "attachment"),
    [("anh.jpg", False), ("anh.png", False), ("van-ban.pdf", False), ("hinh.svg", True), ("trang.html", True),
     ("du-lieu.xml", True), ("khong-ro", True)],
)  # fmt: skip
def test_media_served_by_django_downloads_anything_a_browser_could_run(tmp_path, name, attachment):
    (tmp_path / name).write_bytes(b"<svg onload=alert(1)>")
    response = media(RequestFactory().get(f"/media/{name}"), name, document_root=str(tmp_path))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert (response.get("Content-Disposition") == "attachment") is attachment


@pytest.mark.parametrize(
    "path",
    [
        "documents/quyet-dinh.pdf",
        "/documents/quyet-dinh.pdf",
        "./documents/quyet-dinh.pdf",
        "images/../documents/quyet-dinh.pdf",
        "documents",
    ],
)
def test_media_served_by_django_never_hands_out_a_document_however_the_path_is_spelt(tmp_path, path):
    """Documents go through Wagtail's serve view (their collection's privacy): `/media//documents/…` and friends would
    otherwise reach the file past that check."""
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 mat")
    (tmp_path / "images").mkdir()
    with pytest.raises(Http404):
        media(RequestFactory().get(f"/media/{path}"), path, document_root=str(tmp_path))


def test_production_sends_hsts_for_a_year_with_subdomains(client, two_units, settings):
    env = {**os.environ, "SECRET_KEY": "x" * 50, "ALTCHA_HMAC_KEY": "y" * 32, "PORTAL_VAR_DIR": str(ROOT / "var")}
    env.pop("SECURE_HSTS_SECONDS", None)
    script = "import portal.settings.production as p; print(p.SECURE_HSTS_SECONDS, p.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["31536000", "True"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    assert client.get("/", HTTP_HOST=WARD, secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in client.get("/", HTTP_HOST=WARD)  # never over plain HTTP


# Templates of the admin and of mails (which need inline styles: mail programs load no stylesheet).
NOT_PUBLIC = ("wagtailadmin/", "wagtail_localize/", "reports/", "accounts/")


def public_templates() -> list[Path]:
    base = ROOT / "templates"
    return sorted(
        path
        for path in base.rglob("*.html")
        if not str(path.relative_to(base)).startswith(NOT_PUBLIC) and "/admin/" not in str(path.relative_to(base))
    )


def test_no_public_template_has_inline_script_or_style():
    templates = public_templates()
    assert len(templates) > 50
    failures = {}
    for path in templates:
        text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", "", path.read_text(), flags=re.S)
        problems = html_problems(text)
        problems = [problem for problem in problems if "Content Security Policy" in problem or "javascript:" in problem]
        if problems:
            failures[str(path.relative_to(ROOT))] = problems
    assert failures == {}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<style>p{}</style>",
        '<p style="color:red">x</p>',
        '<img src="a.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_the_html_rules_catch_inline_code(html):
    assert html_problems(html)


def test_the_html_rules_let_external_scripts_and_data_blocks_be():
    assert html_problems('<script src="/static/js/portal.js" defer></script>') == []
    assert html_problems('<script type="application/ld+json">{"@type": "Thing"}</script>') == []
