"""The board's queue of citizens' questions (*Hỏi đáp – Phản ánh*): listing, exports, a question's page with its
history and processing steps, and its attachment.

Rows come from `participation.access.visible_questions` (the user's units; every unit for the oversight office,
read only); a question of another unit is not found (404). Each step is its own POST route, refused (403) to whoever
may only read the question, and runs through `participation/questions.py`.
"""

from __future__ import annotations

import mimetypes

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from workdays.calendar import today as local_today
from workdays.calendar import working_days_from

from . import questions as service
from .access import processing_units, reading_units, visible_questions
from .admin_forms import AnswerForm, AssignForm, ForwardForm, NoteForm, PublishForm, QueueFilterForm, RejectForm
from .exports import csv_response, xlsx_response
from .models import Question
from .storage import private_storage

QUEUE_TITLE = gettext_lazy("Hỏi đáp – Phản ánh")
QUEUE_BREADCRUMB = {"url": reverse_lazy("participation_questions:index"), "label": QUEUE_TITLE}
PER_PAGE = 50


class QuestionReaderMixin:
    """Only those who read some unit's questions reach these views (writers do not)."""

    def dispatch(self, request, *args, **kwargs):
        if not reading_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def listed_questions(user):
    return visible_questions(user).select_related(
        "unit", "topic", "area", "assigned_subunit", "assigned_official", "forwarded_from"
    )


def filtered_queue(request) -> tuple[QueueFilterForm, object]:
    units = reading_units(request.user)
    form = QueueFilterForm(request.GET or None, units=units)
    rows = listed_questions(request.user)
    if request.GET:
        rows = form.filter(rows)
    return form, rows


def mark_deadlines(rows: list[Question]) -> list[Question]:
    """Give each row `overdue` and `working_days_left` (open rows only), reading the calendar once."""
    today = local_today()
    open_rows = [row for row in rows if row.status in service.OPEN_STATUSES]
    left = working_days_from(today, [row.deadline for row in open_rows])
    for row in rows:
        row.overdue = service.is_overdue(row, today)
        row.working_days_left = left.get(row.deadline) if row.status in service.OPEN_STATUSES else None
        row.working_days_late = -row.working_days_left if row.overdue and row.working_days_left is not None else 0
    return rows


class QueueView(QuestionReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "participation/admin/queue.html"
    page_title = QUEUE_TITLE
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, rows = filtered_queue(self.request)
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page_obj=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            rows=mark_deadlines(list(page.object_list)),
            query=query.urlencode(),
            show_unit="unit" in form.fields,
            overdue_total=rows.filter(service.overdue_condition()).count(),
            read_only=not processing_units(self.request.user).exists(),
        )
        return context


# --- Exports ---------------------------------------------------------------------------------------------------


def export_columns(with_personal_data: bool, personal_units: frozenset[int] = frozenset()) -> list[tuple[str, object]]:
    """The export's columns. With personal data, the sender's columns are filled only on rows of the units in
    `personal_units` (those the user processes); other rows leave them empty."""

    def personal(value):
        return lambda q: value(q) if q.unit_id in personal_units else ""

    columns = [
        (_("Mã tra cứu"), lambda q: q.tracking_code),
        (_("Đơn vị"), lambda q: q.unit.name),
        (_("Loại"), lambda q: q.get_kind_display()),
        (_("Lĩnh vực"), lambda q: q.topic.name if q.topic else ""),
        (_("Khu phố, ấp"), lambda q: q.area.name if q.area else ""),
        (_("Tiêu đề"), lambda q: q.title),
        (_("Nội dung"), lambda q: q.content),
    ]
    if with_personal_data:
        columns += [
            (_("Họ và tên người gửi"), personal(lambda q: q.sender_name)),
            (_("Điện thoại"), personal(lambda q: q.sender_phone)),
            (_("Thư điện tử"), personal(lambda q: q.sender_email)),
            (_("Địa chỉ"), personal(lambda q: q.sender_address)),
            (_("Số định danh cá nhân, căn cước hoặc hộ chiếu"), personal(lambda q: q.requester_id_number)),
            # The requester's reason and purpose says about them what their name does: personal data too.
            (_("Lý do, mục đích yêu cầu"), personal(lambda q: q.request_purpose)),
        ]
    columns += [
        (_("Hình thức nhận thông tin"), lambda q: q.get_delivery_display()),
    ]
    columns += [
        (_("Ngày nhận"), lambda q: q.received_at),
        (_("Hạn trả lời"), lambda q: q.deadline),
        (_("Số ngày làm việc còn lại"), lambda q: q.working_days_left),
        (_("Quá hạn"), lambda q: _("Có") if q.overdue else ""),
        (_("Trạng thái"), lambda q: q.get_status_display()),
        (_("Bộ phận xử lý"), lambda q: str(q.assigned_subunit or "")),
        (_("Cán bộ xử lý"), lambda q: q.assigned_official.name if q.assigned_official else ""),
        (_("Nội dung trả lời"), lambda q: q.answer),
        (_("Ngày trả lời"), lambda q: q.answered_at),
        (_("Ngày công bố"), lambda q: q.published_at),
        (_("Lý do không tiếp nhận"), lambda q: q.rejection_reason),
        (_("Chuyển từ"), lambda q: q.forwarded_from.tracking_code if q.forwarded_from else ""),
    ]
    return columns


class QueueExportView(QuestionReaderMixin, View):
    """The filtered queue as a file. Only the rows of the units the user processes carry the sender's personal data
    (it is their data), decided row by row: an oversight officer who also sits on a ward's board gets that ward's
    senders, never the other units'; the oversight office alone gets no personal column at all."""

    file_format = "csv"

    def get(self, request):
        _form, rows = filtered_queue(request)
        rows = mark_deadlines(list(rows))
        personal_units = frozenset(processing_units(request.user).values_list("pk", flat=True))
        columns = export_columns(bool(personal_units), personal_units)
        headers = [title for title, _value in columns]
        data = [[value(row) for _title, value in columns] for row in rows]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if self.file_format == "xlsx":
            return xlsx_response(f"hoi-dap-{stamp}.xlsx", [(_("Hỏi đáp – Phản ánh"), headers, data)])
        return csv_response(f"hoi-dap-{stamp}.csv", headers, data)


# --- A question ------------------------------------------------------------------------------------------------

# In the order the question's page offers them.
ACTION_FORMS = {
    "assign": AssignForm,
    "answer": AnswerForm,
    "publish": PublishForm,
    "note": NoteForm,
    "forward": ForwardForm,
    "reject": RejectForm,
}


def available_actions(question: Question) -> set[str]:
    """The steps that make sense from the question's status (the service refuses the others anyway)."""
    status = question.status
    actions = {"note"}
    if status in service.OPEN_STATUSES:
        actions |= {"assign", "answer", "reject"}
        if service.forward_targets(question).exists():
            actions.add("forward")
    if status == Question.Status.ANSWERED:
        actions |= {"answer", "publish", "reject"}
    if status == Question.Status.PUBLISHED:
        actions.add("answer")
    if question.kind == Question.Kind.INFORMATION_REQUEST:
        actions.discard("publish")  # answered to the requester only, never on the portal's Q&A listing
    return actions


class QuestionDetailView(QuestionReaderMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "participation/admin/detail.html"
    header_icon = "help"
    model = Question
    http_method_names = ["get", "head", "options"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bound_forms: dict = {}

    def get_object(self) -> Question:
        if not hasattr(self, "question"):
            self.question = get_object_or_404(listed_questions(self.request.user), pk=self.kwargs["pk"])
        return self.question

    def get_page_title(self):
        return self.get_object().tracking_code

    def get_page_subtitle(self):
        return self.get_object().title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, QUEUE_BREADCRUMB, {"url": "", "label": self.get_object().tracking_code}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.get_object()
        mark_deadlines([question])
        may_process = processing_units(self.request.user).filter(pk=question.unit_id).exists()
        forms = {}
        if may_process:
            # A refused form is shown with its errors even when its step no longer applies.
            shown = available_actions(question) | set(self.bound_forms)
            for action in [action for action in ACTION_FORMS if action in shown]:
                forms[action] = self.bound_forms.get(action) or ACTION_FORMS[action](question)
        readable = reading_units(self.request.user)
        context.update(
            question=question,
            events=service.history(question),
            may_process=may_process,
            action_forms=forms,
            original=question.forwarded_from if question.forwarded_from_id else None,
            original_readable=bool(
                question.forwarded_from_id and readable.filter(pk=question.forwarded_from.unit_id).exists()
            ),
            copies=list(question.forwarded_copies.filter(unit__in=readable).select_related("unit")),
            attachment_name=question.attachment.name.rsplit("/", 1)[-1] if question.attachment else "",
        )
        return context


class QuestionActionView(QuestionDetailView):
    """One processing step, posted from the question's page: refused to readers, redone with errors when invalid."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        question = self.get_object()
        if not processing_units(request.user).filter(pk=question.unit_id).exists():
            raise PermissionDenied
        form = ACTION_FORMS[self.action](question, request.POST)
        if not form.is_valid():
            self.bound_forms[self.action] = form
            messages.error(request, _("Chưa thực hiện được: hãy sửa các lỗi bên dưới."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            result = self.perform(question, form.cleaned_data)
        except service.TransitionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("participation_questions:detail", question.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            self.bound_forms[self.action] = form
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, self.done_message(question, result))
        return redirect("participation_questions:detail", question.pk)

    def perform(self, question: Question, data: dict):
        raise NotImplementedError

    def done_message(self, question: Question, result) -> str:
        return _("Đã lưu.")


class AssignView(QuestionActionView):
    action = "assign"

    def perform(self, question, data):
        return service.assign_question(
            question, actor=self.request.user, subunit=data["subunit"], official=data["official"], note=data["note"]
        )

    def done_message(self, question, result):
        return _("Đã giao xử lý câu hỏi %(code)s.") % {"code": question.tracking_code}


class NoteView(QuestionActionView):
    action = "note"

    def perform(self, question, data):
        return service.add_note(question, actor=self.request.user, text=data["text"])

    def done_message(self, question, result):
        return _("Đã thêm ghi chú nội bộ.")


class AnswerView(QuestionActionView):
    action = "answer"

    def perform(self, question, data):
        return service.answer_question(
            question,
            actor=self.request.user,
            answer=data["answer"],
            public_title=data.get("public_title"),
            public_content=data.get("public_content"),
        )

    def done_message(self, question, result):
        if question.is_information_request:
            return _("Đã lưu câu trả lời yêu cầu cung cấp thông tin; câu trả lời không được công bố.")
        return _("Đã lưu câu trả lời. Hãy công bố để người dân xem trên cổng.")


class PublishView(QuestionActionView):
    action = "publish"

    def perform(self, question, data):
        return service.publish_answer(question, actor=self.request.user, checked=data["checked"])

    def done_message(self, question, result):
        return _("Đã công bố câu trả lời.")


class RejectView(QuestionActionView):
    action = "reject"

    def perform(self, question, data):
        return service.reject_question(question, actor=self.request.user, reason=data["reason"])

    def done_message(self, question, result):
        return _("Đã ghi nhận không tiếp nhận câu hỏi.")


class ForwardView(QuestionActionView):
    action = "forward"

    def perform(self, question, data):
        return service.forward_question(question, actor=self.request.user, target=data["target"], note=data["note"])

    def done_message(self, question, result):
        return _("Đã chuyển câu hỏi đến %(unit)s (mã mới %(code)s).") % {
            "unit": result.unit.name,
            "code": result.tracking_code,
        }


class AttachmentView(QuestionReaderMixin, View):
    """The citizen's file, from private storage, to those who read the question."""

    model = Question

    def get(self, request, pk):
        question = get_object_or_404(visible_questions(request.user), pk=pk)
        if not question.attachment or not private_storage.exists(question.attachment.name):
            raise Http404
        name = question.attachment.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            private_storage.open(question.attachment.name, "rb"),
            as_attachment=True,
            filename=name,
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


def detail_url(question: Question) -> str:
    return reverse("participation_questions:detail", args=[question.pk])
