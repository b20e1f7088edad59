"""What a unit's board does with a citizen's question: assign, note, answer, publish, reject, forward.

Each function runs in one transaction that locks the question, checks that the step is allowed from its current
status (`TransitionRefused` otherwise, with a Vietnamese message), writes the change and a `QuestionEvent` naming
the actor, and — once committed — mails the citizen when they gave an e-mail address (published, rejected,
forwarded; an answer is a draft until published, so it is not mailed). Sub-units, officials and target units are
checked against the question's unit here, whatever form sent them.
Deadlines come from the one working-day calendar (`workdays.calendar`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sites.models import Unit
from sites.notifications import unit_base_url
from workdays.calendar import local_date
from workdays.calendar import today as local_today

from .models import Question, QuestionEvent
from .storage import private_storage
from .submissions import answer_deadline, unused_tracking_code

logger = logging.getLogger(__name__)

Status = Question.Status
Action = QuestionEvent.Action

# Still waiting for the unit: what can be overdue.
OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED)
QA_SECTION_SLUG = "hoi-dap-phan-anh-kien-nghi"
LOOKUP_PATH = "tra-cuu/"


NOT_CHECKED = _lazy("Hãy xác nhận đã kiểm tra nội dung công bố không chứa dữ liệu cá nhân.")


class TransitionRefused(Exception):
    """The step is not allowed from the question's status (the message says why, in Vietnamese)."""


# --- Reading ---------------------------------------------------------------------------------------------------


def overdue_condition(today: dt.date | None = None) -> Q:
    """Still open and past its deadline."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=today or local_today())


def is_overdue(question: Question, today: dt.date | None = None) -> bool:
    return question.status in OPEN_STATUSES and question.deadline < (today or local_today())


def history(question: Question) -> list[QuestionEvent]:
    """The question's events, preceded by those of the question it was forwarded from (at any depth)."""
    chain: list[int] = []
    current, seen = question, set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        chain.append(current.pk)
        current = current.forwarded_from
    events = QuestionEvent.objects.filter(question_id__in=chain).select_related("actor", "question__unit")
    return sorted(events, key=lambda event: (event.created_at, event.pk))


def lookup_url(question: Question) -> str:
    """The public status lookup of the question's unit, with its code (for the citizen's mail)."""
    return f"{section_url(question)}{LOOKUP_PATH}?ma={question.tracking_code}"


def public_answer_url(question: Question) -> str:
    """The published question and answer on its unit's portal."""
    return f"{section_url(question)}{question.pk}/"


def section_url(question: Question) -> str:
    """The full URL of the unit's questions section, ending with a slash."""
    unit = question.unit
    section = unit.sections.filter(key="qa").select_related("page").first()
    base = None
    if section is not None:
        with_root = section.page.get_full_url()
        base = with_root.rstrip("/") + "/" if with_root else None
    if base is None:
        base = f"{unit_base_url(unit)}/{QA_SECTION_SLUG}/"
    return base


# --- Steps ---------------------------------------------------------------------------------------------------


def _locked(question: Question) -> Question:
    # Only the question's row is locked (PostgreSQL cannot lock the nullable side of the topic's outer join).
    return Question.objects.select_for_update(of=("self",)).select_related("unit", "topic").get(pk=question.pk)


def _refuse_unless(question: Question, allowed: tuple[str, ...], message: str) -> None:
    if question.status not in allowed:
        raise TransitionRefused(message % {"status": question.get_status_display()})


def _event(question: Question, action: str, actor, text: str = "") -> QuestionEvent:
    return QuestionEvent.objects.create(question=question, action=action, actor=actor, text=text)


def _sync(target: Question, source: Question) -> None:
    """Give the caller's instance the committed state."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _unit_row(model_label: str, pk, unit_id: int, message: str):
    """The row of `model_label` with `pk` if it belongs to the unit; ValidationError otherwise."""
    if pk in (None, ""):
        return None
    model = apps.get_model(model_label)
    pk = getattr(pk, "pk", pk)
    row = model._default_manager.filter(pk=pk, unit_id=unit_id).first()
    if row is None:
        raise ValidationError(message)
    return row


def assign_question(question: Question, *, actor, subunit=None, official=None, note: str = "") -> Question:
    """Give the question to a sub-unit and/or an official of its own unit (status: being processed)."""
    if subunit in (None, "") and official in (None, ""):
        raise ValidationError(_("Chọn bộ phận hoặc cán bộ xử lý."))
    with transaction.atomic():
        locked = _locked(question)
        _refuse_unless(
            locked,
            OPEN_STATUSES,
            _("Không thể giao xử lý câu hỏi ở trạng thái “%(status)s”."),
        )
        sub_unit_row = _unit_row(
            "organization.SubUnit", subunit, locked.unit_id, _("Bộ phận được chọn không thuộc đơn vị của câu hỏi.")
        )
        official_row = _unit_row(
            "organization.Official", official, locked.unit_id, _("Cán bộ được chọn không thuộc đơn vị của câu hỏi.")
        )
        locked.assigned_subunit = sub_unit_row
        locked.assigned_official = official_row
        locked.status = Status.ASSIGNED
        locked.save(update_fields=["assigned_subunit", "assigned_official", "status"])
        names = [str(row) for row in (sub_unit_row, official_row) if row is not None]
        text = _("Giao cho: %(names)s") % {"names": "; ".join(names)}
        _event(locked, Action.ASSIGNED, actor, f"{text}\n{note}".strip())
    _sync(question, locked)
    return question


def add_note(question: Question, *, actor, text: str) -> QuestionEvent:
    """An internal note in the question's history (never shown to the citizen)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Nhập nội dung ghi chú."))
    with transaction.atomic():
        locked = _locked(question)
        return _event(locked, Action.NOTE, actor, text)


def answer_question(
    question: Question, *, actor, answer: str, public_title: str | None = None, public_content: str | None = None
) -> Question:
    """Write (or correct) the answer, and the public copy of the question (without personal data) the portal will
    show; a public copy not given is pre-filled from the citizen's text, for the board to redact before publishing.
    A published answer that is corrected waits to be published again."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Nhập nội dung trả lời."))
    with transaction.atomic():
        locked = _locked(question)
        _refuse_unless(
            locked,
            (*OPEN_STATUSES, Status.ANSWERED, Status.PUBLISHED),
            _("Không thể trả lời câu hỏi ở trạng thái “%(status)s”."),
        )
        corrected = bool(locked.answer)
        locked.answer = answer
        if public_title is not None:
            locked.public_title = public_title.strip()
        if public_content is not None:
            locked.public_content = public_content.strip()
        locked.public_title = locked.public_title or locked.title
        locked.public_content = locked.public_content or locked.content
        locked.answered_at = timezone.now()
        locked.status = Status.ANSWERED
        locked.published_at = None
        locked.save(update_fields=["answer", "public_title", "public_content", "answered_at", "status", "published_at"])
        # No mail yet: the answer is a draft until the board publishes it (the citizen is mailed then). An
        # information request is never published: its answer is what the requester receives, mailed now.
        _event(locked, Action.ANSWERED, actor, (_("Sửa câu trả lời") + "\n" if corrected else "") + answer)
        if locked.kind == Question.Kind.INFORMATION_REQUEST:
            _mail_citizen_on_commit(locked)
    _sync(question, locked)
    return question


def publish_answer(question: Question, *, actor, checked: bool = False) -> Question:
    """Publish the public copy of the question and its answer on the unit's portal. The board confirms (`checked`)
    that the public title and content hold no personal data; the citizen's own text is never shown there."""
    if not checked:
        raise ValidationError(NOT_CHECKED)
    with transaction.atomic():
        locked = _locked(question)
        if locked.kind == Question.Kind.INFORMATION_REQUEST:
            raise TransitionRefused(_("Yêu cầu cung cấp thông tin được trả lời cho người yêu cầu, không công bố."))
        _refuse_unless(
            locked, (Status.ANSWERED,), _("Chỉ công bố được câu hỏi đã trả lời (trạng thái hiện tại: “%(status)s”).")
        )
        if not locked.answer.strip():
            raise TransitionRefused(_("Chưa có nội dung trả lời để công bố."))
        if not locked.public_title.strip() or not locked.public_content.strip():
            raise TransitionRefused(_("Chưa có tiêu đề và nội dung công bố: hãy nhập chúng ở bước trả lời."))
        locked.status = Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        _event(locked, Action.PUBLISHED, actor)
        _mail_citizen_on_commit(locked)
    _sync(question, locked)
    return question


def reject_question(question: Question, *, actor, reason: str) -> Question:
    """Decline the question, with the reason the citizen is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Nhập lý do không tiếp nhận."))
    with transaction.atomic():
        locked = _locked(question)
        _refuse_unless(
            locked,
            (*OPEN_STATUSES, Status.ANSWERED),
            _("Không thể từ chối câu hỏi ở trạng thái “%(status)s”."),
        )
        locked.status = Status.REJECTED
        locked.rejection_reason = reason
        locked.save(update_fields=["status", "rejection_reason"])
        _event(locked, Action.REJECTED, actor, reason)
        _mail_citizen_on_commit(locked)
    _sync(question, locked)
    return question


def forward_targets(question: Question):
    """The units a question may be forwarded to: those below its own unit (a ward's matter sent to the city)."""
    return question.unit.with_descendants().exclude(pk=question.unit_id).order_by("name")


def forward_question(question: Question, *, actor, target: Unit | int, note: str = "") -> Question:
    """Send the question to a unit below its own: a copy there (with a fresh deadline and a link back, so its
    history shows the original's), the original marked forwarded. Returns the copy.

    The copy keeps its own file under the target unit, so either unit may delete its question alone; that file is
    removed again if the transaction does not commit. An original whose file is missing from the storage is
    forwarded without it, and the FORWARDED event says so."""
    copied_name = ""
    try:
        with transaction.atomic():
            locked = _locked(question)
            _refuse_unless(
                locked, OPEN_STATUSES, _("Không thể chuyển câu hỏi ở trạng thái “%(status)s” sang đơn vị khác.")
            )
            target_pk = getattr(target, "pk", target)
            target_unit = forward_targets(locked).filter(pk=target_pk).select_related("site").first()
            if target_unit is None:
                raise ValidationError(_("Chỉ chuyển được đến đơn vị trực thuộc đơn vị đã nhận câu hỏi."))
            now = timezone.now()
            copy = Question(
                unit=target_unit,
                tracking_code=unused_tracking_code(local_date(now).year),
                kind=locked.kind,
                topic=locked.topic,
                title=locked.title,
                content=locked.content,
                sender_name=locked.sender_name,
                sender_phone=locked.sender_phone,
                sender_email=locked.sender_email,
                sender_address=locked.sender_address,
                consent_at=locked.consent_at,
                language=locked.language,
                verification=locked.verification,
                requester_id_number=locked.requester_id_number,
                request_purpose=locked.request_purpose,
                delivery=locked.delivery,
                status=Status.RECEIVED,
                deadline=answer_deadline(now, locked.topic, locked.kind),
                forwarded_from=locked,
            )
            file_missing = False
            if locked.attachment:
                try:
                    with private_storage.open(locked.attachment.name, "rb") as source:
                        content = source.read()
                except FileNotFoundError:
                    file_missing = True
                    logger.warning("question %s: attachment missing from storage, forwarded without it", locked.pk)
                else:
                    name = locked.attachment.name.rsplit("/", 1)[-1]
                    copy.attachment.save(name, ContentFile(content), save=False)
                    copied_name = copy.attachment.name
            copy.save()
            note = (note or "").strip()
            text = _("Chuyển đến %(unit)s (mã mới %(code)s)") % {"unit": target_unit.name, "code": copy.tracking_code}
            if file_missing:
                text += "\n" + _("Tệp đính kèm không còn trong kho lưu trữ: câu hỏi được chuyển không kèm tệp.")
            _event(locked, Action.FORWARDED, actor, f"{text}\n{note}".strip())
            text_in = _("Nhận từ %(unit)s (mã %(code)s)") % {"unit": locked.unit.name, "code": locked.tracking_code}
            _event(copy, Action.FORWARDED_IN, actor, f"{text_in}\n{note}".strip())
            locked.status = Status.FORWARDED
            locked.save(update_fields=["status"])
            _mail_citizen_on_commit(locked, forwarded_to=copy)
    except BaseException:
        if copied_name:  # the copy was not kept: neither is its file
            private_storage.delete(copied_name)
        raise
    _sync(question, locked)
    return copy


# --- The citizen's mail ---------------------------------------------------------------------------------------


def _mail_citizen_on_commit(question: Question, forwarded_to: Question | None = None) -> None:
    if not question.sender_email:
        return
    question_pk = question.pk
    copy_pk = forwarded_to.pk if forwarded_to is not None else None

    def send() -> None:
        # The step is saved: a mail server that fails must not turn it into an error page (nor log the citizen's
        # address: the question's id is enough to find them).
        try:
            mail_citizen(question_pk, copy_pk)
        except Exception as error:  # no traceback: an SMTP error quotes the recipient's address
            logger.error(
                "question %s: the citizen's status mail could not be sent (%s)", question_pk, type(error).__name__
            )

    transaction.on_commit(send, robust=True)


def mail_citizen(question_pk: int, forwarded_to_pk: int | None = None) -> None:
    """Tell the citizen where their question stands, with the link to the unit's public lookup."""
    question = Question.objects.select_related("unit", "unit__site").get(pk=question_pk)
    forwarded_to = (
        Question.objects.select_related("unit", "unit__site").get(pk=forwarded_to_pk) if forwarded_to_pk else None
    )
    tracked = forwarded_to or question
    language = question.language if question.language in {"vi", "en"} else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "question": question,
            "forwarded_to": forwarded_to,
            "unit": tracked.unit,
            "lookup_url": lookup_url(tracked),
            "answer_url": public_answer_url(question) if question.status == Status.PUBLISHED else "",
        }
        subject = _("[%(unit)s] Câu hỏi %(code)s: %(status)s") % {
            "unit": question.unit.name,
            "code": question.tracking_code,
            "status": question.get_status_display(),
        }
        body = render_to_string("participation/mail/question_status.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.sender_email])
