"""The disclosure page's views: the generated disclosure list with the focal point, the request form for information
not yet disclosed (Law on Access to Information 2016 — LATI — Art. 24), its acknowledgement and the printable request
form template of Decree 13/2018.

A request is a citizen's question of the kind `Question.Kind.INFORMATION_REQUEST`: received by
`participation.submissions.receive_question` (tracking code, first history step, the LATI deadline in working days),
guarded by the same honeypot, rate limits and proof of work, tracked on the unit's Q&A lookup (`tra-cuu/`) and
processed in the board's queue *Hỏi đáp – Phản ánh*. Nothing here shows or logs the requester's personal data.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.params import MAX_ID, text_param
from languages.helpers import in_locale
from participation.forms import ALTCHA_FIELD, ProofOfWorkWidget
from participation.models import Question
from participation.questions import lookup_url as absolute_lookup_url
from participation.screening import screen_submission
from participation.submissions import (
    INFORMATION_AT_HAND_WORKING_DAYS,
    INFORMATION_EXTENSION_DAYS,
    INFORMATION_REQUEST_WORKING_DAYS,
    Submission,
    receive_question,
)
from participation.text import strip_control
from sites.access import unit_for_page_on_request
from sites.models import Unit, UnitSection
from sites.validators import validate_vietnamese_phone

from .information import FORM_TEMPLATE_PATH, RECEIVED_PATH, REQUEST_PATH, DisclosurePage
from .information_list import disclosure_rows, own_items, section_pages

logger = logging.getLogger(__name__)

RECEIPT_SALT = "disclosure.information-request-received"
RECEIPT_MAX_AGE = 60 * 60
LOOKUP_PATH = "tra-cuu/"
COMMUNAL_KINDS = ("ward", "commune")
# Căn cước / định danh cá nhân: 9 or 12 digits; a passport number: a letter and 7–8 digits (or up to 12 characters).
# ASCII digits and letters only (after NFKC, which turns full-width digits into ASCII ones; other scripts' digits are
# refused rather than stored as look-alikes).
ID_NUMBER = re.compile(r"^([0-9]{9}|[0-9]{12}|[A-Z]{1,2}[0-9]{6,10})$", re.ASCII)


class InformationRequestForm(forms.Form):
    """Phiếu yêu cầu cung cấp thông tin: what LATI Art. 24(2) asks a request to state (name, residence, identity
    document number, contacts; the information wanted; the form of delivery; the reason and purpose)."""

    sender_name = forms.CharField(label=_("Họ và tên người yêu cầu"), max_length=120)
    requester_id_number = forms.CharField(
        label=_("Số định danh cá nhân, căn cước hoặc hộ chiếu"),
        max_length=20,
        help_text=_(
            "Luật Tiếp cận thông tin (Điều 24) yêu cầu ghi số giấy tờ này; đơn vị chỉ dùng để giải quyết yêu cầu."
        ),
    )
    sender_address = forms.CharField(label=_("Nơi cư trú, địa chỉ liên hệ"), max_length=255)
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=32,
        required=False,
        help_text=_("Nếu có, để đơn vị liên hệ khi cần."),
    )
    sender_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Bắt buộc nếu nhận thông tin qua thư điện tử; nếu có, mã tra cứu sẽ được gửi vào địa chỉ này."),
    )
    title = forms.CharField(
        label=_("Tên văn bản, hồ sơ, tài liệu cần cung cấp"),
        max_length=255,
        help_text=_("Ví dụ: Quyết định phê duyệt kế hoạch sử dụng đất năm 2026 của phường."),
    )
    content = forms.CharField(
        label=_("Mô tả thông tin cần cung cấp"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Số, ký hiệu, ngày ban hành, cơ quan ban hành (nếu biết) và phần thông tin bạn cần."),
    )
    request_purpose = forms.CharField(
        label=_("Lý do, mục đích yêu cầu"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    delivery = forms.ChoiceField(
        label=_("Hình thức nhận thông tin"),
        choices=Question.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn hình thức nhận thông tin."),
            "invalid_choice": _("Hãy chọn một hình thức nhận thông tin trong danh sách."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để đơn vị xử lý dữ liệu cá nhân của tôi nêu trên nhằm tiếp nhận và giải quyết yêu cầu "
            "cung cấp thông tin này."
        ),
        error_messages={"required": _("Cần đồng ý xử lý dữ liệu cá nhân thì đơn vị mới tiếp nhận được.")},
    )
    # Left empty by people (it is hidden from them); bots fill every field.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender_name"].widget.attrs.update(autocomplete="name")
        self.fields["requester_id_number"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["sender_address"].widget.attrs.update(autocomplete="street-address")
        self.fields["sender_phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["sender_email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.altcha_widget_html = ProofOfWorkWidget().render(ALTCHA_FIELD, "")
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("content", "request_purpose", "website"):
                field.widget.attrs.setdefault("class", "input")
        for name in ("sender_name", "requester_id_number", "sender_address", "title", "content", "request_purpose"):
            self.fields[name].error_messages["required"] = _("Hãy nhập “%(label)s”.") % {
                "label": self.fields[name].label
            }

    @staticmethod
    def _line(value: str) -> str:
        return " ".join(strip_control(value).split())

    def clean_sender_name(self) -> str:
        name = self._line(self.cleaned_data["sender_name"])
        if not name:
            raise ValidationError(_("Hãy nhập họ và tên."), code="required")
        return name

    def clean_requester_id_number(self) -> str:
        typed = unicodedata.normalize("NFKC", strip_control(self.cleaned_data["requester_id_number"]))
        number = "".join(typed.split()).upper()
        if not ID_NUMBER.match(number):
            raise ValidationError(
                _(
                    "Số giấy tờ không đúng: số căn cước gồm 12 chữ số (chứng minh nhân dân cũ 9 chữ số), số hộ chiếu "
                    "gồm chữ cái và chữ số."
                ),
                code="invalid",
            )
        return number

    def clean_sender_address(self) -> str:
        address = self._line(self.cleaned_data["sender_address"])
        if not address:
            raise ValidationError(_("Hãy nhập nơi cư trú, địa chỉ liên hệ."), code="required")
        return address

    def clean_sender_phone(self) -> str:
        phone = self._line(self.cleaned_data["sender_phone"])
        if phone:
            validate_vietnamese_phone(phone)
        return phone

    def clean_title(self) -> str:
        title = self._line(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Hãy nhập tên văn bản, hồ sơ, tài liệu cần cung cấp."), code="required")
        return title

    def clean_content(self) -> str:
        content = strip_control(self.cleaned_data["content"]).strip()
        if len(content) < 10:
            raise ValidationError(
                _("Mô tả quá ngắn: hãy nêu rõ thông tin cần cung cấp (ít nhất 10 ký tự)."), code="short"
            )
        return content

    def clean_request_purpose(self) -> str:
        purpose = strip_control(self.cleaned_data["request_purpose"]).strip()
        if not purpose:
            raise ValidationError(_("Hãy nêu lý do, mục đích yêu cầu."), code="required")
        return purpose

    def clean(self):
        cleaned = super().clean()
        # LATI Art. 24(2)(a): phone and e-mail "if any". The address (required) serves delivery by post and at the
        # office; an e-mail address is needed only to deliver by e-mail.
        wants_mail = cleaned.get("delivery") == Question.Delivery.EMAIL
        if wants_mail and not cleaned.get("sender_email") and not self.has_error("sender_email"):
            self.add_error("sender_email", _("Hãy nhập thư điện tử để nhận thông tin qua thư điện tử."))
        return cleaned


# --- helpers -------------------------------------------------------------------------------------------------------


def _unit(page: DisclosurePage, request=None) -> Unit:
    unit = unit_for_page_on_request(request, page)
    if unit is None:
        raise Http404
    return unit


def _private(response):
    """Forms and receipts are per visitor: never stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def qa_lookup_url(unit: Unit, page: DisclosurePage, request, sections: dict[str, Page] | None = None) -> str | None:
    """The status lookup of the unit's Q&A section, where requests are tracked (in the page's language).
    `sections`: the unit's `section_pages` in the page's language, when the caller has read them (no query)."""
    if sections is not None:
        qa_page = sections.get("qa")
        if qa_page is None or not qa_page.live:
            return None
        url = qa_page.get_url(request)
        return f"{url}{LOOKUP_PATH}" if url else None
    section = UnitSection.objects.filter(unit=unit, key="qa").select_related("page").first()
    if section is None or not section.page.live:
        return None
    qa_page = section.page
    if qa_page.locale_id != page.locale_id:
        qa_page = qa_page.get_translation_or_none(page.locale) or qa_page
    url = qa_page.get_url(request)
    return f"{url}{LOOKUP_PATH}" if url else None


def focal_point_in_locale(page: DisclosurePage):
    """The focal point as the page's language shows them (their translation where there is one)."""
    official = page.focal_point
    if official is None:
        return None
    if official.locale_id == page.locale_id:
        return official
    rows = in_locale(type(official).objects.filter(translation_key=official.translation_key), page.locale_id)
    return rows.first() or official


def deadline_facts() -> dict:
    return {
        "request_days": INFORMATION_REQUEST_WORKING_DAYS,
        "at_hand_days": INFORMATION_AT_HAND_WORKING_DAYS,
        "extension_days": INFORMATION_EXTENSION_DAYS,
    }


# --- views ---------------------------------------------------------------------------------------------------------


def disclosure_view(request, page: DisclosurePage):
    unit = _unit(page, request)
    in_english = page.locale.language_code != "vi"
    context = page.get_context(request)
    base = page.get_url(request)
    sections = section_pages(unit, page.locale_id)
    context.update(
        rows=disclosure_rows(unit, page.locale_id, request, in_english=in_english, every_page=sections),
        own_groups=own_items(page, expect_every_kind=unit.kind in COMMUNAL_KINDS, request=request),
        focal_point=focal_point_in_locale(page),
        request_url=f"{base}{REQUEST_PATH}",
        form_template_url=f"{base}{FORM_TEMPLATE_PATH}",
        lookup_url=qa_lookup_url(unit, page, request, sections),
        **deadline_facts(),
    )
    return TemplateResponse(request, page.get_template(request), context)


def _render_form(request, page: DisclosurePage, form, status: int = 200):
    unit = _unit(page, request)
    context = page.get_context(request)
    context.update(
        form=form,
        page_url=page.get_url(request),
        form_template_url=f"{page.get_url(request)}{FORM_TEMPLATE_PATH}",
        lookup_url=qa_lookup_url(unit, page, request),
        focal_point=focal_point_in_locale(page),
        **deadline_facts(),
    )
    return _private(TemplateResponse(request, "disclosure/information_request_form.html", context, status=status))


def _refusal(request, page, form, message: str, status: int):
    form.add_error(None, message)
    return _render_form(request, page, form, status=status)


def request_view(request, page: DisclosurePage):
    unit = _unit(page, request)
    if request.method != "POST":
        return _render_form(request, page, InformationRequestForm())
    form = InformationRequestForm(request.POST)
    screening = screen_submission(
        request,
        form,
        _(
            "Bạn đã gửi nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau một giờ, hoặc gửi phiếu yêu cầu "
            "trực tiếp tại nơi tiếp nhận của đơn vị."
        ),
    )
    if screening.refusal:
        return _refusal(request, page, form, *screening.refusal)
    if screening.invalid:
        return _render_form(request, page, form)
    data = form.cleaned_data
    question = receive_question(
        Submission(
            unit=unit,
            kind=Question.Kind.INFORMATION_REQUEST,
            topic=None,
            area=None,
            title=data["title"],
            content=data["content"],
            sender_name=data["sender_name"],
            sender_phone=data["sender_phone"],
            sender_email=data["sender_email"],
            sender_address=data["sender_address"],
            language=get_language() or "vi",
            verification=screening.verification,
            requester_id_number=data["requester_id_number"],
            request_purpose=data["request_purpose"],
            delivery=data["delivery"],
        )
    )
    if question.sender_email:
        transaction.on_commit(lambda: mail_request_received(question.pk))
    token = signing.dumps(question.pk, salt=RECEIPT_SALT)
    return HttpResponseRedirect(f"{page.get_url(request)}{RECEIVED_PATH}?t={token}")


def received_view(request, page: DisclosurePage):
    """The acknowledgement, reached through a short-lived signed token (never the tracking code in the address)."""
    unit = _unit(page, request)
    question = None
    token = text_param(request.GET.get("t"), 200)
    if token:
        try:
            pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        except signing.BadSignature:
            pk = None
        if isinstance(pk, int) and 0 < pk <= MAX_ID:
            question = Question.objects.filter(unit=unit, pk=pk, kind=Question.Kind.INFORMATION_REQUEST).first()
    context = page.get_context(request)
    context.update(
        question=question,
        page_url=page.get_url(request),
        request_url=f"{page.get_url(request)}{REQUEST_PATH}",
        lookup_url=qa_lookup_url(unit, page, request),
        **deadline_facts(),
    )
    response = TemplateResponse(request, "disclosure/information_request_received.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return _private(response)


def form_template_view(request, page: DisclosurePage):
    """The request form template of Decree 13/2018 to print and fill in by hand, addressed to the unit."""
    unit = _unit(page, request)
    context = page.get_context(request)
    context.update(
        page_url=page.get_url(request),
        request_url=f"{page.get_url(request)}{REQUEST_PATH}",
        delivery_choices=Question.Delivery.choices,
        recipient=unit.localized_name,
    )
    return TemplateResponse(request, "disclosure/information_request_template.html", context)


# --- mail ----------------------------------------------------------------------------------------------------------


def mail_request_received(question_pk: int) -> None:
    """The requester's tracking code and deadline, with the lookup link on the unit's own address; a mail failure is
    logged without personal data and never loses the request."""
    question = Question.objects.select_related("unit", "unit__site").get(pk=question_pk)
    context = {"question": question, "unit": question.unit, "lookup_url": absolute_lookup_url(question)}
    context.update(deadline_facts())
    subject = " ".join(render_to_string("disclosure/mail/request_received_subject.txt", context).split())
    body = render_to_string("disclosure/mail/request_received.txt", context)
    try:
        send_mail(subject, body, None, [question.sender_email])
    except Exception:
        logger.warning("Could not mail the tracking code of information request %s", question.pk)
