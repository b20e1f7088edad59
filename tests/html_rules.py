"""HTML rules the Nu HTML Checker enforces and the portal has broken, checked with Python's own parser (no Java).

What is checked, per rendered page:
- every `<time datetime>` value follows the HTML grammar (a year, month, date, yearless date, week, time, local or
  global date and time, time-zone offset, or duration) — fractions of a second have 1–3 digits, so no microseconds;
- no `<form action="">` (the attribute must be omitted or name a real URL);
- no `id` used twice;
- no `<meta name>` / `<meta property>` repeated (Dublin Core: one of each element), except the Open Graph and
  article properties that are lists by definition (`article:tag`, `og:image*`, `og:locale:alternate`);
- nothing the Content Security Policy of public pages refuses (portal/security_headers.py): no inline `<script>`
  (one with `src`, or a data block such as JSON-LD, is fine), no `<style>` element, no `style` or `on…` attribute,
  no `javascript:` URL.
The full Nu checker (vnu.jar, Java) finds the same errors; see the report of the change that added this module.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

_DATE = r"\d{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
_ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
_DURATION = r"P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,3})?S)?)?"
TIME_DATETIME = re.compile(
    "|".join(
        (
            r"\d{4,}",  # year
            r"\d{4,}-(?:0[1-9]|1[0-2])",  # month
            _DATE,
            r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])",  # yearless date
            r"\d{4,}-W(?:0[1-9]|[1-4]\d|5[0-3])",  # week
            _TIME,
            rf"{_DATE}[T ]{_TIME}",  # local date and time
            rf"{_DATE}[T ]{_TIME}{_ZONE}",  # global date and time
            _ZONE,
            _DURATION,
        )
    )
)
# Script types a browser never runs: data blocks, which the Content Security Policy does not concern.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}
REPEATABLE_META = {
    "article:tag",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
    "og:locale:alternate",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: Counter = Counter()
        self.meta: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        if tag == "time" and "datetime" in attributes:
            value = attributes["datetime"] or ""
            if not TIME_DATETIME.fullmatch(value):
                self.problems.append(f"<time datetime={value!r}> is not a valid date or time")
        if tag == "form" and "action" in attributes and not (attributes["action"] or "").strip():
            self.problems.append("<form> with an empty action")
        if tag == "meta":
            name = attributes.get("name") or attributes.get("property")
            if name and name not in REPEATABLE_META:
                self.meta[name] += 1
        self.check_inline_code(tag, attributes)

    def check_inline_code(self, tag: str, attributes: dict) -> None:
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.problems.append("inline <script> (the Content Security Policy refuses it)")
        if tag == "style":
            self.problems.append("<style> element (the Content Security Policy refuses it)")
        for name, value in attributes.items():
            if name == "style":
                self.problems.append(f"style attribute on <{tag}> (the Content Security Policy refuses it)")
            elif name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}> (the Content Security Policy refuses it)")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")

    handle_startendtag = handle_starttag


def html_problems(html: str) -> list[str]:
    """Every breach of the rules above in one page, as readable lines (empty when the page is clean)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    problems = list(collector.problems)
    problems += [f"id {name!r} used {count} times" for name, count in collector.ids.items() if count > 1]
    problems += [f"<meta> {name!r} repeated {count} times" for name, count in collector.meta.items() if count > 1]
    return problems
