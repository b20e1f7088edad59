"""Fixture rows built once per test process, then replayed by plain SQL in every later test that asks for them.

The isolation fixture (the city and its two wards, tests/conftest.py) provisions three sites of some thirty pages each
with their groups, collections, revisions, log entries and search entries: 2–3 s of Wagtail page saves and signals for
each of the thousand tests that use it. `replayed(key, build)` builds it in the first test of a process that asks,
recording what the build added, changed and removed in every table; each later test applies the same change with a
few INSERTs, UPDATEs and DELETEs inside its own transaction (rolled back as usual), once it has checked that the
tables start where the recording started (row counts, and the rows the build changed or removed, as they were). When
they do not (an earlier fixture of the test wrote to one of them), when the settings differ from the recording's or
the clock is patched, or outside a test transaction, the fixture builds for real — and a failed check records anew.

Replayed rows keep the recording's ids: on PostgreSQL sequences never go back, so no later row takes them; on SQLite
the recording starts the ids at `OFFSET`, above what a test makes before the fixture. SQLite's site-search text table
is filled by its own triggers from the replayed index rows. The process's local-memory caches are emptied after a
replay: the ids are those the previous test had, and what was cached for them must not be served.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import LazyObject

T = TypeVar("T")
OFFSET = 10_000_000  # SQLite: recorded rows' ids start here (tests use 999999 for an id nobody has)
CHUNK = 500  # ids per IN (…): SQLite's limit of bound values is 999 on older builds

Row = tuple


@dataclass
class TableChange:
    table: str
    columns: tuple[str, ...]
    pk_index: int
    count_before: int
    removed: dict[Any, Row]
    changed: dict[Any, tuple[Row, Row]]  # pk -> (before, after)
    added: list[Row]


@dataclass
class Recording:
    changes: list[TableChange]
    result: Any  # what `_rebuild` turns into the fixture's value
    usable: bool  # False when the build changed a table without a primary key


class Mismatch(Exception):
    """The tables are not where the recording started."""


_recordings: dict[tuple, Recording] = {}
_tables_cache: dict[str, list[tuple[str, str | None]]] = {}
stats = {"replayed": 0, "built": 0}


def replayed(key: str, build: Callable[[], T]) -> T:
    """`build()`'s rows and value, replayed from this process's recording when the test's state allows."""
    if not connection.in_atomic_block or _clock_is_patched():
        stats["built"] += 1
        return build()
    full_key = (key, connection.vendor, connection.settings_dict["NAME"], _settings_fingerprint(), _receivers())
    recording = _recordings.get(full_key)
    if recording is not None and recording.usable:
        try:
            with transaction.atomic():
                _apply(recording)
        except (Mismatch, DatabaseError):
            pass  # rolled back to the savepoint: built for real below, and this state recorded instead
        else:
            _clear_local_caches()
            stats["replayed"] += 1
            return _rebuild(recording.result)
    stats["built"] += 1
    return _record(full_key, build)


# ---------------------------------------------------------------------------------------------------------------
# Recording


def _record(full_key: tuple, build: Callable[[], T]) -> T:
    _start_sqlite_ids_at_offset()
    tables = _tables()
    before = _snapshot(tables)
    result = build()
    after = _snapshot(tables)
    changes: list[TableChange] = []
    usable = True
    for table, pk in tables:
        columns, rows_before = before[table]
        _, rows_after = after[table]
        if rows_before == rows_after:
            continue
        if pk is None:
            usable = False
            continue
        removed = {key: row for key, row in rows_before.items() if key not in rows_after}
        kept = [key for key in rows_before if key in rows_after]
        changed = {key: (rows_before[key], rows_after[key]) for key in kept if rows_after[key] != rows_before[key]}
        added = [row for key, row in rows_after.items() if key not in rows_before]
        changes.append(TableChange(table, columns, columns.index(pk), len(rows_before), removed, changed, added))
    _recordings[full_key] = Recording(changes, _recipe(result), usable)
    return result


def _tables() -> list[tuple[str, str | None]]:
    """Every table of the test database with its primary key column, SQLite's full-text tables left out (their
    triggers fill them)."""
    name = connection.settings_dict["NAME"]
    if name not in _tables_cache:
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
            virtual: list[str] = []
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL %%'")
                virtual = [row[0] for row in cursor.fetchall()]
            kept = [
                table
                for table in names
                if not table.startswith("sqlite_")
                and not any(table == each or table.startswith(f"{each}_") for each in virtual)
            ]
            _tables_cache[name] = [
                (table, connection.introspection.get_primary_key_column(cursor, table)) for table in kept
            ]
    return _tables_cache[name]


def _snapshot(tables) -> dict[str, tuple[tuple[str, ...], dict[Any, Row]]]:
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table, pk in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = tuple(column[0] for column in cursor.description)
            rows = [tuple(row) for row in cursor.fetchall()]
            if pk is None:
                found[table] = (columns, dict(enumerate(sorted(rows, key=repr))))
            else:
                at = columns.index(pk)
                found[table] = (columns, {row[at]: row for row in rows})
    return found


def _start_sqlite_ids_at_offset() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%%AUTOINCREMENT%%'")
        names = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT name FROM sqlite_sequence")
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s)", [OFFSET])
        cursor.executemany(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
            [(name, OFFSET) for name in names if name not in present],
        )


# ---------------------------------------------------------------------------------------------------------------
# Replaying


def _apply(recording: Recording) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for change in recording.changes:
            table = quote(change.table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            if cursor.fetchone()[0] != change.count_before:
                raise Mismatch(change.table)
            expected = dict(change.removed) | {key: old for key, (old, _new) in change.changed.items()}
            found: dict[Any, Row] = {}
            columns = ", ".join(quote(column) for column in change.columns)
            pk = quote(change.columns[change.pk_index])
            keys = list(expected)
            for start in range(0, len(keys), CHUNK):
                part = keys[start : start + CHUNK]
                cursor.execute(
                    f"SELECT {columns} FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(part))})",
                    [_param(key) for key in part],
                )
                found.update((row[change.pk_index], tuple(row)) for row in cursor.fetchall())
            if found != expected:
                raise Mismatch(change.table)
        for change in recording.changes:
            table = quote(change.table)
            names = [quote(column) for column in change.columns]
            pk = names[change.pk_index]
            keys = list(change.removed)
            for start in range(0, len(keys), CHUNK):
                part = keys[start : start + CHUNK]
                cursor.execute(
                    f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(part))})",
                    [_param(key) for key in part],
                )
            assignments = ", ".join(f"{name} = %s" for name in names)
            for key, (_old, new) in change.changed.items():
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*map(_param, new), _param(key)])
            if change.added:
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})",
                    [[_param(value) for value in row] for row in change.added],
                )


def _param(value):
    """A value as read back, as a parameter: SQLite reads its time columns as `time` but has no adapter for it."""
    if isinstance(value, datetime.time) and connection.vendor == "sqlite":
        return value.isoformat()
    return value


def _clear_local_caches() -> None:
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, LocMemCache):
            cache.clear()


# ---------------------------------------------------------------------------------------------------------------
# The fixture's value


def _recipe(value):
    if isinstance(value, models.Model):
        return ("model", type(value), value.pk, tuple(_cached_relations(value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("dataclass", type(value), {f.name: _recipe(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, list | tuple):
        return ("sequence", type(value), [_recipe(each) for each in value])
    return ("value", value)


def _cached_relations(instance: models.Model, prefix: str = "", depth: int = 3):
    """The related objects the built value had loaded (`unit.site`, `site.root_page`), loaded again with it: a test
    that counts queries counts the same ones."""
    if depth == 0:
        return
    for name, related in instance._state.fields_cache.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:
            continue
        if not (field.many_to_one or field.one_to_one) or field.many_to_many:
            continue
        yield f"{prefix}{name}"
        if isinstance(related, models.Model):
            yield from _cached_relations(related, f"{prefix}{name}__", depth - 1)


def _rebuild(recipe):
    kind = recipe[0]
    if kind == "model":
        return recipe[1]._base_manager.select_related(*recipe[3]).get(pk=recipe[2])
    if kind == "dataclass":
        return recipe[1](**{name: _rebuild(each) for name, each in recipe[2].items()})
    if kind == "sequence":
        return recipe[1](_rebuild(each) for each in recipe[2])
    return recipe[1]


# ---------------------------------------------------------------------------------------------------------------
# When not to replay


def _settings_fingerprint() -> int:
    """The settings as the test sees them: a test that overrides one (the base domain, the languages) before the
    fixture gets what the build makes under its settings."""
    return hash(tuple((name, _settled(getattr(settings, name, None))) for name in dir(settings) if name.isupper()))


def _settled(value) -> str:
    """A setting's text, a lazy one evaluated (its text changes when something first reads it)."""
    return str(value) if isinstance(value, LazyObject) else repr(value)


def _receivers() -> tuple:
    """The receivers of the model and page signals: a test that connects one before the fixture (to backdate the units
    it makes, say) gets what the build makes with it."""
    from django.db.models import signals as model_signals
    from wagtail import signals as wagtail_signals

    found = []
    for module in (model_signals, wagtail_signals):
        for name, signal in sorted(vars(module).items()):
            if isinstance(signal, Signal):
                found.append((name, tuple(lookup for lookup, *_ in signal.receivers)))
    return tuple(found)


def _clock_is_patched() -> bool:
    return abs(timezone.now() - datetime.datetime.now(datetime.UTC)) > datetime.timedelta(minutes=1)
