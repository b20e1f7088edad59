"""Forms of the registry: citizen search and verification, and the content check of every document upload."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .models import ValidityStatus
from .validators import MAX_ATTACHMENT_SIZE, inspect_file

SORT_CHOICES = [
    ("", _("Mặc định")),
    ("relevance", _("Phù hợp nhất")),
    ("newest", _("Ngày ban hành mới nhất")),
    ("oldest", _("Ngày ban hành cũ nhất")),
]


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document upload form, refusing a file whose content is not what its extension says.

    Set as WAGTAILDOCS_DOCUMENT_FORM_BASE, so the document library, the chooser's upload tab and multiple upload
    all check content and size before anything is stored.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file on an edit
            allowed = tuple(getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or ("pdf",))
            limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or MAX_ATTACHMENT_SIZE
            inspect_file(upload, upload.name, allowed, max_size=limit)
        return upload


class RegistrySearchForm(forms.Form):
    """The registry's search box and facets (GET: every result has a shareable URL; works without JavaScript)."""

    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=200,
        help_text=_("Số ký hiệu, trích yếu, cơ quan ban hành… Gõ có dấu hoặc không dấu đều được."),
    )
    type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    sector = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"), required=False)
    year = forms.ChoiceField(label=_("Năm ban hành"), required=False)
    status = forms.ChoiceField(label=_("Hiệu lực"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, facet_choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for key, choices in facet_choices.items():
            self.fields[key].choices = [("", _("Tất cả")), *choices]
        for key in ("type", "sector", "issuer", "year", "status", "unit"):
            if key not in facet_choices:
                del self.fields[key]


def status_choices(counts: dict[str, int]) -> list[tuple[str, str]]:
    return [(value, f"{label} ({counts.get(value, 0)})") for value, label in ValidityStatus.choices]


class VerificationForm(forms.Form):
    """“Tra cứu, xác minh văn bản”: a number/symbol and, optionally, the issue date."""

    so = forms.CharField(
        label=_("Số, ký hiệu văn bản"),
        max_length=100,
        help_text=_("Ví dụ: 45/KH-UBND (có dấu hoặc không dấu, chữ hoa hoặc thường)."),
        error_messages={"required": _("Hãy nhập số, ký hiệu của văn bản cần xác minh.")},
    )
    ngay = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Không bắt buộc."),
        error_messages={"invalid": _("Ngày ban hành không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 15/01/2026.")},
    )

    def clean_so(self):
        value = " ".join(self.cleaned_data["so"].split())
        if not value:
            raise ValidationError(_("Hãy nhập số, ký hiệu của văn bản cần xác minh."))
        return value
