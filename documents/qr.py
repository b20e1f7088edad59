"""QR codes of verification URLs, drawn as inline SVG by segno (no image files, nothing fetched)."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

MODULE_PX = 4  # one module is 4 CSS pixels: sharp on any screen, a version 6 code is 196 px with its quiet zone
QUIET_ZONE = 4  # modules of light margin on each side, as ISO/IEC 18004 asks; readers need it to find the code


def qr_svg(url: str, title: str) -> SafeString:
    """An inline SVG QR code of `url`, quiet zone included; `title` names it for screen readers.

    The SVG has its natural size (width/height) and a viewBox, so a narrower box scales the whole code down
    instead of cutting it."""
    code = segno.make(url, error="m", micro=False)
    size, _height = code.symbol_size(scale=MODULE_PX, border=QUIET_ZONE)
    # segno escapes the title and emits only its own markup, so the result is safe to insert as HTML.
    svg = code.svg_inline(
        scale=MODULE_PX, border=QUIET_ZONE, dark="#1b1b1b", light="#ffffff", title=title, svgclass="qr-code"
    )
    return mark_safe(svg.replace("<svg ", f'<svg role="img" viewBox="0 0 {size} {size}" ', 1))
