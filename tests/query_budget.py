"""Query budgets per page type (DESIGN decision 7), measured against the demo's seeded tree, never an empty one.

A test module seeds the demo once (`seeded_demo` in a module-scoped fixture, rolled back afterwards), then asserts for
each page type that an anonymous visit runs at most `PAGE_BUDGET` queries and that the number does not change when
items, units or languages are added (`queries` before and after the growth).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

PAGE_BUDGET = 15


def demo_host(slug: str) -> str:
    """The demo's host name of a unit (`tayninh` is the city)."""
    return "tayninh.localhost" if slug == "tayninh" else f"{slug}.tayninh.localhost"


@contextlib.contextmanager
def seeded_demo(django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The whole demo (`seed_demo`), seeded inside a transaction rolled back when the block ends."""
    from demo.units import PASSWORD_ENV

    var_dir = tmp_path_factory.mktemp("budget-var")
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=var_dir),
        pytest.MonkeyPatch.context() as patch,
        transaction.atomic(),
    ):
        patch.delenv(PASSWORD_ENV, raising=False)
        call_command("seed_demo", allow_production=True, stdout=StringIO())
        cache.clear()
        yield
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rollback removed those sites without signals


@dataclass(frozen=True)
class Measured:
    status: int
    count: int
    sql: tuple[str, ...]

    def explain(self) -> str:
        return f"{self.count} queries:\n" + "\n".join(sql[:200] for sql in self.sql)


def queries(path: str, host: str, client: Client | None = None) -> Measured:
    """Queries of an anonymous GET of `path` on `host`, after one warm-up visit (Django's and Wagtail's
    per-process caches filled, as on a running server). The anonymous page cache is off in the test settings, so
    this is the uncached page."""
    client = client or Client()
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, HTTP_HOST=host)
    return Measured(response.status_code, len(context.captured_queries), tuple(q["sql"] for q in context))
