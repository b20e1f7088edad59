from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    """Org chart, officials, contacts, spokesperson, work schedule, history."""

    name = "organization"
    verbose_name = _("Tổ chức bộ máy")
