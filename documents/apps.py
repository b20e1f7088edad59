from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The legal document registry (issue 5)."""

    name = "documents"
    verbose_name = "Văn bản"
