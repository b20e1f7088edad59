"""Writes happen whole or not at all (DESIGN.md decision 8): publishing and everything it updates in one transaction.

- `AtomicWritesMiddleware`: every request that may write (POST, PUT, PATCH, DELETE) runs its view in one transaction,
  rolled back when the view fails. Wagtail's page editor saves the form, then a revision, then publishes it — three
  separate commits of its own, so a failure between them left a saved but unpublished revision.
- `make_publishing_atomic`: publishing and unpublishing are atomic wherever they are called from (the editor, the
  workflow, bulk actions, wagtail-localize, `publish_scheduled`, the portal's own code). Their side effects run inside:
  the `page_published`/`page_unpublished` receivers (the search entry, home/signals.py), Wagtail's log entries, the
  workflow's cancellation — one of them failing leaves the page as it was.

On SQLite (portal/settings/base.py) a transaction takes the write lock when it begins (`transaction_mode`
IMMEDIATE) and waits up to the busy `timeout` for it, so two editors publishing at once queue up instead of failing
with “database is locked”; WAL lets citizens read while an editor writes.
"""

from __future__ import annotations

import functools

from django.db import DEFAULT_DB_ALIAS, transaction

# Methods that never write (RFC 9110 safe methods): their requests keep autocommit and take no write lock.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Runs the view of every request that may write in one transaction: any exception, or a 5xx answer, rolls it
    back. Requests that only read are left alone (on SQLite a transaction would take the one write lock)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            return response

    def process_exception(self, request, exception):
        # The view raised (Django will answer 403/404/400/500): whatever it wrote before is undone. Any atomic block
        # of the view's own has been left by now, so the innermost one is this middleware's.
        if request.method not in SAFE_METHODS and transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        return None


def _atomic_method(method):
    if getattr(method, "_portal_atomic", False):
        return method

    @functools.wraps(method)
    def atomic_method(*args, **kwargs):
        with transaction.atomic():
            return method(*args, **kwargs)

    atomic_method._portal_atomic = True
    return atomic_method


def make_publishing_atomic() -> None:
    """Wrap Wagtail's publish and unpublish actions in a transaction (Wagtail runs them in autocommit: the page row,
    the revisions' go-live dates, the signal receivers and the log entries are separate commits)."""
    from wagtail.actions.publish_revision import PublishRevisionAction
    from wagtail.actions.unpublish import UnpublishAction
    from wagtail.actions.unpublish_page import UnpublishPageAction

    for action in (PublishRevisionAction, UnpublishAction, UnpublishPageAction):
        action.execute = _atomic_method(action.execute)
