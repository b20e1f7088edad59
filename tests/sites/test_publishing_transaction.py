"""Publishing and everything it updates happen in one transaction: when one of its side effects fails,
the page is as it was — not live, or live with its old text — with no saved-but-unpublished revision, no log entry
of a publish that did not happen and a search entry that still says what the live page says."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail import hooks
from wagtail.models import PageLogEntry

from home.models import ContentPage
from search.models import SearchEntry
from tests.sites.test_isolation import content_page_form


class SearchIndexDown(Exception):
    pass


@pytest.fixture
def break_search_update(monkeypatch):
    """From the call on, the search entry update that follows a publish or an unpublish raises."""

    def refuse(page):
        raise SearchIndexDown(page.pk)

    return lambda: monkeypatch.setattr("search.signals.index_page", refuse)


def draft_page(unit, user, title: str = "Kế hoạch tiếp dân", slug: str = "ke-hoach-tiep-dan") -> ContentPage:
    section = unit.sections.get(key="intro").page
    page = ContentPage(title=title, slug=slug, intro="Tóm tắt.", owner=user, live=False)
    section.add_child(instance=page)
    page.save_revision(user=user)
    return ContentPage.objects.get(pk=page.pk)


def live_page(unit, user) -> ContentPage:
    page = draft_page(unit, user, "Lịch tiếp công dân", "lich-tiep-cong-dan")
    page.get_latest_revision().publish(user=user)
    return ContentPage.objects.get(pk=page.pk)


def board_client(user) -> Client:
    client = Client(raise_request_exception=False)  # what the board member sees: an error page
    client.force_login(user)
    return client


def state(page: ContentPage) -> dict:
    """Everything a publish writes, as it stands in the database."""
    page = ContentPage.objects.get(pk=page.pk)
    entry = SearchEntry.objects.filter(page_id=page.pk).values_list("title", flat=True).first()
    return {
        "live": page.live,
        "title": page.title,
        "live_revision": page.live_revision_id,
        "revisions": page.revisions.count(),
        "has_unpublished_changes": page.has_unpublished_changes,
        "log": list(PageLogEntry.objects.filter(page_id=page.pk).values_list("action", flat=True).order_by("pk")),
        "search_entry": entry,
    }


def publish_in_editor(client: Client, page: ContentPage, title: str):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, content_page_form(title, page.slug, **{"action-publish": "1"}))


def test_failing_search_update_leaves_a_draft_unpublished(two_units, break_search_update):
    page = draft_page(two_units.ward_a, two_units.board_a)
    before = state(page)
    break_search_update()
    response = publish_in_editor(board_client(two_units.board_a), page, "Kế hoạch tiếp dân năm 2026")
    assert response.status_code == 500
    after = state(page)
    assert after == before
    assert not after["live"] and after["search_entry"] is None
    assert "wagtail.publish" not in after["log"]


def test_failing_search_update_keeps_the_live_page_and_its_search_entry(two_units, break_search_update):
    page = live_page(two_units.ward_a, two_units.board_a)
    before = state(page)
    assert before["search_entry"] == "Lịch tiếp công dân"
    break_search_update()
    response = publish_in_editor(board_client(two_units.board_a), page, "Lịch tiếp công dân (sửa đổi)")
    assert response.status_code == 500
    after = state(page)
    assert after == before  # no new revision saved and left unpublished, no log entry
    assert after["title"] == after["search_entry"] == "Lịch tiếp công dân"


def test_failing_search_update_rolls_back_a_publish_outside_the_editor(two_units, break_search_update):
    """`publish_scheduled`, workflows and the portal's own code publish a revision directly."""
    page = draft_page(two_units.ward_a, two_units.board_a)
    before = state(page)
    break_search_update()
    with pytest.raises(SearchIndexDown):
        page.get_latest_revision().publish(user=two_units.board_a)
    assert state(page) == before


def test_failing_search_update_rolls_back_an_unpublish(two_units, break_search_update):
    page = live_page(two_units.ward_a, two_units.board_a)
    before = state(page)
    break_search_update()
    with pytest.raises(SearchIndexDown):
        page.unpublish(user=two_units.board_a)
    assert state(page) == before
    client = board_client(two_units.board_a)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 500
    assert state(page) == before


def test_failure_after_publishing_in_the_editor_rolls_the_whole_request_back(two_units):
    """A hook that runs after the publish itself (Wagtail's `after_publish_page`) fails: nothing of it stays."""
    page = draft_page(two_units.ward_a, two_units.board_a)
    before = state(page)

    def fail(request, page):
        raise RuntimeError("after_publish_page")

    with hooks.register_temporarily("after_publish_page", fail):
        response = publish_in_editor(board_client(two_units.board_a), page, "Kế hoạch tiếp dân năm 2026")
    assert response.status_code == 500
    assert state(page) == before


def test_publishing_that_succeeds_updates_everything(two_units):
    page = draft_page(two_units.ward_a, two_units.board_a)
    response = publish_in_editor(board_client(two_units.board_a), page, "Kế hoạch tiếp dân năm 2026")
    assert response.status_code == 302
    after = state(page)
    assert after["live"] and not after["has_unpublished_changes"]
    assert after["title"] == after["search_entry"] == "Kế hoạch tiếp dân năm 2026"
    assert after["log"][-1] == "wagtail.publish"


def test_a_refused_request_writes_nothing_even_where_the_view_wrote_before_refusing(client, two_units):
    """Wagtail's admin API publish action saves a revision of a page that has none before it asks for the publish
    right; the 403 it answers takes that revision back, and a 404 after a write renders its page (no 500)."""
    page = draft_page(two_units.ward_a, two_units.writer_a)
    page.revisions.all().delete()
    client.force_login(two_units.writer_a)
    response = client.post(f"/admin/api/main/pages/{page.pk}/action/publish/", content_type="application/json")
    assert response.status_code == 403
    assert page.revisions.count() == 0
    assert not ContentPage.objects.get(pk=page.pk).live

    other = draft_page(two_units.ward_b, two_units.writer_b, "Thông báo của phường khác", "thong-bao-phuong-khac")
    response = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={other.pk}", {})
    assert response.status_code == 404
    assert ContentPage.objects.filter(pk=other.pk).exists()


def test_what_publishes_on_commit_is_credited_to_the_user_of_the_request(django_db_blocker):
    """wagtail-localize publishes a translation in `transaction.on_commit`; with every write request in one transaction
    that runs after the view, outside the log context Wagtail's admin sets around it. The middleware keeps the user's
    context until its transaction has committed, so the activity log names the board member, not “hệ thống”. (Run in
    autocommit, as a server runs: the middleware's transaction is the outermost and commits, writing nothing.)"""
    from django.db import transaction
    from django.http import HttpResponse
    from django.test import RequestFactory
    from wagtail.log_actions import get_active_log_context

    from sites.transactions import AtomicWritesMiddleware

    class Board:
        is_authenticated = True

    board = Board()
    credited: list = []

    def view(status: int):
        def get_response(request):
            transaction.on_commit(lambda: credited.append((status, get_active_log_context().user)))
            return HttpResponse(status=status)

        return get_response

    with django_db_blocker.unblock():
        for status in (302, 403):
            request = RequestFactory().post("/admin/pages/1/edit/")
            request.user = board
            AtomicWritesMiddleware(view(status))(request)
    assert credited == [(302, board)]  # the refused request's transaction rolled back: nothing ran on commit
    assert get_active_log_context().user is None  # and the context ended with the request
