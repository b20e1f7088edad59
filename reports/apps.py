from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports across units: the activity log, English translation status, overdue scheduled publishing, and
    Wagtail's own reports limited to the user's units."""

    name = "reports"
    label = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from . import activity  # noqa: F401  (tags every log entry with its unit)
        from .usage import connect_signals

        connect_signals()
