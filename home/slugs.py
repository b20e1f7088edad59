"""Page addresses from Vietnamese titles: “Quyết định số 125/QĐ-UBND” → `quyet-dinh-so-125qd-ubnd`.

Django's `slugify` drops “đ” and Wagtail's admin script (its `urlify`) drops every letter it has no map for (ư, ơ, ạ,
ế, …) and writes “đ” as “dj”. Here the admin's slug field transliterates Vietnamese in the browser (formatters of
Wagtail's `w-slug` controller, run before its `urlify`) and on the server (the form field), and a new page saved
with Wagtail's own transliteration of its title gets the Vietnamese one. `manage.py repair_slugs` fixes older pages.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from search.text import fold

_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


def _vietnamese_letters() -> dict[str, str]:
    """Every precomposed Vietnamese vowel with its ASCII base letter: {"a": "aàáảãạăằ…", …}."""
    letters: dict[str, str] = {}
    for base in _BASES:
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", base + tone)
            if not letter.isascii():
                letters.setdefault(fold(letter), "")
                letters[fold(letter)] += letter
    return letters


# Run in order by the admin's slug field before Wagtail's urlify: combining marks (text typed as decomposed Unicode)
# are dropped, each accented vowel becomes its base letter (either case: the pattern ignores case) and đ becomes d.
SLUG_FORMATTERS: list[tuple[re.Pattern, str]] = [
    (re.compile("[\u0300-\u036f]"), ""),
    *((re.compile(f"[{letters}]", re.IGNORECASE), base) for base, letters in sorted(_vietnamese_letters().items())),
    (re.compile("đ", re.IGNORECASE), "d"),
]


def slugify_vietnamese(text: str, max_length: int = 255) -> str:
    """The address of a title: Vietnamese letters transliterated (đ→d, every diacritic dropped), then slugified."""
    return slugify(fold(text or ""))[:max_length].strip("-")


def wagtail_slugs(title: str) -> set[str]:
    """The slugs Wagtail gave a Vietnamese title before: Django's `slugify` on the server and the admin's `urlify`.

    The admin's `urlify` kept the letters Django's URLify maps (Latin-1 letters such as à, â, ê, ô, and ă), wrote
    đ as “dj” and dropped every other non-ASCII letter.
    """
    urlified = []
    for ch in title.lower():
        if ch.isascii():
            urlified.append(ch)
        elif ch == "đ":
            urlified.append("dj")
        elif "\u00c0" <= ch <= "\u00ff" or ch == "ă":
            urlified.append(fold(ch) if len(fold(ch)) == 1 else "")
    urlify = re.sub(r"[-\s]+", "-", re.sub(r"[^-\w\s]", "", "".join(urlified), flags=re.ASCII))[:255].rstrip("-")
    return {slug for slug in (slugify(title), urlify) if slug}


def has_wagtail_slug(page: Page) -> bool:
    """Whether the page's slug is Wagtail's lossy transliteration of its title (possibly made unique with “-2”, …)
    rather than the Vietnamese one: a slug an editor chose on purpose is neither."""
    lossy = wagtail_slugs(page.title) - {slugify_vietnamese(page.title)}
    stem = re.sub(r"-\d+$", "", page.slug)
    return page.slug in lossy or stem in lossy


def unique_sibling_slug(page: Page, base: str, parent: Page | None = None) -> str:
    """`base`, or `base-2`, `base-3`, … : the first one no sibling of `page` uses."""
    parent = parent or page.get_parent()
    candidate, suffix = base, 1
    while not Page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input, transliterating Vietnamese in the browser before Wagtail's own `urlify`/`slugify`."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters=formatters or SLUG_FORMATTERS, locale=locale)


class VietnameseSlugField(forms.SlugField):
    """A slug typed with Vietnamese letters (“phường-ninh-sơn”) is saved transliterated (“phuong-ninh-son”)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value and not value.isascii():
            value = slugify_vietnamese(value)
        return value


def transliterate_new_page_slug(sender, instance, raw: bool = False, **kwargs) -> None:
    """A new page whose slug Wagtail generated from its title (no slug given) or that holds Vietnamese letters gets
    the Vietnamese transliteration, unique among its siblings. Existing pages are left to the admin form and to
    `repair_slugs`, which also leave redirects from the old address."""
    if raw or instance.pk is not None or not isinstance(instance, Page) or not instance.slug or not instance.path:
        return
    if instance.slug.isascii() and not has_wagtail_slug(instance):
        return
    base = slugify_vietnamese(instance.slug if not instance.slug.isascii() else instance.title)
    if not base or base == instance.slug:
        return
    parent = instance.get_parent()
    instance.slug = unique_sibling_slug(instance, base, parent)
    instance.set_url_path(parent)
