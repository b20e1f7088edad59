"""The language switcher and hreflang alternates of public pages (languages.helpers decides what exists)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from languages.helpers import alternate_urls, english_published, home_url, versions_of, vietnamese_active

register = template.Library()

UNTRANSLATED_FLAG = "untranslated"  # ?untranslated=1 on a home reached because the page had no translation


def _target(page: Page | None, language_code: str, request) -> tuple[str, bool]:
    """(URL of the current page in that language, whether it is missing and the URL is that language's home)."""
    if page is None:
        return translate_url(request.get_full_path(), language_code), False
    translation = versions_of(page).get(language_code)
    if translation is not None:
        return translation.get_url(request), False
    return f"{home_url(language_code)}?{UNTRANSLATED_FLAG}=1", True


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to the other languages of the current page; to their home, saying so, where the page has none."""
    request = context.get("request")
    unit = context.get("unit")
    if request is None or not unit or not english_published(unit.site, request):
        return {"languages": []}
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    current = get_language()
    languages = []
    for code, name in settings.LANGUAGES:
        url, missing = ("", False) if code == current else _target(page, code, request)
        languages.append({"code": code, "name": name, "url": url, "current": code == current, "missing": missing})
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> str:
    """<link rel="alternate" hreflang> for every live language version of the current page."""
    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return ""
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', alternate_urls(page, request))


@register.simple_tag(takes_context=True)
def untranslated_notice(context) -> str:
    request = context.get("request")
    if request is None or request.GET.get(UNTRANSLATED_FLAG) != "1":
        return ""
    notice = gettext("Trang bạn vừa xem chưa có bản bằng ngôn ngữ này, nên bạn được đưa về trang chủ.")
    return format_html('<div class="container"><p class="untranslated-notice" role="status">{}</p></div>', notice)


@register.simple_tag
def in_page_language(vietnamese: str, english: str = "") -> str:
    """A unit detail in the page's language: the English text on English pages when the unit gave one; otherwise
    the Vietnamese text, marked lang="vi" on English pages so that screen readers pronounce it as Vietnamese."""
    if vietnamese_active():
        return vietnamese
    if english:
        return english
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, vietnamese) if vietnamese else ""
