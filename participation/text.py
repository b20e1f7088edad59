"""Text a citizen types, made safe to store and to export: control characters other than tab and line breaks are
removed (NUL breaks PostgreSQL; the others break XLSX files, which XML 1.0 cannot hold, and show as nothing)."""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """`text` without control characters, keeping tab, line feed and carriage return."""
    return CONTROL_CHARACTERS.sub("", text)
