"""The board's forms: the queue's filters and one small form per processing step.

Every choice is narrowed to the question's unit (sub-units, officials, areas) or to the units below it (forward);
an id of another unit is refused with a Vietnamese message, and the service (`participation/questions.py`) checks
it again.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .models import Area, Question, Topic
from .questions import NOT_CHECKED, OPEN_STATUSES, forward_targets, overdue_condition

OPEN = "open"  # the queue's “not yet answered” filter: received or being processed
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> dt.date | None:
    """`2026-03` → 1 March 2026; None for anything else."""
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})

    def clean(self, value):
        value = super().clean(value)
        if value and parse_month(value) is None:
            raise ValidationError(_("Nhập tháng theo dạng năm-tháng, ví dụ 2026-03."))
        return value


def vietnamese_topics():
    return Topic.objects.filter(locale=Locale.get_default())


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), (OPEN, _("Chưa trả lời (đang chờ xử lý)")), *Question.Status.choices],
    )
    topic = forms.ModelChoiceField(
        label=_("Lĩnh vực"), required=False, queryset=Topic.objects.none(), empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *Question.Kind.choices])
    area = forms.ModelChoiceField(
        label=_("Khu phố, ấp"), required=False, queryset=Area.objects.none(), empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), required=False, queryset=None, empty_label=_("Tất cả đơn vị"))
    month = MonthField(label=_("Tháng nhận"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ câu hỏi quá hạn"), required=False)

    def __init__(self, data, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["topic"].queryset = vietnamese_topics()
        self.fields["area"].queryset = Area.objects.filter(unit__in=units).select_related("unit")
        self.fields["unit"].queryset = units.order_by("name")
        if len(self.fields["unit"].queryset) < 2:
            del self.fields["unit"]
        else:
            self.fields["area"].label_from_instance = lambda area: f"{area.name} ({area.unit.name})"

    def filter(self, questions):
        """`questions` narrowed by the fields that are valid (an invalid one is shown with its error, not applied)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            term = data["q"].strip()
            questions = questions.filter(
                Q(tracking_code__icontains=term)
                | Q(title__icontains=term)
                | Q(content__icontains=term)
                | Q(sender_name__icontains=term)
            )
        if data.get("status") == OPEN:
            questions = questions.filter(status__in=OPEN_STATUSES)
        elif data.get("status"):
            questions = questions.filter(status=data["status"])
        if data.get("topic"):
            questions = questions.filter(topic=data["topic"])
        if data.get("kind"):
            questions = questions.filter(kind=data["kind"])
        if data.get("area"):
            questions = questions.filter(area=data["area"])
        if data.get("unit"):
            questions = questions.filter(unit=data["unit"])
        if data.get("month"):
            first = parse_month(data["month"])
            questions = questions.filter(received_at__date__gte=first, received_at__date__lt=next_month(first))
        if data.get("overdue"):
            questions = questions.filter(overdue_condition())
        return questions


def _unit_choice(model_label: str, unit_id: int, invalid: str, current_only: bool = False) -> forms.ModelChoiceField:
    model = apps.get_model(model_label)
    rows = model._default_manager.filter(unit_id=unit_id, locale=Locale.get_default())
    if current_only:
        rows = rows.current()
    return forms.ModelChoiceField(
        queryset=rows, required=False, empty_label=_("— Chưa chọn —"), error_messages={"invalid_choice": invalid}
    )


class AssignForm(forms.Form):
    prefix = "giao"

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subunit"] = _unit_choice(
            "organization.SubUnit", question.unit_id, _("Bộ phận được chọn không thuộc đơn vị của câu hỏi.")
        )
        self.fields["subunit"].label = _("Bộ phận xử lý")
        self.fields["official"] = _unit_choice(
            "organization.Official",
            question.unit_id,
            _("Cán bộ được chọn không thuộc đơn vị của câu hỏi."),
            current_only=True,
        )
        self.fields["official"].label = _("Cán bộ xử lý")
        self.fields["official"].label_from_instance = lambda official: f"{official.name} – {official.position}"
        self.fields["note"] = forms.CharField(
            label=_("Lời nhắn kèm theo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        self.initial.setdefault("subunit", question.assigned_subunit_id)
        self.initial.setdefault("official", question.assigned_official_id)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("subunit") and not data.get("official"):
            raise ValidationError(_("Chọn bộ phận hoặc cán bộ xử lý."))
        return data


class NoteForm(forms.Form):
    prefix = "ghichu"
    text = forms.CharField(label=_("Ghi chú nội bộ"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)


PUBLIC_HELP = _("Nội dung hiện trên cổng: bỏ họ tên, số nhà, số điện thoại, số giấy tờ và mọi dữ liệu cá nhân khác.")


class AnswerForm(forms.Form):
    prefix = "traloi"
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    public_title = forms.CharField(
        label=_("Tiêu đề công bố"),
        max_length=255,
        help_text=PUBLIC_HELP,
        error_messages={"required": _("Nhập tiêu đề công bố.")},
    )
    public_content = forms.CharField(
        label=_("Nội dung câu hỏi công bố"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=PUBLIC_HELP,
        error_messages={"required": _("Nhập nội dung câu hỏi công bố.")},
    )

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answer", question.answer)
        # Pre-filled from the citizen's text: the board takes the personal data out before publishing.
        self.initial.setdefault("public_title", question.public_title or question.title)
        self.initial.setdefault("public_content", question.public_content or question.content)
        if question.is_information_request:
            # Answered to the requester alone, never published: nothing public to write.
            del self.fields["public_title"]
            del self.fields["public_content"]


class PublishForm(forms.Form):
    prefix = "congbo"
    checked = forms.BooleanField(
        label=_("Tôi đã kiểm tra, nội dung công bố không chứa dữ liệu cá nhân"),
        error_messages={"required": NOT_CHECKED},
    )

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    prefix = "tuchoi"
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Nhập lý do không tiếp nhận.")},
    )

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)


class ForwardForm(forms.Form):
    prefix = "chuyen"

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ModelChoiceField(
            label=_("Chuyển đến đơn vị"),
            queryset=forward_targets(question),
            empty_label=_("— Chọn đơn vị —"),
            error_messages={
                "invalid_choice": _("Chỉ chuyển được đến đơn vị trực thuộc đơn vị đã nhận câu hỏi."),
                "required": _("Chọn đơn vị nhận."),
            },
        )
        self.fields["note"] = forms.CharField(
            label=_("Lời nhắn cho đơn vị nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


class ReportFilterForm(forms.Form):
    start = MonthField(label=_("Từ tháng"), required=False)
    end = MonthField(label=_("Đến tháng"), required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), required=False, queryset=None, empty_label=_("Tất cả đơn vị"))

    def __init__(self, data, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")
        if len(self.fields["unit"].queryset) < 2:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        start, end = parse_month(data.get("start") or ""), parse_month(data.get("end") or "")
        if start and end and end < start:
            self.add_error("end", _("Tháng kết thúc phải sau tháng bắt đầu."))
        return data

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """(first day, day after the last) of the valid period; None where open."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        start = parse_month(data.get("start") or "")
        end = parse_month(data.get("end") or "") if "end" not in self.errors else None
        return start, (next_month(end) if end else None)

    def chosen_unit(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("unit")
