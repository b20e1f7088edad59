"""English addresses for the sections wagtail-localize copies into a unit's English tree as aliases.

Translating a page whose section has no English version makes Wagtail copy the section (and any untranslated
ancestor) into the English tree as an alias of the Vietnamese page (`copy_for_translation(copy_parents=True,
alias=True)`), under the Vietnamese slug: the English article read /en/tin-tuc-su-kien/… An alias of a unit's
blueprint section takes the section's English slug instead (/en/news-and-events/…), as a translated section would.
Wagtail keeps an alias's own slug when it syncs the alias with its original. The alias itself still sends readers
to the Vietnamese section (languages.helpers.language_redirect), and the breadcrumbs leave it out.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from sites.blueprint import BLUEPRINT
from sites.models import UnitSection


def english_slug_for_section_alias(sender, source_obj, target_obj, **kwargs) -> None:
    """`copy_for_translation_done` receiver: give a section's new alias in another language the section's slug in
    that language (English: the blueprint's)."""
    if getattr(target_obj, "alias_of_id", None) is None or target_obj.locale.language_code == settings.LANGUAGE_CODE:
        return
    key = UnitSection.objects.filter(page_id=source_obj.pk).values_list("key", flat=True).first()
    if key is None or key not in BLUEPRINT.keys:
        return
    parent = target_obj.get_parent()
    slug = find_available_slug(parent, BLUEPRINT.get(key).slug_en, ignore_page_id=target_obj.pk)
    if slug == target_obj.slug:
        return
    # Written as a plain update: the alias was made a moment ago, has no children yet and was never an address of
    # its own (Page.save would treat this as a move: a redirect from the old address, a slug-changed signal). The
    # instance is the parent Wagtail goes on to copy the translated page under: it carries the new address too.
    target_obj.slug = slug
    target_obj.set_url_path(parent)
    Page.objects.filter(pk=target_obj.pk).update(slug=target_obj.slug, url_path=target_obj.url_path)
