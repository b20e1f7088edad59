"""Invitations: a new account gets no password from anyone; its owner sets one through a link sent by e-mail."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, so the table alone opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Đã mời, chưa kích hoạt")
    EXPIRED = "expired", _("Lời mời đã hết hạn")
    REPLACED = "replaced", _("Đã có lời mời mới hơn")
    ACCEPTED = "accepted", _("Đã kích hoạt")


class Invitation(models.Model):
    """One invitation e-mail: its link sets the account's password once, until `expires_at`; sending another
    invitation to the same account replaces it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="invitations"
    )
    unit = models.ForeignKey("sites.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    accepted_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời tạo tài khoản")
        verbose_name_plural = _("lời mời tạo tài khoản")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["unit", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.replaced_at is not None:
            return InvitationState.REPLACED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    @property
    def state_label(self) -> str:
        return InvitationState(self.state).label
