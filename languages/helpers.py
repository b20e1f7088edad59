"""English alongside Vietnamese: which pages exist in which language, the addresses of each version, and the
redirects for a unit that does not publish English.

Every unit has, besides its Vietnamese home (`Unit.home_page`, the root of its site), an English translation of
that home under the tree root (Wagtail's parallel locale trees; `sites.access.english_home`). Editors translate
pages below it with wagtail-localize; the unit's groups hold the same permissions and workflow on both homes.
Citizens see the English tree at /en/ only when the unit publishes English (`PortalSettings.publish_english`).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import redirect
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from sites.access import english_locale
from sites.models import PortalSettings
from sites.request_memo import once_per_request


def is_alias(page: Page) -> bool:
    """Whether this page is wagtail-localize's alias: a page copied into another language's tree (an untranslated
    parent, so that a child could be translated) that mirrors the original's text. It is never a translation, a
    listing entry, a search result, a feed or a sitemap entry of its own."""
    return page.alias_of_id is not None


def without_aliases(pages: QuerySet[Page]) -> QuerySet[Page]:
    """These pages less the aliases (see `is_alias`)."""
    return pages.filter(alias_of__isnull=True)


def translated_pages() -> QuerySet[Page]:
    """Live pages that are real translations: aliases count as untranslated."""
    return without_aliases(Page.objects.live())


def page_in_language(page: Page, language_code: str) -> Page | None:
    """The live translation of `page` in that language, or None."""
    if page.locale.language_code == language_code:
        return page if page.live and not is_alias(page) else None
    return translated_pages().filter(translation_key=page.translation_key, locale__language_code=language_code).first()


def english_published(site: Site | None, request=None) -> bool:
    """Whether the unit of this site shows its English pages to citizens (the unit's own choice)."""
    if site is None:
        return False
    if request is not None:
        return PortalSettings.for_request(request).publish_english
    return PortalSettings.for_site(site).publish_english


def in_locale(queryset, locale_id: int | None):
    """Rows of a translatable snippet as a page in that language shows them: each row's translation where it has
    one, the Vietnamese row where it has none yet; a Vietnamese page shows Vietnamese rows only."""
    default = Locale.get_default()
    if locale_id is None or locale_id == default.pk:
        return queryset.filter(locale=default)
    translated = queryset.filter(locale_id=locale_id).values("translation_key")
    return queryset.filter(Q(locale_id=locale_id) | Q(locale=default) & ~Q(translation_key__in=translated))


def vietnamese_active() -> bool:
    """Whether the request is served in the default language (Vietnamese), not under /en/."""
    return translation.get_language() == settings.LANGUAGE_CODE


def home_url(language_code: str | None = None) -> str:
    """The home of a language (the active one by default): / or /en/."""
    language_code = language_code or translation.get_language()
    return "/" if language_code == settings.LANGUAGE_CODE else f"/{language_code}/"


def live_translations(pages) -> dict[str, dict[str, Page]]:
    """{translation_key: {language_code: live public page}} for these pages and their translations, in one query."""
    keys = {page.translation_key for page in pages}
    result: dict[str, dict[str, Page]] = {}
    rows = translated_pages().public().filter(translation_key__in=keys).select_related("locale")
    for row in rows.only("id", "path", "depth", "url_path", "translation_key", "locale", "title"):
        result.setdefault(str(row.translation_key), {})[row.locale.language_code] = row
    return result


def versions_of(page: Page) -> dict[str, Page]:
    """{language_code: live public page} of this page and its translations, read once per request (the hreflang
    links and the language switcher both ask)."""
    return once_per_request(
        ("versions_of", page.pk), lambda: live_translations([page]).get(str(page.translation_key), {})
    )


def alternate_urls(page: Page, request) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of each live language version of a page, plus x-default (Vietnamese).

    Empty when the page exists in one language only or the unit does not publish English.
    """
    if page is None or not english_published(Site.find_for_request(request), request):
        return []
    return alternates_of(versions_of(page), request)


def alternates_of(versions: dict[str, Page], request, full_url=None) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for {language_code: page} in settings.LANGUAGES order, plus x-default (Vietnamese);
    empty for a page in one language only. Used by page heads and the XML sitemap alike (which builds the addresses
    of thousands of pages with its own `full_url`)."""
    if len(versions) < 2:
        return []
    full_url = full_url or (lambda page: page.get_full_url(request))
    links = [(code, full_url(versions[code])) for code, _ in settings.LANGUAGES if code in versions]
    if settings.LANGUAGE_CODE in versions:
        links.append(("x-default", full_url(versions[settings.LANGUAGE_CODE])))
    return links


def language_redirect(page: Page, request):
    """Where to send a request for `page` that citizens must not see in the URL's language, or None.

    * The unit does not publish English: an /en/ page goes to its Vietnamese version (or the Vietnamese home).
    * Wagtail fell back to the Vietnamese tree for an /en/ URL: the Vietnamese page's own address.
    """
    language = translation.get_language()
    default = settings.LANGUAGE_CODE
    if language == default:
        return None  # an address without a language prefix always routes through the Vietnamese tree
    if is_alias(page) and page.locale.language_code != default:
        # An untranslated parent mirroring the Vietnamese page: send the reader to the Vietnamese original.
        original = page_in_language(page, default)
        return redirect(original.get_url(request) if original else "/")
    if page.locale.language_code != language:
        return redirect(page.get_url(request) or "/")
    if english_published(Site.find_for_request(request), request):
        return None
    vietnamese = page_in_language(page, default)
    return redirect(vietnamese.get_url(request) if vietnamese else "/")


def translate_with_localize(instance, english: dict[str, str], publish: bool = True, user=None):
    """Translate a page or snippet into English through wagtail-localize, as a translator in its editor would.

    `english` maps source strings (as wagtail-localize segments them) to their English text; strings not in it keep
    the source text. The result is a synced translation: wagtail-localize's editor and "Sync translated pages"
    know it. Returns the English instance.
    """
    locale = english_locale()
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = english.get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context, defaults={"data": text}
            )
    Translation.objects.update_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    is_page = isinstance(instance, Page)
    # Pages are saved as a draft and published here, not in wagtail-localize's on-commit hook, so the English page
    # is live when this returns (inside a transaction too).
    translated, _ = source.create_or_update_translation(
        locale, user=user, publish=not is_page, copy_parent_pages=True, fallback=True
    )
    if is_page and publish:
        translated.get_latest_revision().publish(user=user)
        translated.refresh_from_db()
    return translated
