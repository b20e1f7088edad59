# ruff: noqa: E402 — Django is set up before the project imports below.
"""Benchmark: two board members publishing at the same moment, against a running server.

1. Prepare a database (a city, two wards, a board member and a page in each):
       PORTAL_VAR_DIR=/tmp/pub-var .venv/bin/python bench/concurrent_publishing.py --prepare
2. Serve it (runserver answers each request in its own thread, as a production server's workers would):
       PORTAL_VAR_DIR=/tmp/pub-var .venv/bin/python manage.py runserver 8107 --noreload
3. Publish from two admin sessions at once, round after round, then check every page is whole:
       PORTAL_VAR_DIR=/tmp/pub-var .venv/bin/python bench/concurrent_publishing.py --port 8107 --rounds 20
       PORTAL_VAR_DIR=/tmp/pub-var .venv/bin/python bench/concurrent_publishing.py --port 8107 --rounds 20 --same-page

Add DATABASE_URL=postgres://… to every step to measure PostgreSQL instead of SQLite.

Recorded 3 Dec 2026 on the shared 2-core machine (SQLite, runserver, 20 rounds = 40 publishes each; noisy figures):

                         two pages at once                       the same page by two board members
    before (deferred     21 done, 19 × 500 “database is locked”  24 done, 16 × 500 “database is locked”
    transactions,        after 0.59 s (median); a page left with after 0.40 s (median)
    autocommit publish)  its latest revision saved, unpublished
    after (IMMEDIATE,    40 done, median 0.53 s, p95 0.71 s;     40 done, median 0.42 s, p95 0.67 s, max 1.19 s;
    timeout 20 s, WAL,   every page whole                        the page whole
    atomic requests)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import ContentPage
from search.models import SearchEntry
from sites.models import Unit, UnitRole
from sites.provisioning import UnitSpec, provision_unit

PASSWORD = "bench-publishing-2026"
WARDS = (("pubward1", "Phường Xuất Bản Một"), ("pubward2", "Phường Xuất Bản Hai"))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare() -> None:
    """Migrate; provision the bench city and wards, a board member and one live page in each ward."""
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(slug="pubcity").exists():
        provision_unit(UnitSpec(kind="city", name="Thành phố Xuất Bản", slug="pubcity"))
    for slug, name in WARDS:
        unit = (
            Unit.objects.filter(slug=slug).first()
            or provision_unit(UnitSpec(kind="ward", name=name, slug=slug, parent_slug="pubcity")).unit
        )
        for number in (1, 2):
            user, _created = get_user_model().objects.get_or_create(username=f"{slug}-board{number}")
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(unit.role_groups.get(role=UnitRole.BOARD).group)
        if not ContentPage.objects.filter(slug=f"tin-{slug}").exists():
            section = unit.sections.get(key="intro").page
            page = ContentPage(title=f"Tin {name}", slug=f"tin-{slug}", intro="Tóm tắt.", live=False)
            section.add_child(instance=page)
            page.save_revision().publish()
    print("prepared: users", ", ".join(f"{slug}-board1/2" for slug, _ in WARDS), "password", PASSWORD)


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    login = session.get(f"{base}/admin/login/")
    token = CSRF_INPUT.search(login.text).group(1)
    response = session.post(
        f"{base}/admin/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, (username, response.status_code)
    return session


def publish(base: str, session: requests.Session, page: ContentPage, title: str) -> tuple[int, float, str]:
    url = f"{base}/admin/pages/{page.pk}/edit/"
    token = CSRF_INPUT.search(session.get(url).text).group(1)
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": "Tóm tắt.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update({"action-publish": "1", "csrfmiddlewaretoken": token})
    started = time.perf_counter()
    response = session.post(url, data=data, allow_redirects=False)
    elapsed = time.perf_counter() - started
    error = "database is locked" if "database is locked" in response.text else ""
    return response.status_code, elapsed, error


def whole(page: ContentPage) -> list[str]:
    """What is wrong with a page after the run: half-done publishes."""
    page = ContentPage.objects.get(pk=page.pk)
    latest = page.get_latest_revision()
    problems = []
    if not page.live:
        problems.append("not live")
    if page.live_revision_id != latest.pk:
        problems.append("latest revision saved but not published")
    entry = SearchEntry.objects.filter(page_id=page.pk).values_list("title", flat=True).first()
    if entry != page.title:
        problems.append(f"search entry says {entry!r}, the page {page.title!r}")
    return problems


def run(port: int, rounds: int, same_page: bool) -> None:
    base = f"http://127.0.0.1:{port}"
    pages = [ContentPage.objects.get(slug=f"tin-{slug}") for slug, _ in WARDS]
    if same_page:
        pairs = [(f"{WARDS[0][0]}-board1", pages[0]), (f"{WARDS[0][0]}-board2", pages[0])]
    else:
        pairs = [(f"{WARDS[0][0]}-board1", pages[0]), (f"{WARDS[1][0]}-board1", pages[1])]
    sessions = [signed_in(base, username) for username, _page in pairs]
    results: list[tuple[int, float, str]] = []
    lock = threading.Lock()
    for round_ in range(rounds):
        barrier = threading.Barrier(len(pairs))

        def one(index: int, round_: int = round_, barrier: threading.Barrier = barrier) -> None:
            _username, page = pairs[index]
            barrier.wait()
            outcome = publish(base, sessions[index], page, f"{page.title.split(' #')[0]} #{round_}-{index}")
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(pairs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    times = [elapsed for _status, elapsed, _error in results]
    statuses: dict[int, int] = {}
    for status, _elapsed, _error in results:
        statuses[status] = statuses.get(status, 0) + 1
    locked = [elapsed for _status, elapsed, error in results if error]
    print(f"{'same page' if same_page else 'two pages'}: {len(results)} publishes, statuses {statuses}")
    print(
        f"  time per publish: median {statistics.median(times):.2f} s, "
        f"p95 {sorted(times)[round(0.95 * (len(times) - 1))]:.2f} s, max {max(times):.2f} s"
    )
    if locked:
        print(f"  'database is locked': {len(locked)}, after {statistics.median(locked):.2f} s (median)")
    for page in {page.pk: page for _username, page in pairs}.values():
        problems = whole(page)
        print(f"  page {page.slug}: {'whole' if not problems else '; '.join(problems)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--same-page", action="store_true")
    arguments = parser.parse_args()
    if arguments.prepare:
        prepare()
    else:
        run(arguments.port, arguments.rounds, arguments.same_page)
