"""QR codes of verification URLs, drawn as inline SVG by segno (no image files, nothing fetched)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, title: str) -> SafeString:
    """An inline SVG QR code of `url`; `title` names it for screen readers."""
    code = segno.make(url, error="m", micro=False)
    # segno escapes the title and emits only its own markup, so the result is safe to insert as HTML.
    svg = code.svg_inline(scale=4, border=2, dark="#1b1b1b", light="#ffffff", title=title, svgclass="qr-code")
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))
