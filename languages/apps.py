import copy

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TRANSLATION_DATE_FORMAT = "%d/%m/%Y"


class LanguagesConfig(AppConfig):
    """Vietnamese first, English under /en/: the locale middleware, which page exists in which language, the
    language switcher and hreflang tags, and `compile_translations` for the interface catalogues."""

    name = "languages"
    label = "languages"
    verbose_name = _("Ngôn ngữ")

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from .aliases import english_slug_for_section_alias

        copy_for_translation_done.connect(english_slug_for_section_alias, dispatch_uid="languages.section_alias_slug")
        # wagtail-localize dates its translations with strftime("%-d %B %Y"): an English month name (“6 December
        # 2026”) in the Vietnamese translation editor. Day/month/year in figures reads right in both languages.
        import wagtail_localize.models
        import wagtail_localize.views.edit_translation

        for module in (wagtail_localize.models, wagtail_localize.views.edit_translation):
            module.DATE_FORMAT = TRANSLATION_DATE_FORMAT
        # …of the UTC moment, too: a segment translated at 01:30 in Việt Nam was dated the day before.
        comment = wagtail_localize.models.StringTranslation.get_comment
        if not getattr(comment, "_portal_local_date", False):

            def get_comment(translation):
                if translation.updated_at is None:
                    return comment(translation)
                local = copy.copy(translation)
                local.updated_at = timezone.localtime(translation.updated_at)
                return comment(local)

            get_comment._portal_local_date = True
            wagtail_localize.models.StringTranslation.get_comment = get_comment
