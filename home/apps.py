from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ và trang chung")

    def ready(self) -> None:
        from django.db import models
        from django.db.models.signals import post_save, pre_save
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.models import get_page_models

        from sites.models import PortalSettings, Unit

        from .outage import write_pages_on_commit
        from .slugs import VietnameseSlugField, VietnameseSlugInput, transliterate_new_page_slug

        # Every slug field of the admin (pages, snippets) transliterates Vietnamese, in the browser and on the server.
        register_form_field_override(
            models.SlugField, override={"form_class": VietnameseSlugField, "widget": VietnameseSlugInput}
        )
        for model in get_page_models():
            pre_save.connect(
                transliterate_new_page_slug, sender=model, dispatch_uid=f"home_vietnamese_slug_{model._meta.label}"
            )
        # The page a database outage answers with names the unit's current contacts (home/outage.py).
        for model in (Unit, PortalSettings):
            post_save.connect(write_pages_on_commit, sender=model, dispatch_uid=f"home_outage_{model._meta.label}")
