"""Public views of the questions page (routes of `QuestionIndexPage`): the published answers, one answer, the form
to send a question or feedback, its acknowledgement and the status lookup by tracking code.

Nothing here shows, logs or indexes a sender's personal data: listings and the lookup read only the question's
public fields; the form's data is never logged.
"""

from __future__ import annotations

from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.params import MAX_ID, page_param, text_param
from search.text import query_tokens
from sites.access import unit_for_page_on_request
from sites.models import Unit

from .antispam import within_limit
from .forms import AnswerFilterForm, LookupForm, QuestionForm, topic_labels
from .models import Question, QuestionIndexPage
from .notifications import mail_tracking_code
from .screening import screen_submission
from .submissions import Submission, receive_question

PAGE_SIZE = 10
RECEIPT_SALT = "participation.question-received"
RECEIPT_MAX_AGE = 60 * 60  # the acknowledgement page can be reloaded for an hour


def _unit(index: QuestionIndexPage, request=None) -> Unit:
    unit = unit_for_page_on_request(request, index)
    if unit is None:
        raise Http404
    return unit


def _topic_names(locale_id: int) -> dict[int, str]:
    """{Vietnamese topic id: its name in the page's language}: one query."""
    return dict(topic_labels(locale_id))


def _url(index: QuestionIndexPage, request) -> str:
    """The page's address, relative on its own site (the English page's included)."""
    return index.get_url(request)


def _private(response):
    """Forms and lookups are per visitor: never stored by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def published_answers(unit: Unit):
    return Question.objects.published().filter(unit=unit).select_related("topic", "area")


def listing_view(request, index: QuestionIndexPage):
    unit = _unit(index, request)
    topics = topic_labels(index.locale_id)
    form = AnswerFilterForm(request.GET or None, locale_id=index.locale_id, topics=topics)
    answers = published_answers(unit)
    text = text_param(request.GET.get("q"), 100)
    for token in query_tokens(text):
        answers = answers.filter(search_text__contains=token)
    topic_id = None
    if form.is_bound and form.is_valid():
        topic_id = form.cleaned_data.get("linh_vuc")
    if topic_id:
        answers = answers.filter(topic_id=topic_id)
    paginator = Paginator(answers.order_by("-published_at", "-pk"), PAGE_SIZE)
    page_obj = paginator.get_page(page_param(request.GET.get("page")))
    names = dict(topics)
    answers = list(page_obj.object_list)
    for question in answers:
        question.topic_label = names.get(question.topic_id, "")
    context = index.get_context(request)
    context.update(
        form=form,
        page_obj=page_obj,
        answers=answers,
        result_count=paginator.count,
        searched=bool(text or topic_id),
        listing_url=_url(index, request),
        submit_url=_url(index, request) + "gui-cau-hoi/",
        lookup_url=_url(index, request) + "tra-cuu/",
    )
    return TemplateResponse(request, "participation/question_index_page.html", context)


def detail_view(request, index: QuestionIndexPage, pk: int):
    if not 0 < pk <= MAX_ID:
        raise Http404
    question = published_answers(_unit(index, request)).filter(pk=pk).first()
    if question is None:
        raise Http404
    context = index.get_context(request)
    context.update(
        question=question,
        topic_name=_topic_names(index.locale_id).get(question.topic_id, ""),
        meta_title=question.public_title,
        listing_url=_url(index, request),
        submit_url=_url(index, request) + "gui-cau-hoi/",
    )
    return TemplateResponse(request, "participation/question_detail.html", context)


def _refusal(request, index, form, message: str, status: int):
    form.add_error(None, message)
    return _render_form(request, index, form, status=status)


def _render_form(request, index, form, status: int = 200):
    context = index.get_context(request)
    context.update(
        form=form,
        listing_url=_url(index, request),
        lookup_url=_url(index, request) + "tra-cuu/",
        file_dropped=form.is_bound and bool(request.FILES) and bool(form.errors),
        meta_title=_("Gửi câu hỏi, phản ánh, kiến nghị"),
    )
    return _private(TemplateResponse(request, "participation/question_form.html", context, status=status))


def submit_view(request, index: QuestionIndexPage):
    unit = _unit(index, request)
    if request.method != "POST":
        return _render_form(request, index, QuestionForm(unit=unit, locale_id=index.locale_id))
    form = QuestionForm(request.POST, request.FILES, unit=unit, locale_id=index.locale_id)
    screening = screen_submission(
        request,
        form,
        _(
            "Bạn đã gửi nhiều câu hỏi trong thời gian ngắn. Vui lòng thử lại sau một giờ, hoặc gọi điện, "
            "đến trực tiếp bộ phận tiếp nhận của đơn vị."
        ),
    )
    if screening.refusal:
        return _refusal(request, index, form, *screening.refusal)
    if screening.invalid:
        return _render_form(request, index, form)
    data = form.cleaned_data
    question = receive_question(
        Submission(
            unit=unit,
            kind=data["kind"],
            topic=data["topic"],
            area=data["area"],
            title=data["title"],
            content=data["content"],
            sender_name=data["sender_name"],
            sender_phone=data["sender_phone"],
            sender_email=data["sender_email"],
            sender_address=data["sender_address"].strip(),
            language=get_language() or "vi",
            verification=screening.verification,
            attachment=data["attachment"],
        )
    )
    if question.sender_email:
        transaction.on_commit(lambda: mail_tracking_code(question, index))
    token = signing.dumps(question.pk, salt=RECEIPT_SALT)
    return HttpResponseRedirect(f"{_url(index, request)}gui-cau-hoi/da-nhan/?t={token}")


def received_view(request, index: QuestionIndexPage):
    """The acknowledgement: shown only once the question is stored, reached through a short-lived signed token (the
    address carries the question's id, signed, never its tracking code)."""
    unit = _unit(index, request)
    question = None
    token = text_param(request.GET.get("t"), 200)
    if token:
        try:
            pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        except signing.BadSignature:
            pk = None
        if isinstance(pk, int) and 0 < pk <= MAX_ID:
            question = Question.objects.filter(unit=unit, pk=pk).select_related("topic").first()
    context = index.get_context(request)
    context.update(
        question=question,
        listing_url=_url(index, request),
        submit_url=_url(index, request) + "gui-cau-hoi/",
        lookup_url=_url(index, request) + "tra-cuu/",
        meta_title=_("Đã nhận câu hỏi của bạn"),
    )
    response = TemplateResponse(request, "participation/question_received.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return _private(response)


def _lookup_result(question: Question | None) -> dict | None:
    """What the lookup shows of a question: its state and dates, the answer once published, the reason if refused;
    where it went when forwarded. Never the sender's data."""
    if question is None:
        return None
    result = {"question": question, "forwarded_to": None}
    if question.status == Question.Status.FORWARDED:
        copy = question.forwarded_copies.select_related("unit", "unit__site").order_by("pk").first()
        result["forwarded_to"] = copy
    return result


def lookup_view(request, index: QuestionIndexPage):
    unit = _unit(index, request)
    data = request.POST if request.method == "POST" else (request.GET if "ma" in request.GET else None)
    form = LookupForm(data)
    searched = False
    result = None
    status = 200
    if form.is_bound:
        if not within_limit(request, "lookup"):
            form.is_valid()
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            status = 429
        elif form.is_valid():
            searched = True
            question = (
                Question.objects.filter(unit=unit, tracking_code=form.cleaned_data["ma"])
                .select_related("topic")
                .first()
            )
            result = _lookup_result(question)
    context = index.get_context(request)
    context.update(
        form=form,
        searched=searched,
        result=result,
        topic_name=_topic_names(index.locale_id).get(result["question"].topic_id, "") if result else "",
        listing_url=_url(index, request),
        submit_url=_url(index, request) + "gui-cau-hoi/",
        meta_title=_("Tra cứu tình trạng câu hỏi"),
    )
    return _private(TemplateResponse(request, "participation/question_lookup.html", context, status=status))
