from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("Tạm ngừng và cảnh báo")

    def ready(self) -> None:
        from . import signals  # noqa: F401
