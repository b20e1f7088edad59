from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Trang chủ và trang chung"

    def ready(self) -> None:
        from . import signals

        signals.connect()
