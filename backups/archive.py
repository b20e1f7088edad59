"""Backups of the portal: one tar archive holding a consistent database snapshot, the public media, the citizens'
private files and a manifest with the SHA-256 of every member (docs/operations.md, "Backup and restore").

Consistency: the database is copied first, in one snapshot (SQLite's online backup API in a single step, or
`pg_dump` inside an exported REPEATABLE READ snapshot in which the manifest's migration state is read too); the media
are copied after it, so every file the snapshot refers to exists on disk when it is copied (uploads are written
before the row that names them is committed). A file uploaded in between is archived without a row: harmless.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/portal.sqlite3"
POSTGRES_MEMBER = "database/portal.pgdump"
MEDIA_PREFIX = "media/"
PRIVATE_PREFIX = "private/"
ARCHIVE_NAME = re.compile(r"^portal-backup-(\d{8}T\d{6}Z)\.tar$")
PARTIAL_SUFFIX = ".partial"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Vietnamese) says why and what to do."""


@dataclass
class Manifest:
    data: dict
    path: Path | None = None

    @property
    def engine(self) -> str:
        return self.data["database"]["engine"]

    @property
    def created_at(self) -> str:
        return self.data["created_at"]

    @property
    def members(self) -> dict[str, dict]:
        return {member["name"]: member for member in self.data["members"]}

    @property
    def migrations(self) -> set[tuple[str, str]]:
        return {(app, name) for app, name in self.data["migrations"]}


@dataclass
class RestoreResult:
    manifest: Manifest
    pending_migrations: list[tuple[str, str]] = field(default_factory=list)
    caches_cleared: list[str] = field(default_factory=list)
    caches_failed: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------- backup


def database_engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}” (chỉ SQLite và PostgreSQL).")
    return vendor


def default_backup_dir() -> Path:
    return Path(getattr(settings, "PORTAL_BACKUP_DIR", None) or Path(settings.VAR_DIR) / "backups")


def archive_name(moment: datetime) -> str:
    return f"portal-backup-{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar"


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _check_output_dir(output_dir: Path) -> None:
    # The archive holds password hashes, two-step secrets and citizens' files: never where the web server serves it.
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)):
        if _inside(output_dir, root) or _inside(root, output_dir):
            raise BackupError(
                f"Thư mục sao lưu {output_dir} không được nằm trong (hoặc chứa) thư mục tệp {root}: "
                "chọn một thư mục khác, ngoài thư mục tệp của cổng."
            )


def _git_commit() -> str:
    if os.environ.get("PORTAL_VERSION"):
        return os.environ["PORTAL_VERSION"]
    try:
        answer = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return answer.stdout.strip() if answer.returncode == 0 else ""


def _snapshot_sqlite(target: Path) -> tuple[list[tuple[str, str]], str]:
    """Copy the live SQLite database with the online backup API, in one step: one read transaction, so the copy is
    one consistent state; in WAL mode writers go on meanwhile."""
    source_path = connection.settings_dict["NAME"]
    source = sqlite3.connect(f"file:{Path(source_path).resolve()}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, pages=-1)
        # The copy is a standalone file: no WAL beside it, whatever mode the live database runs in.
        copy.execute("PRAGMA journal_mode=DELETE")
        check = copy.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"Bản chụp cơ sở dữ liệu SQLite không toàn vẹn ({check}); kiểm tra tệp cơ sở dữ liệu.")
        migrations = copy.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        version = sqlite3.sqlite_version
    finally:
        copy.close()
        source.close()
    return [(app, name) for app, name in migrations], version


def postgres_environment() -> dict[str, str]:
    """The environment with which pg_dump, pg_restore and psql reach the portal's database (Django's own mapping of
    the connection settings, TLS options included)."""
    settings_dict = connection.settings_dict
    _args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(env or {})}
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGDATABASE": settings_dict.get("NAME") or options.get("dbname") or "postgres",
    }
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    try:
        answer = subprocess.run(command, capture_output=True, check=False, env=postgres_environment(), **kwargs)
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy lệnh {command[0]}: cài gói postgresql-client cùng phiên bản với máy chủ PostgreSQL."
        ) from error
    if answer.returncode != 0:
        stderr = answer.stderr.decode(errors="replace") if isinstance(answer.stderr, bytes) else answer.stderr
        raise BackupError(f"{what} thất bại (mã {answer.returncode}): {stderr.strip()[-2000:]}")
    return answer


def _snapshot_postgres(target: Path) -> tuple[list[tuple[str, str]], str]:
    """pg_dump in the custom format, inside a REPEATABLE READ snapshot exported by this connection: the dump and the
    migration state written to the manifest are the same moment of the database."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [(app, name) for app, name in cursor.fetchall()]
        # The transaction stays open until pg_dump is done: the exported snapshot lives as long as it does.
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={target}"],
            "Sao lưu PostgreSQL bằng pg_dump",
        )
    return migrations, version


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256 (one pass per file)."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict | None:
    """Add one file; None if it vanished meanwhile (deleted between listing and copying)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        status = os.fstat(handle.fileno())  # the opened file itself: a rename or replace meanwhile changes nothing
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o644
        reader = _HashingReader(handle)
        try:
            archive.addfile(info, reader)
        except OSError as error:  # the file shrank while being copied: the archive would be torn
            raise BackupError(f"Tệp {path} thay đổi trong lúc sao lưu ({error}); chạy lại lệnh sao lưu.") from error
    return {"name": name, "size": info.size, "sha256": reader.digest.hexdigest()}


# The restore's working folders live inside the folder they restore (never on another device than its files, even
# when it is a mount point of its own): the swap is then renames only, and no backup takes them for content.
STAGING_PREFIX, PREVIOUS_PREFIX = ".restoring-", ".before-restore-"
# Not content either: the file system's own folder at the top of a mount point (root's; the portal cannot move it).
NOT_CONTENT = {"lost+found"}


def _files_under(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for folder, subfolders, files in os.walk(root):
        if Path(folder) == root:  # an interrupted restore's working folders are not content
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith((STAGING_PREFIX, PREVIOUS_PREFIX)) and name not in NOT_CONTENT
            ]
        subfolders.sort()
        for file_name in sorted(files):
            path = Path(folder) / file_name
            if path.is_file() and not path.is_symlink():
                yield path


def create_backup(output_dir: Path, progress: Progress = lambda message: None) -> Path:
    """Write one archive into output_dir and return its path. Works while the portal serves and editors write."""
    engine = database_engine()
    output_dir = Path(output_dir)
    _check_output_dir(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    moment = datetime.now(UTC).replace(microsecond=0)
    final = output_dir / archive_name(moment)
    if final.exists():
        raise BackupError(f"Bản sao lưu {final.name} đã có; chờ một giây rồi chạy lại.")
    partial = output_dir / f".{final.name}{PARTIAL_SUFFIX}"
    with tempfile.TemporaryDirectory(prefix=".portal-backup-", dir=output_dir) as work:
        if engine == "sqlite":
            dump, member = Path(work) / "portal.sqlite3", SQLITE_MEMBER
            migrations, server_version = _snapshot_sqlite(dump)
        else:
            dump, member = Path(work) / "portal.pgdump", POSTGRES_MEMBER
            migrations, server_version = _snapshot_postgres(dump)
        progress(f"Đã chụp cơ sở dữ liệu ({engine}, {dump.stat().st_size} byte).")
        members = []
        counts = {"media": 0, "private": 0}
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    members.append(_add_file(tar, dump, member))
                    # Media after the snapshot: every file the snapshot names already exists (docstring above).
                    for kind, prefix, root in (
                        ("media", MEDIA_PREFIX, Path(settings.MEDIA_ROOT)),
                        ("private", PRIVATE_PREFIX, Path(settings.PRIVATE_MEDIA_ROOT)),
                    ):
                        for path in _files_under(root):
                            added = _add_file(tar, path, prefix + path.relative_to(root).as_posix())
                            if added:
                                members.append(added)
                                counts[kind] += 1
                    manifest = {
                        "format": FORMAT,
                        "created_at": moment.isoformat(),
                        "portal": {"commit": _git_commit()},
                        "database": {"engine": engine, "server_version": server_version, "member": member},
                        "migrations": migrations,
                        "counts": counts,
                        "members": members,
                    }
                    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(body), int(moment.timestamp()), 0o644
                    tar.addfile(info, io.BytesIO(body))
                raw.flush()  # after the tar's end blocks: the whole archive is on disk before it gets its name
                os.fsync(raw.fileno())
            os.replace(partial, final)
            _fsync_folder(output_dir)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    progress(f"Đã ghi {final} ({counts['media']} tệp media, {counts['private']} tệp riêng tư).")
    return final


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --------------------------------------------------------------------------------------------------------- reading


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name or str(path) != name:
        return False
    return (
        name == MANIFEST or name in {SQLITE_MEMBER, POSTGRES_MEMBER} or name.startswith((MEDIA_PREFIX, PRIVATE_PREFIX))
    )


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    try:
        return tarfile.open(path, mode="r:")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            f"Không đọc được {path.name}: tệp hỏng hoặc không phải bản sao lưu của cổng ({error})."
        ) from error


def _corrupt(path: Path, detail: str) -> BackupError:
    return BackupError(f"Bản sao lưu {path.name} bị hỏng hoặc đã bị sửa: {detail}. Không khôi phục từ bản này.")


def read_manifest(path: Path) -> Manifest:
    """The manifest of an archive, without checking the members (see verify_archive)."""
    path = Path(path)
    with _open(path) as tar:
        return _manifest_of(tar, path)


def _manifest_of(tar: tarfile.TarFile, path: Path) -> Manifest:
    try:
        info = tar.getmember(MANIFEST)
        data = json.loads(tar.extractfile(info).read())
    except KeyError as error:
        raise _corrupt(path, "thiếu tệp kê khai manifest.json") from error
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise _corrupt(path, f"không đọc được tệp kê khai ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _corrupt(path, "tệp kê khai không đúng định dạng")
    try:
        manifest = Manifest(data, path)
        members, _engine, _migrations = manifest.members, manifest.engine, manifest.migrations
    except (KeyError, TypeError, ValueError) as error:
        raise _corrupt(path, "tệp kê khai thiếu thông tin") from error
    if data["database"]["member"] not in members:
        raise _corrupt(path, "tệp kê khai không ghi bản chụp cơ sở dữ liệu")
    return manifest


def _members(tar: tarfile.TarFile, path: Path, manifest: Manifest) -> Iterator[tuple[tarfile.TarInfo, dict]]:
    expected = manifest.members
    seen = set()
    try:
        for info in tar:
            if info.name == MANIFEST:
                continue
            if not _safe_member_name(info.name) or not info.isfile():
                raise _corrupt(path, f"có mục không hợp lệ “{info.name}”")
            if info.name not in expected or info.name in seen:
                raise _corrupt(path, f"có tệp “{info.name}” không ghi trong tệp kê khai")
            seen.add(info.name)
            yield info, expected[info.name]
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _corrupt(path, f"không đọc hết được tệp ({error})") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise _corrupt(path, f"thiếu {len(missing)} tệp ghi trong tệp kê khai, ví dụ “{missing[0]}”")


def _copy_checked(tar: tarfile.TarFile, info: tarfile.TarInfo, expected: dict, path: Path, target: BinaryIO | None):
    digest = hashlib.sha256()
    size = 0
    try:
        source = tar.extractfile(info)
        chunk = source.read(CHUNK)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _corrupt(path, f"không đọc được “{info.name}” ({error})") from error
    while chunk:
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)  # an OSError here is the disk's, not the archive's: the caller says so
        try:
            chunk = source.read(CHUNK)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise _corrupt(path, f"không đọc được “{info.name}” ({error})") from error
    if digest.hexdigest() != expected["sha256"] or size != expected["size"]:
        raise _corrupt(path, f"mã kiểm tra SHA-256 của “{info.name}” không khớp")


def verify_archive(path: Path) -> Manifest:
    """Check every member against the manifest's SHA-256; BackupError (Vietnamese) when anything differs."""
    path = Path(path)
    with _open(path) as tar:
        manifest = _manifest_of(tar, path)
        for info, expected in _members(tar, path, manifest):
            _copy_checked(tar, info, expected, path, None)
    return manifest


def list_archives(folder: Path) -> list[tuple[Path, datetime]]:
    """The complete archives in folder, newest first (a partial file from an unfinished run is not one)."""
    found = []
    if Path(folder).is_dir():
        for path in Path(folder).iterdir():
            match = ARCHIVE_NAME.match(path.name)
            if match and path.is_file():
                found.append((path, datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)))
    return sorted(found, key=lambda item: item[1], reverse=True)


# ------------------------------------------------------------------------------------------------------- retention


def archives_to_keep(
    archives: list[tuple[Path, datetime]],
    keep: int | None = None,
    daily: int | None = None,
    weekly: int | None = None,
    monthly: int | None = None,
) -> set[Path]:
    """Which archives a policy keeps: the newest always; the newest `keep`; and the newest archive of each of the
    last `daily` days, `weekly` ISO weeks and `monthly` months that have one (local time of the portal)."""
    ordered = sorted(archives, key=lambda item: item[1], reverse=True)
    kept = {ordered[0][0]} if ordered else set()
    if keep:
        kept.update(path for path, _moment in ordered[:keep])
    zone = ZoneInfo(settings.TIME_ZONE)
    for count, bucket in (
        (daily, lambda local: local.date()),
        (weekly, lambda local: local.isocalendar()[:2]),
        (monthly, lambda local: (local.year, local.month)),
    ):
        if not count:
            continue
        buckets = set()
        for path, moment in ordered:
            key = bucket(moment.astimezone(zone))
            if key in buckets:
                continue
            if len(buckets) == count:
                break
            buckets.add(key)
            kept.add(path)
    return kept


def prune_archives(folder: Path, **policy) -> list[Path]:
    """Delete the archives the policy does not keep, and partial files older than a day; return what was deleted."""
    archives = list_archives(folder)
    kept = archives_to_keep(archives, **policy)
    deleted = []
    for path, _moment in archives:
        if path not in kept:
            path.unlink()
            deleted.append(path)
    stale = datetime.now(UTC) - timedelta(days=1)
    for path in Path(folder).glob(f".portal-backup-*{PARTIAL_SUFFIX}"):
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) < stale:
            path.unlink()
            deleted.append(path)
    return deleted


# --------------------------------------------------------------------------------------------------------- restore


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def check_restorable(manifest: Manifest) -> list[tuple[str, str]]:
    """Refuse an archive this installation cannot take; return the migrations to apply after restoring it."""
    engine = database_engine()
    if manifest.engine != engine:
        raise BackupError(
            f"Bản sao lưu là của cơ sở dữ liệu {manifest.engine}, còn cổng đang dùng {engine}: "
            "chỉ khôi phục được vào cùng loại cơ sở dữ liệu."
        )
    known = _known_migrations()
    unknown = sorted(manifest.migrations - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"Bản sao lưu được tạo bởi phiên bản mã nguồn mới hơn ({len(unknown)} migration mà mã nguồn này không có, "
            f"ví dụ {app}.{name}): cập nhật mã nguồn về phiên bản {manifest.data['portal'].get('commit') or 'đó'} "
            "rồi khôi phục."
        )
    return sorted(known - manifest.migrations)


def _staging_dir(root: Path, stamp: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f"{STAGING_PREFIX}{stamp}"
    staging.mkdir()
    return staging


def _swap_in(staging: Path, root: Path, stamp: str) -> None:
    """Put the restored files (staging, inside root) in place of root's: root's entries are renamed aside, the
    restored ones renamed in, the old ones deleted last. Renames within one folder never copy, so a full disk cannot
    stop them halfway; if one fails all the same (a folder the portal's user may not move), every entry moved so far
    goes back where it was and the restore stops, saying where the files are if even that fails."""
    previous = root / f"{PREVIOUS_PREFIX}{stamp}"
    previous.mkdir()
    current = [child for child in root.iterdir() if child not in (staging, previous) and child.name not in NOT_CONTENT]
    moved: list[tuple[Path, Path]] = []  # (from, to), in the order done
    try:
        for child in current:
            child.rename(previous / child.name)
            moved.append((child, previous / child.name))
        for child in list(staging.iterdir()):
            child.rename(root / child.name)
            moved.append((child, root / child.name))
    except OSError as error:
        try:
            for origin, target in reversed(moved):
                target.rename(origin)
            previous.rmdir()
        except OSError as undo_error:
            raise BackupError(
                f"Không thay được các tệp trong {root} ({error}) và không đưa lại được như cũ ({undo_error}): "
                f"các tệp cũ còn lại nằm trong {previous}, các tệp khôi phục trong {staging}. Cơ sở dữ liệu đã "
                "khôi phục; chuyển các tệp cũ về chỗ cũ trước khi làm gì khác."
            ) from error
        raise BackupError(
            f"Không thay được các tệp trong {root} ({error}): các tệp cũ được giữ nguyên, cơ sở dữ liệu đã khôi phục; "
            "khắc phục lỗi rồi chạy lại lệnh khôi phục."
        ) from error
    staging.rmdir()
    shutil.rmtree(previous)


# Drops every table, view and sequence of the portal's schema (objects of extensions excepted) in the restore's own
# transaction: tables a newer migration added, which the archive does not know, go too.
_DROP_SCHEMA_OBJECTS = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('DROP %s IF EXISTS %I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
  END LOOP;
END $$;
"""


def _restore_postgres(dump: Path) -> None:
    """pg_restore --clean --if-exists --no-owner, run by psql in one transaction after dropping what the archive
    does not hold: the database is the archive's or, on any error, unchanged."""
    script = dump.with_suffix(".sql")
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--file={script}", str(dump)],
        "Đọc bản chụp PostgreSQL bằng pg_restore",
    )
    prelude = dump.with_suffix(".prelude.sql")
    prelude.write_text(_DROP_SCHEMA_OBJECTS)
    connections.close_all()
    _run(
        ["psql", "--no-psqlrc", "--quiet", "--no-password", "--single-transaction", "-v", "ON_ERROR_STOP=1",
         "-f", str(prelude), "-f", str(script)],
        "Khôi phục PostgreSQL bằng psql",
    )  # fmt: skip


def _restore_sqlite(staged: Path) -> None:
    """Replace the database file atomically (same folder, os.replace). Only while no server runs: a running process
    keeps the old file open and its WAL would be lost."""
    check = sqlite3.connect(staged)
    try:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"Bản chụp SQLite trong bản sao lưu không toàn vẹn ({result}).")
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    # The old database's WAL and shared-memory index must not be applied to the new file.
    for sidecar in (Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}-journal")):
        sidecar.unlink(missing_ok=True)
    os.replace(staged, target)


def _clear_caches(result: RestoreResult) -> None:
    from django.core.cache import caches

    for alias in settings.CACHES:
        try:
            caches[alias].clear()
        except Exception:  # a cache outage must not undo a finished restore: reported to the operator
            result.caches_failed.append(alias)
        else:
            result.caches_cleared.append(alias)


def restore_archive(path: Path, progress: Progress = lambda message: None) -> RestoreResult:
    """Restore database, media and private files from an archive. Everything is extracted and checked against the
    manifest before anything live is touched; the database is replaced first (atomically), then the folders."""
    path = Path(path)
    engine = database_engine()
    media_root, private_root = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    with _open(path) as tar:
        manifest = _manifest_of(tar, path)
        pending = check_restorable(manifest)
        database_target = Path(connection.settings_dict["NAME"]) if engine == "sqlite" else None
        work = Path(
            tempfile.mkdtemp(prefix=".portal-restore-", dir=database_target.parent if database_target else None)
        )
        stagings = {MEDIA_PREFIX: _staging_dir(media_root, stamp), PRIVATE_PREFIX: _staging_dir(private_root, stamp)}
        try:
            dump = work / PurePosixPath(manifest.data["database"]["member"]).name
            for info, expected in _members(tar, path, manifest):
                if info.name == manifest.data["database"]["member"]:
                    target = dump
                elif info.name.startswith(MEDIA_PREFIX):
                    target = stagings[MEDIA_PREFIX] / info.name.removeprefix(MEDIA_PREFIX)
                elif info.name.startswith(PRIVATE_PREFIX):
                    target = stagings[PRIVATE_PREFIX] / info.name.removeprefix(PRIVATE_PREFIX)
                else:
                    raise _corrupt(path, f"có tệp “{info.name}” không thuộc phần nào của bản sao lưu")
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with target.open("wb") as handle:
                        _copy_checked(tar, info, expected, path, handle)
                except OSError as error:  # a full disk, or a member whose folder is a file in the archive
                    raise BackupError(
                        f"Không ghi được “{info.name}” khi giải nén: {error}. Chưa có gì bị thay đổi."
                    ) from error
            progress("Đã kiểm tra và giải nén bản sao lưu: mọi mã kiểm tra SHA-256 đều khớp.")
            if engine == "sqlite":
                _restore_sqlite(dump)
            else:
                _restore_postgres(dump)
            progress("Đã khôi phục cơ sở dữ liệu.")
            _swap_in(stagings[MEDIA_PREFIX], media_root, stamp)
            _swap_in(stagings[PRIVATE_PREFIX], private_root, stamp)
            progress("Đã khôi phục tệp media và tệp riêng tư của người dân.")
        finally:
            shutil.rmtree(work, ignore_errors=True)
            for staging in stagings.values():
                shutil.rmtree(staging, ignore_errors=True)
    result = RestoreResult(manifest=manifest, pending_migrations=pending)
    _clear_caches(result)
    return result
