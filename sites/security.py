"""Account security (issue 7, item 6): two-factor sign-in, login throttling and session expiry.

- TOTP two-factor authentication (django-otp): required for superusers and the oversight group, optional for
  everyone else (a page in the admin to turn it on). Until a user who must — or chose to — use it has entered a code
  in this session, every admin page except setup, verification and sign-out redirects to setup or verification.
- Login throttling (django-axes): `PortalAxesBackend` counts failed admin sign-ins and refuses a locked-out account.
- Idle timeout: a signed-in session unused for `PORTAL_SESSION_IDLE_TIMEOUT` seconds is signed out.
"""

from __future__ import annotations

import base64
import time

import segno
from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .tenancy import OVERSIGHT_GROUP_NAME

SETUP_URL_NAME = "sites_security:setup"
VERIFY_URL_NAME = "sites_security:verify"
# Admin views an unverified user may still open: set up or enter a code, sign out, and what those pages load.
UNVERIFIED_VIEW_NAMES = frozenset(
    {
        SETUP_URL_NAME,
        VERIFY_URL_NAME,
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
    }
)
ISSUER = "Cổng TTĐT"
IDLE_SESSION_KEY = "portal_last_activity"


class PortalAxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request (every sign-in over the web).

    `authenticate()` called without a request (management commands, the test client's `login()`) has no client to
    throttle; axes would raise, so those are left to the next backend instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: a Vietnamese page saying why and for how long (HTTP 429)."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return render(request, "sites/security/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- Two-factor authentication --------------------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Superusers and the oversight group must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=OVERSIGHT_GROUP_NAME).exists()


def has_confirmed_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def needs_verification(user) -> bool:
    """Signed in with a password only, while a second factor is required or has been turned on."""
    if not user.is_authenticated or user.is_verified():
        return False
    return two_factor_required(user) or has_confirmed_device(user)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class TwoFactorMiddleware:
    """Sends admin users who still owe a second factor to setup or verification (after `OTPMiddleware`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/admin/") or not getattr(settings, "PORTAL_REQUIRE_2FA", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in UNVERIFIED_VIEW_NAMES:
            return None
        if not needs_verification(request.user):
            return None
        target = VERIFY_URL_NAME if has_confirmed_device(request.user) else SETUP_URL_NAME
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã xác thực 6 chữ số"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={
            "required": gettext_lazy("Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."),
            "min_length": gettext_lazy("Mã xác thực gồm 6 chữ số."),
            "max_length": gettext_lazy("Mã xác thực gồm 6 chữ số."),
        },
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


WRONG_TOKEN = gettext_lazy("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất trong ứng dụng.")
THROTTLED = gettext_lazy("Nhập sai mã quá nhiều lần liên tiếp. Hãy chờ ít phút rồi nhập mã mới nhất.")


def token_error(devices, token: str) -> tuple[TOTPDevice | None, str | None]:
    """The device that accepts `token`, or why none does (django-otp slows down repeated wrong codes)."""
    throttled = False
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            return device, None
    return None, str(THROTTLED if throttled else WRONG_TOKEN)


def secret_of(device: TOTPDevice) -> str:
    """The device key as the base32 text authenticator apps accept when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here (nothing is fetched from the internet)."""
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, dark="#000", light="#fff", title=_("Mã QR cho ứng dụng xác thực"))


class TwoFactorSetupView(WagtailAdminTemplateMixin, FormView):
    """Turn on two-factor sign-in: scan the QR code (or type the secret), then confirm with one code."""

    template_name = "sites/security/two_factor_setup.html"
    form_class = TokenForm
    page_title = gettext_lazy("Thiết lập xác thực hai bước")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if has_confirmed_device(request.user):
            # Adding another device needs the existing one first: a stolen password must not enrol a new phone.
            if not request.user.is_verified():
                return redirect(f"{reverse(VERIFY_URL_NAME)}?{urlencode({'next': _safe_next(request, '')})}")
            return redirect("sites_security:status")
        return super().dispatch(request, *args, **kwargs)

    def get_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name=_("Ứng dụng xác thực"), confirmed=False)
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.get_device()
        context.update(
            device=device,
            qr_svg=mark_safe(qr_svg(device)),  # segno's SVG of our own otpauth:// URL
            secret=secret_of(device),
            required=two_factor_required(self.request.user),
            next=_safe_next(self.request, ""),
        )
        return context

    def form_valid(self, form):
        device, error = token_error([self.get_device()], form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=self.request.user, confirmed=False).delete()
        otp_login(self.request, device)
        messages.success(self.request, _("Đã bật xác thực hai bước cho tài khoản của bạn."))
        return redirect(_safe_next(self.request, reverse("wagtailadmin_home")))


class TwoFactorVerifyView(WagtailAdminTemplateMixin, FormView):
    """The second step of sign-in: a code from the user's authenticator app."""

    template_name = "sites/security/two_factor_verify.html"
    form_class = TokenForm
    page_title = gettext_lazy("Xác thực hai bước")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not has_confirmed_device(request.user):
            return redirect(f"{reverse(SETUP_URL_NAME)}?{urlencode({'next': _safe_next(request, '')})}")
        if request.user.is_verified():
            return redirect(_safe_next(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _safe_next(self.request, "")}

    def form_valid(self, form):
        devices = TOTPDevice.objects.filter(user=self.request.user, confirmed=True)
        device, error = token_error(devices, form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(_safe_next(self.request, reverse("wagtailadmin_home")))


class TwoFactorStatusView(WagtailAdminTemplateMixin, FormView):
    """Whether two-factor sign-in is on; turn it on, or off where it is optional (confirmed with a code)."""

    template_name = "sites/security/two_factor_status.html"
    form_class = TokenForm
    page_title = gettext_lazy("Xác thực hai bước")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            enabled=has_confirmed_device(self.request.user),
            required=two_factor_required(self.request.user),
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        if two_factor_required(user):
            form.add_error(None, _("Tài khoản của bạn bắt buộc dùng xác thực hai bước; không thể tắt."))
            return self.form_invalid(form)
        _device, error = token_error(TOTPDevice.objects.filter(user=user, confirmed=True), form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        TOTPDevice.objects.filter(user=user).delete()
        messages.success(self.request, _("Đã tắt xác thực hai bước."))
        return redirect("sites_security:status")


security_urls = (
    [
        path("", TwoFactorStatusView.as_view(), name="status"),
        path("thiet-lap/", TwoFactorSetupView.as_view(), name="setup"),
        path("xac-thuc/", TwoFactorVerifyView.as_view(), name="verify"),
    ],
    "sites_security",
)


@hooks.register("register_admin_urls")
def register_security_urls():
    return [path("xac-thuc-hai-buoc/", include(security_urls, namespace="sites_security"))]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("sites_security:status"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Bật đăng nhập bằng mật khẩu và mã từ ứng dụng xác thực trên điện thoại."),
    }


# --- Idle timeout ---------------------------------------------------------------------------------------------


class IdleSessionTimeoutMiddleware:
    """Signs out a session left unused for longer than `PORTAL_SESSION_IDLE_TIMEOUT` seconds."""

    # Record activity at most once a minute, so not every request writes the session.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PORTAL_SESSION_IDLE_TIMEOUT", 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_SESSION_KEY)
            if last is not None and now - last > timeout:
                logout(request)
                if request.path.startswith("/admin/"):
                    messages.warning(
                        request,
                        _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)d phút. Hãy đăng nhập lại.")
                        % {"minutes": timeout // 60},
                    )
                    return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}")
            elif last is None or now - last >= self.RESOLUTION:
                request.session[IDLE_SESSION_KEY] = now
        return self.get_response(request)
