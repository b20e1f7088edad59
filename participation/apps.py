from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = _("Tiếp nhận ý kiến người dân")

    def ready(self) -> None:
        from . import deadlines  # noqa: F401  (open questions' deadlines follow the calendar's days)
