from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The legal document registry (issue 5)."""

    name = "documents"
    verbose_name = _("Văn bản")
