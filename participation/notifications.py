"""The mail that acknowledges a question: its tracking code and the lookup link on the unit's own address."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string

from sites.notifications import unit_base_url

from .models import Question, QuestionIndexPage

logger = logging.getLogger(__name__)


def lookup_url(question: Question, index: QuestionIndexPage) -> str:
    """The lookup page of the question's unit, on the unit's own hostname, with the code filled in."""
    _site_id, _root_url, page_path = index.get_url_parts()
    return f"{unit_base_url(question.unit)}{page_path}tra-cuu/?ma={question.tracking_code}"


def mail_tracking_code(question: Question, index: QuestionIndexPage) -> None:
    """Send the sender their tracking code (after the question is stored); a mail failure is logged without any
    personal data and never loses the question."""
    context = {"question": question, "unit": question.unit, "lookup_url": lookup_url(question, index)}
    subject = " ".join(render_to_string("participation/mail/question_received_subject.txt", context).split())
    body = render_to_string("participation/mail/question_received.txt", context)
    try:
        send_mail(subject, body, None, [question.sender_email])
    except Exception:
        logger.warning("Could not mail the tracking code of question %s", question.pk)
