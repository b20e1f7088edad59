"""Real-browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Never downloads a browser: the tests use /usr/bin/chromium and are skipped, with a reason, only when it is absent.
Unit sites are provisioned with their Site port set to the live server's port, so that links between units
(`http://ninhson.tayninh.localhost:<port>/`) work as they do in production.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; should a test touch the ORM while it runs, Django's
# async-safety guard would refuse the (synchronous, safe) call.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed: browser tests need Debian's chromium package")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def screenshot_dir() -> Path:
    """Where screenshots go: $CI_ARTIFACTS/screenshots (default test-artifacts/screenshots, git-ignored)."""
    folder = Path(os.environ.get("CI_ARTIFACTS", "test-artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class BrowserLog:
    """Every request URL, console error and uncaught page error seen by one browser tab."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def non_local_requests(self) -> list[str]:
        hosts_ok = ("localhost", ".localhost")
        result = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            host = parts.hostname or ""
            if not (host == "127.0.0.1" or host.endswith(hosts_ok)):
                result.append(url)
        return result


@pytest.fixture
def open_tab(browser):
    """open_tab(viewport) → (page, log); every tab is closed after the test."""
    contexts = []

    def _open(viewport=DESKTOP, java_script_enabled=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN", java_script_enabled=java_script_enabled)
        contexts.append(context)
        tab = context.new_page()
        log = BrowserLog()
        tab.on("request", lambda request: log.requests.append(request.url))
        tab.on("console", lambda message: message.type == "error" and log.console_errors.append(message.text))
        tab.on("pageerror", lambda error: log.page_errors.append(str(error)))
        return tab, log

    yield _open
    for context in contexts:
        context.close()


@dataclass
class Portal:
    port: int
    city: str = "tayninh.localhost"
    ward: str = "ninhson.tayninh.localhost"
    content_path: str = ""
    news_index_id: int = 0
    rejected_page_id: int = 0
    edit_page_ids: dict[str, int] = field(default_factory=dict)
    english_home_id: int = 0
    mail_dir: str = ""  # the mails the portal sent, one file each (portal/settings/test.py)

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Iterator[Portal]:
    """The portal served by `manage.py runserver` from its own SQLite file, built by tests/e2e/demo_portal.py.

    A separate process, not pytest-django's `live_server`: the browser tests share one read-only portal, and
    `live_server` would force a transactional test database whose flush also removes Wagtail's root page, which
    every later test needs. Settings are the test settings; DATABASE_URL is dropped so CI's PostgreSQL run is
    never touched.
    """
    var_dir = tmp_path_factory.mktemp("e2e-var")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", PORTAL_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    env["PORTAL_E2E_PAGE_CACHE"] = "1"  # the anonymous page cache on, as in production (portal/settings/test.py)
    env["PORTAL_E2E_MEDIA"] = "1"  # uploads on disk in var_dir, served by runserver (portal/settings/test.py)
    env["PORTAL_E2E_MAIL_DIR"] = str(var_dir / "mail")  # mails as files, for the tests that open a mailed link
    built = subprocess.run(
        [sys.executable, "-m", "tests.e2e.demo_portal", str(port)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if built.returncode != 0:
        pytest.fail(f"building the e2e portal failed:\n{built.stdout}\n{built.stderr}")
    built_portal = json.loads(built.stdout.strip().splitlines()[-1])
    log_file = (var_dir / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the e2e server did not start:\n{(var_dir / 'server.log').read_text()}")
                time.sleep(0.2)
        yield Portal(port=port, mail_dir=env["PORTAL_E2E_MAIL_DIR"], **built_portal)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_file.close()


def run_axe(tab) -> list[dict]:
    """axe-core (vendored, MPL-2.0) run inside the page; returns the violations, each with its failing nodes. Loaded
    by the browser's debugging protocol, not as a <script> element: the page's Content Security Policy forbids inline
    scripts, and a test must not loosen it (the CSP violations the pages log are checked too)."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return tab.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }"""
    )


VIEWPORTS = (("375", PHONE), ("1280", DESKTOP))


def sweep(open_tab, pages, *, lang: str = "vi", not_found: frozenset[str] = frozenset(), check=None) -> None:
    """Open every page at phone and desktop widths as a citizen would, and photograph it.

    `pages` maps a screenshot name to a URL (or is a callable given the tab that returns that mapping). Each page:
    status 200 (404 for the names in `not_found`), one h1, `<html lang>`, no sideways scrolling, every image
    decoded, a full-page screenshot, axe-core with no violation; `check(tab, name)` adds a caller's assertions.
    Each tab: no uncaught page error, no console error, no failed request and no request beyond the portal. Axe
    violations are collected over every page and reported together.
    """
    folder = screenshot_dir()
    failures = {}
    for viewport_name, viewport in VIEWPORTS:
        tab, log = open_tab(viewport)
        failed: list[str] = []
        tab.on("response", lambda response, failed=failed: response.status >= 400 and failed.append(response.url))
        urls = pages(tab) if callable(pages) else pages
        expected_failures = set()
        for name, url in urls.items():
            response = tab.goto(url)
            assert response.status == (404 if name in not_found else 200), url
            if name in not_found:
                expected_failures.add(url)
            assert tab.locator("h1").count() == 1, f"{name}: exactly one h1"
            assert tab.locator("html").get_attribute("lang") == lang, name
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} @ {viewport_name}px scrolls sideways ({width}px)"
            # Lazy images load when scrolled to: load them all, then every one must decode (no broken rendition).
            tab.evaluate("() => { for (const image of document.images) { image.loading = 'eager'; } }")
            tab.wait_for_load_state("networkidle")
            broken = tab.evaluate(
                "Promise.all([...document.images].map(i => i.decode().then(() => 0, () => 1)))"
                ".then(r => r.reduce((a, b) => a + b, 0))"
            )
            assert broken == 0, f"{name}: {broken} broken images"
            if check is not None:
                check(tab, name)
            tab.screenshot(path=str(folder / f"{name}-{viewport_name}.png"), full_page=True)
            violations = run_axe(tab)
            if violations:
                failures[f"{name} @ {viewport_name}px"] = violations
        assert log.page_errors == []
        assert [url for url in failed if url not in expected_failures] == []
        # The browser reports a deliberate 404 status as a console error; nothing else may be one.
        assert [e for e in log.console_errors if not (expected_failures and "404" in e)] == []
        assert log.non_local_requests() == []
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)
