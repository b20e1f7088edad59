from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "backups"
    label = "backups"
    verbose_name = "Sao lưu và khôi phục"
