from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Account security (two-step sign-in, recovery codes, lockout, idle timeout) and the accounts a unit
    administrator manages for their unit."""

    name = "accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và bảo mật")

    def ready(self):
        from sites.signals import first_administrator_named

        from .invitations import invite_first_administrator

        first_administrator_named.connect(
            invite_first_administrator, dispatch_uid="accounts.invite_first_administrator"
        )
