"""Vietnamese text as the portal compares it: the one fold and the one tokenizer of every search, slug and match.

Both sides of a comparison (stored text and query) go through `fold`, so matching behaves the same on SQLite and
PostgreSQL without any database collation or extension.
"""

import re
import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})

WORDS = re.compile(r"\w+")  # runs of letters and digits: “hộ-tịch,” → “ho”, “tich”
TERMS = re.compile(r"\S+")  # runs of anything but spaces: “123/qd-ubnd” stays one term
MAX_TOKENS = 8
MAX_TOKEN_LENGTH = 50


def fold(text: str, *, keep_case: bool = False) -> str:
    """Text without Vietnamese marks, “đ” read as “d”, composed (NFC) and lower-case unless `keep_case`.

    “Quyết định số 123/QĐ-UBND” → “quyet dinh so 123/qd-ubnd”; with `keep_case`, “Bời Lời” → “Boi Loi” (English
    names of places). Decomposed input folds the same as composed input.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return stripped if keep_case else stripped.casefold()


def query_tokens(query: str, *, pattern: re.Pattern = WORDS, limit: int = MAX_TOKENS) -> list[str]:
    """The distinct folded tokens a query asks for, in order: each cut to 50 characters, at most `limit` of them
    (keeps the SQL small). `pattern` says what one token is: words (the site search) or space-separated terms
    (the registry, whose document numbers keep their “/” and “-”)."""
    tokens: list[str] = []
    for token in pattern.findall(fold(query)):
        token = token[:MAX_TOKEN_LENGTH]
        if token not in tokens:
            tokens.append(token)
    return tokens[:limit]
