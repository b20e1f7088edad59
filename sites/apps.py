from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và cổng thành phần")

    def ready(self):
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .access import UnitPagePermissionPolicy
        from .publishing import bound_translation_creator
        from .transactions import make_publishing_atomic

        # Wagtail's page policy plus the oversight office's read access to every unit.
        register_permission_policy(AbstractPage, UnitPagePermissionPolicy(Page))
        make_publishing_atomic()
        bound_translation_creator()  # wagtail-localize adds no row its user may not change (sites.publishing)
        use_unit_page_form()
        checks.register(page_forms_check_unit_references, checks.Tags.models)


def use_unit_page_form() -> None:
    """Every page model without a form of its own gets `UnitPageForm`, so each page checks what it chooses.

    Set per model: Wagtail sets `Page.base_form_class` itself, in an app that is ready after this one.
    """
    from wagtail.models import Page, get_page_models

    from .scoping import UnitPageForm

    for model in get_page_models():
        if not any("base_form_class" in vars(cls) for cls in model.__mro__ if cls is not Page):
            model.base_form_class = UnitPageForm


def page_forms_check_unit_references(app_configs, **kwargs):
    """A page model's own form must extend `UnitPageForm`, or its pages could choose another unit's objects."""
    from wagtail.models import get_page_models

    from .scoping import UnitPageForm

    return [
        checks.Error(
            f"{model._meta.label}.base_form_class does not extend sites.scoping.UnitPageForm",
            hint="Derive the page form from UnitPageForm: it refuses images, documents, pages and snippets of "
            "another unit.",
            obj=model,
            id="sites.E001",
        )
        for model in get_page_models()
        if model.__module__.split(".")[0] != "wagtail"
        and not issubclass(getattr(model, "base_form_class", UnitPageForm), UnitPageForm)
    ]
