"""The public forms of the questions page: send a question, look up its status, filter the published answers."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaWidget

from sites.validators import validate_vietnamese_phone

from .models import Area, Question, Topic
from .submissions import normalise_code
from .text import strip_control
from .uploads import MAX_ATTACHMENT_SIZE, check_attachment

HONEYPOT_FIELD = "website"
ALTCHA_FIELD = "altcha"


def topic_labels(locale_id: int | None) -> list[tuple[int, str]]:
    """Topics as (Vietnamese row id, name in the page's language — the Vietnamese name where the topic has no
    translation), in the topics' order: one query."""
    rows = Topic.objects.filter(Q(locale__language_code=settings.LANGUAGE_CODE) | Q(locale_id=locale_id))
    rows = list(rows.values_list("pk", "translation_key", "name", "locale__language_code", "locale_id"))
    names = {key: name for _pk, key, name, _code, row_locale in rows if row_locale == locale_id}
    return [(pk, names.get(key, name)) for pk, key, name, code, _locale in rows if code == settings.LANGUAGE_CODE]


def topic_choices(locale_id: int | None, labels: list[tuple[int, str]] | None = None) -> list[tuple[str, str]]:
    """Topics as (Vietnamese row id, name in the page's language): a question always names the Vietnamese row.
    `labels`: `topic_labels(locale_id)` when the caller has read them."""
    return [(str(pk), name) for pk, name in (topic_labels(locale_id) if labels is None else labels)]


class AltchaStrings:
    """The widget's texts through gettext (ALTCHA's own are English)."""

    @staticmethod
    def as_json() -> str:
        return json.dumps(
            {
                "label": str(_("Tôi không phải là máy")),
                "verified": str(_("Đã xác minh")),
                "verifying": str(_("Đang xác minh…")),
                "waitAlert": str(_("Đang xác minh, vui lòng chờ trong giây lát.")),
                "error": str(_("Xác minh không thành công. Hãy thử lại.")),
                "expired": str(_("Hết hạn xác minh. Hãy thử lại.")),
                "verificationRequired": str(_("Hãy đánh dấu ô xác minh trước khi gửi.")),
                "ariaLinkLabel": str(_("Trang của ALTCHA")),
                "footer": "",
            },
            ensure_ascii=False,
        )


class ProofOfWorkWidget(AltchaWidget):
    """ALTCHA's widget, its challenge made here (no request to any server), its texts in the page's language, its
    stylesheet a static file (no inline style: the Content Security Policy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def get_context(self, name, value, attrs):
        self.options = {
            "auto": "onsubmit",
            "hidefooter": True,
            "hidelogo": True,
            "maxnumber": getattr(settings, "PARTICIPATION_ALTCHA_MAX_NUMBER", 200_000),
            "strings": AltchaStrings.as_json(),
        }
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        # ALTCHA's script injects an inline <style id="__altcha-css"> unless an element with that id is in the page;
        # the Content Security Policy of public pages refuses inline styles (static/css/altcha.css).
        stylesheet = format_html('<link rel="stylesheet" id="__altcha-css" href="{}">', static("css/altcha.css"))
        return stylesheet + super().render(name, value, attrs, renderer)


class QuestionForm(forms.Form):
    """Câu hỏi, phản ánh, kiến nghị: what the sender types; the anti-spam checks are the view's."""

    sender_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=32,
        required=False,
        help_text=_("Nhập số điện thoại hoặc thư điện tử (ít nhất một) để đơn vị liên hệ khi cần."),
    )
    sender_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Nếu có, mã tra cứu sẽ được gửi vào địa chỉ này."),
    )
    sender_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    area = forms.TypedChoiceField(
        label=_("Khu phố, ấp nơi xảy ra sự việc"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Khu phố, ấp đã chọn không thuộc đơn vị này.")},
    )
    topic = forms.TypedChoiceField(
        label=_("Lĩnh vực"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Hãy chọn một lĩnh vực trong danh sách."),
            "required": _("Hãy chọn lĩnh vực của câu hỏi."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Bạn muốn gửi"),
        choices=[choice for choice in Question.Kind.choices if choice[0] != Question.Kind.INFORMATION_REQUEST],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Hãy chọn câu hỏi, phản ánh hoặc kiến nghị.")},
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    content = forms.CharField(label=_("Nội dung"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=_("Một ảnh JPEG, PNG hoặc tệp PDF, tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để đơn vị xử lý dữ liệu cá nhân của tôi nêu trên nhằm tiếp nhận và trả lời câu hỏi, "
            "phản ánh, kiến nghị này."
        ),
        error_messages={"required": _("Cần đồng ý xử lý dữ liệu cá nhân thì đơn vị mới tiếp nhận được.")},
    )
    # Left empty by people (it is hidden from them); bots fill every field.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, unit, locale_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["topic"].choices = [("", _("— Chọn lĩnh vực —")), *topic_choices(locale_id)]
        areas = Area.objects.filter(unit=unit).order_by("sort_order", "name")
        self.fields["area"].choices = [("", _("— Không chọn —")), *((a.pk, a.name) for a in areas)]
        self.fields["kind"].initial = Question.Kind.QUESTION
        self.fields["sender_name"].widget.attrs.update(autocomplete="name")
        self.fields["sender_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["sender_email"].widget.attrs.update(autocomplete="email")
        self.fields["sender_address"].widget.attrs.update(autocomplete="street-address")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.altcha_widget_html = ProofOfWorkWidget().render(ALTCHA_FIELD, "")
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("content", "website"):
                field.widget.attrs.setdefault("class", "input")

    @property
    def visible_fields_but_honeypot(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def clean_sender_name(self) -> str:
        name = " ".join(strip_control(self.cleaned_data["sender_name"]).split())
        if not name:
            raise ValidationError(_("Hãy nhập họ và tên."), code="required")
        return name

    def clean_sender_phone(self) -> str:
        phone = " ".join(strip_control(self.cleaned_data["sender_phone"]).split())
        if phone:
            validate_vietnamese_phone(phone)
        return phone

    def clean_title(self) -> str:
        title = " ".join(strip_control(self.cleaned_data["title"]).split())
        if not title:
            raise ValidationError(_("Hãy nhập tiêu đề."), code="required")
        return title

    def clean_content(self) -> str:
        content = strip_control(self.cleaned_data["content"]).strip()
        if len(content) < 10:
            raise ValidationError(_("Nội dung quá ngắn: hãy trình bày rõ sự việc (ít nhất 10 ký tự)."), code="short")
        return content

    def clean_sender_address(self) -> str:
        return " ".join(strip_control(self.cleaned_data["sender_address"]).split())

    def clean_area(self) -> Area | None:
        pk = self.cleaned_data.get("area")
        if pk is None:
            return None
        area = Area.objects.filter(unit=self.unit, pk=pk).first()
        if area is None:  # the choices hold the unit's areas only; a hand-made id of another unit lands here too
            raise ValidationError(_("Khu phố, ấp đã chọn không thuộc đơn vị này."), code="invalid_choice")
        return area

    def clean_topic(self) -> Topic:
        vietnamese = Topic.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        topic = vietnamese.filter(pk=self.cleaned_data["topic"]).first()
        if topic is None:
            raise ValidationError(_("Hãy chọn một lĩnh vực trong danh sách."), code="invalid_choice")
        return topic

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_attachment(upload)
        return upload or None

    def clean(self):
        cleaned = super().clean()
        no_contact = not cleaned.get("sender_phone") and not cleaned.get("sender_email")
        if no_contact and not self.has_error("sender_phone") and not self.has_error("sender_email"):
            self.add_error(
                "sender_phone", _("Hãy nhập số điện thoại hoặc thư điện tử để đơn vị có thể liên hệ với bạn.")
            )
        return cleaned


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        help_text=_("Mã được cấp khi gửi câu hỏi, ví dụ HD-2026-7K3Q9M."),
        widget=forms.TextInput(attrs={"class": "input", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_ma(self) -> str:
        return normalise_code(self.cleaned_data["ma"])


class AnswerFilterForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa"), max_length=100, required=False)
    linh_vuc = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, locale_id: int | None, topics: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].choices = [("", _("Tất cả lĩnh vực")), *topic_choices(locale_id, topics)]
        self.fields["q"].widget.attrs.update({"class": "input", "type": "search"})


__all__ = ["MAX_ATTACHMENT_SIZE", "AnswerFilterForm", "LookupForm", "QuestionForm"]
