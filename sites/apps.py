from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = "Đơn vị và cổng thành phần"

    def ready(self):
        # Connects the log-entry unit tagging; registers the page policy giving the oversight group read access.
        from . import activity, oversight_access  # noqa: F401
