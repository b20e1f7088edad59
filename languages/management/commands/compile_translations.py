"""Compile the gettext catalogues of every LOCALE_PATHS directory with Babel, so that a machine without GNU gettext
(`msgfmt`, hence `compilemessages`) still gets the .mo files Django reads.

A catalogue is compiled when its .mo is missing or older than its .po; fuzzy entries are left out, as msgfmt does.
`make migrate` and `make test` run this command; tests/conftest.py calls `compile_catalogues` before the test run.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_files(locale_paths: Iterable[str | os.PathLike] | None = None) -> list[Path]:
    """Every `<lang>/LC_MESSAGES/*.po` under the given directories (default: settings.LOCALE_PATHS)."""
    paths = settings.LOCALE_PATHS if locale_paths is None else locale_paths
    found: dict[Path, None] = {}
    for directory in paths:
        for po_path in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
            found[po_path.resolve()] = None
    return list(found)


def is_stale(po_path: Path) -> bool:
    """True when the .mo beside `po_path` is missing or older than the .po."""
    mo_path = po_path.with_suffix(".mo")
    try:
        return mo_path.stat().st_mtime < po_path.stat().st_mtime
    except FileNotFoundError:
        return True


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo of one .po without its fuzzy entries; atomic, as several test workers may start together."""
    mo_path = po_path.with_suffix(".mo")
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parent.parent.name, abort_invalid=True)
    handle, temp_name = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.chmod(temp_name, 0o644)
        # Never older than the .po, even when the .po carries a future time (clock skew, unpacked archives).
        stamp = max(time.time_ns(), po_path.stat().st_mtime_ns)
        os.utime(temp_name, ns=(stamp, stamp))
        os.replace(temp_name, mo_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return mo_path


def compile_catalogues(locale_paths: Iterable[str | os.PathLike] | None = None) -> list[Path]:
    """Compile every missing or stale catalogue; returns the .po files compiled."""
    compiled = []
    for po_path in catalogue_files(locale_paths):
        if is_stale(po_path):
            compile_catalogue(po_path)
            compiled.append(po_path)
    return compiled


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = "Biên dịch các tệp .po trong LOCALE_PATHS thành .mo bằng Babel (không cần GNU gettext)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Không biên dịch; báo lỗi (mã thoát khác 0) nếu có tệp .mo thiếu hoặc cũ hơn tệp .po.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            stale = [po_path for po_path in catalogue_files() if is_stale(po_path)]
            if stale:
                listing = "\n".join(f"  {_shown(po_path)}" for po_path in stale)
                raise CommandError(f"Tệp .mo thiếu hoặc cũ hơn tệp .po:\n{listing}")
            self.stdout.write("Mọi tệp .mo đều mới.")
            return
        compiled = compile_catalogues()
        for po_path in compiled:
            self.stdout.write(f"Đã biên dịch {_shown(po_path)}")
        if not compiled:
            self.stdout.write("Mọi tệp .mo đều mới.")
