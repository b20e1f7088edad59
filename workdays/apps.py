from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workdays"
    verbose_name = _("Lịch ngày làm việc")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the cache invalidation; imports the models)
