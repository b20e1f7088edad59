"""Invitations by e-mail: how a unit's new account gets its password.

The administrator gives a name, an e-mail address and the unit's roles; the account is created without a usable
password and its owner receives, in Vietnamese, a link on the unit's own hostname. The link sets the password once,
within `INVITATION_DAYS` days; sending the invitation again replaces the earlier link. Then the person signs in as
everyone does (two-step sign-in included, for the roles that require it: accounts/security.py).
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from smtplib import SMTPException

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.log_actions import log

from sites.models import Unit, UnitRole
from sites.provisioning import ProvisioningError

from .models import Invitation, InvitationState, token_digest

User = get_user_model()

INVITATION_DAYS = 7
# A second e-mail to the same person only after this pause; a unit sends at most this many invitations an hour.
RESEND_INTERVAL = timedelta(minutes=5)
UNIT_INVITATIONS_PER_HOUR = 20


class InvitationError(Exception):
    """An invitation that cannot be sent; `message` is ready to show to the administrator."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def invitation_url(unit: Unit, token: str) -> str:
    """The link of an invitation, on the unit's own hostname."""
    return unit.root_url + reverse("accounts_invitation:accept", args=[token])


def email_taken_message(email: str, unit: Unit) -> str | None:
    """Why `email` cannot receive a new account (None: it can). Another unit's account is not named."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        return None
    if existing.groups.filter(unit_role__unit=unit).exists():
        if not existing.has_usable_password():
            return _(
                "%(email)s đã được mời vào %(unit)s (tài khoản %(username)s) và chưa kích hoạt: dùng “Gửi lại lời "
                "mời” trong danh sách tài khoản."
            ) % {"email": email, "unit": unit.name, "username": existing.username}
        return _("%(email)s đã là thư điện tử của tài khoản %(username)s trong %(unit)s.") % {
            "email": email,
            "username": existing.username,
            "unit": unit.name,
        }
    return _(
        "%(email)s đã được dùng cho một tài khoản khác. Mỗi người chỉ có một tài khoản: nếu người này làm việc "
        "ở nhiều đơn vị, hãy đề nghị quản trị hệ thống thêm vai trò cho tài khoản đó."
    ) % {"email": email}


def username_for(email: str) -> str:
    """A free username from the address's local part: lethib@ninhson.gov.vn → “lethib” (then “lethib2” …)."""
    base = re.sub(r"[^a-z0-9._-]+", "-", email.split("@", 1)[0].lower()).strip(".-_") or "canbo"
    base = base[: User._meta.get_field("username").max_length - 4]
    taken = set(User.objects.filter(username__istartswith=base).values_list("username", flat=True))
    taken = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def check_unit_rate(unit: Unit) -> None:
    since = timezone.now() - timedelta(hours=1)
    if Invitation.objects.filter(unit=unit, sent_at__gte=since).count() >= UNIT_INVITATIONS_PER_HOUR:
        raise InvitationError(
            _(
                "%(unit)s đã gửi %(count)s lời mời trong một giờ qua, mức tối đa cho phép. Vui lòng gửi tiếp sau ít "
                "phút."
            )
            % {"unit": unit.name, "count": UNIT_INVITATIONS_PER_HOUR}
        )


def _send(invitation: Invitation, token: str) -> None:
    unit = invitation.unit
    held = set(unit.role_groups.filter(group__user=invitation.user).values_list("role", flat=True))
    roles = [label for role, label in UnitRole.choices if role in held]
    with translation.override("vi"):
        context = {
            "user": invitation.user,
            "unit": unit,
            "roles": ", ".join(str(label) for label in roles),
            "url": invitation_url(unit, token),
            "expires_at": timezone.localtime(invitation.expires_at),
            "invited_by": invitation.invited_by,
            "login_url": unit.root_url + reverse("wagtailadmin_login"),
        }
        subject = _("Mời kích hoạt tài khoản quản trị Cổng thông tin điện tử %(unit)s") % {"unit": unit.name}
        body = render_to_string("accounts/invitation/email.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.user.email])
    except (SMTPException, OSError) as error:
        raise InvitationError(
            _("Không gửi được thư mời tới %(email)s (%(error)s); chưa có gì được lưu. Vui lòng thử lại sau.")
            % {"email": invitation.user.email, "error": error.__class__.__name__}
        ) from error


def _issue(user, unit: Unit, invited_by) -> Invitation:
    """A new link for `user` (replacing any earlier one), e-mailed to them."""
    now = timezone.now()
    Invitation.objects.filter(user=user, accepted_at=None, replaced_at=None).update(replaced_at=now)
    # The earlier links also stop because the account's (unusable) password changes: Django's reset links die too.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        unit=unit,
        invited_by=invited_by,
        token_hash=token_digest(token),
        sent_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    log(instance=user, action="accounts.invite", user=invited_by, data={"unit": unit.pk, "email": user.email})
    _send(invitation, token)
    return invitation


def invite(*, unit: Unit, first_name: str, last_name: str, email: str, roles: list[str], invited_by):
    """Create an account with `roles` in `unit` and no usable password, and e-mail its owner the link that sets
    one. All or nothing: a refused address, the hourly limit or a mail that cannot be sent raises
    `InvitationError` and nothing is saved."""
    email = email.strip().lower()
    problem = email_taken_message(email, unit)
    if problem:
        raise InvitationError(problem)
    check_unit_rate(unit)
    with transaction.atomic():
        user = User(username=username_for(email), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        groups = {ug.role: ug.group for ug in unit.role_groups.select_related("group")}
        user.groups.add(*[groups[role] for role in roles])
        _issue(user, unit, invited_by)
    return user


def invite_first_administrator(sender, unit: Unit, first_name, last_name, email, invited_by, **kwargs):
    """The new unit's first *Quản trị đơn vị*, invited in the transaction that creates the unit
    (`sites.signals.first_administrator_named`)."""
    try:
        return invite(
            unit=unit,
            first_name=first_name,
            last_name=last_name,
            email=email,
            roles=[UnitRole.ADMIN],
            invited_by=invited_by,
        )
    except InvitationError as error:
        raise ProvisioningError([("first_admin_email", error.message)]) from error


def resend(user, unit: Unit, invited_by) -> Invitation:
    """A new invitation link for an account of `unit` that has not set its password yet."""
    if user.has_usable_password():
        raise InvitationError(
            _("Tài khoản %(username)s đã đặt mật khẩu; không cần gửi lời mời nữa.") % {"username": user.username}
        )
    last = Invitation.objects.filter(user=user).order_by("-sent_at").first()
    if last is not None and last.sent_at > timezone.now() - RESEND_INTERVAL:
        raise InvitationError(
            _("Lời mời tới %(email)s vừa được gửi lúc %(time)s. Có thể gửi lại sau %(minutes)s phút.")
            % {
                "email": user.email,
                "time": timezone.localtime(last.sent_at).strftime("%H:%M"),
                "minutes": int(RESEND_INTERVAL.total_seconds() // 60),
            }
        )
    check_unit_rate(unit)
    with transaction.atomic():
        return _issue(user, unit, invited_by)


# --- The invited person's page -------------------------------------------------------------------------------


class InvitationPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
        error_messages={"required": gettext_lazy("Chưa nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Chưa nhập lại mật khẩu.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai mật khẩu không giống nhau."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def refusal_message(invitation: Invitation | None) -> str:
    """Why a link no longer works, and what to do."""
    if invitation is None or not invitation.user.is_active:
        return _(
            "Liên kết kích hoạt không hợp lệ. Hãy mở đúng liên kết trong thư mời, hoặc đề nghị quản trị đơn vị gửi "
            "lại lời mời."
        )
    state = invitation.state
    if state == InvitationState.ACCEPTED or invitation.user.has_usable_password():
        return _("Liên kết này đã được dùng để đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập và mật khẩu đã đặt.")
    if state == InvitationState.REPLACED:
        return _("Liên kết này đã được thay bằng một lời mời gửi sau. Hãy mở liên kết trong thư mời mới nhất.")
    return _(
        "Liên kết đã hết hạn: lời mời có hiệu lực %(days)s ngày, đến %(date)s. Hãy đề nghị quản trị đơn vị gửi lại "
        "lời mời."
    ) % {"days": INVITATION_DAYS, "date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M")}


@method_decorator([never_cache, sensitive_post_parameters("password1", "password2")], name="dispatch")
class InvitationAcceptView(FormView):
    """Sets the password of an invited account, once, while the link is valid; then on to sign in."""

    template_name = "accounts/invitation/accept.html"
    form_class = InvitationPasswordForm

    @cached_property
    def invitation(self) -> Invitation | None:
        return (
            Invitation.objects.select_related("user", "unit", "unit__site")
            .filter(token_hash=token_digest(self.kwargs["token"]))
            .first()
        )

    def usable(self) -> bool:
        invitation = self.invitation
        return (
            invitation is not None
            and invitation.state == InvitationState.PENDING
            and invitation.user.is_active
            and not invitation.user.has_usable_password()
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.usable():
            status = 404 if self.invitation is None else 410
            return render(
                request,
                "accounts/invitation/refused.html",
                {"message": refusal_message(self.invitation), "login_url": reverse("wagtailadmin_login")},
                status=status,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.invitation.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation": self.invitation}

    def form_valid(self, form):
        invitation = self.invitation
        user = invitation.user
        with transaction.atomic():
            user.set_password(form.cleaned_data["password1"])
            user.save(update_fields=["password"])
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
            log(instance=user, action="accounts.invitation_accepted", user=user, data={"unit": invitation.unit_id})
        messages.success(
            self.request,
            _("Đã đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập %(username)s và mật khẩu vừa đặt.")
            % {"username": user.username},
        )
        return redirect(reverse("wagtailadmin_login") + "?next=" + reverse("wagtailadmin_home"))
