"""Admin URLs and menu items of account security (two-step sign-in, recovery codes) and of the unit accounts
that a unit administrator manages."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.telepath import register
from wagtail.admin.ui.sidebar import BaseSidebarAdapter, MainMenuModule
from wagtail.admin.utils import get_user_display_name

from sites.access import administered_units

from .security import (
    RecoveryCodesRegenerateView,
    TwoFactorRecoverView,
    TwoFactorRecoveryCodesView,
    TwoFactorSetupView,
    TwoFactorStatusView,
    TwoFactorVerifyView,
)
from .unit_accounts import AccountCreateView, AccountEditView, AccountListView, AccountUnitsView, InvitationResendView

security_urls = (
    [
        path("", TwoFactorStatusView.as_view(), name="status"),
        path("thiet-lap/", TwoFactorSetupView.as_view(), name="setup"),
        path("xac-thuc/", TwoFactorVerifyView.as_view(), name="verify"),
        path("xac-thuc/ma-khoi-phuc/", TwoFactorRecoverView.as_view(), name="recover"),
        path("ma-khoi-phuc/", TwoFactorRecoveryCodesView.as_view(), name="recovery_codes"),
        path("ma-khoi-phuc/tao-moi/", RecoveryCodesRegenerateView.as_view(), name="regenerate_recovery_codes"),
    ],
    "accounts_security",
)


@hooks.register("register_admin_urls")
def register_security_urls():
    return [path("xac-thuc-hai-buoc/", include(security_urls, namespace="accounts_security"))]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("accounts_security:status"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Bật đăng nhập bằng mật khẩu và mã từ ứng dụng xác thực trên điện thoại."),
    }


account_urls = (
    [
        path("", AccountUnitsView.as_view(), name="index"),
        path("<int:unit_id>/", AccountListView.as_view(), name="unit"),
        path("<int:unit_id>/moi/", AccountCreateView.as_view(), name="create"),
        path("<int:unit_id>/<int:user_id>/gui-lai-loi-moi/", InvitationResendView.as_view(), name="resend"),
        path("<int:unit_id>/<int:user_id>/", AccountEditView.as_view(), name="edit"),
    ],
    "unit_accounts",
)


@hooks.register("register_admin_urls")
def register_account_urls():
    return [path("tai-khoan-don-vi/", include(account_urls, namespace="unit_accounts"))]


class UnitAdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return administered_units(request.user).exists()


@hooks.register("register_settings_menu_item")
def register_account_menu_item():
    return UnitAdministratorMenuItem(
        gettext_lazy("Tài khoản của đơn vị"),
        reverse("unit_accounts:index"),
        icon_name="group",
        name="unit-accounts",
        order=152,
    )


class FullNameMainMenuAdapter(BaseSidebarAdapter):
    """The sidebar's account menu with the user's full name: Wagtail shows `first_name` alone, which holds the
    family and middle names of a Vietnamese name (“Phạm Thị Thu”), not a name anyone is called by."""

    js_constructor = "wagtail.sidebar.MainMenuModule"

    def js_args(self, obj):
        menu_items, account_menu_items, account = obj.js_args()
        return [menu_items, account_menu_items, {**account, "name": get_user_display_name(obj.user)}]


register(FullNameMainMenuAdapter(), MainMenuModule)


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    actions.register_action("accounts.invite", gettext_lazy("Gửi lời mời tài khoản"), gettext_lazy("Đã gửi lời mời"))
    actions.register_action(
        "accounts.invitation_accepted", gettext_lazy("Kích hoạt tài khoản"), gettext_lazy("Đã đặt mật khẩu")
    )
