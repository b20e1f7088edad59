from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và cổng thành phần")

    def ready(self):
        # Imported here: these modules import models, which are not loaded when this module is.
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from .access import UnitPagePermissionPolicy, public_pages_deleted_by_administrators
        from .hosts import use_public_root_url
        from .notifications import use_unit_notifiers
        from .publishing import bound_translation_creator
        from .request_memo import read_once_per_request
        from .scoping import page_forms_check_unit_references, use_unit_page_form
        from .transactions import make_publishing_atomic

        # Wagtail's page policy plus the oversight office's read access to every unit.
        register_permission_policy(AbstractPage, UnitPagePermissionPolicy(Page))
        public_pages_deleted_by_administrators()  # README “Roles”: the unit's administrator deletes public pages
        make_publishing_atomic()
        use_public_root_url()  # public addresses carry PORTAL_PORT, never a port stored on a Site (sites.hosts)
        bound_translation_creator()  # wagtail-localize adds no row its user may not change (sites.publishing)
        use_unit_page_form()
        use_unit_notifiers()  # workflow mails to the unit's people, linking to its address (sites.notifications)
        checks.register(page_forms_check_unit_references, checks.Tags.models)
        read_once_per_request()  # view restrictions and locales, once per public request (sites.request_memo)
