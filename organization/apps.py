from django.apps import AppConfig


class OrganizationConfig(AppConfig):
    """Org chart, officials, contacts, spokesperson, work schedule, history (issue 6)."""

    name = "organization"
    verbose_name = "Tổ chức bộ máy"
