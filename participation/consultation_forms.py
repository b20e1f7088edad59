"""Forms of the draft consultations: the page form (dates in order), the public comment form and the board's
moderation form. Models name these forms, so this module imports no model of its own app."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.scoping import UnitOwnedForm, UnitPageForm

from .text import strip_control

COMMENT_MAX_LENGTH = 5000


class ConsultationPageForm(UnitPageForm):
    """A draft's comment period ends after it starts."""

    def clean(self):
        cleaned_data = super().clean()
        opens_at, closes_at = cleaned_data.get("opens_at"), cleaned_data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Thời điểm kết thúc lấy ý kiến phải sau thời điểm bắt đầu."))
        return cleaned_data


class CommentModerationForm(UnitOwnedForm):
    """The board approves or rejects a comment and writes how it was handled; who did it and when is recorded."""

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.has_changed():
            instance.moderated_by = self.for_user
            instance.moderated_at = timezone.now()
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class ConsultationCommentForm(forms.Form):
    """The public form on an open draft. `website` is a honeypot: people never see it, robots fill it."""

    content = forms.CharField(
        label=_("Nội dung góp ý"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Nêu rõ điều, khoản của dự thảo mà bạn góp ý nếu có."),
    )
    name = forms.CharField(
        label=_("Họ và tên"), max_length=120, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Cơ quan, tổ chức"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Không công khai; chỉ dùng để liên hệ về góp ý của bạn."),
    )
    phone = forms.RegexField(
        label=_("Điện thoại"),
        regex=r"^\+?[0-9 .()-]{8,20}$",
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Không công khai."),
        error_messages={"invalid": _("Số điện thoại chỉ gồm chữ số, từ 8 đến 20 ký tự.")},
    )
    show_name = forms.BooleanField(
        label=_("Công khai tên (và cơ quan, tổ chức) cùng góp ý"),
        required=False,
        help_text=_("Nếu không chọn, góp ý được hiển thị là “Ẩn danh”."),
    )
    consent = forms.BooleanField(
        label=_("Tôi đồng ý để cơ quan soạn thảo xử lý thông tin cá nhân đã cung cấp để tiếp nhận góp ý"),
        error_messages={"required": _("Cần đồng ý xử lý dữ liệu cá nhân để gửi góp ý.")},
    )
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_content(self):
        content = strip_control(self.cleaned_data["content"]).strip()
        if not content:
            raise forms.ValidationError(_("Nhập nội dung góp ý."))
        return content

    def clean(self):
        cleaned_data = super().clean()
        for name in ("name", "organisation", "phone"):
            if isinstance(cleaned_data.get(name), str):
                cleaned_data[name] = strip_control(cleaned_data[name]).strip()
        return cleaned_data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
