"""Vietnamese text helpers shared by search, slugs and matching."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def fold_diacritics(text: str) -> str:
    """Lower-case ASCII-ish form for matching: “Quyết định số 123/QĐ-UBND” → “quyet dinh so 123/qd-ubnd”.

    Used on both sides of a comparison (stored text and query), so it behaves the same on SQLite and PostgreSQL.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()
