"""Editors publishing at the same moment, each on their own database connection.

Every publish either happens completely — the page live with the new revision, its search entry and its log entry
— or is refused cleanly and leaves nothing behind; on SQLite a second writer waits for the first instead of failing
with “database is locked”.

These tests commit for real (threads cannot see a test's open transaction), so they need a file database on SQLite
(portal/settings/test.py) and end with a flush of every table; the module reloads the data migrations wrote.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import close_old_connections, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from home.models import ContentPage
from participation.models import PageRating
from search.models import SearchEntry
from sites.models import UnitRole
from tests.conftest import make_member
from tests.sites.test_isolation import content_page_form

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROUNDS = 4


def restore(contents: dict[str, str]) -> None:
    """Empty every table, without the post-migrate signal that would make content types and permissions again under
    new ids, then load the migrations' data back under its own ids (a transactional test that ended with a plain
    flush left such rows behind, and loading over them failed on their unique names)."""
    for alias, data in contents.items():
        if data:
            # Sequences keep counting (as after Django's own flush between transactional tests): the rows loaded
            # back keep their ids, and the next row made gets a new one.
            call_command(
                "flush",
                database=alias,
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connections[alias].creation.deserialize_db_from_string(data)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def migration_data(django_db_blocker):
    """The data the migrations wrote (Wagtail's root page, locales …), as serialized when the test database was made,
    or now when this process kept none; loaded back after the module for the tests that follow in this process."""
    with django_db_blocker.unblock():
        contents = {}
        for alias in connections:
            connection = connections[alias]
            contents[alias] = getattr(connection, "_test_serialized_contents", None) or (
                connection.creation.serialize_db_to_string() if Page.objects.using(alias).exists() else ""
            )
    yield contents
    with django_db_blocker.unblock():
        restore(contents)


@pytest.fixture(autouse=True)
def migration_data_present(migration_data, transactional_db):
    """Each test starts with the migrations' data, whatever a transactional test before it emptied."""
    if not Page.objects.filter(depth=1).exists():
        restore(migration_data)


@dataclass
class Outcome:
    status: int
    error: BaseException | None = None


def publish_at_once(requests: list[tuple[Client, str, dict]]) -> list[Outcome]:
    """POST every (client, url, data) from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(requests))
    outcomes: list[Outcome | None] = [None] * len(requests)

    def run(index: int, client: Client, url: str, data: dict) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = Outcome(client.post(url, data).status_code)
        except BaseException as error:  # recorded, and asserted on in the test's own thread
            outcomes[index] = Outcome(500, error)
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a publishing request hung"
    return outcomes


def signed_in(user) -> Client:
    # The exception of a failed publish is reported as the 500 response a user would get.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def new_page(unit, title: str, slug: str, user) -> ContentPage:
    section = unit.sections.get(key="intro").page
    page = ContentPage(title=title, slug=slug, intro="Tóm tắt.", owner=user)
    section.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return ContentPage.objects.get(pk=page.pk)


def assert_whole(page_id: int, successes: int) -> None:
    """The page is live with its latest revision, its search entry says what the page says, and there is one
    publish log entry per publish that was reported as done — no revision saved but never published."""
    page = ContentPage.objects.get(pk=page_id)
    latest = page.get_latest_revision()
    assert page.live
    assert page.live_revision_id == latest.pk, "a saved revision was left unpublished"
    assert not page.has_unpublished_changes
    assert latest.as_object().title == page.title
    entry = SearchEntry.objects.get(page_id=page.pk)
    assert entry.title == page.title, "the search entry keeps another title than the live page"
    published = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").count()
    assert published == 1 + successes  # the first publish when the page was made, then one per success


def test_two_boards_publish_their_own_pages_at_the_same_moment(two_units):
    board_b = make_member(two_units.ward_b, UnitRole.BOARD)
    page_a = new_page(two_units.ward_a, "Tin phường Ninh Sơn", "tin-ninh-son", two_units.board_a)
    page_b = new_page(two_units.ward_b, "Tin phường Hiệp Ninh", "tin-hiep-ninh", board_b)
    client_a, client_b = signed_in(two_units.board_a), signed_in(board_b)
    for round_ in range(ROUNDS):
        outcomes = publish_at_once(
            [
                (
                    client_a,
                    reverse("wagtailadmin_pages:edit", args=[page_a.pk]),
                    content_page_form(f"Ninh Sơn lần {round_}", "tin-ninh-son", **{"action-publish": "1"}),
                ),
                (
                    client_b,
                    reverse("wagtailadmin_pages:edit", args=[page_b.pk]),
                    content_page_form(f"Hiệp Ninh lần {round_}", "tin-hiep-ninh", **{"action-publish": "1"}),
                ),
            ]
        )
        assert [(o.status, o.error) for o in outcomes] == [(302, None), (302, None)], round_
    for page, title in ((page_a, f"Ninh Sơn lần {ROUNDS - 1}"), (page_b, f"Hiệp Ninh lần {ROUNDS - 1}")):
        assert_whole(page.pk, ROUNDS)
        assert ContentPage.objects.get(pk=page.pk).title == title


def test_two_board_members_publish_the_same_page_at_the_same_moment(two_units):
    second_board_member = make_member(two_units.ward_a, UnitRole.BOARD, "ninhson-board-2")
    page = new_page(two_units.ward_a, "Thông báo lịch tiếp dân", "lich-tiep-dan", two_units.board_a)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    clients = [signed_in(two_units.board_a), signed_in(second_board_member)]
    done = 0
    for round_ in range(ROUNDS):
        titles = [f"Lịch tiếp dân bản {round_}-{who}" for who in ("a", "b")]
        outcomes = publish_at_once(
            [
                (client, url, content_page_form(title, "lich-tiep-dan", **{"action-publish": "1"}))
                for client, title in zip(clients, titles, strict=True)
            ]
        )
        for outcome in outcomes:
            assert outcome.error is None
            # Published (redirect), or refused with the form shown again — then nothing of it may have stayed.
            assert outcome.status in (302, 200), outcome
        done += sum(outcome.status == 302 for outcome in outcomes)
        assert ContentPage.objects.get(pk=page.pk).title in titles
    assert done >= ROUNDS
    assert_whole(page.pk, done)
    assert Page.objects.filter(slug="lich-tiep-dan").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's writers queue for the whole transaction")
def test_a_revision_saved_while_another_publish_of_the_page_is_uncommitted_is_stamped_after_it(two_units):
    """Wagtail calls the revision stamped last the latest. A revision stamped before another editor's publish of the
    same page commits, but committed after it, was published with the page marked “unpublished changes” though its
    live revision was its latest (seen on CI: the test above, on PostgreSQL). The second save waits for the first."""
    second_board_member = make_member(two_units.ward_a, UnitRole.BOARD, "ninhson-board-2")
    page = new_page(two_units.ward_a, "Thông báo lịch tiếp dân", "lich-tiep-dan", two_units.board_a)
    saved = {}

    def second_editor() -> None:
        try:
            with transaction.atomic():
                edited = ContentPage.objects.get(pk=page.pk)
                edited.title = "Lịch tiếp dân bản của người thứ hai"
                revision = edited.save_revision(user=second_board_member)
                revision.publish(user=second_board_member)
            saved["stamped"] = revision.created_at
        finally:
            connections.close_all()

    with transaction.atomic():
        first = ContentPage.objects.get(pk=page.pk)
        first.title = "Lịch tiếp dân bản của người thứ nhất"
        first.save_revision(user=two_units.board_a).publish(user=two_units.board_a)
        thread = threading.Thread(target=second_editor)
        thread.start()
        thread.join(timeout=1)  # the second editor saves now, while the first publish is not committed
        assert thread.is_alive(), "the second save did not wait for the first editor's transaction"
    committed = timezone.now()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the second save hung"
    assert saved["stamped"] > committed
    page = ContentPage.objects.get(pk=page.pk)
    assert page.title == "Lịch tiếp dân bản của người thứ hai"
    assert_whole(page.pk, 2)


def hold_an_uncommitted_draft(page_id: int, user, saved: threading.Event, release: threading.Event):
    """An editor's request that has saved a draft of the page and not committed yet (its own thread)."""

    def editor() -> None:
        try:
            with transaction.atomic():
                page = ContentPage.objects.get(pk=page_id)
                page.title = "Bản nháp chưa lưu xong"
                page.save_revision(user=user)
                saved.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(30)
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_a_citizens_rating_does_not_wait_for_an_editor_saving_the_page(two_units):
    """The page's row is locked for saving without locking out the rows that point to it (FOR NO KEY UPDATE)."""
    page = new_page(two_units.ward_a, "Thông báo lịch tiếp dân", "lich-tiep-dan", two_units.board_a)
    saved, release = threading.Event(), threading.Event()
    editor = hold_an_uncommitted_draft(page.pk, two_units.board_a, saved, release)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # a wait would fail the test, not hang it
            PageRating.objects.create(unit=two_units.ward_a, page_id=page.pk, month=datetime.date(2026, 12, 1), score=5)
    finally:
        release.set()
        editor.join(30)
    assert PageRating.objects.filter(page_id=page.pk).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's writers queue for the whole transaction")
def test_a_scheduled_publish_while_an_editor_saves_a_draft_keeps_the_draft(two_units):
    """Publishing a revision that saves none (publish_scheduled, a workflow's approval, bulk publishing) waits for
    an editor's save of the same page and keeps that draft: the page stays marked as having unpublished changes and
    the editor still opens the new draft."""
    page = new_page(two_units.ward_a, "Thông báo lịch tiếp dân", "lich-tiep-dan", two_units.board_a)
    published = page.live_revision
    outcome = {}

    def scheduler() -> None:
        try:
            Revision.objects.get(pk=published.pk).publish()
            outcome["done"] = True
        except Exception as error:  # asserted below, in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    with transaction.atomic():
        editing = ContentPage.objects.get(pk=page.pk)
        editing.title = "Bản nháp mới"
        draft = editing.save_revision(user=two_units.board_a)
        thread = threading.Thread(target=scheduler)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive(), "the publish did not wait for the editor's save"
    thread.join(timeout=60)
    assert outcome == {"done": True}
    page = ContentPage.objects.get(pk=page.pk)
    assert page.live_revision_id == published.pk and page.title == "Thông báo lịch tiếp dân"
    assert page.latest_revision_id == draft.pk and page.draft_title == "Bản nháp mới"
    assert page.has_unpublished_changes
