from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The legal document registry."""

    name = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from sites.models import Unit
        from sites.signals import unit_structure_ensured

        from .provisioning import add_unit_issuing_body

        unit_structure_ensured.connect(add_unit_issuing_body, sender=Unit, dispatch_uid="documents_issuing_body")
