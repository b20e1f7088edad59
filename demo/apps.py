from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration city: units, content and accounts (`manage.py seed_demo`). No product code imports it."""

    name = "demo"
    label = "demo"
    verbose_name = _("Dữ liệu trình diễn")
