"""Backup and restore (backups/, docs/operations.md): the restore drill, on the database the suite runs on.

The drill runs `backup_portal` and `restore_portal` in their own processes against a portal of their own (a temporary
PORTAL_VAR_DIR; on PostgreSQL a database of its own next to the suite's), seeded by tests/portal/backup_drill.py:
restoring never touches the pytest database. A content hash of pages, revisions, documents' SHA-256 and every media
and private file must come back identical.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from backups.archive import (
    BackupError,
    Manifest,
    archive_name,
    check_restorable,
    create_backup,
    prune_archives,
    verify_archive,
)

ROOT = Path(__file__).resolve().parents[2]
SUITE_DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
ON_POSTGRES = SUITE_DATABASE_URL.startswith(("postgres://", "postgresql://"))


def _postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SUITE_DATABASE_URL, autocommit=True) as admin:
        admin.execute(sql)


@dataclass
class DrillPortal:
    var_dir: Path
    backup_dir: Path
    env: dict
    database: str | None  # PostgreSQL: the drill's own database
    seeded: dict | None = None  # the content hash right after the seed
    quiet_backup: tuple[Path, dict] | None = None

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=900, check=False
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("manage.py", *args)

    def drill(self, *args: str) -> dict | None:
        done = self.run("-m", "tests.portal.backup_drill", *args)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.strip().splitlines()
        return json.loads(lines[-1]) if lines else None

    def backup(self) -> Path:
        done = self.manage("backup_portal", "--output-dir", str(self.backup_dir))
        assert done.returncode == 0, done.stderr
        return Path(done.stdout.strip().splitlines()[-1].removeprefix("Sao lưu xong: "))

    def restore(self, archive: Path) -> subprocess.CompletedProcess:
        done = self.manage("restore_portal", str(archive), "--yes")
        assert done.returncode == 0, done.stderr
        return done

    def wipe(self) -> None:
        """Lose everything: the database (SQLite file, or the PostgreSQL database recreated empty) and both folders."""
        if self.database:
            _postgres_admin(f'DROP DATABASE "{self.database}" WITH (FORCE)')
            _postgres_admin(f'CREATE DATABASE "{self.database}"')
        else:
            for path in self.var_dir.glob("portal.sqlite3*"):
                path.unlink()
        shutil.rmtree(self.var_dir / "media", ignore_errors=True)
        shutil.rmtree(self.var_dir / "private", ignore_errors=True)


def _start_from(snapshot, var_dir: Path, database: str | None) -> None:
    """The drill's database as `migrate` makes it, copied from the suite's migrated snapshot (tests/conftest.py): the
    seed's own `migrate` then has nothing left to apply. Without a snapshot the seed migrates from scratch."""
    if snapshot is None:
        if database:
            _postgres_admin(f'CREATE DATABASE "{database}"')
        return
    if database:
        assert snapshot.vendor == "postgresql"
        _postgres_admin(f'CREATE DATABASE "{database}" TEMPLATE "{snapshot.location}"')
        return
    import sqlite3

    assert snapshot.vendor == "sqlite"
    with sqlite3.connect(snapshot.location) as source, sqlite3.connect(var_dir / "portal.sqlite3") as target:
        source.backup(target)
    source.close()
    target.close()


@pytest.fixture(scope="module")
def drill_portal(tmp_path_factory, migrated_snapshot) -> DrillPortal:
    var_dir = tmp_path_factory.mktemp("backup-drill")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PORTAL_PAGE_CACHE_REDIS_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"}
    }
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", PORTAL_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    env["PORTAL_E2E_MEDIA"] = "1"  # uploads on disk under PORTAL_VAR_DIR (portal/settings/test.py)
    database = None
    if ON_POSTGRES:
        parts = urlsplit(SUITE_DATABASE_URL)
        database = f"{parts.path.lstrip('/') or 'portal'}_drill_{os.getpid()}"
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    _start_from(migrated_snapshot, var_dir, database)
    portal = DrillPortal(
        var_dir=var_dir, backup_dir=var_dir.parent / f"{var_dir.name}-backups", env=env, database=database
    )
    portal.seeded = portal.drill("seed", "hash")
    # An archive taken while nobody writes, and the content hash at that moment: taken here, before any test changes
    # the portal, whichever tests run.
    portal.quiet_backup = (portal.backup(), portal.seeded)
    yield portal
    if database:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def quiet_backup(drill_portal) -> tuple[Path, dict]:
    return drill_portal.quiet_backup


def test_drill_backup_wipe_restore_gives_identical_content(drill_portal, quiet_backup):
    archive, before = quiet_backup
    assert before["counts"]["revisions"] >= 5 and before["counts"]["attachments"] >= 1
    assert before["counts"]["images"] == 1 and before["counts"]["renditions"] == 1
    assert before["counts"]["questions"] == 1 and before["counts"]["private_files"] == 1
    assert oct(archive.stat().st_mode & 0o777) == oct(0o600)  # password hashes and citizens' files inside

    drill_portal.wipe()
    restored = drill_portal.restore(archive)
    assert "mọi mã kiểm tra SHA-256 đều khớp" in restored.stdout
    assert drill_portal.drill("hash") == before


def test_restore_into_existing_database_undoes_later_work_and_asks_first(drill_portal, quiet_backup):
    archive, before = quiet_backup
    changed = drill_portal.drill("mutate", "hash")
    assert changed["hash"] != before["hash"]

    unconfirmed = drill_portal.manage("restore_portal", str(archive))

    assert unconfirmed.returncode == 1
    assert "Bản sao lưu nguyên vẹn" in unconfirmed.stderr and "chạy lại với --yes" in unconfirmed.stderr
    assert drill_portal.drill("hash") == changed  # only checked, nothing restored

    drill_portal.restore(archive)

    # The later edit, page, file and table are gone, and every migration is applied (`migrate --check`).
    assert drill_portal.drill("hash", "migrations") == before


def test_backup_while_an_editor_writes_is_one_consistent_moment(drill_portal, tmp_path):
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.portal.backup_drill", "write", str(stop)],
        cwd=ROOT,
        env=drill_portal.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not stop.with_suffix(".writing").exists():
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start writing"
            time.sleep(0.2)
        archive = drill_portal.backup()
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    written = json.loads(out.strip().splitlines()[-1])["written"]

    drill_portal.restore(archive)

    restored = drill_portal.drill("writes")
    # Every revision up to the snapshot's last one, none missing, and the page points at that last one.
    assert restored["numbers"] == list(range(restored["latest"] + 1))
    # The snapshot has the writes made before the backup began, and the editor went on writing while it ran.
    assert 3 <= restored["latest"] < written


def test_corrupted_archive_is_refused_with_a_clear_message(drill_portal, quiet_backup, tmp_path):
    archive, _before = quiet_backup
    corrupted = tmp_path / archive.name
    shutil.copy(archive, corrupted)
    with tarfile.open(corrupted) as tar:
        member = next(info for info in tar if info.name.startswith("database/"))
    with corrupted.open("r+b") as handle:
        handle.seek(member.offset_data + member.size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    current = drill_portal.drill("hash")

    done = drill_portal.manage("restore_portal", str(corrupted), "--yes")

    assert done.returncode == 1
    assert f"Bản sao lưu {archive.name} bị hỏng hoặc đã bị sửa" in done.stderr
    assert "mã kiểm tra SHA-256" in done.stderr and "Không khôi phục từ bản này" in done.stderr
    assert drill_portal.drill("hash") == current  # nothing was touched


def test_truncated_and_foreign_archives_are_refused(quiet_backup, tmp_path):
    archive, _before = quiet_backup
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match=r"bị hỏng hoặc đã bị sửa|Không đọc được"):
        verify_archive(truncated)
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        tar.add(__file__, arcname="notes.py")
    with pytest.raises(BackupError, match=r"thiếu tệp kê khai manifest\.json"):
        verify_archive(foreign)


def test_archive_with_an_escaping_path_is_refused(quiet_backup, tmp_path):
    archive, _before = quiet_backup
    evil = tmp_path / "evil.tar"
    with tarfile.open(archive) as source, tarfile.open(evil, "w") as tar:
        manifest = json.loads(source.extractfile("manifest.json").read())
        manifest["members"].append({"name": "media/../../etc/cron.d/x", "size": 1, "sha256": "0" * 64})
        for info in source:
            if info.name != "manifest.json":
                tar.addfile(info, source.extractfile(info))
        escaping = tarfile.TarInfo("media/../../etc/cron.d/x")
        escaping.size = 1
        tar.addfile(escaping, io.BytesIO(b"x"))
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    with pytest.raises(BackupError, match="mục không hợp lệ"):
        verify_archive(evil)


def _manifest(engine: str, migrations: list[tuple[str, str]]) -> Manifest:
    return Manifest(
        {
            "format": 1,
            "created_at": "2026-12-01T00:00:00+00:00",
            "portal": {"commit": "abc123"},
            "database": {"engine": engine, "member": "database/x"},
            "migrations": migrations,
            "counts": {"media": 0, "private": 0},
            "members": [],
        }
    )


@pytest.mark.django_db  # wagtail-localize's first migration reads the database when the migrations are loaded
def test_an_archive_of_another_engine_or_of_newer_code_is_refused():
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(BackupError, match="chỉ khôi phục được vào cùng loại cơ sở dữ liệu"):
        check_restorable(_manifest(other, []))
    with pytest.raises(BackupError, match=r"phiên bản mã nguồn mới hơn.*abc123"):
        check_restorable(_manifest(connection.vendor, [("sites", "9999_from_the_future")]))
    pending = check_restorable(_manifest(connection.vendor, [("sites", "0001_initial")]))
    assert ("wagtailcore", "0001_initial") in pending


def test_backups_never_go_under_the_served_media(tmp_path):
    with pytest.raises(BackupError, match="không được nằm trong"):
        create_backup(Path(settings.MEDIA_ROOT) / "backups")


def _archives(folder: Path, moments: list[datetime]) -> None:
    for moment in moments:
        (folder / archive_name(moment)).write_bytes(b"")


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_retention_keeps_the_newest_n(tmp_path):
    start = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    moments = [start + timedelta(hours=6 * step) for step in range(10)]
    _archives(tmp_path, moments)
    (tmp_path / "notes.txt").write_text("not an archive")

    deleted = prune_archives(tmp_path, keep=3)

    assert len(deleted) == 7
    assert _names(tmp_path) == {archive_name(moment) for moment in moments[-3:]} | {"notes.txt"}


def test_retention_daily_and_weekly_in_local_time(tmp_path):
    # Every day of November 2026 at 23:30 UTC (06:30 next day in Ha Noi) and 10:00 UTC (17:00 the same day).
    moments = [
        datetime(2026, 11, day, hour, minute, tzinfo=UTC)
        for day in range(1, 31)
        for hour, minute in ((10, 0), (23, 30))
    ]
    _archives(tmp_path, moments)

    prune_archives(tmp_path, daily=3, weekly=2)

    # Ha Noi days: 1/12 (newest 30/11 23:30 UTC), 30/11 (30/11 10:00 UTC; 29/11 23:30 UTC is 30/11 06:30 there) and
    # 29/11; ISO weeks 49 and 48, whose newest are already kept. In UTC days the three would be 28/11-30/11 23:30.
    expected = {
        archive_name(datetime(2026, 11, day, hour, minute, tzinfo=UTC))
        for day, hour, minute in ((30, 23, 30), (30, 10, 0), (29, 10, 0))
    }
    assert _names(tmp_path) == expected


def test_retention_weekly_reaches_back_past_the_dailies(tmp_path):
    moments = [datetime(2026, 11, day, 10, 0, tzinfo=UTC) for day in range(1, 31)]
    _archives(tmp_path, moments)

    prune_archives(tmp_path, daily=2, weekly=4)

    # Daily: 30/11 and 29/11; weekly (ISO weeks, newest of each): 30/11 (week 49), 29/11 (48), 22/11 (47), 15/11 (46).
    expected = {archive_name(datetime(2026, 11, day, 10, 0, tzinfo=UTC)) for day in (30, 29, 22, 15)}
    assert _names(tmp_path) == expected


def test_retention_never_deletes_the_newest_and_clears_stale_partials(tmp_path):
    _archives(tmp_path, [datetime(2026, 11, 1, tzinfo=UTC)])
    stale = tmp_path / ".portal-backup-20261101T000000Z.tar.partial"
    stale.write_bytes(b"")
    os.utime(stale, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    fresh = tmp_path / ".portal-backup-20261201T000000Z.tar.partial"  # a backup running right now
    fresh.write_bytes(b"")

    prune_archives(tmp_path, keep=1, daily=1)

    assert _names(tmp_path) == {archive_name(datetime(2026, 11, 1, tzinfo=UTC)), fresh.name}


def test_prune_applies_the_retention_without_a_backup(tmp_path):
    from django.core.management import CommandError, call_command

    moments = [datetime(2026, 11, day, 10, 0, tzinfo=UTC) for day in (1, 2, 3)]
    _archives(tmp_path, moments)
    with pytest.raises(CommandError, match="cần ít nhất một chính sách lưu giữ"):
        call_command("backup_portal", "--prune", "--output-dir", str(tmp_path))
    assert len(_names(tmp_path)) == 3

    out = io.StringIO()
    call_command("backup_portal", "--prune", "--keep", "1", "--output-dir", str(tmp_path), stdout=out)

    assert _names(tmp_path) == {archive_name(moments[-1])}
    assert f"Đã xóa bản cũ ngoài chính sách lưu giữ: {archive_name(moments[0])}" in out.getvalue()


def _tree(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text() for path in sorted(root.rglob("*")) if path.is_file()}


def _media_with(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


OLD_MEDIA = {"images/anh-cu.jpg": "cũ", "documents/quyet-dinh-cu.pdf": "cũ", "README": "cũ"}
NEW_MEDIA = {"images/anh-moi.jpg": "mới", "original_images/goc.jpg": "mới"}


def test_restored_files_replace_the_old_by_renames_inside_the_folder(tmp_path):
    """The media folder may be a mount point of its own: the restore works inside it, so the swap never copies
    across devices (where a full disk midway lost the live files) and the old files go only once the new are in."""
    from backups.archive import _files_under, _staging_dir, _swap_in

    root = tmp_path / "media"
    _media_with(root, OLD_MEDIA)
    staging = _staging_dir(root, "20261206T000000Z")
    assert staging.parent == root
    _media_with(staging, NEW_MEDIA)
    assert {path.relative_to(root).as_posix() for path in _files_under(root)} == set(OLD_MEDIA)  # not content
    _swap_in(staging, root, "20261206T000000Z")
    assert _tree(root) == NEW_MEDIA
    assert [child.name for child in root.iterdir() if child.name.startswith(".")] == []


def _failing_rename(monkeypatch, fails) -> list[Path]:
    """Path.rename raising EACCES where `fails(call number, path)` says so; returns the paths renamed."""
    real_rename, calls = Path.rename, []

    def rename(self, target):
        calls.append(self)
        if fails(len(calls), self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    return calls


@pytest.mark.parametrize(
    "failing",
    [
        pytest.param(lambda n, path: n == 2, id="moving-the-old-entries-aside"),
        pytest.param(lambda n, path: n == 5, id="moving-the-restored-entries-in"),
    ],
)
def test_a_swap_that_fails_halfway_gives_the_folder_its_old_files_back(tmp_path, monkeypatch, failing):
    from backups.archive import BackupError, _staging_dir, _swap_in

    root = tmp_path / "media"
    _media_with(root, OLD_MEDIA)
    staging = _staging_dir(root, "20261206T000000Z")
    _media_with(staging, NEW_MEDIA)
    _failing_rename(monkeypatch, failing)
    with pytest.raises(BackupError, match="các tệp cũ được giữ nguyên"):
        _swap_in(staging, root, "20261206T000000Z")
    monkeypatch.undo()
    assert _tree(root) == {**OLD_MEDIA, **{f"{staging.name}/{name}": text for name, text in NEW_MEDIA.items()}}
    assert [child.name for child in root.iterdir() if child.name.startswith(".before-restore")] == []


def test_the_file_systems_lost_and_found_is_left_where_it_is(tmp_path, monkeypatch):
    """At the top of a mount point: root's folder, which the portal's user can neither move nor read."""
    from backups.archive import _files_under, _staging_dir, _swap_in

    root = tmp_path / "media"
    _media_with(root, {**OLD_MEDIA, "lost+found/#1234": "hệ thống tệp"})
    staging = _staging_dir(root, "20261206T000000Z")
    _media_with(staging, NEW_MEDIA)
    assert not any("lost+found" in str(path) for path in _files_under(root))  # never in a backup
    _failing_rename(monkeypatch, lambda n, path: path.name == "lost+found")
    _swap_in(staging, root, "20261206T000000Z")
    monkeypatch.undo()
    assert _tree(root) == {**NEW_MEDIA, "lost+found/#1234": "hệ thống tệp"}
