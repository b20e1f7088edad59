# ruff: noqa: E402 — Django is set up before the project imports below.
"""Benchmark: what English costs a page (language switcher, hreflang, English menu), against a running server.

1. Seed the demo (Vietnamese and the English pages of the city):
       PORTAL_VAR_DIR=/tmp/lang-var PORTAL_PORT=8106 .venv/bin/python manage.py seed_demo
2. Serve it:
       PORTAL_VAR_DIR=/tmp/lang-var PORTAL_PORT=8106 .venv/bin/python manage.py runserver 8106 --noreload
3. Measure each page in Vietnamese and in English (HTTP timings against the server; SQL per request with the same
   views in this process):
       PORTAL_VAR_DIR=/tmp/lang-var PORTAL_PORT=8106 .venv/bin/python bench/language_pages.py --rounds 20

Add DATABASE_URL=postgres://… to every step to measure PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from languages.helpers import page_in_language
from sites.models import Unit

SECTIONS = ("org", "leaders", "contacts", "news")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def pairs(unit: Unit) -> list[tuple[str, str, str]]:
    """(name, Vietnamese path, English path) for the unit's home, its required sections and its sitemap."""
    rows = [("home", "/", "/en/")]
    sections = {row.key: row.page for row in unit.sections.select_related("page")}
    for key in SECTIONS:
        page = sections.get(key)
        english = page_in_language(page, "en") if page else None
        if english is None:
            continue
        with translation.override("vi"):
            vietnamese_url = page.relative_url(unit.site)
        with translation.override("en"):
            english_url = english.relative_url(unit.site)
        rows.append((key, vietnamese_url, english_url))
    rows.append(("sitemap.xml", "/sitemap.xml", ""))
    return rows


def timed_get(port: int, host: str, path: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": f"{host}:{port}"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return (time.perf_counter() - started) * 1000, response.status


def sql_count(host: str, path: str) -> int:
    client = Client()
    client.get(path, HTTP_HOST=host)  # warm per-process caches, as the server's are
    with CaptureQueriesContext(connection) as captured:
        client.get(path, HTTP_HOST=host)
    return len(captured)


def measure(slug: str, port: int, rounds: int) -> None:
    unit = Unit.objects.select_related("site").get(slug=slug)
    host = unit.site.hostname
    print(f"{unit.name} ({host}); {rounds} lượt mỗi trang; máy chủ 127.0.0.1:{port}; CSDL {connection.vendor}")
    print(f"{'trang':<12} {'ngôn ngữ':<8} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5}  địa chỉ")
    for name, vietnamese, english in pairs(unit):
        for language, path in (("vi", vietnamese), ("en", english)):
            if not path:
                continue
            timings = []
            for _ in range(rounds):
                elapsed, status = timed_get(port, host, path)
                if status != 200:
                    raise SystemExit(f"{path} → HTTP {status}")
                timings.append(elapsed)
            print(
                f"{name:<12} {language:<8} {statistics.median(timings):>8.1f} {_percentile(timings, 0.95):>8.1f} "
                f"{sql_count(host, path):>5}  {path}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unit", default="tayninh", help="mã định danh của đơn vị (mặc định: tayninh)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORTAL_PORT", "8106")))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    measure(args.unit, args.port, args.rounds)


if __name__ == "__main__":
    main()
