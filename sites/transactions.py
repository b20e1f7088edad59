"""Writes happen whole or not at all: publishing and everything it updates in one transaction.

- `AtomicWritesMiddleware`: every request that may write (POST, PUT, PATCH, DELETE) runs its view in one transaction,
  rolled back when the view fails. Wagtail's page editor saves the form, then a revision, then publishes it — three
  separate commits of its own, so a failure between them left a saved but unpublished revision.
- `make_publishing_atomic`: publishing and unpublishing are atomic wherever they are called from (the editor, the
  workflow, bulk actions, wagtail-localize, `publish_scheduled`, the portal's own code). Their side effects run inside:
  the `page_published`/`page_unpublished` receivers (the search entry, search/signals.py), Wagtail's log entries, the
  workflow's cancellation — one of them failing leaves the page as it was.
- `Page.save_revision` and publishing first lock the page's row (PostgreSQL; `FOR NO KEY UPDATE`, the lock their own
  UPDATE takes, so rows that merely point to the page — a citizen's rating, a search entry — never wait), so two
  editors saving or publishing the same page queue up. Without it the revision stamped first could commit last:
  Wagtail then found a newer revision than the one it published and left the live page marked “unpublished changes”
  though its live revision was its latest; and a publish that saves no revision (scheduled publishing, the workflow's
  last approval, bulk publishing) wrote back the page's draft fields as it read them before an editor's draft
  committed, so that draft vanished from the editor. Publishing reads those fields again once it holds the lock.

On SQLite (portal/settings/base.py) a transaction takes the write lock when it begins (`transaction_mode`
IMMEDIATE) and waits up to the busy `timeout` for it, so two editors publishing at once queue up instead of failing
with “database is locked”; WAL lets citizens read while an editor writes.
"""

from __future__ import annotations

import functools
from contextlib import nullcontext

from django.db import DEFAULT_DB_ALIAS, transaction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.actions.unpublish import UnpublishAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import LogContext
from wagtail.models import Page

# Methods that never write (RFC 9110 safe methods): their requests keep autocommit and take no write lock.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Answers after which nothing the request wrote is kept: a refusal or a failure (an exception the view raised is one
# of them by now: Django turns it into a 400/403/404/500 inside this middleware). 429 is kept: django-axes counts the
# failed sign-in that locks an account out. Wagtail's admin API publish action, say, saves a revision before it checks
# the publish right and answers 403.
KEEPS_WRITES = frozenset({429})


class AtomicWritesMiddleware:
    """Runs every request that may write in one transaction, rolled back when it answers an error (4xx except 429,
    5xx). The error page is rendered first, inside the transaction; the rollback is decided on its status. Requests
    that only read are left alone (on SQLite a transaction would take the write lock)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        # What commits with the transaction runs after the view, outside the log context Wagtail's admin sets around
        # it: wagtail-localize publishes a translation on commit, which the activity log then credited to nobody
        # (“hệ thống”). The user's context is kept until the commit is done.
        user = getattr(request, "user", None)
        log_context = LogContext(user=user) if user is not None and user.is_authenticated else nullcontext()
        with log_context, transaction.atomic(using=DEFAULT_DB_ALIAS):
            response = self.get_response(request)
            if response.status_code >= 400 and response.status_code not in KEEPS_WRITES:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            return response


def _atomic_method(method):
    if getattr(method, "_portal_atomic", False):
        return method

    @functools.wraps(method)
    def atomic_method(*args, **kwargs):
        with transaction.atomic():
            return method(*args, **kwargs)

    atomic_method._portal_atomic = True
    return atomic_method


# What belongs to the page as a whole, not to a revision (Wagtail's `Page.with_content_json` keeps them from the row).
PAGE_WIDE_FIELDS = (
    "draft_title",
    "latest_revision_id",
    "latest_revision_created_at",
    "live",
    "has_unpublished_changes",
    "locked",
    "locked_by_id",
    "locked_at",
    "numchild",
)


def lock_page(page) -> dict | None:
    """Lock the page's row until the transaction ends and return its page-wide fields as they are now (None for a
    page not saved yet). SQLite has no row lock: there the transaction itself holds the only write lock."""
    if page.pk is None:
        return None
    return Page.objects.select_for_update(no_key=True).filter(pk=page.pk).values(*PAGE_WIDE_FIELDS).first()


def _page_locked_while_saving(save_revision):
    if getattr(save_revision, "_portal_locked", False):
        return save_revision

    @functools.wraps(save_revision)
    def locked_save_revision(self, *args, **kwargs):
        with transaction.atomic():
            # Taken before the revision's time stamp: revisions of one page commit in the order they are stamped,
            # the order Wagtail reads as “latest”.
            lock_page(self)
            return save_revision(self, *args, **kwargs)

    locked_save_revision._portal_locked = True
    return locked_save_revision


def _publish_with_page_locked(execute):
    if getattr(execute, "_portal_locked", False):
        return execute

    @functools.wraps(execute)
    def locked_execute(self, *args, **kwargs):
        with transaction.atomic():
            if isinstance(self.object, Page):
                committed = lock_page(self.object)
                for field, value in (committed or {}).items():
                    setattr(self.object, field, value)
            return execute(self, *args, **kwargs)

    locked_execute._portal_locked = True
    return locked_execute


def make_publishing_atomic() -> None:
    """Wrap Wagtail's publish and unpublish actions in a transaction (Wagtail runs them in autocommit: the page row,
    the revisions' go-live dates, the signal receivers and the log entries are separate commits), and lock the page
    while a revision of it is saved or published."""
    PublishRevisionAction.execute = _publish_with_page_locked(PublishRevisionAction.execute)
    for action in (UnpublishAction, UnpublishPageAction):
        action.execute = _atomic_method(action.execute)
    Page.save_revision = _page_locked_while_saving(Page.save_revision)
