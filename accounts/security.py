"""Account security: two-factor sign-in, login throttling and session expiry.

- TOTP two-factor authentication (django-otp): required for superusers and the oversight office, optional for
  everyone else (a page in the admin to turn it on). Until a user who must — or chose to — use it has entered a code
  in this session, every admin page except setup, verification and sign-out redirects to setup or verification.
- Recovery codes (django-otp's static tokens): ten single-use codes issued with the authenticator and shown once,
  accepted at verification instead of an app code, for an official whose phone is lost; `reset_two_factor` is the
  last resort for one who has neither.
- Login throttling (django-axes): `PortalAxesBackend` counts failed admin sign-ins and refuses a locked-out account.
- Idle timeout: a signed-in session unused for `PORTAL_SESSION_IDLE_TIMEOUT` seconds is signed out.
"""

from __future__ import annotations

import base64
import secrets
import time
from urllib.parse import quote

import segno
from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.access import OVERSIGHT_PERMISSION, is_admin_request

SETUP_URL_NAME = "accounts_security:setup"
VERIFY_URL_NAME = "accounts_security:verify"
RECOVER_URL_NAME = "accounts_security:recover"
RECOVERY_CODES_URL_NAME = "accounts_security:recovery_codes"
# Admin views an unverified user may still open: set up or enter a code, sign out, and what those pages load.
UNVERIFIED_VIEW_NAMES = frozenset(
    {
        SETUP_URL_NAME,
        VERIFY_URL_NAME,
        RECOVER_URL_NAME,
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
    }
)
ISSUER = "Cổng TTĐT"
IDLE_SESSION_KEY = "portal_last_activity"

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
# Lower-case letters and digits without the look-alikes 0/o, 1/l/i: codes are read off paper and typed by hand.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_GROUP = 5
# From this many unused codes down, signing in with one also asks for a new set.
RECOVERY_CODES_LOW = 3
# Codes just generated, kept in the session for their one display (`TwoFactorRecoveryCodesView`).
NEW_RECOVERY_CODES_SESSION_KEY = "portal_new_recovery_codes"
# When this session was verified with a recovery code: for a while it may move two-factor sign-in to a new phone.
RECOVERY_SIGN_IN_SESSION_KEY = "portal_recovery_sign_in"
REPLACE_DEVICE_WINDOW = 15 * 60


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
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return render(request, "accounts/security/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- Two-factor authentication --------------------------------------------------------------------------------


def two_factor_required(user) -> bool:
    """Superusers and the oversight office must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm(OVERSIGHT_PERMISSION)


def has_confirmed_device(user) -> bool:
    """Two-factor sign-in is on: a confirmed authenticator app. Recovery codes only stand in for it, never alone."""
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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
        if not is_admin_request(request) or not getattr(settings, "PORTAL_REQUIRE_2FA", True):
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


def token_error(devices, token: str, wrong=WRONG_TOKEN, throttled=THROTTLED) -> tuple[Device | None, str | None]:
    """The device that accepts `token`, or why none does (django-otp slows down repeated wrong codes)."""
    refused = False
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            refused = True
            continue
        if device.verify_token(token):
            return device, None
    return None, str(throttled if refused else wrong)


# --- Recovery codes -------------------------------------------------------------------------------------------


def normalise_recovery_code(text: str) -> str:
    """A code as stored: what the user typed, without spaces or hyphens, in lower case."""
    return "".join(text.replace("-", " ").split()).lower()


def display_recovery_code(code: str) -> str:
    """A stored code in groups easy to read and copy: `k7m2p-x9ady`."""
    return "-".join(code[i : i + RECOVERY_CODE_GROUP] for i in range(0, len(code), RECOVERY_CODE_GROUP))


def new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _position in range(RECOVERY_CODE_LENGTH))


def issue_recovery_codes(user) -> list[str]:
    """Replace all of `user`'s recovery codes with `RECOVERY_CODE_COUNT` new ones, returned for their one display.

    The static device itself is kept, so a session verified with one of the old codes stays signed in.
    """
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = new_recovery_code()
        if code not in codes:
            codes.append(code)
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=_("Mã khôi phục"), confirmed=True)
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        device.throttle_reset()
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def show_recovery_codes_once(request, codes: list[str], next_url: str):
    """Keep `codes` in the session for the one page that shows them, and send the user there."""
    request.session[NEW_RECOVERY_CODES_SESSION_KEY] = codes
    return redirect(f"{reverse(RECOVERY_CODES_URL_NAME)}?{urlencode({'next': next_url})}")


def may_replace_device(request) -> bool:
    """Signed in with a recovery code a short while ago: the user may set up the authenticator on a new phone."""
    signed_in_at = request.session.get(RECOVERY_SIGN_IN_SESSION_KEY)
    return (
        isinstance(getattr(request.user, "otp_device", None), StaticDevice)
        and signed_in_at is not None
        and time.time() - signed_in_at <= REPLACE_DEVICE_WINDOW
    )


WRONG_RECOVERY_CODE = gettext_lazy("Mã khôi phục không đúng hoặc đã được dùng. Mỗi mã chỉ dùng được một lần.")
RECOVERY_THROTTLED = gettext_lazy("Nhập sai mã khôi phục quá nhiều lần liên tiếp. Hãy chờ ít phút rồi thử lại.")


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã khôi phục chưa dùng"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": gettext_lazy("Hãy nhập một mã trong bộ mã khôi phục bạn đã lưu.")},
    )

    def clean_code(self) -> str:
        code = normalise_recovery_code(self.cleaned_data["code"])
        if len(code) != RECOVERY_CODE_LENGTH or not (code.isascii() and code.isalnum()):
            raise forms.ValidationError(
                _("Mã khôi phục gồm %(length)d chữ cái và chữ số, ví dụ: %(example)s.")
                % {"length": RECOVERY_CODE_LENGTH, "example": "k7m2p-x9ady"}
            )
        return code


def recovery_sign_in_message(remaining: int) -> str:
    """What a user who just signed in with a recovery code is told: how many are left, and what to do next."""
    parts = [_("Bạn vừa đăng nhập bằng mã khôi phục; mã đó không dùng lại được nữa.")]
    if remaining:
        parts.append(
            ngettext(
                "Bạn còn %(count)d mã khôi phục chưa dùng.",
                "Bạn còn %(count)d mã khôi phục chưa dùng.",
                remaining,
            )
            % {"count": remaining}
        )
    else:
        parts.append(_("Bạn đã dùng hết mã khôi phục."))
    if remaining <= RECOVERY_CODES_LOW:
        parts.append(_("Hãy tạo bộ mã mới trong trang Xác thực hai bước."))
    parts.append(_("Nếu mất điện thoại, hãy thiết lập ngay ứng dụng xác thực trên điện thoại mới."))
    return " ".join(parts)


def secret_of(device: TOTPDevice) -> str:
    """The device key as the base32 text authenticator apps accept when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here (nothing is fetched from the internet)."""
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, dark="#000", light="#fff", title=_("Mã QR cho ứng dụng xác thực"))


class SecurityPageMixin(WagtailAdminTemplateMixin):
    """The admin header names the page (“Xác thực hai bước”), after “Trang chủ” in the breadcrumbs."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class TwoFactorSetupView(SecurityPageMixin, FormView):
    """Turn on two-factor sign-in: scan the QR code (or type the secret), then confirm with one code."""

    template_name = "accounts/security/two_factor_setup.html"
    form_class = TokenForm
    page_title = gettext_lazy("Thiết lập xác thực hai bước")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if has_confirmed_device(request.user):
            # Adding another device needs the existing one first: a stolen password must not enrol a new phone.
            if not request.user.is_verified():
                return redirect(f"{reverse(VERIFY_URL_NAME)}?{urlencode({'next': _safe_next(request, '')})}")
            # Moving to a new phone needs a recovery code used moments ago, not just a session: it may be stolen.
            if not may_replace_device(request):
                return redirect("accounts_security:status")
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
            replacing=has_confirmed_device(self.request.user),
            next=_safe_next(self.request, ""),
        )
        return context

    def form_valid(self, form):
        """Confirm the new authenticator, retire any older one and issue a new set of recovery codes, shown once."""
        device, error = token_error([self.get_device()], form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        replacing = has_confirmed_device(self.request.user)
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=self.request.user).exclude(pk=device.pk).delete()
            codes = issue_recovery_codes(self.request.user)
        otp_login(self.request, device)
        self.request.session.pop(RECOVERY_SIGN_IN_SESSION_KEY, None)
        if replacing:
            messages.success(
                self.request,
                _("Đã chuyển xác thực hai bước sang điện thoại mới; ứng dụng trên điện thoại cũ không còn dùng được."),
            )
        else:
            messages.success(self.request, _("Đã bật xác thực hai bước cho tài khoản của bạn."))
        return show_recovery_codes_once(self.request, codes, _safe_next(self.request, reverse("wagtailadmin_home")))


class TwoFactorVerifyView(SecurityPageMixin, FormView):
    """The second step of sign-in: a code from the user's authenticator app."""

    template_name = "accounts/security/two_factor_verify.html"
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


class TwoFactorRecoverView(TwoFactorVerifyView):
    """The second step of sign-in without the phone: one of the user's recovery codes, used up on the way in."""

    template_name = "accounts/security/two_factor_recover.html"
    form_class = RecoveryCodeForm
    page_title = gettext_lazy("Đăng nhập bằng mã khôi phục")

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            # Locked, so that one code cannot sign in two requests racing each other.
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
            device, error = token_error(
                devices, form.cleaned_data["code"], wrong=WRONG_RECOVERY_CODE, throttled=RECOVERY_THROTTLED
            )
        if error:
            form.add_error("code", error)
            return self.form_invalid(form)
        otp_login(self.request, device)
        self.request.session[RECOVERY_SIGN_IN_SESSION_KEY] = int(time.time())
        messages.warning(
            self.request,
            recovery_sign_in_message(device.token_set.count()),
            buttons=[messages.button(reverse(SETUP_URL_NAME), _("Thiết lập điện thoại mới"))],
        )
        return redirect(_safe_next(self.request, reverse("wagtailadmin_home")))


class TwoFactorRecoveryCodesView(SecurityPageMixin, TemplateView):
    """The recovery codes just generated, shown this once; afterwards only how many are left can be seen."""

    template_name = "accounts/security/two_factor_recovery_codes.html"
    page_title = gettext_lazy("Mã khôi phục")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = [display_recovery_code(code) for code in self.request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, [])]
        context.update(codes=codes, next=_safe_next(self.request, reverse("wagtailadmin_home")))
        if codes:
            lines = [
                _("Mã khôi phục đăng nhập hai bước của tài khoản “%(username)s” (%(issuer)s), tạo lúc %(created)s.")
                % {
                    "username": self.request.user.get_username(),
                    "issuer": ISSUER,
                    "created": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                },
                _("Mỗi mã chỉ dùng được một lần. Hãy cất giữ ở nơi an toàn."),
                "",
                *codes,
            ]
            context["download_href"] = "data:text/plain;charset=utf-8," + quote("\r\n".join(lines) + "\r\n")
        return context


def unfocused(form: TokenForm) -> TokenForm:
    """`form` without autofocus, for the second form on a page (only one field may take the focus)."""
    form.fields["token"].widget.attrs.pop("autofocus", None)
    return form


class TwoFactorStatusView(SecurityPageMixin, FormView):
    """Whether two-factor sign-in is on; turn it on, or off where it is optional (confirmed with a code)."""

    template_name = "accounts/security/two_factor_status.html"
    form_class = TokenForm
    page_title = gettext_lazy("Xác thực hai bước")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            enabled=has_confirmed_device(user),
            required=two_factor_required(user),
            disable_form=context["form"],
            regenerate_form=unfocused(TokenForm(prefix=RecoveryCodesRegenerateView.prefix)),
            recovery_codes_left=recovery_codes_left(user),
            recovery_codes_low=RECOVERY_CODES_LOW,
            may_replace_device=has_confirmed_device(user) and may_replace_device(self.request),
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
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
        messages.success(self.request, _("Đã tắt xác thực hai bước."))
        return redirect("accounts_security:status")


class RecoveryCodesRegenerateView(TwoFactorStatusView):
    """A new set of recovery codes in place of every old one, confirmed with a current code from the app."""

    prefix = "recovery"

    def get(self, request, *args, **kwargs):
        return redirect("accounts_security:status")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(disable_form=unfocused(TokenForm()), regenerate_form=context["form"])
        return context

    def form_valid(self, form):
        user = self.request.user
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        if not devices.exists():
            return redirect("accounts_security:status")
        _device, error = token_error(devices, form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        codes = issue_recovery_codes(user)
        messages.success(self.request, _("Đã tạo bộ mã khôi phục mới; các mã cũ không còn dùng được."))
        return show_recovery_codes_once(self.request, codes, reverse("accounts_security:status"))


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
                if is_admin_request(request):
                    messages.warning(
                        request,
                        _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)d phút. Hãy đăng nhập lại.")
                        % {"minutes": timeout // 60},
                    )
                    return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}")
            elif last is None or now - last >= self.RESOLUTION:
                request.session[IDLE_SESSION_KEY] = now
        return self.get_response(request)
