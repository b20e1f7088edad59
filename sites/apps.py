from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = "Đơn vị và cổng thành phần"

    def ready(self):
        from . import activity  # noqa: F401  (connects the log-entry unit tagging)
